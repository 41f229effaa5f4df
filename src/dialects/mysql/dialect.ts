/**
 * The MySQL / MariaDB dialect: `?` placeholders, backtick quoting, errno-based error classes and the
 * value rules for what the mysql2 adapter returns (64-bit integers, decimals, temporal values and JSON
 * as text; `TINYINT(1)` booleans).
 */

import type { BindNode } from "../../ast/index.js";
import type { DdlCompiler, LiteralRenderer, SqlCompiler } from "../../compiler/index.js";
import type { DdlConnection } from "../../ddl/index.js";
import { DataError, type DBAPIErrorClass } from "../../errors/index.js";
import type { DriverErrorInfo, DriverField } from "../../driver/driver.js";
import { checkIdentifier } from "../../dialect/identifier-check.js";
import {
  type Capabilities,
  Dialect,
  type IsolationLevel,
  normaliseInteger,
  type Processor,
} from "../../dialect/dialect.js";
import type { Introspector } from "../../dialect/introspection.js";
import type { TypeCompiler } from "../../dialect/type-compiler.js";
import { formatUtcNaive, NumericType, parseTimestamp, type SqlType, type TypeKind } from "../../types/index.js";
import { MySQLCompiler } from "./compiler.js";
import { hasTable, MySQLDdlCompiler } from "./ddl.js";
import { classifyMysqlError } from "./errors.js";
import { MySQLIntrospector } from "./introspection.js";
import { MySQLLiterals } from "./literals.js";
import { MYSQL_DECIMAL, MySQLTypeCompiler } from "./type-compiler.js";

/** MySQL protocol column type numbers the dialect decodes untyped results by. */
const MYSQL_TYPE = {
  timestamp: 7,
  longlong: 8,
  datetime: 12,
  time: 11,
  json: 245,
} as const;

/** `0000-00-00…`: MySQL's "zero" date, which no JS Date can represent. */
const ZERO_DATE = "0000-00-00";

/** Sub-millisecond digits of a timestamp's text. */
const SUB_MILLIS = /(\.\d{3})\d+/;

/** Trailing zeros of a fractional second (`.500` → `.5`, `.000` → nothing). */
const TRAILING_FRACTION_ZEROS = /\.?0+$/;

/**
 * A TIME value's text without trailing fractional zeros. The text protocol pads to the column's
 * precision (`12:34:56.500`) and the binary protocol does not (`12:34:56.5`); PostgreSQL prints the
 * shorter form too, so every path gives the same string.
 */
function normaliseTime(value: unknown): unknown {
  if (typeof value !== "string" || !value.includes(".")) return value;
  return value.replace(TRAILING_FRACTION_ZEROS, "");
}

/**
 * An untyped DATETIME / TIMESTAMP as a `Date` (naive text read as UTC). A JS Date holds milliseconds, so
 * an untyped `NOW(6)` is truncated rather than refused; typed `DateTime` columns are declared with
 * millisecond precision and never lose anything. The zero date stays text.
 */
function untypedTimestamp(value: unknown): unknown {
  if (typeof value !== "string" || value.startsWith(ZERO_DATE)) return value;
  return parseTimestamp(value.replace(SUB_MILLIS, "$1")) ?? value;
}

/** JSON text → the parsed value (MySQL 8 `JSON`, and MariaDB's `JSON` alias when the driver reports it). */
function untypedJson(value: unknown): unknown {
  if (typeof value === "string") return JSON.parse(value);
  if (Buffer.isBuffer(value)) return JSON.parse(value.toString("utf8"));
  return value;
}

/** Null-safe wrapper: untyped processors are called on every value, NULL included. */
function nullSafe(decode: Processor): Processor {
  return (value) => (value === null || value === undefined ? value : decode(value));
}

const UNTYPED_BIGINT = nullSafe(normaliseInteger);
const UNTYPED_TIMESTAMP = nullSafe(untypedTimestamp);
const UNTYPED_TIME = nullSafe(normaliseTime);
const UNTYPED_JSON = nullSafe(untypedJson);

const booleanBind: Processor = (v) => (v ? 1 : 0);

/**
 * `Numeric()` is `DECIMAL(65, 30)` here (see the type compiler), and MySQL rounds extra fractional digits
 * with only a note, even in strict mode: refuse them instead.
 */
const unscaledDecimalBind: Processor = (v) => {
  const decimal = v as string;
  const dot = decimal.indexOf(".");
  if (dot >= 0 && !/^0*$/.test(decimal.slice(dot + 1 + MYSQL_DECIMAL.scale))) {
    throw new DataError(
      `Numeric() is DECIMAL(${MYSQL_DECIMAL.precision}, ${MYSQL_DECIMAL.scale}) on MySQL; ${decimal} has more than ${MYSQL_DECIMAL.scale} fractional digits`,
      undefined,
    );
  }
  return decimal;
};
const datetimeBind: Processor = (v) => formatUtcNaive(v as Date);

/** Refuses the zero date instead of letting it decode to a wrong Date. */
const datetimeResult: Processor = (v) => {
  if (typeof v === "string" && v.startsWith(ZERO_DATE)) {
    throw new DataError(
      `DateTime cannot take the MySQL zero date ${JSON.stringify(v)}: no JS Date represents it; store NULL instead`,
      undefined,
    );
  }
  return v;
};

const CAPABILITIES: Capabilities = Object.freeze({
  savepoints: true,
  isolationLevels: Object.freeze([
    "AUTOCOMMIT",
    "READ UNCOMMITTED",
    "READ COMMITTED",
    "REPEATABLE READ",
    "SERIALIZABLE",
  ] as const),
  concurrentConnections: true,
  transactionalDdl: false,
  lastrowid: true,
  killConnection: true,
  returning: { insert: true, update: false, delete: true },
  maxParameters: 65535,
  // DECIMAL(65, s) is MySQL's widest exact decimal.
  maxDecimalDigits: 65,
  intervalType: false,
  enumStyle: "inline",
  // MySQL 8.0.14+ has LATERAL, MariaDB has none; the dialect writes what both accept.
  lateral: false,
  fullJoin: false,
  distinctOn: false,
  // MariaDB has no FOR UPDATE OF; neither has PostgreSQL's key-strength modes.
  forUpdate: Object.freeze({ of: false, keyModes: false }),
  onConflictConstraint: false,
  // AUTO_INCREMENT values follow VALUES order within one statement (MariaDB's RETURNING relies on it).
  autoincrementSentinel: "values",
  maxIdentifierLength: 64,
  identifierLengthUnit: "characters",
  partialIndexes: false,
  // MySQL 8.0.13+ indexes expressions, MariaDB does not (it indexes generated columns).
  expressionIndexes: false,
  alterConstraints: true,
  comments: "inline",
  virtualComputedColumns: true,
  alterColumns: true,
});

/** A version string's leading `major.minor.patch` as numbers (`"10.11.6-MariaDB-0+deb12u1"` → `[10, 11, 6]`). */
function versionNumbers(version: string): readonly [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
}

/**
 * The capabilities of the server whose `SELECT VERSION()` is `version`. MariaDB has INSERT … RETURNING from
 * 10.5 and DELETE … RETURNING from 10.0; MySQL has no RETURNING at all, so inserted keys come from
 * `lastrowid` there. An unrecognised string keeps the MariaDB defaults.
 *
 * ```ts
 * mysqlCapabilities("8.0.36").returning; // { insert: false, update: false, delete: false }
 * mysqlCapabilities("10.11.6-MariaDB").returning; // { insert: true, update: false, delete: true }
 * ```
 */
export function mysqlCapabilities(version: string): Capabilities {
  const [major, minor] = versionNumbers(version);
  if (major === 0) return CAPABILITIES;
  const at = (x: number, y: number): boolean => major > x || (major === x && minor >= y);
  const mariadb = /mariadb/i.test(version);
  const returning = mariadb
    ? { insert: at(10, 5), update: false, delete: at(10, 0) }
    : { insert: false, update: false, delete: false };
  return Object.freeze({ ...CAPABILITIES, returning: Object.freeze(returning) });
}

/**
 * MySQL 5.7+/8 and MariaDB 10.3+ (tested on MariaDB 10.11), through the `mysql2` adapter. An engine reads
 * the server's version on its first connection and fits the capabilities to it (`mysqlCapabilities`);
 * before that, and for `compile(stmt, new MySQLDialect())`, they are MariaDB 10.5+'s.
 *
 * ```ts
 * const dialect = new MySQLDialect();
 * dialect.placeholder(0); // "?"
 * dialect.quoteIdentifier("my`table"); // "`my``table`"
 * dialect.setIsolationLevelSql("SERIALIZABLE"); // ["SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE"]
 * dialect.savepointSql("sp1"); // "SAVEPOINT `sp1`"
 * ```
 */
export class MySQLDialect extends Dialect {
  readonly name = "mysql";
  capabilities: Capabilities = CAPABILITIES;
  readonly defaultIsolationLevel: IsolationLevel = "REPEATABLE READ";
  /** A backslash escapes in every string (`connectSql` removes `NO_BACKSLASH_ESCAPES`). */
  override readonly stringBackslashes = "escape";

  override serverVersionQuery(): string {
    return "SELECT VERSION()";
  }

  /** Fits RETURNING support to the server (MySQL has none; MariaDB since 10.0 / 10.5). */
  override initialize(serverVersion: string): void {
    this.capabilities = mysqlCapabilities(serverVersion);
  }
  /** `information_schema` queries for reflection (see `MySQLIntrospector`). */
  override readonly introspector: Introspector = new MySQLIntrospector();

  /** Backticks, doubling embedded backticks: `` `my``table` ``. */
  override quoteIdentifier(name: string): string {
    checkIdentifier(name);
    return `\`${name.replaceAll("`", "``")}\``;
  }

  /**
   * MySQL's literals: a string with a backslash is written by its bytes outside DDL, and with the backslash
   * escaped inside it (see `MySQLLiterals`).
   */
  protected override createLiteralRenderer(): LiteralRenderer {
    return new MySQLLiterals();
  }

  /** MySQL's SQL compiler (concat(), `<=>`, emulated NULLS FIRST/LAST and FILTER, ON DUPLICATE KEY UPDATE…). */
  override createCompiler(bindIndex: ReadonlyMap<BindNode, number>): SqlCompiler {
    return new MySQLCompiler(this, bindIndex);
  }

  /** MySQL's DDL (`AUTO_INCREMENT`, inline comments, default-value rules, `DROP FOREIGN KEY`…). */
  override createDdlCompiler(sql: SqlCompiler): DdlCompiler {
    return new MySQLDdlCompiler(sql, this);
  }

  override hasTable(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean> {
    return hasTable(conn, name, schema);
  }

  /** MySQL's type names (`DECIMAL`, `DOUBLE`, `LONGTEXT`, `DATETIME(3)`, inline `ENUM`…). */
  protected override createTypeCompiler(): TypeCompiler {
    return new MySQLTypeCompiler(this);
  }

  /** `START TRANSACTION`, MySQL's standard spelling (`BEGIN` also starts a block in stored programs). */
  override beginSql(): string {
    return "START TRANSACTION";
  }

  /** `SET SESSION TRANSACTION …`: applies to every transaction the session begins from now on. */
  setIsolationLevelSql(level: Exclude<IsolationLevel, "AUTOCOMMIT">): readonly string[] {
    return [`SET SESSION TRANSACTION ISOLATION LEVEL ${level}`];
  }

  /**
   * Returns e.g. `REPEATABLE-READ` in the first column. MySQL 8 has only `@@transaction_isolation` and
   * MariaDB before 11.1 only `@@tx_isolation`, and naming a variable the server lacks fails at parse
   * time, so one statement must show each server a different variable. It does so with MariaDB's
   * executable comments (`/*M!100000 …`), which MySQL reads as plain comments: MySQL sees
   * `SELECT @@transaction_isolation`; MariaDB runs the comments' contents, where a string literal
   * swallows the MySQL part, and sees `SELECT @@tx_isolation, '…'`.
   */
  isolationLevelQuery(): string {
    return "SELECT /*M!100000 @@tx_isolation, ' */ @@transaction_isolation /*M!100000 ' */";
  }

  /**
   * Sessions run in UTC (so `NOW()` and `TIMESTAMP` columns agree with the naive-UTC rule) and in strict
   * mode for every table engine (so a value that does not fit is an error, never a silent truncation),
   * with `NO_AUTO_VALUE_ON_ZERO` (an explicit 0 in an AUTO_INCREMENT column is stored as 0, as on the other
   * databases, instead of silently becoming the next generated value).
   * `NO_BACKSLASH_ESCAPES` is removed, since DDL literals escape backslashes (see `MySQLLiterals`). The server's
   * other `sql_mode` flags are kept. One statement, one round trip per new connection.
   */
  override connectSql(): readonly string[] {
    return [
      "SET SESSION time_zone = '+00:00', SESSION sql_mode = CONCAT_WS(',', NULLIF(TRIM(BOTH ',' FROM " +
        "REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ',')), ''), 'STRICT_ALL_TABLES', " +
        "'NO_AUTO_VALUE_ON_ZERO')",
    ];
  }

  /**
   * Booleans go as 1/0 (`TINYINT(1)`); DateTime (naive or not) as UTC wall-clock text; 64-bit integers
   * stay `bigint`, which the adapter sends as a 64-bit integer parameter (text would make MySQL compare
   * a BIGINT column with a string through doubles).
   */
  protected override wireBind(kind: TypeKind, type: SqlType): Processor | undefined {
    switch (kind) {
      case "boolean":
        return booleanBind;
      case "datetime":
        return datetimeBind;
      case "bigint":
        return undefined;
      case "numeric":
        return type instanceof NumericType && type.precision === undefined ? unscaledDecimalBind : undefined;
      default:
        return super.wireBind(kind, type);
    }
  }

  /** TIME text loses trailing fractional zeros; the zero date is refused for DateTime. */
  protected override wireResult(kind: TypeKind, type: SqlType): Processor | undefined {
    switch (kind) {
      case "time":
        return normaliseTime;
      case "datetime":
        return datetimeResult;
      default:
        return super.wireResult(kind, type);
    }
  }

  /** Like the base, but a `bigint` stays a `bigint` (sent as a 64-bit integer by the adapter). */
  override bindUntyped(value: unknown): unknown {
    return typeof value === "bigint" ? value : super.bindUntyped(value);
  }

  /** UTC wall-clock text, as a naive DATETIME column stores it. */
  protected bindUntypedDate(value: Date): unknown {
    return formatUtcNaive(value);
  }

  /** BIGINT → number when safe; DATETIME / TIMESTAMP → Date; TIME → normalised text; JSON → parsed. */
  override untypedResult(field: DriverField): Processor | undefined {
    switch (field.typeId) {
      case MYSQL_TYPE.longlong:
        return UNTYPED_BIGINT;
      case MYSQL_TYPE.datetime:
      case MYSQL_TYPE.timestamp:
        return UNTYPED_TIMESTAMP;
      case MYSQL_TYPE.time:
        return UNTYPED_TIME;
      case MYSQL_TYPE.json:
        return UNTYPED_JSON;
      default:
        return undefined;
    }
  }

  classifyError(info: DriverErrorInfo): DBAPIErrorClass {
    return classifyMysqlError(info);
  }
}
