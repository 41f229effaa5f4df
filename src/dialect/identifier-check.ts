/** What every dialect refuses in an identifier before quoting it. */

import { ArgumentError, DataError } from "../errors/index.js";
import { loneSurrogateIndex, loneSurrogateMessage } from "../util/unicode.js";

/**
 * Refuses an identifier no database can take as written: a NUL character (PostgreSQL's protocol ends the
 * statement there and answers with a protocol error, 08P01) or a lone UTF-16 surrogate (sent as U+FFFD, so
 * two different names could meet). The message names the position, not the name's text.
 *
 * ```ts
 * checkIdentifier("users"); // ok
 * checkIdentifier("us\u0000ers"); // ArgumentError: … a NUL character at index 2 …
 * ```
 */
export function checkIdentifier(name: string): void {
  const nul = name.indexOf("\u0000");
  if (nul >= 0) {
    throw new ArgumentError(
      `An identifier (table, column, label…) contains a NUL character at index ${nul}; no database takes one in a name`,
    );
  }
  const at = loneSurrogateIndex(name);
  if (at >= 0) throw new DataError(`An identifier contains ${loneSurrogateMessage(name, at)}`, undefined);
}
