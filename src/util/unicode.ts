/** Checks on JavaScript strings that must become UTF-8 (SQL text, identifiers, bound text values). */

/** A UTF-16 surrogate not part of a pair: it has no UTF-8 encoding (the drivers would send U+FFFD). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `String.prototype.isWellFormed` (Node 20+): one native scan, so the common case costs little. */
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/**
 * The index of the first lone UTF-16 surrogate in `s`, or -1 when `s` is well-formed (encodable as UTF-8).
 *
 * ```ts
 * loneSurrogateIndex("ok 😀"); // -1
 * loneSurrogateIndex("ab\uD83D"); // 2: half of an emoji, cut off
 * ```
 */
export function loneSurrogateIndex(s: string): number {
  if (isWellFormed ? isWellFormed.call(s) : !LONE_SURROGATE.test(s)) return -1;
  return s.search(LONE_SURROGATE);
}

/**
 * Says where a lone surrogate is, for an error message (the code unit and its index, never the text).
 *
 * ```ts
 * loneSurrogateMessage("ab\uD83D", 2); // "a lone UTF-16 surrogate (U+D83D) at index 2, which has no UTF-8 encoding"
 * ```
 */
export function loneSurrogateMessage(s: string, index: number): string {
  const unit = s.charCodeAt(index).toString(16).toUpperCase();
  return `a lone UTF-16 surrogate (U+${unit}) at index ${index}, which has no UTF-8 encoding (a string cut inside a surrogate pair, such as an emoji?)`;
}

/**
 * The length of `s` in UTF-8 bytes, the unit PostgreSQL's identifier limit (NAMEDATALEN) counts in.
 *
 * ```ts
 * utf8Length("é"); // 2
 * ```
 */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
