/**
 * What MySQL / MariaDB catalogs say, in Athanor's terms: column types back to Athanor types, and defaults,
 * CHECK clauses and expressions as SQL text spelled one way on both servers. Used by `introspection.ts`.
 */

import {
  BigInteger,
  customType,
  DateTime,
  Enum,
  Float,
  Integer,
  LargeBinary,
  Numeric,
  SmallInteger,
  SqlBoolean,
  SqlDate,
  SqlJSON,
  type SqlType,
  SqlString,
  Text,
  Time,
  UUID,
} from "../../types/index.js";
import { MYSQL_DECIMAL } from "./type-compiler.js";

/** The arguments in a type's parentheses: `decimal(10,2)` → [10, 2]; `enum(…)` is parsed elsewhere. */
function typeArgs(columnType: string): number[] {
  const m = /^[a-z ]+\(([\d,\s]+)\)/i.exec(columnType);
  return m?.[1] ? m[1].split(",").map((s) => Number(s.trim())) : [];
}

/** The values of `enum('a','it''s')` as the catalog writes them. */
function enumValues(columnType: string): string[] {
  const values: string[] = [];
  const body = columnType.slice(columnType.indexOf("(") + 1, columnType.lastIndexOf(")"));
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "'") continue;
    const [value, end] = readStringLiteral(body, i);
    values.push(value);
    i = end - 1;
  }
  return values;
}

/**
 * The Athanor type of a MySQL / MariaDB column, from `COLUMN_TYPE` (e.g. `int(11) unsigned`, `tinyint(1)`,
 * `decimal(10,2)`, `enum('a','b')`) and `DATA_TYPE`; `jsonCheck` is MariaDB's JSON mark (see the module
 * docs). The inverse of the type compiler, where one exists:
 *
 * - `tinyint(1)` → `Boolean()`; other `tinyint` and `smallint` → `SmallInteger()`; `mediumint`, `int` →
 *   `Integer()`; `bigint` → `BigInteger()` (UNSIGNED and display widths are dropped: an unsigned BIGINT above
 *   2^63 does not fit).
 * - `decimal(p,s)` → `Numeric(p, s)` (`decimal(65,30)` → `Numeric()`); `double` → `Float()`; `float` →
 *   `Float(24)`, which Athanor writes as DOUBLE.
 * - `varchar(n)` → `String(n)`; `char(36)` and MariaDB's `uuid` → `UUID()`; other `char(n)` → `String(n)`
 *   (written back as VARCHAR); every TEXT size → `Text()` (LONGTEXT); `json` → `JSON()`.
 * - `datetime(p)` → `DateTime()`; `timestamp(p)` → `DateTime({ timezone: true })`; `date` → `Date()`;
 *   `time(p)` → `Time()`. A precision other than 3 (6 for TIME) is not kept.
 * - `enum(…)` → `Enum([...])` (unnamed: MySQL enums have no name).
 * - every BLOB size → `LargeBinary()`; `varbinary(n)`, `binary(n)` → `LargeBinary(n)`.
 * - anything else (`year`, `bit(n)`, `set(…)`, spatial types, `inet6`…) → a custom type named after the
 *   column type and declared with it (`createAll` from a reflection re-creates it), its values converted as
 *   the nearest Athanor type converts them (`Integer()`, `LargeBinary()` or `Text()`).
 */
export function reflectColumnType(columnType: string, dataType: string, jsonCheck = false): SqlType {
  const args = typeArgs(columnType);
  switch (dataType) {
    case "tinyint":
      return args[0] === 1 ? SqlBoolean() : SmallInteger();
    case "smallint":
      return SmallInteger();
    case "mediumint":
    case "int":
    case "integer":
      return Integer();
    case "bigint":
      return BigInteger();
    case "decimal":
    case "numeric": {
      const [p, s] = args;
      if (p === undefined) return Numeric();
      if (p === MYSQL_DECIMAL.precision && s === MYSQL_DECIMAL.scale) return Numeric();
      return Numeric(p, s ?? 0);
    }
    case "double":
    case "real":
      return Float();
    case "float":
      return Float(24);
    case "varchar":
      return SqlString(args[0]);
    case "char":
      return args[0] === 36 ? UUID() : SqlString(args[0] ?? 1);
    case "uuid":
      return UUID();
    case "tinytext":
    case "text":
    case "mediumtext":
      return Text();
    case "longtext":
      return jsonCheck ? SqlJSON() : Text();
    case "json":
      return SqlJSON();
    case "datetime":
      return DateTime();
    case "timestamp":
      return DateTime({ timezone: true });
    case "date":
      return SqlDate();
    case "time":
      return Time();
    case "enum":
      return Enum(enumValues(columnType));
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
      return LargeBinary();
    case "varbinary":
    case "binary":
      return LargeBinary(args[0]);
    case "year":
      return passthrough(columnType, Integer());
    case "bit":
    case "geometry":
    case "point":
    case "linestring":
    case "polygon":
    case "multipoint":
    case "multilinestring":
    case "multipolygon":
    case "geometrycollection":
      return passthrough(columnType, LargeBinary());
    default:
      return passthrough(columnType, Text());
  }
}

/**
 * A type Athanor has no class for: a custom type named and declared (DDL) after the catalog's spelling with
 * the type name in capitals (`SET('x','y')`, `YEAR(4)`), its values converted as `impl` converts them.
 */
function passthrough<T>(columnType: string, impl: SqlType<T>): SqlType {
  const name = columnType.replace(/^[a-z0-9 ]+/i, (word) => word.toUpperCase());
  return customType<T, T>({ impl, name, ddl: name, toDriver: (v) => v, fromDriver: (v) => v });
}

// ---- defaults and expressions ----

/** `CURRENT_TIMESTAMP` with an optional precision, in any case, with or without empty parentheses. */
const CURRENT_TIMESTAMP = /^current_timestamp\s*(?:\(\s*(\d*)\s*\))?$/i;

/** Types whose literal defaults MySQL reports bare and which are numbers in SQL. */
const NUMERIC_TYPES = new Set([
  "tinyint",
  "smallint",
  "mediumint",
  "int",
  "integer",
  "bigint",
  "decimal",
  "numeric",
  "float",
  "double",
  "real",
  "year",
  "bit",
]);

/** Types whose literal defaults MySQL 8 reports as hex (`0x6162`). */
const BINARY_TYPES = new Set(["binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"]);

/**
 * A column's `COLUMN_DEFAULT` as SQL text (see the module docs of `introspection.ts`): undefined for no
 * default. `quoted` is MariaDB 10.2.7+, which reports SQL text (`'member'`, `0`, `current_timestamp(3)`),
 * and `NULL` for no default (the string 'NULL' reads `'NULL'`). MySQL reports a literal's bare value (a
 * binary one in hex), and an expression (EXTRA has `DEFAULT_GENERATED`) as escaped text.
 *
 * ```ts
 * normaliseDefault("member", { dataType: "varchar", extra: "", quoted: false }); // "'member'"
 * normaliseDefault("current_timestamp(3)", { dataType: "datetime", extra: "", quoted: true }); // "CURRENT_TIMESTAMP(3)"
 * ```
 */
export function normaliseDefault(
  raw: string | undefined,
  column: { readonly dataType: string; readonly extra: string; readonly quoted: boolean },
): string | undefined {
  if (raw === undefined) return undefined;
  let sql: string;
  if (column.quoted) {
    if (raw === "NULL") return undefined;
    sql = raw;
  } else if (/\bDEFAULT_GENERATED\b/i.test(column.extra) || CURRENT_TIMESTAMP.test(raw.trim())) {
    sql = raw;
  } else if (NUMERIC_TYPES.has(column.dataType) || (BINARY_TYPES.has(column.dataType) && /^0x[\da-f]*$/i.test(raw))) {
    sql = raw;
  } else {
    sql = quoteLiteral(raw);
  }
  sql = normaliseSqlText(sql);
  const now = CURRENT_TIMESTAMP.exec(sql);
  if (now) return now[1] ? `CURRENT_TIMESTAMP(${now[1]})` : "CURRENT_TIMESTAMP";
  return sql;
}

/** The escapes of a MySQL string literal (`\%` and `\_` keep their backslash, for LIKE). */
const LITERAL_ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\x1a",
  "%": "\\%",
  _: "\\_",
};

/** Decodes the string literal starting at `start` (a `'`): its value and the index after its closing quote. */
function readStringLiteral(sql: string, start: number): [string, number] {
  let value = "";
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i] ?? "";
    if (ch === "\\" && i + 1 < sql.length) {
      const next = sql[i + 1] ?? "";
      value += LITERAL_ESCAPES[next] ?? next;
      i += 2;
    } else if (ch === "'" && sql[i + 1] === "'") {
      value += "'";
      i += 2;
    } else if (ch === "'") {
      return [value, i + 1];
    } else {
      value += ch;
      i++;
    }
  }
  return [value, i];
}

/** The index after the quoted token (identifier or string) starting at `start`, kept as it is. */
function skipQuoted(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    if (quote !== "`" && sql[i] === "\\") i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return i;
}

/** Whether every `'` in `sql` is backslash-escaped (and there is one): text escaped as MySQL's catalog does. */
function isEscapedText(sql: string): boolean {
  let quotes = 0;
  for (let i = 0; i < sql.length; i++) {
    if (sql[i] === "'") return false;
    if (sql[i] === "\\") {
      if (sql[i + 1] === "'") quotes++;
      i++;
    }
  }
  return quotes > 0;
}

/** Whether the parenthesis at 0 closes at the end: `(a + b)` but not `(a) + (b)`. */
function isWrapped(sql: string): boolean {
  if (!sql.startsWith("(") || !sql.endsWith(")")) return false;
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === "`") {
      i = skipQuoted(sql, i) - 1;
    } else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0 && i < sql.length - 1) return false;
  }
  return true;
}

/**
 * SQL text from the catalog (a default, a CHECK clause, a generation or index expression) in one spelling
 * for both servers: MySQL's escaping of the whole text (`_utf8mb4\'x\'`) undone, charset introducers other
 * than `_binary` removed, every string literal written as Athanor writes it (`'it''s'`, `'a\\b'`; MariaDB
 * writes `'it\'s'` in expressions), and parentheses around the whole text removed.
 *
 * ```ts
 * normaliseSqlText("(`qty` >= 0)"); // "`qty` >= 0"
 * normaliseSqlText("concat(`s`,_utf8mb4\\'it\\\\\\'s\\')"); // "concat(`s`,'it''s')"
 * ```
 */
export function normaliseSqlText(raw: string): string {
  let sql = raw.trim();
  if (isEscapedText(sql)) sql = sql.replace(/\\(['\\])/g, "$1");
  let out = "";
  for (let i = 0; i < sql.length;) {
    const ch = sql[i] ?? "";
    if (ch === "'") {
      const [value, end] = readStringLiteral(sql, i);
      out += quoteLiteral(value);
      i = end;
    } else if (ch === '"' || ch === "`") {
      const end = skipQuoted(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === "_" && !/[\w$]/.test(out.at(-1) ?? "")) {
      // A charset introducer right before a string literal: `_utf8mb4'x'`.
      const m = /^_([a-z0-9]+)(?=')/i.exec(sql.slice(i));
      if (m && m[1]?.toLowerCase() !== "binary") i += m[0].length;
      else {
        out += ch;
        i++;
      }
    } else {
      out += ch;
      i++;
    }
  }
  out = out.trim();
  while (isWrapped(out)) out = out.slice(1, -1).trim();
  return out;
}

/** A backtick-quoted identifier, as `MySQLDialect.quoteIdentifier` (not imported: the dialect imports this). */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

/** A string literal as `MySQLDialect.quoteString` writes it: quotes doubled, backslashes escaped. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}
