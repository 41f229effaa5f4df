/**
 * PostgreSQL's literals. A plain string literal means different things depending on the server's
 * `standard_conforming_strings` (off: a backslash escapes), so a string with a backslash is written in the
 * escape form `E'…'`, whose meaning does not depend on it, with backslashes doubled; other strings stay plain.
 * Binary is bytea's hex input `'\x…'` (through the same rule, so `E'\\x…'`).
 *
 * ```ts
 * new PostgreSQLLiterals().render("a\\b", "string", "value"); // "E'a\\\\b'"
 * new PostgreSQLLiterals().render(Buffer.from([255]), undefined, "value"); // "E'\\\\xff'::BYTEA"
 * ```
 */

import { type LiteralContext, LiteralRenderer } from "../../compiler/index.js";
import type { TypeKind } from "../../types/index.js";

/** Writes literals for PostgreSQL, correct whatever `standard_conforming_strings` is. */
export class PostgreSQLLiterals extends LiteralRenderer {
  /** `'…'`, or `E'…'` with backslashes doubled when the string has one. */
  protected override quote(value: string, context: LiteralContext): string {
    if (!value.includes("\\")) return super.quote(value, context);
    return `E'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  }

  /**
   * bytea's hex input. A typed value gets its `::BYTEA` cast from the compiler (as a bound one does); an
   * untyped one carries it here, or it would be text.
   */
  override binary(value: Uint8Array, kind: TypeKind | undefined, context: LiteralContext): string {
    const hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
    const sql = this.quote(`\\x${hex}`, context);
    return kind === undefined ? `${sql}::BYTEA` : sql;
  }
}
