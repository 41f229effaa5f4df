/**
 * SQLite declared types → Athanor types, for reflection. SQLite keeps a column's declared type as free
 * text and derives only an affinity from it; this maps the names Athanor's type compiler writes (and
 * SQLite's documented spellings) back to their types, anything else to a pass-through custom type with
 * the same affinity, and recognises the `VARCHAR(n)` + CHECK pair Athanor declares for an `Enum`.
 */

import { ArgumentError } from "../../errors/index.js";
import {
  BigInteger,
  customType,
  DateTime,
  Float,
  Integer,
  LargeBinary,
  Numeric,
  SmallInteger,
  SqlBoolean,
  SqlDate,
  SqlJSON,
  SqlString,
  type SqlType,
  Text,
  Time,
  UUID,
} from "../../types/index.js";
import { type ParsedCheck, type ParsedTable, type SqlToken, tokenize } from "./schema-sql.js";

/** Known type names (upper case, single spaces) → the Athanor type for the declared parameters. */
const KNOWN_TYPES: Readonly<Record<string, (args: readonly number[]) => SqlType | undefined>> = (() => {
  const integer = (): SqlType => Integer();
  const small = (): SqlType => SmallInteger();
  const big = (): SqlType => BigInteger();
  const numeric = (a: readonly number[]): SqlType | undefined => (a.length <= 2 ? Numeric(a[0], a[1]) : undefined);
  const float = (): SqlType => Float();
  const bool = (): SqlType => SqlBoolean();
  const varchar = (a: readonly number[]): SqlType | undefined => (a.length <= 1 ? SqlString(a[0]) : undefined);
  const text_ = (): SqlType => Text();
  const datetime = (): SqlType => DateTime();
  const time = (): SqlType => Time();
  const json = (): SqlType => SqlJSON();
  return {
    INTEGER: integer,
    INT: integer,
    INT4: integer,
    MEDIUMINT: integer,
    SMALLINT: small,
    INT2: small,
    // MySQL's spelling of BOOLEAN, common in schemas ported from it.
    TINYINT: (a) => (a.length === 1 && a[0] === 1 ? SqlBoolean() : SmallInteger()),
    BIGINT: big,
    INT8: big,
    "UNSIGNED BIG INT": big,
    NUMERIC: numeric,
    DECIMAL: numeric,
    REAL: float,
    DOUBLE: float,
    "DOUBLE PRECISION": float,
    FLOAT: float,
    FLOAT4: float,
    FLOAT8: float,
    BOOLEAN: bool,
    BOOL: bool,
    VARCHAR: varchar,
    "CHARACTER VARYING": varchar,
    "VARYING CHARACTER": varchar,
    NVARCHAR: varchar,
    // CHAR(36) is what Athanor declares for UUID().
    CHAR: (a) => (a.length === 1 && a[0] === 36 ? UUID() : varchar(a)),
    CHARACTER: varchar,
    NCHAR: varchar,
    "NATIVE CHARACTER": varchar,
    TEXT: text_,
    CLOB: text_,
    TINYTEXT: text_,
    MEDIUMTEXT: text_,
    LONGTEXT: text_,
    DATETIME: datetime,
    TIMESTAMP: datetime,
    "TIMESTAMP WITHOUT TIME ZONE": datetime,
    "TIMESTAMP WITH TIME ZONE": () => DateTime({ timezone: true }),
    TIMESTAMPTZ: () => DateTime({ timezone: true }),
    DATE: () => SqlDate(),
    TIME: time,
    "TIME WITHOUT TIME ZONE": time,
    JSON: json,
    JSONB: json,
    UUID: () => UUID(),
    BLOB: () => LargeBinary(),
  };
})();

/** A declared type split into its name words and numeric parameters: `decimal(10, 2)` → DECIMAL, [10, 2]. */
function splitDeclaredType(declared: string): { name: string; args: number[] } | undefined {
  let tokens: SqlToken[];
  try {
    tokens = tokenize(declared);
  } catch {
    return undefined;
  }
  const open = tokens.findIndex((t) => t.kind === "punct" && t.text === "(");
  const words = open < 0 ? tokens : tokens.slice(0, open);
  if (!words.every((t) => t.kind === "word" || t.kind === "quoted")) return undefined;
  const name = words.map((t) => t.value.toUpperCase()).join(" ");
  if (open < 0) return { name, args: [] };
  const inner = tokens.slice(open + 1);
  const close = inner.at(-1);
  if (close?.kind !== "punct" || close.text !== ")") return undefined;
  const args: number[] = [];
  let sign = 1;
  for (const t of inner.slice(0, -1)) {
    if (t.kind === "operator" && (t.text === "-" || t.text === "+")) sign = t.text === "-" ? -1 : 1;
    else if (t.kind === "number" && /^\d+$/.test(t.text)) {
      args.push(sign * Number(t.text));
      sign = 1;
    } else if (!(t.kind === "punct" && t.text === ",")) return undefined;
  }
  return { name, args };
}

/**
 * The Athanor type of a declared SQLite column type: the inverse of the SQLite type compiler, plus
 * SQLite's documented spellings; anything else is a `passthroughType`.
 *
 * ```ts
 * sqliteTypeFromDeclared("VARCHAR(20)"); // String(20)
 * sqliteTypeFromDeclared("decimal(10,2)"); // Numeric(10, 2)
 * sqliteTypeFromDeclared("MONEY"); // customType "MONEY" stored as Numeric()
 * ```
 */
export function sqliteTypeFromDeclared(declared: string): SqlType {
  const split = splitDeclaredType(declared);
  const make = split && KNOWN_TYPES[split.name];
  if (split && make) {
    try {
      const type = make(split.args);
      if (type) return type;
    } catch (error) {
      // Parameters the type refuses (NUMERIC(2, 5), VARCHAR(0)): SQLite ignores them, so reflect the name as unknown.
      if (!(error instanceof ArgumentError)) throw error;
    }
  }
  return passthroughType(declared);
}

/**
 * A declared type Athanor does not know: a custom type named after it, stored as the Athanor type with
 * the same SQLite affinity (by SQLite's rules, in their order: INT → Integer; CHAR, CLOB, TEXT → Text;
 * BLOB or no type → LargeBinary; REAL, FLOA, DOUB → Float; otherwise Numeric). Values pass through
 * unchanged, decoded as the implementation decodes them.
 */
export function passthroughType(declared: string): SqlType {
  const upper = declared.toUpperCase();
  let impl: SqlType;
  if (upper.includes("INT")) impl = Integer();
  else if (/CHAR|CLOB|TEXT/.test(upper)) impl = Text();
  else if (upper.includes("BLOB") || upper.trim() === "") impl = LargeBinary();
  else if (/REAL|FLOA|DOUB/.test(upper)) impl = Float();
  else impl = Numeric();
  const trimmed = declared.trim();
  return customType<unknown, unknown>({
    impl,
    name: trimmed === "" ? "(no declared type)" : trimmed,
    // Declared as it was, so re-creating the table keeps the column's type and affinity.
    ...(trimmed === "" ? {} : { ddl: trimmed }),
    toDriver: (value) => value,
    fromDriver: (value) => value,
  });
}

/**
 * The enum values of a column Athanor declared as an `Enum`: `VARCHAR(n)` with an unnamed column CHECK
 * that is exactly `"col" IN ('a', …)`, n the longest value's length. Keyed by lower-cased column name.
 */
export function enumColumns(
  parsed: ParsedTable,
): Map<string, { readonly check: ParsedCheck; readonly values: string[] }> {
  const out = new Map<string, { check: ParsedCheck; values: string[] }>();
  for (const check of parsed.checks) {
    if (check.name !== undefined || check.column === undefined) continue;
    const key = check.column.toLowerCase();
    const col = parsed.columns.find((c) => c.name.toLowerCase() === key);
    const declared = col && splitDeclaredType(col.type);
    if (out.has(key) || declared?.name !== "VARCHAR" || declared.args.length !== 1) continue;
    const values = inListValues(check.sqltext, key);
    if (!values || new Set(values).size !== values.length) continue;
    const longest = Math.max(1, ...values.map((v) => [...v].length));
    if (declared.args[0] === longest) out.set(key, { check, values });
  }
  return out;
}

/** The strings of `<column> IN ('a', 'b')`, or undefined when the condition is anything else. */
function inListValues(condition: string, column: string): string[] | undefined {
  const tokens = tokenize(condition);
  const [col, kwIn, open] = tokens;
  const close = tokens.at(-1);
  if (!col || (col.kind !== "word" && col.kind !== "quoted") || col.value.toLowerCase() !== column) return undefined;
  if (kwIn?.kind !== "word" || kwIn.text.toUpperCase() !== "IN" || open?.text !== "(" || close?.text !== ")")
    return undefined;
  const inner = tokens.slice(3, -1);
  const values: string[] = [];
  for (let k = 0; k < inner.length; k++) {
    const t = inner[k] as SqlToken;
    if (k % 2 === 0 ? t.kind !== "string" : t.text !== ",") return undefined;
    if (k % 2 === 0) values.push(t.value);
  }
  return values.length > 0 && inner.length % 2 === 1 ? values : undefined;
}
