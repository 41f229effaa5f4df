/**
 * The PostgreSQL dialect: `$n` placeholders, `"` quoting, SQLSTATE error classes and the value rules
 * for what the pg adapter returns (64-bit integers, decimals, timestamps and JSON as text).
 */

import type { BindNode } from "../../ast/index.js";
import type { LiteralRenderer, SqlCompiler } from "../../compiler/index.js";
import type { DdlConnection } from "../../ddl/index.js";
import type { DBAPIErrorClass } from "../../errors/index.js";
import type { DriverErrorInfo, DriverField } from "../../driver/driver.js";
import {
  type Capabilities,
  Dialect,
  type IsolationLevel,
  normaliseInteger,
  type Processor,
} from "../../dialect/dialect.js";
import type { Introspector } from "../../dialect/introspection.js";
import type { TypeCompiler } from "../../dialect/type-compiler.js";
import {
  storedType,
  DateTimeType,
  formatUtcNaive,
  parseTimestamp,
  type SqlType,
  type TypeKind,
} from "../../types/index.js";
import { PostgreSQLCompiler } from "./compiler.js";
import { hasEnumType, hasTable } from "./ddl.js";
import { classifyPostgresError } from "./errors.js";
import { PostgreSQLIntrospector } from "./introspection.js";
import { PostgreSQLLiterals } from "./literals.js";
import { PostgreSQLTypeCompiler } from "./type-compiler.js";

/** Type OIDs the dialect decodes untyped results by (`pg_type.oid`; fixed for built-in types). */
const OID = {
  int8: 20,
  json: 114,
  jsonb: 3802,
  timestamp: 1114,
  timestamptz: 1184,
  int8Array: 1016,
  jsonArray: 199,
  jsonbArray: 3807,
  timestampArray: 1115,
  timestamptzArray: 1185,
} as const;

/** Sub-millisecond digits of a timestamp's text. */
const SUB_MILLIS = /(\.\d{3})\d+/;

/**
 * An untyped timestamp as a `Date`. A JS Date holds milliseconds, so an untyped `now()` (microseconds)
 * is truncated rather than refused; typed `DateTime` columns are declared with millisecond precision and
 * never lose anything. Values a Date cannot hold (`infinity`, BC dates) stay text.
 */
function untypedTimestamp(value: unknown): unknown {
  if (typeof value !== "string") return value;
  return parseTimestamp(value.replace(SUB_MILLIS, "$1")) ?? value;
}

function untypedJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** Lifts an element decoder over (nested) arrays as the adapter returns them. */
function overArray(decode: Processor): Processor {
  const walk = (value: unknown): unknown =>
    Array.isArray(value) ? value.map((v: unknown) => (v === null ? null : walk(v))) : decode(value);
  return walk;
}

const untypedInt8Array = overArray(normaliseInteger);
const untypedTimestampArray = overArray(untypedTimestamp);
const untypedJsonArray = overArray(untypedJson);

const naiveBind: Processor = (v) => formatUtcNaive(v as Date);
const zonedBind: Processor = (v) => (v as Date).toISOString();

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
  transactionalDdl: true,
  lastrowid: false,
  killConnection: true,
  returning: { insert: true, update: true, delete: true },
  maxParameters: 65535,
  // NUMERIC(1000, s) is the widest declarable precision.
  maxDecimalDigits: 1000,
  intervalType: true,
  enumStyle: "named-type",
  lateral: true,
  fullJoin: true,
  distinctOn: true,
  forUpdate: Object.freeze({ of: true, keyModes: true }),
  onConflictConstraint: true,
  // Serial and identity values follow VALUES order only through INSERT … SELECT … ORDER BY.
  autoincrementSentinel: "ordered-select",
  // NAMEDATALEN - 1: longer names are truncated by the server, silently.
  maxIdentifierLength: 63,
  identifierLengthUnit: "bytes",
  partialIndexes: true,
  expressionIndexes: true,
  alterConstraints: true,
  comments: "statement",
  // Stored generated columns only (PostgreSQL 12+).
  virtualComputedColumns: false,
  alterColumns: true,
});

/**
 * PostgreSQL (9.6 and later; tested on 15), through the `pg` adapter.
 *
 * ```ts
 * const dialect = new PostgreSQLDialect();
 * dialect.placeholder(0); // "$1"
 * dialect.quoteIdentifier('my "table"'); // "\"my \"\"table\"\"\""
 * dialect.setIsolationLevelSql("SERIALIZABLE"); // ["SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE"]
 * ```
 */
export class PostgreSQLDialect extends Dialect {
  readonly name = "postgresql";
  readonly capabilities: Capabilities = CAPABILITIES;
  readonly defaultIsolationLevel: IsolationLevel = "READ COMMITTED";
  /** With `standard_conforming_strings` on (the default since 9.1), only `E'…'` strings take backslash escapes. */
  override readonly stringBackslashes = "e-strings";
  /** `pg_catalog` queries for reflection (see `PostgreSQLIntrospector`). */
  override readonly introspector: Introspector = new PostgreSQLIntrospector();

  /** `$1`, `$2`… for the 0-based `index`. */
  override placeholder(index: number): string {
    return `$${index + 1}`;
  }

  /** PostgreSQL's SQL compiler (ILIKE, DISTINCT ON, ON CONFLICT, JSONB operators). */
  override createCompiler(bindIndex: ReadonlyMap<BindNode, number>): SqlCompiler {
    return new PostgreSQLCompiler(this, bindIndex);
  }

  override hasTable(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean> {
    return hasTable(conn, name, schema);
  }

  override hasEnumType(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean> {
    return hasEnumType(conn, name, schema);
  }

  /** `E'…'` for strings with a backslash, whatever `standard_conforming_strings` is (see `PostgreSQLLiterals`). */
  protected override createLiteralRenderer(): LiteralRenderer {
    return new PostgreSQLLiterals();
  }

  /** PostgreSQL's type names (`UUID`, `BYTEA`, named enums). */
  protected override createTypeCompiler(): TypeCompiler {
    return new PostgreSQLTypeCompiler(this);
  }

  /** `SET SESSION CHARACTERISTICS …`: applies to every transaction the session begins from now on. */
  setIsolationLevelSql(level: Exclude<IsolationLevel, "AUTOCOMMIT">): readonly string[] {
    return [`SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ${level}`];
  }

  /** Returns e.g. `read committed`. */
  isolationLevelQuery(): string {
    return "SHOW transaction_isolation";
  }

  /**
   * Sessions run in UTC, so that `now()` written to a naive `TIMESTAMP` column is UTC wall-clock time.
   * A `SET` rather than a startup option: connection poolers such as PgBouncer reject `options`.
   */
  override connectSql(): readonly string[] {
    return ["SET TIME ZONE 'UTC'"];
  }

  /**
   * DateTime: a naive column gets UTC wall-clock text (`2024-03-10 02:30:00.123`); `timezone: true`
   * gets ISO 8601 with `Z`. Everything else pg takes as is (booleans stay booleans, bigints become
   * text in the base).
   */
  protected override wireBind(kind: TypeKind, type: SqlType): Processor | undefined {
    if (kind === "datetime") {
      const stored = storedType(type);
      return stored instanceof DateTimeType && stored.timezone ? zonedBind : naiveBind;
    }
    return super.wireBind(kind, type);
  }

  /** pg takes booleans as booleans. */
  override bindUntyped(value: unknown): unknown {
    return typeof value === "boolean" ? value : super.bindUntyped(value);
  }

  /**
   * ISO 8601 with `Z`: a `timestamptz` context honours the offset and a naive `timestamp` context
   * ignores it, which leaves the UTC wall-clock time the naive-UTC rule wants.
   */
  protected bindUntypedDate(value: Date): unknown {
    return value.toISOString();
  }

  /** bigint → number when safe; timestamps → Date; JSON → parsed; arrays of those likewise. */
  override untypedResult(field: DriverField): Processor | undefined {
    switch (field.typeId) {
      case OID.int8:
        return normaliseInteger;
      case OID.timestamp:
      case OID.timestamptz:
        return untypedTimestamp;
      case OID.json:
      case OID.jsonb:
        return untypedJson;
      case OID.int8Array:
        return untypedInt8Array;
      case OID.timestampArray:
      case OID.timestamptzArray:
        return untypedTimestampArray;
      case OID.jsonArray:
      case OID.jsonbArray:
        return untypedJsonArray;
      default:
        return undefined;
    }
  }

  classifyError(info: DriverErrorInfo): DBAPIErrorClass {
    return classifyPostgresError(info);
  }
}
