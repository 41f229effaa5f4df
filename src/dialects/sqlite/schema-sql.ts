/**
 * Reads the `CREATE TABLE` and `CREATE INDEX` statements SQLite keeps in `sqlite_master`, for what its
 * pragmas do not tell: constraint names, CHECK constraints, generated-column expressions, index
 * expressions and partial-index predicates. A tokenizer (SQLite's lexical rules: quoted identifiers in
 * `"…"`, `` `…` `` and `[…]`, strings, blobs, numbers, comments) feeds a small parser that walks the column
 * and table constraints; expression text is sliced from the original SQL, so it reads as it was written.
 */

import { ArgumentError } from "../../errors/index.js";

/** What a token is. `word` covers keywords and bare identifiers (SQLite lets many keywords be names). */
export type SqlTokenKind = "word" | "quoted" | "string" | "blob" | "number" | "variable" | "punct" | "operator";

/** One token of SQL text. */
export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** The token as written. */
  readonly text: string;
  /** Unquoted identifier or string content (quotes removed, doubled quotes undone); `text` otherwise. */
  readonly value: string;
  /** Offsets into the source: `source.slice(start, end) === text`. */
  readonly start: number;
  readonly end: number;
}

/** Operators, longest first (so `->>` is not read as `-` `>` `>`). */
const OPERATORS = "->> || << >> <= >= == != <> -> + - * / % & | ~ < > =".split(" ");
const PUNCT = new Set(["(", ")", ",", ";", "."]);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
/** SQLite identifier characters: ASCII letters, digits, `_`, `$`, and every non-ASCII character. */
const isIdentStart = (c: string | undefined): boolean => c !== undefined && (/[A-Za-z_]/.test(c) || c > "\x7f");
const isIdentPart = (c: string | undefined): boolean => isIdentStart(c) || isDigit(c) || c === "$";

/** Splits SQL text into tokens, dropping whitespace and comments. */
export function tokenize(source: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const n = source.length;
  let i = 0;
  const push = (kind: SqlTokenKind, end: number, value?: string): void => {
    const text = source.slice(i, end);
    tokens.push({ kind, text, value: value ?? text, start: i, end });
    i = end;
  };
  /** The end of a quoted run opened at `open` (closing `close`, doubled to escape unless `doubles` is false). */
  const closeQuote = (open: number, close: string, doubles: boolean): number => {
    let j = open + 1;
    for (;;) {
      const at = source.indexOf(close, j);
      if (at < 0) throw new ArgumentError(`Unterminated ${source[open]}…${close} at offset ${open} in: ${source}`);
      if (doubles && source[at + 1] === close) j = at + 2;
      else return at + 1;
    }
  };
  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && next === "-") {
      const eol = source.indexOf("\n", i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === "/" && next === "*") {
      // SQLite lets a block comment run to the end of the text.
      const close = source.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
    } else if ((c === "x" || c === "X") && next === "'") {
      push("blob", closeQuote(i + 1, "'", false));
    } else if (c === "'") {
      const end = closeQuote(i, "'", true);
      push("string", end, source.slice(i + 1, end - 1).replaceAll("''", "'"));
    } else if (c === '"' || c === "`") {
      const end = closeQuote(i, c, true);
      push("quoted", end, source.slice(i + 1, end - 1).replaceAll(c + c, c));
    } else if (c === "[") {
      const end = closeQuote(i, "]", false);
      push("quoted", end, source.slice(i + 1, end - 1));
    } else if (isDigit(c) || (c === "." && isDigit(next))) {
      push("number", numberEnd(source, i));
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentPart(source[j])) j++;
      push("word", j);
    } else if ((c === "?" || c === ":" || c === "@" || c === "$") && (isIdentPart(next) || c === "?")) {
      let j = i + 1;
      while (isIdentPart(source[j])) j++;
      push("variable", j);
    } else if (PUNCT.has(c)) {
      push("punct", i + 1);
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (op === undefined)
        throw new ArgumentError(`Unexpected character ${JSON.stringify(c)} at offset ${i} in: ${source}`);
      push("operator", i + op.length);
    }
  }
  return tokens;
}

/** Where a numeric literal starting at `i` ends (hex, decimals, exponents, `_` digit separators). */
function numberEnd(source: string, i: number): number {
  let j = i;
  if (source[j] === "0" && (source[j + 1] === "x" || source[j + 1] === "X")) {
    j += 2;
    while (/[0-9A-Fa-f_]/.test(source[j] ?? "")) j++;
    return j;
  }
  while (isDigit(source[j]) || source[j] === "_") j++;
  if (source[j] === ".") {
    j++;
    while (isDigit(source[j]) || source[j] === "_") j++;
  }
  if (
    (source[j] === "e" || source[j] === "E") &&
    (isDigit(source[j + 1]) || (/[+-]/.test(source[j + 1] ?? "") && isDigit(source[j + 2])))
  ) {
    j += 2;
    while (isDigit(source[j])) j++;
  }
  return j;
}

// ---- parsing ----

/** A CHECK constraint as written: its condition's text, and the column it is declared on (column-level). */
export interface ParsedCheck {
  readonly name: string | undefined;
  readonly sqltext: string;
  readonly column: string | undefined;
}

/** A PRIMARY KEY or UNIQUE constraint. */
export interface ParsedKey {
  readonly name: string | undefined;
  readonly columns: readonly string[];
}

/** A FOREIGN KEY (or column `REFERENCES`) as written; `referredColumns` is empty when the key is implied. */
export interface ParsedForeignKey {
  readonly name: string | undefined;
  readonly columns: readonly string[];
  readonly referredTable: string;
  readonly referredColumns: readonly string[];
}

/** A column definition: its declared type text and what is declared on it. */
export interface ParsedColumn {
  readonly name: string;
  /** The declared type as written (`VARCHAR(20)`), `""` when none. */
  readonly type: string;
  /** `PRIMARY KEY DESC` on the column (which, unlike ASC, does not make an INTEGER column the rowid). */
  readonly primaryKeyDesc: boolean;
  readonly generated: { readonly sqltext: string; readonly stored: boolean } | undefined;
}

/** What a `CREATE TABLE` statement declares. */
export interface ParsedTable {
  readonly columns: readonly ParsedColumn[];
  readonly primaryKey: ParsedKey | undefined;
  readonly uniques: readonly ParsedKey[];
  readonly checks: readonly ParsedCheck[];
  readonly foreignKeys: readonly ParsedForeignKey[];
  readonly withoutRowid: boolean;
}

/** What a `CREATE INDEX` statement declares: each item's text (direction removed) and the predicate. */
export interface ParsedIndex {
  readonly items: readonly string[];
  readonly where: string | undefined;
}

/** A cursor over tokens with keyword helpers. */
class Cursor {
  readonly source: string;
  readonly tokens: readonly SqlToken[];
  pos: number;
  readonly end: number;

  constructor(source: string, tokens: readonly SqlToken[], pos = 0, end = tokens.length) {
    this.source = source;
    this.tokens = tokens;
    this.pos = pos;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  peek(offset = 0): SqlToken | undefined {
    const at = this.pos + offset;
    return at < this.end ? this.tokens[at] : undefined;
  }

  /** Whether the token at `offset` is the bare keyword `word` (quoted names are never keywords). */
  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === "word" && t.text.toUpperCase() === word;
  }

  isPunct(p: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === "punct" && t.text === p;
  }

  /** Consumes the keyword sequence `words` when it is next. */
  accept(...words: string[]): boolean {
    if (!words.every((w, k) => this.isWord(w, k))) return false;
    this.pos += words.length;
    return true;
  }

  next(): SqlToken {
    const t = this.peek();
    if (!t) throw new ArgumentError(`Unexpected end of SQL: ${this.source}`);
    this.pos++;
    return t;
  }

  expectPunct(p: string): SqlToken {
    const t = this.next();
    if (t.kind !== "punct" || t.text !== p)
      throw new ArgumentError(`Expected "${p}" at offset ${t.start}, found "${t.text}" in: ${this.source}`);
    return t;
  }

  /** An identifier (bare, quoted, or a string literal, which SQLite accepts as a name). */
  name(): string {
    const t = this.next();
    if (t.kind === "word" || t.kind === "quoted" || t.kind === "string") return t.value;
    throw new ArgumentError(`Expected a name at offset ${t.start}, found "${t.text}" in: ${this.source}`);
  }

  /** The index of the `)` matching the `(` at `open`. */
  closing(open: number): number {
    let depth = 0;
    for (let k = open; k < this.end; k++) {
      const t = this.tokens[k] as SqlToken;
      if (t.kind !== "punct") continue;
      if (t.text === "(") depth++;
      else if (t.text === ")" && --depth === 0) return k;
    }
    throw new ArgumentError(`Unbalanced parentheses in: ${this.source}`);
  }

  /** Consumes `( … )` and returns the text between the parentheses, trimmed. */
  parenthesised(): string {
    const open = this.pos;
    this.expectPunct("(");
    const close = this.closing(open);
    this.pos = close + 1;
    return this.slice(open + 1, close);
  }

  /** The source text of tokens `[from, to)`, as written. */
  slice(from: number, to: number): string {
    if (to <= from) return "";
    return this.source.slice((this.tokens[from] as SqlToken).start, (this.tokens[to - 1] as SqlToken).end);
  }

  /** Splits `[from, to)` at top-level commas into `[start, end)` ranges. */
  split(from: number, to: number): [number, number][] {
    const parts: [number, number][] = [];
    let depth = 0;
    let start = from;
    for (let k = from; k < to; k++) {
      const t = this.tokens[k] as SqlToken;
      if (t.kind !== "punct") continue;
      if (t.text === "(") depth++;
      else if (t.text === ")") depth--;
      else if (t.text === "," && depth === 0) {
        parts.push([start, k]);
        start = k + 1;
      }
    }
    if (start < to) parts.push([start, to]);
    return parts;
  }

  /** Skips to the next token that starts a new clause in `stops`, stepping over parenthesised groups. */
  skipUntil(stops: ReadonlySet<string>): void {
    while (!this.done) {
      const t = this.peek() as SqlToken;
      if (t.kind === "word" && stops.has(t.text.toUpperCase())) return;
      if (t.kind === "punct" && t.text === "(") this.pos = this.closing(this.pos) + 1;
      else this.pos++;
    }
  }
}

/** Keywords that start a column constraint (and so end the declared type). */
const COLUMN_CONSTRAINT_START = new Set([
  "CONSTRAINT",
  "PRIMARY",
  "NOT",
  "NULL",
  "UNIQUE",
  "CHECK",
  "DEFAULT",
  "COLLATE",
  "REFERENCES",
  "GENERATED",
  "AS",
]);
const TABLE_CONSTRAINT_START = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);

/**
 * Parses a `CREATE TABLE` statement as stored in `sqlite_master.sql`. `CREATE TABLE … AS SELECT` and
 * `CREATE VIRTUAL TABLE` declare no constraints and give an empty result.
 *
 * ```ts
 * parseCreateTable('CREATE TABLE t (a INT CONSTRAINT pos CHECK (a > 0), b TEXT, UNIQUE (a, b))');
 * // { columns: [{ name: "a", type: "INT", … }, { name: "b", type: "TEXT", … }],
 * //   checks: [{ name: "pos", sqltext: "a > 0", column: "a" }], uniques: [{ name: undefined, columns: ["a", "b"] }], … }
 * ```
 */
export function parseCreateTable(sql: string): ParsedTable {
  const cur = new Cursor(sql, tokenize(sql));
  const table: MutableTable = {
    columns: [],
    primaryKey: undefined,
    uniques: [],
    checks: [],
    foreignKeys: [],
    withoutRowid: false,
  };
  if (!cur.accept("CREATE")) throw new ArgumentError(`Not a CREATE TABLE statement: ${sql}`);
  const temporary = cur.accept("TEMP") || cur.accept("TEMPORARY");
  const virtual = !temporary && cur.accept("VIRTUAL");
  if (!cur.accept("TABLE")) throw new ArgumentError(`Not a CREATE TABLE statement: ${sql}`);
  cur.accept("IF", "NOT", "EXISTS");
  cur.name();
  if (cur.isPunct(".")) {
    cur.pos++;
    cur.name();
  }
  // A virtual table's arguments belong to its module; CREATE TABLE … AS SELECT declares nothing.
  if (virtual || !cur.isPunct("(")) return table;
  const open = cur.pos;
  const close = cur.closing(open);
  for (const [from, to] of cur.split(open + 1, close)) {
    const part = new Cursor(sql, cur.tokens, from, to);
    const first = part.peek() as SqlToken;
    // Quoted names are never keywords: `"check" TEXT` is a column.
    if (first.kind === "word" && TABLE_CONSTRAINT_START.has(first.text.toUpperCase())) tableConstraint(part, table);
    else table.columns.push(columnDef(part, table));
  }
  // Table options: `WITHOUT ROWID`, `STRICT`, comma-separated.
  cur.pos = close + 1;
  while (!cur.done) {
    if (cur.accept("WITHOUT", "ROWID")) table.withoutRowid = true;
    else cur.pos++;
  }
  return table;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableTable = Omit<Mutable<ParsedTable>, "columns" | "uniques" | "checks" | "foreignKeys"> & {
  columns: ParsedColumn[];
  uniques: ParsedKey[];
  checks: ParsedCheck[];
  foreignKeys: ParsedForeignKey[];
};

/** One column definition: name, declared type, then its constraints. */
function columnDef(cur: Cursor, table: MutableTable): ParsedColumn {
  const name = cur.name();
  const typeStart = cur.pos;
  cur.skipUntil(COLUMN_CONSTRAINT_START);
  const type = cur.slice(typeStart, cur.pos);
  let primaryKeyDesc = false;
  let generated: ParsedColumn["generated"];
  let constraintName: string | undefined;
  while (!cur.done) {
    if (cur.accept("CONSTRAINT")) {
      constraintName = cur.name();
      continue;
    }
    if (cur.accept("PRIMARY", "KEY")) {
      primaryKeyDesc = cur.accept("DESC");
      table.primaryKey = { name: constraintName, columns: [name] };
    } else if (cur.accept("UNIQUE")) {
      table.uniques.push({ name: constraintName, columns: [name] });
    } else if (cur.accept("CHECK")) {
      table.checks.push({ name: constraintName, sqltext: cur.parenthesised(), column: name });
    } else if (cur.accept("REFERENCES")) {
      table.foreignKeys.push({ name: constraintName, columns: [name], ...references(cur) });
    } else if (cur.isWord("GENERATED") || cur.isWord("AS")) {
      cur.accept("GENERATED", "ALWAYS");
      cur.accept("AS");
      const sqltext = cur.parenthesised();
      generated = { sqltext, stored: cur.accept("STORED") };
    } else if (cur.accept("DEFAULT")) {
      // `DEFAULT (expr)`, a literal, a signed number, or a bare word (CURRENT_TIMESTAMP, TRUE…).
      if (cur.isPunct("(")) cur.parenthesised();
      else {
        const t = cur.next();
        if (t.kind === "operator") cur.next();
      }
    } else {
      // NOT NULL, NULL, COLLATE x, ON CONFLICT x, ASC, AUTOINCREMENT…: nothing reflection needs.
      cur.pos++;
      cur.skipUntil(COLUMN_CONSTRAINT_START);
    }
    constraintName = undefined;
  }
  return { name, type, primaryKeyDesc, generated };
}

/** A table constraint: `[CONSTRAINT name] PRIMARY KEY (…) | UNIQUE (…) | CHECK (…) | FOREIGN KEY (…) REFERENCES …`. */
function tableConstraint(cur: Cursor, table: MutableTable): void {
  const name = cur.accept("CONSTRAINT") ? cur.name() : undefined;
  if (cur.accept("PRIMARY", "KEY")) table.primaryKey = { name, columns: columnList(cur) };
  else if (cur.accept("UNIQUE")) table.uniques.push({ name, columns: columnList(cur) });
  else if (cur.accept("CHECK")) table.checks.push({ name, sqltext: cur.parenthesised(), column: undefined });
  else if (cur.accept("FOREIGN", "KEY")) {
    const columns = columnList(cur);
    if (!cur.accept("REFERENCES")) throw new ArgumentError(`Expected REFERENCES in: ${cur.source}`);
    table.foreignKeys.push({ name, columns, ...references(cur) });
  }
}

/**
 * `REFERENCES table [(columns)]` and the clauses after it (`ON DELETE SET DEFAULT`, `MATCH x`,
 * `NOT DEFERRABLE`…), consumed so that their keywords are not read as column constraints; the actions
 * themselves come from `pragma_foreign_key_list`.
 */
function references(cur: Cursor): { referredTable: string; referredColumns: string[] } {
  const referredTable = cur.name();
  const referredColumns = cur.isPunct("(") ? columnList(cur) : [];
  for (;;) {
    if (cur.accept("ON")) {
      cur.pos++; // DELETE | UPDATE
      if (!(cur.accept("SET", "NULL") || cur.accept("SET", "DEFAULT") || cur.accept("NO", "ACTION"))) cur.pos++;
    } else if (cur.accept("MATCH")) cur.pos++;
    else if (cur.accept("NOT", "DEFERRABLE") || cur.accept("DEFERRABLE")) {
      if (cur.accept("INITIALLY")) cur.pos++;
    } else return { referredTable, referredColumns };
  }
}

/** `(a, b COLLATE nocase, c DESC)` → the column names. */
function columnList(cur: Cursor): string[] {
  const open = cur.pos;
  cur.expectPunct("(");
  const close = cur.closing(open);
  cur.pos = close + 1;
  return cur.split(open + 1, close).map(([from]) => new Cursor(cur.source, cur.tokens, from, close).name());
}

/**
 * Parses a `CREATE INDEX` statement: each indexed item's text, without a trailing `ASC`/`DESC` and
 * without parentheses around the whole item (`(lower(name))` → `lower(name)`), and the `WHERE` predicate.
 *
 * ```ts
 * parseCreateIndex('CREATE INDEX ix ON t ("a", (lower(b)) DESC) WHERE a > 0');
 * // { items: ['"a"', "lower(b)"], where: "a > 0" }
 * ```
 */
export function parseCreateIndex(sql: string): ParsedIndex {
  const cur = new Cursor(sql, tokenize(sql));
  if (!cur.accept("CREATE")) throw new ArgumentError(`Not a CREATE INDEX statement: ${sql}`);
  cur.accept("UNIQUE");
  if (!cur.accept("INDEX")) throw new ArgumentError(`Not a CREATE INDEX statement: ${sql}`);
  cur.accept("IF", "NOT", "EXISTS");
  cur.name();
  if (cur.isPunct(".")) {
    cur.pos++;
    cur.name();
  }
  if (!cur.accept("ON")) throw new ArgumentError(`Expected ON in: ${sql}`);
  cur.name();
  const open = cur.pos;
  cur.expectPunct("(");
  const close = cur.closing(open);
  const items = cur.split(open + 1, close).map(([from, to]) => {
    let end = to;
    const last = cur.tokens[end - 1] as SqlToken;
    if (last.kind === "word" && /^(ASC|DESC)$/i.test(last.text) && end - 1 > from) end--;
    // Parentheses around the whole item are the DDL compiler's, not part of the expression.
    while (cur.tokens[from]?.text === "(" && cur.tokens[from]?.kind === "punct" && cur.closing(from) === end - 1) {
      from++;
      end--;
    }
    return cur.slice(from, end);
  });
  cur.pos = close + 1;
  const where = cur.accept("WHERE") ? cur.slice(cur.pos, cur.end) : undefined;
  return { items, where };
}
