/**
 * SQLite error classification: extended result codes (`SQLITE_CONSTRAINT_UNIQUE`…) first, then the
 * message for the catch-all `SQLITE_ERROR` and for better-sqlite3's own errors, which carry no code.
 */

import {
  CheckViolationError,
  DatabaseError,
  DataError,
  type DBAPIErrorClass,
  ForeignKeyViolationError,
  IntegrityError,
  InterfaceError,
  InternalError,
  NotNullViolationError,
  OperationalError,
  ProgrammingError,
  UniqueViolationError,
} from "../../errors/index.js";
import type { DriverErrorInfo } from "../../driver/driver.js";

/** Extended constraint codes with a dedicated class; other `SQLITE_CONSTRAINT_*` are plain integrity errors. */
const CONSTRAINT_CODES: Readonly<Record<string, DBAPIErrorClass>> = {
  SQLITE_CONSTRAINT_UNIQUE: UniqueViolationError,
  SQLITE_CONSTRAINT_PRIMARYKEY: UniqueViolationError,
  SQLITE_CONSTRAINT_ROWID: UniqueViolationError,
  SQLITE_CONSTRAINT_FOREIGNKEY: ForeignKeyViolationError,
  SQLITE_CONSTRAINT_NOTNULL: NotNullViolationError,
  SQLITE_CONSTRAINT_CHECK: CheckViolationError,
  // A STRICT table refused a value of the wrong type: the value is at fault, as with PostgreSQL's 22P02.
  SQLITE_CONSTRAINT_DATATYPE: DataError,
};

/** Primary result codes (the part before the first `_` after `SQLITE_`). */
const PRIMARY_CODES: Readonly<Record<string, DBAPIErrorClass>> = {
  SQLITE_MISMATCH: DataError,
  SQLITE_TOOBIG: DataError,
  SQLITE_RANGE: DataError,
  SQLITE_BUSY: OperationalError,
  SQLITE_LOCKED: OperationalError,
  SQLITE_IOERR: OperationalError,
  SQLITE_CANTOPEN: OperationalError,
  SQLITE_FULL: OperationalError,
  SQLITE_READONLY: OperationalError,
  SQLITE_INTERRUPT: OperationalError,
  SQLITE_PROTOCOL: OperationalError,
  SQLITE_NOMEM: OperationalError,
  SQLITE_SCHEMA: OperationalError,
  SQLITE_ABORT: OperationalError,
  SQLITE_NOLFS: OperationalError,
  SQLITE_PERM: OperationalError,
  SQLITE_INTERNAL: InternalError,
  SQLITE_MISUSE: ProgrammingError,
  SQLITE_AUTH: ProgrammingError,
  SQLITE_CORRUPT: DatabaseError,
  SQLITE_NOTADB: DatabaseError,
  SQLITE_CONSTRAINT: IntegrityError,
};

/** `SQLITE_ERROR` messages that are about a value rather than the SQL text. */
const DATA_MESSAGES =
  /integer overflow|malformed JSON|JSON path error|bad JSON path|JSON cannot hold BLOB|string or blob too big|datatype mismatch/i;

/** better-sqlite3's own (code-less) errors, by message. */
const DRIVER_MESSAGES: readonly (readonly [RegExp, DBAPIErrorClass])[] = [
  [/connection is not open|directory does not exist/i, OperationalError],
  [
    /parameter values were provided|Missing named parameter|named parameters|contains more than one statement|contains no statements|does not return data|only for statements that return data/i,
    ProgrammingError,
  ],
  [/can only bind|too big|too large/i, DataError],
];

/**
 * Chooses the Athanor error class for a SQLite error.
 *
 * ```ts
 * classifySqliteError({ code: "SQLITE_CONSTRAINT_UNIQUE", message: "UNIQUE constraint failed: t.a", disconnect: false });
 * // → UniqueViolationError
 * ```
 */
export function classifySqliteError(info: DriverErrorInfo): DBAPIErrorClass {
  if (info.disconnect) return OperationalError;
  const code = info.code;
  if (code === undefined) {
    for (const [re, cls] of DRIVER_MESSAGES) if (re.test(info.message)) return cls;
    return InterfaceError;
  }
  const constraint = CONSTRAINT_CODES[code];
  if (constraint) return constraint;
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
  if (primary === "SQLITE_ERROR") {
    // SQLITE_ERROR is SQLite's catch-all; almost always the SQL is wrong (syntax, no such table/column/
    // function, ambiguous name, wrong argument count), except for a few value errors.
    return DATA_MESSAGES.test(info.message) ? DataError : ProgrammingError;
  }
  return PRIMARY_CODES[primary] ?? DatabaseError;
}
