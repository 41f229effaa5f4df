/** Small helpers for reading raw SQL text (never for building it). */

/** Leading whitespace, `-- line` and `/* block *\/` comments. */
const LEADING_TRIVIA = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/**
 * The SQL text from its first keyword on, past leading whitespace and comments.
 *
 * ```ts
 * sqlHead("/* note *\/ -- why\n  ALTER TABLE t …"); // "ALTER TABLE t …"
 * ```
 */
export function sqlHead(sql: string): string {
  return sql.replace(LEADING_TRIVIA, "");
}
