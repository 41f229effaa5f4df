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
import { type EnumOptions, EnumType } from "./enum-type.js";
import { IntervalType } from "./interval-type.js";

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
/** `INTERVAL` → ISO 8601 duration `string` (`"P1DT2H"`); PostgreSQL only. */
export const Interval = (): IntervalType => new IntervalType();
/** `JSON` → the parsed value, typed as `T`. */
export const JSON = <T = unknown>(): JSONType<T> => new JSONType<T>();
/** `UUID`/`CHAR(36)` → `string`. */
export const UUID = (): UUIDType => new UUIDType();
/** `BYTEA`/`BLOB` → `Uint8Array`. */
export const LargeBinary = (length?: number): LargeBinaryType => new LargeBinaryType(length);
/**
 * One of a fixed list of strings → their string-literal union: native on PostgreSQL (a named type, see
 * `enumTypeName`), `ENUM('a', 'b')` on MySQL, `VARCHAR` with a CHECK on SQLite. Takes an array (no
 * `as const` needed) or a TypeScript string enum.
 *
 * ```ts
 * const Status = Enum(["todo", "done"]); // EnumType<"todo" | "done">
 * enum Mood { Happy = "happy", Sad = "sad" }
 * const MoodType = Enum(Mood, { name: "mood" }); // EnumType<Mood>
 * ```
 */
export function Enum<const V extends string>(values: readonly V[], options?: EnumOptions): EnumType<V>;
export function Enum<const E extends Readonly<Record<string, string>>>(
  enumObject: E,
  options?: EnumOptions,
): EnumType<E[keyof E]>;
export function Enum(values: readonly string[] | Readonly<Record<string, string>>, options?: EnumOptions): EnumType {
  if (Array.isArray(values)) return new EnumType(values, options);
  // A TS string enum is an object of its members; aliases (two keys, one value) give one value.
  return new EnumType([...new Set(Object.values(values))], options);
}
/**
 * A user-defined type stored as `impl` (SQLAlchemy's `TypeDecorator`); `ddl` declares a database type
 * Athanor has no class for in its own spelling.
 *
 * ```ts
 * const Tags = customType<string[], string>({ impl: String(200), toDriver: (v) => v.join(","), fromDriver: (v) => v.split(",") });
 * const Inet = customType<string, string>({ impl: Text(), ddl: "inet", toDriver: (v) => v, fromDriver: (v) => v });
 * ```
 */
export const customType = <T, I>(options: CustomTypeOptions<T, I>): CustomType<T, I> => new CustomType(options);

export { String as SqlString, Boolean as SqlBoolean, Date as SqlDate, JSON as SqlJSON };
