/**
 * The typed error hierarchy. Driver errors are translated into these classes at the driver seam (the
 * driver describes an error, `Dialect.translateError` classifies it; the engine calls it on every
 * failure), so application code catches Athanor classes only.
 *
 * ```
 * AthanorError
 * ├── ArgumentError            bad input from the caller (malformed URL, missing bind parameter…)
 * ├── NotSupportedError        the dialect or driver cannot do what was asked
 * ├── InvalidRequestError      an API used in the wrong state
 * │   ├── ResourceClosedError
 * │   ├── NoResultFoundError
 * │   └── MultipleResultsFoundError
 * ├── TimeoutError             the connection pool had no connection to give in time
 * ├── DriverNotInstalledError
 * └── DBAPIError               anything the database or the driver raised; carries sql, params, original
 *     ├── InterfaceError
 *     └── DatabaseError
 *         ├── DataError
 *         ├── OperationalError
 *         ├── IntegrityError
 *         │   ├── UniqueViolationError
 *         │   ├── ForeignKeyViolationError
 *         │   ├── NotNullViolationError
 *         │   └── CheckViolationError
 *         ├── InternalError
 *         └── ProgrammingError
 * StaleDataError (ORM) extends AthanorError.
 * ```
 */

import { inspect } from "node:util";

/** Base of every error Athanor throws. */
export class AthanorError extends Error {
  override get name(): string {
    return this.constructor.name;
  }
}

/** The caller passed something that cannot work; the message says what and how to fix it. */
export class ArgumentError extends AthanorError {}

/** The dialect or driver has no way to do what was asked. */
export class NotSupportedError extends AthanorError {}

/** An API was used in a state where it cannot work (a closed connection, a consumed result…). */
export class InvalidRequestError extends AthanorError {}

/** A connection, transaction or result was used after it was closed. */
export class ResourceClosedError extends InvalidRequestError {}

/** `one()` / `scalarOne()` found no row. */
export class NoResultFoundError extends InvalidRequestError {}

/** `one()` / `oneOrNone()` found more than one row. */
export class MultipleResultsFoundError extends InvalidRequestError {}

/** The pool could not hand out a connection within `poolTimeout`. */
export class TimeoutError extends AthanorError {}

/** The driver package for a URL is not installed. */
export class DriverNotInstalledError extends AthanorError {}

/** A flush found a row changed or deleted by someone else (optimistic locking). */
export class StaleDataError extends AthanorError {}

/** What a translated driver error knows about the statement that failed. */
export interface StatementContext {
  readonly sql?: string | undefined;
  readonly params?: unknown;
  readonly hideParameters?: boolean | undefined;
  readonly connectionInvalidated?: boolean | undefined;
}

/** Largest parameter rendering included in a message, so a bulk insert does not produce a 10 MB error. */
const MAX_PARAMS_IN_MESSAGE = 1000;
/** Largest SQL text included in a message (a multi-row INSERT can be megabytes); `error.sql` keeps it whole. */
const MAX_SQL_IN_MESSAGE = 2000;

/**
 * An error raised by the database or its driver, translated at the driver seam. `sql`, `params` and
 * `original` tell what ran and what the driver said; `params` is `undefined` when the engine was created
 * with `hideParameters: true`.
 */
export class DBAPIError extends AthanorError {
  /** The SQL that failed, as sent to the driver. */
  readonly sql: string | undefined;
  /** The bound parameters, unless the engine hides them. */
  readonly params: unknown;
  /** The driver's own error object. */
  readonly original: unknown;
  /** SQLSTATE, errno or result code reported by the database or driver. */
  readonly code: string | undefined;
  /** True when the connection was found dead and discarded; the pool will hand out a fresh one. */
  readonly connectionInvalidated: boolean;

  constructor(message: string, original: unknown, ctx: StatementContext = {}, code?: string) {
    super(DBAPIError.#format(message, ctx), { cause: original });
    this.sql = ctx.sql;
    this.params = ctx.hideParameters ? undefined : ctx.params;
    this.code = code;
    this.connectionInvalidated = ctx.connectionInvalidated ?? false;
    // `original` is kept non-enumerable so that `inspect(err)` does not dump the driver's internals
    // (some drivers hang their connection config, and so a password, on their errors).
    Object.defineProperty(this, "original", { value: original, enumerable: false });
  }

  static #format(message: string, ctx: StatementContext): string {
    let out = message;
    if (ctx.sql !== undefined) {
      const sql = ctx.sql;
      const shown =
        sql.length > MAX_SQL_IN_MESSAGE
          ? `${sql.slice(0, MAX_SQL_IN_MESSAGE)}… (${sql.length - MAX_SQL_IN_MESSAGE} more characters; see error.sql)`
          : sql;
      out += `\n[SQL: ${shown}]`;
    }
    if (ctx.params !== undefined) {
      if (ctx.hideParameters) out += "\n[SQL parameters hidden due to hideParameters=true]";
      else {
        let rendered = inspect(ctx.params, { depth: 3, breakLength: Infinity, maxArrayLength: 20 });
        if (rendered.length > MAX_PARAMS_IN_MESSAGE) rendered = rendered.slice(0, MAX_PARAMS_IN_MESSAGE) + "…";
        out += `\n[parameters: ${rendered}]`;
      }
    }
    return out;
  }
}

/** The driver itself failed, not the database (e.g. a protocol error). */
export class InterfaceError extends DBAPIError {}
/** The database reported an error. */
export class DatabaseError extends DBAPIError {}
/** A value did not fit its type: out of range, bad format, division by zero, or a codec refused it. */
export class DataError extends DatabaseError {}
/** The database could not operate: lost connection, deadlock, lock timeout, disk, server shut down. */
export class OperationalError extends DatabaseError {}
/** A constraint was violated. */
export class IntegrityError extends DatabaseError {}
/** A UNIQUE or PRIMARY KEY constraint was violated. */
export class UniqueViolationError extends IntegrityError {}
/** A FOREIGN KEY constraint was violated. */
export class ForeignKeyViolationError extends IntegrityError {}
/** NULL was written to a NOT NULL column. */
export class NotNullViolationError extends IntegrityError {}
/** A CHECK constraint was violated. */
export class CheckViolationError extends IntegrityError {}
/** The database hit an internal error. */
export class InternalError extends DatabaseError {}
/** The SQL was wrong: syntax error, unknown table or column, wrong number of parameters. */
export class ProgrammingError extends DatabaseError {}

/** The constructors a dialect may choose from when it classifies a driver error. */
export type DBAPIErrorClass =
  | typeof InterfaceError
  | typeof DatabaseError
  | typeof DataError
  | typeof OperationalError
  | typeof IntegrityError
  | typeof UniqueViolationError
  | typeof ForeignKeyViolationError
  | typeof NotNullViolationError
  | typeof CheckViolationError
  | typeof InternalError
  | typeof ProgrammingError;
