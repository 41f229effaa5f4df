/**
 * MySQL's literals. A backslash in a string literal is an escape unless the session's sql_mode has
 * `NO_BACKSLASH_ESCAPES`, and no plain literal holding a backslash reads the same in both modes. So a string
 * with a backslash is written by its UTF-8 bytes, `_utf8mb4 X'…'` (a character string, compared with the
 * column's collation like any literal), which every mode reads alike; other strings stay plain, quotes doubled.
 *
 * Inside DDL that form cannot be used: COMMENT and ENUM take only plain literals, and MariaDB re-parses a
 * column default from its own printing of it, which mangles a hex literal's backslashes. DDL strings with a
 * backslash therefore escape it (`'a\\b'`), which is right for Athanor's sessions (the engine removes
 * `NO_BACKSLASH_ESCAPES`, see `MySQLDialect.connectSql`); DDL run elsewhere needs that mode off too.
 *
 * ```ts
 * new MySQLLiterals().render("it's", "string", "value"); // "'it''s'"
 * new MySQLLiterals().render("a\\b", "string", "value"); // "_utf8mb4 X'615c62'"
 * new MySQLLiterals().quoteString("a\\b"); // "'a\\\\b'"
 * ```
 */

import { type LiteralContext, LiteralRenderer } from "../../compiler/index.js";

/** Writes literals for MySQL / MariaDB, correct with and without `NO_BACKSLASH_ESCAPES` outside DDL. */
export class MySQLLiterals extends LiteralRenderer {
  /** Plain when there is no backslash; else by bytes (a value) or with backslashes escaped (DDL). */
  protected override quote(value: string, context: LiteralContext): string {
    if (!value.includes("\\")) return super.quote(value, context);
    if (context === "value") return `_utf8mb4 X'${Buffer.from(value, "utf8").toString("hex")}'`;
    return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  }
}
