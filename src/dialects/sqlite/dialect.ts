/**
 * The SQLite dialect: `?` placeholders, `"` quoting, and the value rules for a database with dynamic
 * typing: booleans are 0/1, timestamps are `YYYY-MM-DD HH:MM:SS.mmm` UTC text, integers stay exact
 * through `bigint`, and decimals, which SQLite can only keep as REAL, are refused where they would lose
 * digits.
 */

import {
  Dialect,
  normaliseInteger,
  type Capabilities,
  type Introspector,
  type IsolationLevel,
  type Processor,
  type TypeCompiler,
} from "../../dialect/index.js";
import type { BindNode } from "../../ast/index.js";
import type { DdlCompiler, SqlCompiler } from "../../compiler/index.js";
import type { DdlConnection } from "../../ddl/index.js";
import type { DriverErrorInfo, DriverField, SqlFunctionDefinition } from "../../driver/driver.js";
import { DataError, NotSupportedError, type DBAPIErrorClass } from "../../errors/index.js";
import {
  formatUtcNaive,
  NumericType,
  parseTimestamp,
  significantDigits,
  toDecimalString,
  type SqlType,
  type TypeKind,
} from "../../types/index.js";
import { SQLITE_CASEFOLD, SqliteCompiler } from "./compiler.js";
import { deferForeignKeys, hasTable, SqliteDdlCompiler } from "./ddl.js";
import { classifySqliteError } from "./errors.js";
import { SqliteIntrospector } from "./introspection.js";
import { SqliteTypeCompiler } from "./type-compiler.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/**
 * Significant decimal digits a REAL (IEEE double) is guaranteed to hold exactly: any decimal with at
 * most 15 digits survives decimal → double → decimal unchanged (DBL_DIG).
 */
const REAL_DIGITS = 15;

/** Declared column types whose untyped values are decoded (by SQLite's own type-name rules). */
const TIMESTAMP_TYPE = /^\s*(?:DATETIME|TIMESTAMP)\b/i;
const DECIMAL_TYPE = /^\s*(?:NUMERIC|DECIMAL)\b/i;
const JSON_TYPE = /^\s*JSONB?\s*$/i;

/** Binds a canonical decimal string as a value SQLite can store without losing digits, or throws. */
function bindDecimal(value: unknown): number | bigint {
  const decimal = value as string;
  const dot = decimal.indexOf(".");
  // An integral value is bound as an exact 64-bit INTEGER (NUMERIC affinity keeps it as INTEGER).
  if (dot < 0 || /^0*$/.test(decimal.slice(dot + 1))) {
    const int = BigInt(dot < 0 ? decimal : decimal.slice(0, dot));
    if (int >= INT64_MIN && int <= INT64_MAX) return int;
  }
  const n = Number(decimal);
  if (significantDigits(decimal) > REAL_DIGITS || !Number.isFinite(n)) {
    throw new DataError(
      `SQLite stores decimals as REAL (at most ${REAL_DIGITS} significant digits, or a 64-bit integer); ${decimal} would lose precision`,
      undefined,
    );
  }
  return n;
}

/**
 * better-sqlite3 binds every JS number as REAL, so an integer would become `1.0` (in a TEXT column, in
 * `SELECT ?`, in integer division); integers are sent as bigint, which binds as INTEGER.
 */
const bindInteger: Processor = (v) => BigInt(v as number);

/** Refuses NaN, which SQLite would silently store as NULL. */
function bindFloat(value: unknown): unknown {
  if (Number.isNaN(value)) throw new DataError("SQLite cannot store NaN (it would become NULL)", undefined);
  return value;
}

/** Untyped INTEGER values (bigint from the driver) become numbers where safe. */
const integerResult: Processor = (v) => (typeof v === "bigint" ? normaliseInteger(v) : v);

/** Untyped values of a DATETIME/TIMESTAMP column: text that parses becomes a Date (read as UTC). */
const timestampResult: Processor = (v) => {
  if (typeof v === "string") return parseTimestamp(v) ?? v;
  return integerResult(v);
};

/** Untyped values of a NUMERIC/DECIMAL column: decimal strings, as the other dialects return them. */
const decimalResult: Processor = (v) =>
  typeof v === "number" || typeof v === "bigint" ? (toDecimalString(v) ?? v) : v;

/**
 * JSON text as stored. A column declared `JSON` has NUMERIC affinity, so SQLite turns the JSON text of a
 * bare number (`5`, `1.5`) into an INTEGER or REAL; this gives back its text.
 */
const jsonText: Processor = (v) => (typeof v === "bigint" || typeof v === "number" ? String(v) : v);

/** Untyped values of a JSON column: the parsed value. */
const jsonResult: Processor = (raw) => {
  const v = jsonText(raw);
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    // Not JSON text after all (SQLite does not enforce declared types): return it as stored.
    return v;
  }
};

/**
 * The SQLite dialect (`sqlite://`). Its placeholder (`?`), identifier quoting (`"`), transaction and
 * savepoint statements are the base dialect's defaults.
 *
 * ```ts
 * const dialect = new SqliteDialect();
 * dialect.setIsolationLevelSql("READ UNCOMMITTED"); // ["PRAGMA read_uncommitted = 1"]
 * ```
 */
export class SqliteDialect extends Dialect {
  readonly name = "sqlite";
  readonly capabilities: Capabilities = Object.freeze({
    savepoints: true,
    isolationLevels: Object.freeze(["AUTOCOMMIT", "READ UNCOMMITTED", "SERIALIZABLE"] as const),
    concurrentConnections: false,
    transactionalDdl: true,
    lastrowid: true,
    killConnection: false,
    returning: { insert: true, update: true, delete: true },
    maxParameters: 32766,
    maxDecimalDigits: 15,
    intervalType: false,
    enumStyle: "check",
    lateral: false,
    distinctOn: false,
    // SQLite locks the whole database, so row-locking clauses are left out whatever their options.
    forUpdate: Object.freeze({ of: true, keyModes: true }),
    onConflictConstraint: false,
    // FULL OUTER JOIN since SQLite 3.39 (better-sqlite3 11+ bundles a later SQLite).
    fullJoin: true,
    // No INSERT form ties new rowids to VALUES order (SQLAlchemy downgrades to one row per statement too).
    autoincrementSentinel: "none",
    maxIdentifierLength: Number.POSITIVE_INFINITY,
    identifierLengthUnit: "characters",
    partialIndexes: true,
    expressionIndexes: true,
    alterConstraints: false,
    comments: "none",
    virtualComputedColumns: true,
    alterColumns: false,
  });
  readonly defaultIsolationLevel: IsolationLevel = "SERIALIZABLE";
  /** Reflection from `sqlite_master` and the pragma table-valued functions (see `introspection.ts`). */
  override readonly introspector: Introspector = new SqliteIntrospector();

  /** SQLite's SQL compiler (millisecond now(), no row locks, LIMIT -1, type-affinity CASTs, ON CONFLICT…). */
  override createCompiler(bindIndex: ReadonlyMap<BindNode, number>): SqlCompiler {
    return new SqliteCompiler(this, bindIndex);
  }

  /** SQLite's DDL (`INTEGER PRIMARY KEY AUTOINCREMENT`, parenthesised defaults, index schemas). */
  override createDdlCompiler(sql: SqlCompiler): DdlCompiler {
    return new SqliteDdlCompiler(sql, this);
  }

  override hasTable(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean> {
    return hasTable(conn, name, schema, (n) => this.quoteIdentifier(n));
  }

  /** `PRAGMA defer_foreign_keys = ON` (SQLite resets it when the transaction ends). */
  override deferForeignKeys(conn: DdlConnection): Promise<void> {
    return deferForeignKeys(conn);
  }

  /** SQLite's type names (`REAL`, `DATETIME`, enums as `VARCHAR(n)` plus a CHECK). */
  protected override createTypeCompiler(): TypeCompiler {
    return new SqliteTypeCompiler(this);
  }

  /** `PRAGMA read_uncommitted`; SQLite has only these two levels (READ UNCOMMITTED needs shared cache). */
  setIsolationLevelSql(level: Exclude<IsolationLevel, "AUTOCOMMIT">): readonly string[] {
    switch (level) {
      case "SERIALIZABLE":
        return ["PRAGMA read_uncommitted = 0"];
      case "READ UNCOMMITTED":
        return ["PRAGMA read_uncommitted = 1"];
      default:
        throw new NotSupportedError(
          `SQLite does not support isolation level ${level}; use one of ${this.capabilities.isolationLevels.join(", ")}`,
        );
    }
  }

  isolationLevelQuery(): string {
    return "PRAGMA read_uncommitted";
  }

  /** Maps the pragma's 0/1 to a level name. */
  override parseIsolationLevel(value: unknown): IsolationLevel {
    switch (value) {
      case 0:
      case 0n:
      case "0":
        return "SERIALIZABLE";
      case 1:
      case 1n:
      case "1":
        return "READ UNCOMMITTED";
      default:
        return super.parseIsolationLevel(value);
    }
  }

  /** `athanor_casefold`, for ILIKE (see SqliteCompiler). */
  override sqlFunctions(): readonly SqlFunctionDefinition[] {
    return [SQLITE_CASEFOLD];
  }

  // connectSql(): the pragmas (foreign_keys, journal_mode, busy timeout) depend on whether the database
  // is a file, which only the driver knows, so the driver applies them when it connects.

  protected override wireBind(kind: TypeKind, _type: SqlType): Processor | undefined {
    switch (kind) {
      case "bigint":
        // better-sqlite3 binds bigint natively as a 64-bit INTEGER.
        return undefined;
      case "integer":
        return bindInteger;
      case "boolean":
        return (v) => (v ? 1n : 0n);
      case "datetime":
        return (v) => formatUtcNaive(v as Date);
      case "numeric":
        return bindDecimal;
      case "float":
        return bindFloat;
      default:
        return undefined;
    }
  }

  /**
   * Numbers that NUMERIC affinity made of JSON text become text again, for `JSONType.result` to parse.
   * Decimals are REALs here: with a declared scale they are formatted to it, so float noise from SQL
   * arithmetic (0.1 + 0.2 = 0.30000000000000004) reads as the decimal a decimal database would give
   * (values bound through Numeric never have more than 15 significant digits, which REAL holds exactly).
   */
  protected override wireResult(kind: TypeKind, type: SqlType): Processor | undefined {
    if (kind === "json") return jsonText;
    if (kind === "numeric" && type instanceof NumericType && type.scale !== undefined) {
      const scale = type.scale;
      return (v) => (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e21 ? v.toFixed(scale) : v);
    }
    return undefined;
  }

  /**
   * Like the base, but bigints bind natively (within the 64-bit range), safe integers and booleans bind
   * as INTEGER (see `bindInteger`), other numbers as REAL, and NaN is refused.
   */
  override bindUntyped(value: unknown): unknown {
    switch (typeof value) {
      case "bigint":
        if (value < INT64_MIN || value > INT64_MAX)
          throw new DataError(`SQLite integers are 64-bit; ${value} is out of range`, undefined);
        return value;
      case "number":
        return Number.isSafeInteger(value) ? BigInt(value) : bindFloat(value);
      case "boolean":
        return value ? 1n : 0n;
      default:
        return super.bindUntyped(value);
    }
  }

  protected bindUntypedDate(value: Date): unknown {
    return formatUtcNaive(value);
  }

  /**
   * Every SQLite column can hold integers, which arrive as bigint, so every field gets a decoder; the
   * declared type (`typeId`) adds timestamp, decimal and JSON decoding.
   */
  override untypedResult(field: DriverField): Processor | undefined {
    const declared = typeof field.typeId === "string" ? field.typeId : "";
    if (TIMESTAMP_TYPE.test(declared)) return timestampResult;
    if (DECIMAL_TYPE.test(declared)) return decimalResult;
    if (JSON_TYPE.test(declared)) return jsonResult;
    return integerResult;
  }

  classifyError(info: DriverErrorInfo): DBAPIErrorClass {
    return classifySqliteError(info);
  }
}
