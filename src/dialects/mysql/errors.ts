/**
 * MySQL / MariaDB error numbers and how they map onto Athanor's error classes. The server's errno is
 * the precise signal (SQLSTATE `23000` covers unique, foreign-key and not-null violations alike); the
 * SQLSTATE class is the fallback for numbers not listed here.
 */

import {
  CheckViolationError,
  DatabaseError,
  DataError,
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

/** Server error numbers by class. MariaDB-only numbers are marked. */
const ERRNO_CLASSES: ReadonlyArray<readonly [DBAPIErrorClass, readonly number[]]> = [
  // ER_DUP_ENTRY, ER_DUP_UNIQUE, ER_DUP_ENTRY_WITH_KEY_NAME
  [UniqueViolationError, [1062, 1169, 1586]],
  // ER_ROW_IS_REFERENCED(_2), ER_NO_REFERENCED_ROW(_2)
  [ForeignKeyViolationError, [1216, 1217, 1451, 1452]],
  // ER_BAD_NULL_ERROR, ER_NO_DEFAULT_FOR_FIELD (a NOT NULL column left out in strict mode)
  [NotNullViolationError, [1048, 1364]],
  // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8), ER_CONSTRAINT_FAILED (MariaDB)
  [CheckViolationError, [3819, 4025]],
  // ER_DUP_KEY, ER_FOREIGN_DUPLICATE_KEY(_WITH_CHILD_INFO), ER_ROW_DOES_NOT_MATCH_GIVEN_PARTITION_SET
  [IntegrityError, [1022, 1557, 1761, 1762, 1748]],
  [
    DataError,
    [
      1264, // ER_WARN_DATA_OUT_OF_RANGE
      1265, // WARN_DATA_TRUNCATED (strict mode: e.g. an invalid ENUM value)
      1292, // ER_TRUNCATED_WRONG_VALUE (bad date / number text)
      1365, // ER_DIVISION_BY_ZERO
      1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
      1367, // ER_ILLEGAL_VALUE_FOR_TYPE
      1406, // ER_DATA_TOO_LONG
      1411, // ER_WRONG_VALUE_FOR_TYPE
      1441, // ER_DATETIME_FUNCTION_OVERFLOW
      1525, // ER_WRONG_VALUE
      1690, // ER_DATA_OUT_OF_RANGE (BIGINT value is out of range)
      1916, // ER_DATA_OVERFLOW (MariaDB)
      3140, // ER_INVALID_JSON_TEXT (MySQL)
      3141, // ER_INVALID_JSON_TEXT_IN_PARAM (MySQL)
      3156, // ER_INVALID_JSON_VALUE_FOR_CAST (MySQL)
      4038, // ER_JSON_SYNTAX (MariaDB)
    ],
  ],
  [
    ProgrammingError,
    [
      1050, // ER_TABLE_EXISTS_ERROR
      1051, // ER_BAD_TABLE_ERROR
      1052, // ER_NON_UNIQ_ERROR (ambiguous column)
      1054, // ER_BAD_FIELD_ERROR
      1055, // ER_WRONG_FIELD_WITH_GROUP (ONLY_FULL_GROUP_BY)
      1060, // ER_DUP_FIELDNAME
      1061, // ER_DUP_KEYNAME
      1064, // ER_PARSE_ERROR
      1066, // ER_NONUNIQ_TABLE
      1091, // ER_CANT_DROP_FIELD_OR_KEY
      1110, // ER_FIELD_SPECIFIED_TWICE
      1111, // ER_INVALID_GROUP_FUNC_USE
      1136, // ER_WRONG_VALUE_COUNT_ON_ROW
      1146, // ER_NO_SUCH_TABLE
      1149, // ER_SYNTAX_ERROR
      1210, // ER_WRONG_ARGUMENTS (e.g. wrong parameters to a prepared statement)
      1222, // ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT
      1241, // ER_OPERAND_COLUMNS
      1242, // ER_SUBQUERY_NO_1_ROW
      1248, // ER_DERIVED_MUST_HAVE_ALIAS
      1305, // ER_SP_DOES_NOT_EXIST (unknown function)
      1318, // ER_SP_WRONG_NO_OF_ARGS
      1582, // ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT
      1583, // ER_WRONG_PARAMETERS_TO_NATIVE_FCT
      1630, // ER_FUNC_INEXISTENT_NAME_COLLISION
    ],
  ],
  [
    OperationalError,
    [
      1040, // ER_CON_COUNT_ERROR (too many connections)
      1044, // ER_DBACCESS_DENIED_ERROR
      1045, // ER_ACCESS_DENIED_ERROR
      1049, // ER_BAD_DB_ERROR (unknown database, at connect time)
      1053, // ER_SERVER_SHUTDOWN
      1203, // ER_TOO_MANY_USER_CONNECTIONS
      1205, // ER_LOCK_WAIT_TIMEOUT
      1213, // ER_LOCK_DEADLOCK
      1317, // ER_QUERY_INTERRUPTED (KILL QUERY)
      1461, // ER_MAX_PREPARED_STMT_COUNT_REACHED
      1927, // ER_CONNECTION_KILLED (MariaDB)
      1969, // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
      2006, // CR_SERVER_GONE_ERROR
      2013, // CR_SERVER_LOST
      3024, // ER_QUERY_TIMEOUT (MySQL max_execution_time)
      3572, // ER_LOCK_NOWAIT (MySQL NOWAIT)
      4031, // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8.0.24+: idle connection closed by the server)
    ],
  ],
];

const BY_ERRNO: ReadonlyMap<number, DBAPIErrorClass> = new Map(
  ERRNO_CLASSES.flatMap(([cls, errnos]) => errnos.map((n) => [n, cls] as const)),
);

/** Client-side (driver or socket) error codes that mean the connection or server is unusable. */
const OPERATIONAL_CODES: ReadonlySet<string> = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** SQLSTATE classes for errnos the table does not name. */
const BY_SQLSTATE_CLASS: Readonly<Record<string, DBAPIErrorClass>> = {
  "08": OperationalError, // connection exception
  "22": DataError, // data exception
  "23": IntegrityError, // integrity constraint violation
  "40": OperationalError, // transaction rollback (serialization failure, deadlock)
  "42": ProgrammingError, // syntax error or access rule violation
};

/**
 * Chooses the Athanor error class for a MySQL / MariaDB error: by errno first, then by client error code,
 * then by whether the connection was lost, then by SQLSTATE class.
 */
export function classifyMysqlError(info: DriverErrorInfo): DBAPIErrorClass {
  const errno = info.errno;
  if (errno !== undefined) {
    const cls = BY_ERRNO.get(errno);
    if (cls) return cls;
  }
  if (info.code !== undefined && OPERATIONAL_CODES.has(info.code)) return OperationalError;
  if (info.disconnect) return OperationalError;
  // Numbers below 1000 are the server's operating-system level ("global") errors: file, memory, disk.
  if (errno !== undefined && errno < 1000) return InternalError;
  const state = info.code;
  if (state !== undefined && /^[0-9A-Z]{5}$/.test(state)) {
    const cls = BY_SQLSTATE_CLASS[state.slice(0, 2)];
    if (cls) return cls;
  }
  return DatabaseError;
}
