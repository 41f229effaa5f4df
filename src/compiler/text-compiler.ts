/**
 * Compiles `text()` SQL: finds `:name` parameters (skipping string literals, quoted identifiers, comments,
 * PostgreSQL dollar quotes and `::` casts) and replaces each with the dialect's placeholder.
 */

const isWordStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isWord = (c: string): boolean => /\w/.test(c);

/**
 * What a backslash means inside a `'…'` string of the database's SQL: `"escape"`, it escapes the next
 * character everywhere (MySQL); `"e-strings"`, only in `E'…'` strings (PostgreSQL with the default
 * `standard_conforming_strings`); `"literal"`, nothing (standard SQL, SQLite).
 */
export type StringBackslashes = "escape" | "e-strings" | "literal";

/**
 * Splits text SQL into the SQL for the dialect and the parameter names in positional order.
 * `placeholder` is called at each parameter, in order, with its index and name, and returns its text.
 */
export function parseTextBinds(
  sql: string,
  placeholder: (index: number, name: string) => string,
  backslashes: StringBackslashes = "escape",
): { sql: string; names: string[] } {
  const names: string[] = [];
  let out = "";
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    // Quoted string / identifier: copy through to the closing quote (a doubled quote is an escape).
    if (c === "'" || c === '"' || c === "`") {
      const escapes = c === "'" && backslashEscapes(sql, i, backslashes);
      let j = i + 1;
      while (j < n) {
        if (escapes && sql[j] === "\\") j += 2;
        else if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const j = end < 0 ? n : end;
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      const j = end < 0 ? n : end + 2;
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    if (c === "$") {
      const m = /^\$(?:[A-Za-z_]\w*)?\$/.exec(sql.slice(i));
      if (m && (i === 0 || !isWord(sql[i - 1] as string))) {
        const tag = m[0];
        const end = sql.indexOf(tag, i + tag.length);
        const j = end < 0 ? n : end + tag.length;
        out += sql.slice(i, j);
        i = j;
        continue;
      }
    }
    if (c === "\\" && sql[i + 1] === ":") {
      out += ":";
      i += 2;
      continue;
    }
    if (c === ":") {
      if (sql[i + 1] === ":") {
        // `::type` cast (or a run of colons): copy the colons through.
        let j = i;
        while (sql[j] === ":") j++;
        out += sql.slice(i, j);
        i = j;
        continue;
      }
      const prev = i > 0 ? (sql[i - 1] as string) : "";
      if (isWordStart(sql[i + 1] ?? "") && !isWord(prev)) {
        let j = i + 1;
        while (j < n && isWord(sql[j] as string)) j++;
        const name = sql.slice(i + 1, j);
        names.push(name);
        out += placeholder(names.length - 1, name);
        i = j;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { sql: out, names };
}

/** Whether a backslash escapes inside the `'…'` string opening at `quote`. */
function backslashEscapes(sql: string, quote: number, backslashes: StringBackslashes): boolean {
  if (backslashes !== "e-strings") return backslashes === "escape";
  const prefix = sql[quote - 1];
  return (prefix === "E" || prefix === "e") && !isWord(sql[quote - 2] ?? " ");
}
