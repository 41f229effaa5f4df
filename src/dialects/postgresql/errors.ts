/**
 * PostgreSQL error classification by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 * Exact codes first, then the two-character class, in the spirit of psycopg's mapping.
 */

import {
  CheckViolationError,
  DataError,
  DatabaseError,
  type DBAPIErrorClass,
  ForeignKeyViolationError,
  IntegrityError,
  InternalError,
  NotNullViolationError,
  OperationalError,
  ProgrammingError,
  UniqueViolationError,
} from "../../errors/index.js";
import type { DriverErrorInfo } from "../../driver/driver.js";

/** Exact SQLSTATEs with their own class. */
const BY_CODE: ReadonlyMap<string, DBAPIErrorClass> = new Map<string, DBAPIErrorClass>([
  ["23505", UniqueViolationError], // unique_violation
  ["23503", ForeignKeyViolationError], // foreign_key_violation
  ["23502", NotNullViolationError], // not_null_violation
  ["23514", CheckViolationError], // check_violation
]);

/** SQLSTATE classes (first two characters). */
const BY_CLASS: ReadonlyMap<string, DBAPIErrorClass> = new Map<string, DBAPIErrorClass>([
  ["22", DataError], // data exception: out of range, invalid text representation, division by zero, too long
  ["23", IntegrityError], // integrity constraint violation
  ["42", ProgrammingError], // syntax error or access rule violation: undefined table/column/function
  ["3D", ProgrammingError], // invalid catalog name (no such database)
  ["3F", ProgrammingError], // invalid schema name
  ["44", ProgrammingError], // WITH CHECK OPTION violation
  ["08", OperationalError], // connection exception
  ["28", OperationalError], // invalid authorization (bad password, no such role)
  ["40", OperationalError], // transaction rollback: serialization failure 40001, deadlock 40P01
  ["53", OperationalError], // insufficient resources: too many connections 53300, disk full
  ["54", OperationalError], // program limit exceeded
  ["55", OperationalError], // object not in prerequisite state: lock not available 55P03
  ["57", OperationalError], // operator intervention: admin shutdown 57P01, query canceled 57014
  ["58", OperationalError], // system error (I/O)
  ["XX", InternalError], // internal error, data corrupted
  ["25", InternalError], // invalid transaction state ("current transaction is aborted")
  ["2D", InternalError], // invalid transaction termination
  ["P0", InternalError], // PL/pgSQL error (RAISE EXCEPTION)
]);

/**
 * Chooses the Athanor error class for a PostgreSQL error. A lost connection (socket errors, "Connection
 * terminated", a FATAL server message) is always an `OperationalError`.
 */
export function classifyPostgresError(info: DriverErrorInfo): DBAPIErrorClass {
  if (info.disconnect) return OperationalError;
  const code = info.code;
  if (code === undefined) return DatabaseError;
  return (
    BY_CODE.get(code) ?? BY_CLASS.get(code.slice(0, 2)) ?? (/^E[A-Z]/.test(code) ? OperationalError : DatabaseError)
  );
}
