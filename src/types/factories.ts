/**
 * Type factories: `Integer()`, `String(100)`, `Numeric(10, 2)`… These names shadow JS globals
 * (`String`, `Boolean`, `Date`, `JSON`) when imported by name; import them under the `athanor/types`
 * namespace (`import * as t from "athanor/types"`) or use the `Sql…` aliases in modules that need both.
 */

import {
  BigIntegerType,
  BooleanType,
  CustomType,
  type CustomTypeOptions,
  DateTimeType,
  DateType,
  FloatType,
  IntegerType,
  JSONType,
  LargeBinaryType,
  NumericType,
  StringType,
  TimeType,
  UUIDType,
} from "./sql-type.js";

/** `INTEGER` → `number`. */
export const Integer = (): IntegerType => new IntegerType(32);
/** `SMALLINT` → `number`. */
export const SmallInteger = (): IntegerType => new IntegerType(16);
/** `BIGINT` → `bigint`. */
export const BigInteger = (): BigIntegerType => new BigIntegerType();
/** `NUMERIC(p, s)` → exact decimal `string`. */
export const Numeric = (precision?: number, scale?: number): NumericType => new NumericType(precision, scale);
/** `FLOAT`/`DOUBLE PRECISION` → `number`. */
export const Float = (precision?: number): FloatType => new FloatType(precision);
/** `BOOLEAN` → `boolean` on every dialect. */
export const Boolean = (): BooleanType => new BooleanType();
/** `VARCHAR(n)` → `string`. */
export const String = (length?: number): StringType => new StringType(length);
/** `TEXT` → `string`. */
export const Text = (): StringType => new StringType(undefined, true);
/** `TIMESTAMP`/`DATETIME` → `Date` (naive columns hold UTC). */
export const DateTime = (options: { timezone?: boolean } = {}): DateTimeType =>
  new DateTimeType(options.timezone ?? false);
/** `DATE` → `"YYYY-MM-DD"`. */
export const Date = (): DateType => new DateType();
/** `TIME` → `"HH:MM:SS"`. */
export const Time = (): TimeType => new TimeType();
/** `JSON` → the parsed value, typed as `T`. */
export const JSON = <T = unknown>(): JSONType<T> => new JSONType<T>();
/** `UUID`/`CHAR(36)` → `string`. */
export const UUID = (): UUIDType => new UUIDType();
/** `BYTEA`/`BLOB` → `Uint8Array`. */
export const LargeBinary = (length?: number): LargeBinaryType => new LargeBinaryType(length);
/** A user-defined type stored as `impl` (SQLAlchemy's `TypeDecorator`). */
export const customType = <T, I>(options: CustomTypeOptions<T, I>): CustomType<T, I> => new CustomType(options);

export { String as SqlString, Boolean as SqlBoolean, Date as SqlDate, JSON as SqlJSON };
