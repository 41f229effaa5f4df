/**
 * The Dialect: what differs between databases, as small hooks over shared defaults. Code outside
 * `src/dialects/` asks a dialect's capabilities and hooks, never its name.
 */

import {
  AthanorError,
  DataError,
  type DBAPIErrorClass,
  InterfaceError,
  NotSupportedError,
  type StatementContext,
} from "../errors/index.js";
import type { BindNode } from "../ast/index.js";
import {
  DdlCompiler,
  type LiteralContext,
  type LiteralRenderer,
  type ReturningSupport,
  SqlCompiler,
  STANDARD_LITERALS,
  type StringBackslashes,
  isPlainData,
} from "../compiler/index.js";
import type { DdlCapabilities, DdlConnection } from "../ddl/index.js";
import type { AutoincrementSentinel } from "../expr/index.js";
import type { DriverErrorInfo, DriverField, SqlFunctionDefinition } from "../driver/driver.js";
import { checkIdentifier } from "./identifier-check.js";
import type { Introspector } from "./introspection.js";
import { type EnumType, inYearRange, type SqlType, storedType, type TypeKind } from "../types/index.js";
import { type ColumnTypeContext, TypeCompiler } from "./type-compiler.js";

/** Transaction isolation levels; `AUTOCOMMIT` means no transaction is begun at all. */
export type IsolationLevel = "AUTOCOMMIT" | "READ UNCOMMITTED" | "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE";

/**
 * What a dialect can do. Code and tests branch on these flags, never on dialect names. The DDL flags
 * (identifier limit, partial and expression indexes, ALTER of constraints, comments…) are `DdlCapabilities`.
 */
export interface Capabilities extends DdlCapabilities {
  /** SAVEPOINT / RELEASE / ROLLBACK TO. */
  readonly savepoints: boolean;
  /** Isolation levels `executionOptions({ isolationLevel })` accepts (always includes AUTOCOMMIT). */
  readonly isolationLevels: readonly IsolationLevel[];
  /** Two connections can hold transactions at once (false for SQLite, whose pool keeps one connection). */
  readonly concurrentConnections: boolean;
  /** DDL takes part in transactions. */
  readonly transactionalDdl: boolean;
  /** `result.lastrowid` is available after an INSERT. */
  readonly lastrowid: boolean;
  /** One session can kill another from SQL (used by the dead-connection tests). */
  readonly killConnection: boolean;
  /** Largest number of bind parameters one statement may carry. */
  readonly maxParameters: number;
  /** Which statements can take RETURNING. */
  readonly returning: ReturningSupport;
  /** Significant digits a `Numeric` value may have and still round-trip exactly (more is a DataError). */
  readonly maxDecimalDigits: number;
  /** Has an `INTERVAL` column type (`Interval()`); without it `typeSql(Interval())` throws NotSupportedError. */
  readonly intervalType: boolean;
  /**
   * How an `Enum` column is declared: `"named-type"`, a type of its own that the DDL layer creates before
   * the table (`CREATE TYPE … AS ENUM`, named by `enumTypeName`) and drops after it; `"inline"`, in the
   * column type (`ENUM('a', 'b')`); `"check"`, a `VARCHAR` column plus a CHECK constraint whose condition
   * is `Dialect.enumCheckSql`.
   */
  readonly enumStyle: "named-type" | "inline" | "check";
  /** `LATERAL` derived tables (`select(...).lateral(name)`); without it compiling one is a NotSupportedError. */
  readonly lateral: boolean;
  /** `FULL OUTER JOIN` (`select(...).fullJoin(...)`); without it compiling one is a NotSupportedError. */
  readonly fullJoin: boolean;
  /** `SELECT DISTINCT ON (…)` (`select(...).distinctOn(...)`); without it compiling one is a NotSupportedError. */
  readonly distinctOn: boolean;
  /**
   * Which `forUpdate()` options compile (the others are a NotSupportedError): `of`, `FOR UPDATE OF t`;
   * `keyModes`, `FOR NO KEY UPDATE` / `FOR KEY SHARE`. A database that locks no rows (SQLite) takes them all
   * and writes no locking clause.
   */
  readonly forUpdate: { readonly of: boolean; readonly keyModes: boolean };
  /** `ON CONFLICT ON CONSTRAINT name` as an upsert's conflict target; without it, give the target's columns. */
  readonly onConflictConstraint: boolean;
  /**
   * How the rows of a multi-row INSERT … RETURNING are matched to their parameter sets when the database
   * generates the primary key (see `AutoincrementSentinel`); a key the client gives is matched by value.
   */
  readonly autoincrementSentinel: AutoincrementSentinel;
}

/** Converts one value; the processors of a (dialect, type) pair. */
export type Processor = (value: unknown) => unknown;

/** Bind and result processors for one SQL type on one dialect. */
export interface TypeProcessors {
  readonly bind: Processor;
  readonly result: Processor;
}

/**
 * Base dialect. Subclasses override the smallest hook that differs.
 */
export abstract class Dialect {
  abstract readonly name: string;
  abstract readonly capabilities: Capabilities;
  /** The isolation level a new connection has when the engine sets none. */
  abstract readonly defaultIsolationLevel: IsolationLevel;
  /** What a backslash means in `'…'` strings, for reading `text()` SQL: nothing in standard SQL. */
  readonly stringBackslashes: StringBackslashes = "literal";

  readonly #processors = new WeakMap<SqlType, TypeProcessors>();

  /**
   * Catalog queries for reflection (`inspect(engine)`); each dialect sets its own. Undefined: this dialect
   * cannot reflect yet.
   */
  readonly introspector: Introspector | undefined = undefined;
  /** Created on first use by `createTypeCompiler` (a subclass's fields are not set during this constructor). */
  #typeCompiler: TypeCompiler | undefined;
  /** Created on first use by `createLiteralRenderer`, for the same reason. */
  #literals: LiteralRenderer | undefined;

  // ---- SQL text hooks (used by the compiler and by Connection for transaction control) ----

  /** Positional placeholder for the `index`-th (0-based) parameter. */
  placeholder(_index: number): string {
    return "?";
  }

  /** RETURNING support, for the compiler. */
  get returning(): ReturningSupport {
    return this.capabilities.returning;
  }

  /** A compiler for one statement; dialects return their subclass. */
  createCompiler(bindIndex: ReadonlyMap<BindNode, number>): SqlCompiler {
    return new SqlCompiler(this, bindIndex);
  }

  /** The DDL compiler for one statement; dialects return their subclass (see their `ddl.ts`). */
  createDdlCompiler(sql: SqlCompiler): DdlCompiler {
    return new DdlCompiler(sql, this);
  }

  /**
   * Whether a table exists, for `createAll` / `dropAll` with `checkFirst` (`schema` undefined: the
   * connection's default schema). Each dialect asks its catalog.
   */
  hasTable(_conn: DdlConnection, _name: string, _schema: string | undefined): Promise<boolean> {
    return Promise.reject(new NotSupportedError(`${this.name} cannot look tables up in its catalog`));
  }

  /** Whether a named enum type exists (dialects whose `enumStyle` is `"named-type"`); false elsewhere. */
  hasEnumType(_conn: DdlConnection, _name: string, _schema: string | undefined): Promise<boolean> {
    return Promise.resolve(false);
  }

  /**
   * Makes the rest of the current transaction check foreign keys at commit rather than per statement,
   * so `dropAll` can drop tables whose rows reference each other where it cannot drop the constraints
   * first (SQLite). Nothing in the base: there, dropAll drops a cycle's foreign keys with ALTER TABLE.
   */
  deferForeignKeys(_conn: DdlConnection): Promise<void> {
    return Promise.resolve();
  }

  /** Quotes an identifier, doubling embedded quote characters; refuses a NUL or a lone surrogate (`checkIdentifier`). */
  quoteIdentifier(name: string): string {
    checkIdentifier(name);
    return `"${name.replaceAll('"', '""')}"`;
  }

  /**
   * A plain SQL string literal (enum values, comments and other places where values cannot be bound):
   * written by the dialect's literal renderer (see `literals`).
   *
   * ```ts
   * new SqliteDialect().quoteString("it's"); // "'it''s'"
   * ```
   */
  quoteString(value: string): string {
    return this.literals.quoteString(value);
  }

  /** The dialect's one literal renderer, used by DDL and by `literalBinds` compilation alike. */
  get literals(): LiteralRenderer {
    return (this.#literals ??= this.createLiteralRenderer());
  }

  /** Makes this dialect's literal renderer (once); the base one writes standard SQL literals. */
  protected createLiteralRenderer(): LiteralRenderer {
    return STANDARD_LITERALS;
  }

  /**
   * A value as a SQL literal meaning what binding it would mean: converted by `type`'s bind processor
   * (or as an untyped bind), then written by `literals`. A value without a safe literal (NaN, a lone
   * surrogate, a NUL character, an object that is not plain data) is a DataError.
   *
   * ```ts
   * new PostgreSQLDialect().literal(new Date(0), DateTime(), "value"); // "'1970-01-01 00:00:00.000'"
   * new MySQLDialect().literal(true, SqlBoolean(), "value"); // "TRUE"
   * ```
   */
  literal(value: unknown, type: SqlType | undefined, context: LiteralContext): string {
    if (value === null) return "NULL";
    if (type) return this.literals.render(this.processors(type).bind(value), storedType(type).kind, context);
    if (typeof value === "object" && !isPlainData(value)) {
      throw new DataError(
        `${Object.prototype.toString.call(value)} has no SQL literal form; give the parameter a type, or convert the value`,
        undefined,
      );
    }
    return this.literals.render(this.bindUntyped(value), undefined, context);
  }

  // ---- DDL types ----

  /**
   * The column type of `type` in DDL, e.g. `VARCHAR(100)` or `TIMESTAMP(3) WITH TIME ZONE`. `column`
   * names the column an enum is declared on, which names an unnamed enum's type where enums are named
   * types (see `enumTypeName`). Throws NotSupportedError for a type the database does not have, and
   * ArgumentError for a declaration it cannot take.
   *
   * ```ts
   * new PostgreSQLDialect().typeSql(DateTime({ timezone: true })); // "TIMESTAMP(3) WITH TIME ZONE"
   * new MySQLDialect().typeSql(Enum(["a", "b"])); // "ENUM('a', 'b')"
   * ```
   */
  typeSql(type: SqlType, column?: ColumnTypeContext): string {
    this.#typeCompiler ??= this.createTypeCompiler();
    return this.#typeCompiler.compile(type, column);
  }

  /** Makes this dialect's type compiler (once); the base one writes the standard spellings. */
  protected createTypeCompiler(): TypeCompiler {
    return new TypeCompiler(this);
  }

  /**
   * The condition of the CHECK constraint that keeps a column to an enum's values, where the dialect's
   * `enumStyle` is `"check"`: `"status" IN ('todo', 'done')`.
   */
  enumCheckSql(type: EnumType, columnName: string): string {
    return `${this.quoteIdentifier(columnName)} IN (${type.values.map((v) => this.quoteString(v)).join(", ")})`;
  }

  // ---- transactions ----

  beginSql(): string {
    return "BEGIN";
  }
  commitSql(): string {
    return "COMMIT";
  }
  rollbackSql(): string {
    return "ROLLBACK";
  }
  savepointSql(name: string): string {
    return `SAVEPOINT ${this.quoteIdentifier(name)}`;
  }
  releaseSavepointSql(name: string): string {
    return `RELEASE SAVEPOINT ${this.quoteIdentifier(name)}`;
  }
  rollbackToSavepointSql(name: string): string {
    return `ROLLBACK TO SAVEPOINT ${this.quoteIdentifier(name)}`;
  }
  /** Statements that make `level` the session's isolation level (never called with AUTOCOMMIT). */
  abstract setIsolationLevelSql(level: Exclude<IsolationLevel, "AUTOCOMMIT">): readonly string[];
  /** A query returning one row whose first column names the session's isolation level. */
  abstract isolationLevelQuery(): string;
  /**
   * A query whose first column is the server's version string, run once per engine on its first connection
   * (SQLAlchemy's `dialect.initialize`); undefined when the dialect's capabilities do not depend on it.
   */
  serverVersionQuery(): string | undefined {
    return undefined;
  }
  /**
   * Fits the capabilities to the server, from what `serverVersionQuery` returned. Called once, before the
   * engine compiles its first statement.
   */
  initialize(_serverVersion: string): void {}
  /**
   * SQL functions in JS the dialect's SQL relies on, defined on every new connection (an embedded
   * database's driver can; see `DriverConnection.defineFunction`). None in the base.
   */
  sqlFunctions(): readonly SqlFunctionDefinition[] {
    return [];
  }
  /** Statements run on every new connection (time zone, pragmas…). */
  connectSql(): readonly string[] {
    return [];
  }
  /** Normalises what `isolationLevelQuery` returned. */
  parseIsolationLevel(value: unknown): IsolationLevel {
    const s = String(value).toUpperCase().replace(/[-_]/g, " ").trim();
    return s as IsolationLevel;
  }

  // ---- values ----

  /** Bind and result processors for `type` on this dialect (cached per type instance). */
  processors(type: SqlType): TypeProcessors {
    let p = this.#processors.get(type);
    if (!p) {
      const stored = storedType(type);
      const wire = this.wireBind(stored.kind, stored);
      const pre = this.wireResult(stored.kind, stored);
      p = {
        bind: wire ? (v) => (v == null ? null : wire(type.bind(v))) : (v) => (v == null ? null : type.bind(v)),
        result: pre ? (v) => (v == null ? null : type.result(pre(v))) : (v) => (v == null ? null : type.result(v)),
      };
      this.#processors.set(type, p);
    }
    return p;
  }

  /**
   * Adapts a canonical bind value of `kind` (see `SqlType.bind`) to what this dialect's driver takes,
   * or undefined to pass it as is. `type` is the stored type (custom types unwrapped to their impl).
   */
  protected wireBind(kind: TypeKind, _type: SqlType): Processor | undefined {
    switch (kind) {
      case "bigint":
        return (v) => (v as bigint).toString();
      default:
        return undefined;
    }
  }

  /** Pre-processes a driver value before the type decodes it; undefined when nothing is needed. */
  protected wireResult(_kind: TypeKind, _type: SqlType): Processor | undefined {
    return undefined;
  }

  /**
   * Converts a bind value that has no declared type (e.g. a `text()` parameter), by its JS type.
   * The base covers values every driver needs help with; dialects override the differences.
   */
  bindUntyped(value: unknown): unknown {
    if (value === null) return null;
    switch (typeof value) {
      case "string":
      case "number":
        return value;
      case "bigint":
        return value.toString();
      case "boolean":
        return value ? 1 : 0;
      case "object":
        if (Buffer.isBuffer(value)) return value;
        if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        if (value instanceof Date) {
          if (Number.isNaN(value.getTime())) throw new DataError("Cannot bind an Invalid Date", undefined);
          if (!inYearRange(value)) {
            throw new DataError(
              `Cannot bind a Date in year ${value.getUTCFullYear()}: only years 0001–9999 are stored exactly on every database`,
              undefined,
            );
          }
          return this.bindUntypedDate(value);
        }
        return JSON.stringify(value);
      default:
        throw new DataError(`Cannot bind a value of type ${typeof value}; bind null for SQL NULL`, undefined);
    }
  }

  /** How an untyped `Date` is sent. */
  protected abstract bindUntypedDate(value: Date): unknown;

  /**
   * Decoder for a result column with no declared type, chosen from the driver's field metadata;
   * undefined to return the driver's value as is.
   */
  untypedResult(_field: DriverField): Processor | undefined {
    return undefined;
  }

  // ---- errors ----

  /** Chooses the error class for a database error. */
  abstract classifyError(info: DriverErrorInfo): DBAPIErrorClass;

  /** Wraps a driver error in its typed Athanor class; Athanor errors pass through unchanged. */
  translateError(error: unknown, info: DriverErrorInfo | undefined, ctx: StatementContext): Error {
    if (error instanceof AthanorError) return error;
    if (!info) {
      const msg = error instanceof Error ? error.message : String(error);
      return new InterfaceError(`(${this.name}) ${msg}`, error, ctx);
    }
    const Cls = this.classifyError(info);
    // MySQL's errno says far more than its SQLSTATE (23000 covers every integrity error).
    const code = info.errno !== undefined ? String(info.errno) : info.code;
    return new Cls(
      `(${this.name}${code ? ` ${code}` : ""}) ${info.message}`,
      error,
      { ...ctx, connectionInvalidated: info.disconnect },
      code,
    );
  }
}

/** Number normalisation for untyped integer results: a number when it is safe, a bigint otherwise. */
export function normaliseInteger(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (typeof value === "string") {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value);
  }
  return value;
}
