/**
 * SQL types and their codecs. A type knows how to turn a JS value into a canonical bind value and how to
 * turn whatever a driver returns back into the JS value; it knows nothing of dialects. Each dialect then
 * adapts the canonical bind value to its driver (e.g. `true` → `1` on SQLite) by the type's `kind`.
 */

import { ArgumentError } from "../errors/index.js";
import { fail } from "./fail.js";

/** The families a dialect dispatches on. */
export type TypeKind =
  | "integer"
  | "bigint"
  | "numeric"
  | "float"
  | "boolean"
  | "string"
  | "datetime"
  | "date"
  | "time"
  | "interval"
  | "json"
  | "uuid"
  | "enum"
  | "binary"
  | "custom";

/**
 * Base of every SQL type. `T` is the JS type of values of this type (phantom: it exists for inference).
 *
 * `bind` validates and normalises a JS value into its canonical bind form (see each kind);
 * `result` decodes what a driver returned (tolerant of each driver's representation) into `T`.
 * Neither is called with `null`: NULL passes through untouched.
 */
export abstract class SqlType<T = unknown> {
  /** Phantom member carrying the JS type; never set at run time. */
  declare readonly __js: T;
  abstract readonly kind: TypeKind;
  /** Readable SQL-ish name for messages, e.g. `Numeric(10, 2)`. */
  abstract toString(): string;
  /**
   * What identifies this type in a statement's cache key: its kind and exactly the parameters that can
   * change the SQL a dialect writes for it (length, precision and scale, time zone, enum name and values,
   * a custom type's DDL and impl…), never its display text. Two types with equal keys must compile alike
   * on every dialect.
   */
  abstract get cacheKey(): string;
  abstract bind(value: unknown): unknown;
  abstract result(value: unknown): T;
}

/** The JS value type of a SQL type. */
export type JsTypeOf<S> = S extends SqlType<infer T> ? T : never;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** 32-bit (or smaller) integer → `number`. A value outside the safe integer range is an error. */
export class IntegerType extends SqlType<number> {
  readonly kind = "integer" as const;
  constructor(readonly bits: 16 | 32 = 32) {
    super();
  }
  toString(): string {
    return this.bits === 16 ? "SmallInteger" : "Integer";
  }
  get cacheKey(): string {
    return `integer(${this.bits})`;
  }
  bind(value: unknown): number {
    if (typeof value === "number") {
      if (Number.isSafeInteger(value)) return value;
      return fail(this, value, "not a safe integer");
    }
    if (typeof value === "bigint") {
      if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
      return fail(this, value, "outside the safe integer range; use BigInteger()");
    }
    return fail(this, value, "expected an integer number");
  }
  result(value: unknown): number {
    if (typeof value === "number") return value;
    if (typeof value === "bigint" || typeof value === "string") {
      const n = Number(value);
      if (Number.isSafeInteger(n)) return n;
      return fail(this, value, "does not fit a JS number without losing precision; declare the column BigInteger()");
    }
    if (typeof value === "boolean") return value ? 1 : 0;
    return fail(this, value, "not an integer");
  }
}

/** 64-bit integer → `bigint`, on every dialect. */
export class BigIntegerType extends SqlType<bigint> {
  readonly kind = "bigint" as const;
  toString(): string {
    return "BigInteger";
  }
  get cacheKey(): string {
    return "bigint";
  }
  bind(value: unknown): bigint {
    let v: bigint;
    if (typeof value === "bigint") v = value;
    else if (typeof value === "number" && Number.isSafeInteger(value)) v = BigInt(value);
    else if (typeof value === "string" && /^-?\d+$/.test(value)) v = BigInt(value);
    else return fail(this, value, "expected a bigint, a safe integer or a string of digits");
    if (v < INT64_MIN || v > INT64_MAX) return fail(this, value, "outside the signed 64-bit range");
    return v;
  }
  result(value: unknown): bigint {
    if (typeof value === "bigint") return value;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
    return fail(this, value, "not a 64-bit integer");
  }
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Normalises a decimal given as string, number or bigint to plain positional notation (no exponent).
 * Returns null when the input is not a finite decimal.
 */
export function toDecimalString(value: unknown): string | null {
  let s: string;
  if (typeof value === "string") s = value.trim();
  else if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    s = String(value);
  } else if (typeof value === "bigint") return value.toString();
  else return null;
  const m = DECIMAL_RE.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const sign = m[1] === "-" ? "-" : "";
  let int = m[2] ?? "";
  let frac = m[3] ?? "";
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    const moved = frac.slice(0, exp).padEnd(exp, "0");
    int += moved;
    frac = frac.slice(exp);
  } else if (exp < 0) {
    const k = -exp;
    const padded = int.padStart(k + 1, "0");
    frac = padded.slice(padded.length - k) + frac;
    int = padded.slice(0, padded.length - k);
  }
  int = int.replace(/^0+(?=\d)/, "") || "0";
  const out = frac.length > 0 ? `${int}.${frac}` : int;
  return sign && /[1-9]/.test(out) ? sign + out : out;
}

/** Number of significant decimal digits in a normalised decimal string. */
export function significantDigits(decimal: string): number {
  const digits = decimal.replace(/[-.]/g, "").replace(/^0+/, "").replace(/0+$/, "");
  return digits.length;
}

/**
 * Exact decimal `NUMERIC(p, s)` → `string`, never a float. Binds accept strings, numbers and bigints.
 *
 * - With a scale (`Numeric(10, 2)`; `Numeric(10)` means scale 0, as in SQL), a bind value with more
 *   non-zero fractional digits than the scale is a DataError: databases would round it silently. Results
 *   come back with exactly `scale` fractional digits.
 * - Without precision and scale (`Numeric()`), results come back as the shortest exact decimal (trailing
 *   fractional zeros dropped), so every database gives the same string for the same number.
 */
export class NumericType extends SqlType<string> {
  readonly kind = "numeric" as const;
  constructor(
    readonly precision?: number,
    readonly scale?: number,
  ) {
    super();
    if (precision !== undefined && !(Number.isSafeInteger(precision) && precision > 0))
      throw new ArgumentError(`Numeric precision must be a positive integer, not ${precision}`);
    if (scale !== undefined) {
      if (precision === undefined) throw new ArgumentError("Numeric scale needs a precision: Numeric(p, s)");
      if (!(Number.isSafeInteger(scale) && scale >= 0 && scale <= precision))
        throw new ArgumentError(
          `Numeric scale must be an integer from 0 to the precision (${precision}), not ${scale}`,
        );
    }
  }
  /** The scale the column has: the declared one, 0 for `Numeric(p)`, undefined for `Numeric()`. */
  get effectiveScale(): number | undefined {
    return this.scale ?? (this.precision === undefined ? undefined : 0);
  }
  toString(): string {
    return this.precision === undefined
      ? "Numeric"
      : `Numeric(${this.precision}${this.scale === undefined ? "" : `, ${this.scale}`})`;
  }
  get cacheKey(): string {
    return `numeric(${this.precision ?? ""},${this.scale ?? ""})`;
  }
  bind(value: unknown): string {
    const s = toDecimalString(value);
    if (s === null) return fail(this, value, "not a finite decimal number");
    const scale = this.effectiveScale;
    if (scale !== undefined) {
      const dot = s.indexOf(".");
      if (dot >= 0 && !/^0*$/.test(s.slice(dot + 1 + scale)))
        return fail(this, value, `more than ${scale} fractional digits; the database would round it`);
    }
    return s;
  }
  result(value: unknown): string {
    const s = toDecimalString(value);
    if (s === null) return fail(this, value, "not a decimal");
    const scale = this.effectiveScale;
    return scale === undefined ? trimFraction(s) : withScale(s, scale);
  }
}

/** Drops trailing fractional zeros (and a bare point): `1.500` → `1.5`, `2.000` → `2`. */
function trimFraction(decimal: string): string {
  if (!decimal.includes(".")) return decimal;
  const out = decimal.replace(/\.?0+$/, "");
  return out === "-0" ? "0" : out;
}

/** Pads or checks a decimal string to `scale` fractional digits; never rounds silently. */
function withScale(decimal: string, scale: number): string {
  const dot = decimal.indexOf(".");
  const frac = dot < 0 ? "" : decimal.slice(dot + 1);
  if (frac.length === scale) return decimal;
  if (frac.length < scale)
    return (dot < 0 ? decimal + (scale > 0 ? "." : "") : decimal) + "0".repeat(scale - frac.length);
  // More digits than the scale: only trailing zeros may be dropped.
  const extra = frac.slice(scale);
  if (/^0*$/.test(extra)) return scale === 0 ? decimal.slice(0, dot) : decimal.slice(0, dot + 1 + scale);
  return decimal;
}

/** Floating point (`REAL`/`DOUBLE PRECISION`) → `number`. */
export class FloatType extends SqlType<number> {
  readonly kind = "float" as const;
  constructor(readonly precision?: number) {
    super();
    if (precision !== undefined && !(Number.isSafeInteger(precision) && precision >= 1 && precision <= 53))
      throw new ArgumentError(`Float precision is in binary digits, from 1 to 53, not ${precision}`);
  }
  toString(): string {
    return this.precision === undefined ? "Float" : `Float(${this.precision})`;
  }
  get cacheKey(): string {
    return `float(${this.precision ?? ""})`;
  }
  bind(value: unknown): number {
    if (typeof value === "number") return value;
    return fail(this, value, "expected a number");
  }
  result(value: unknown): number {
    if (typeof value === "number") return value;
    if (typeof value === "string" || typeof value === "bigint") {
      const n = Number(value);
      if (!Number.isNaN(n) || value === "NaN") return n;
    }
    return fail(this, value, "not a number");
  }
}

/** Boolean → `boolean` on every dialect (MySQL `TINYINT(1)`, SQLite integer 0/1). */
export class BooleanType extends SqlType<boolean> {
  readonly kind = "boolean" as const;
  toString(): string {
    return "Boolean";
  }
  get cacheKey(): string {
    return "boolean";
  }
  bind(value: unknown): boolean {
    if (typeof value === "boolean") return value;
    return fail(this, value, "expected true or false");
  }
  result(value: unknown): boolean {
    switch (value) {
      case true:
      case 1:
      case 1n:
      case "1":
      case "t":
      case "true":
        return true;
      case false:
      case 0:
      case 0n:
      case "0":
      case "f":
      case "false":
        return false;
      default:
        return fail(this, value, "not a boolean");
    }
  }
}

/** A declared length must be a positive integer. */
function checkLength(type: string, length: number | undefined): void {
  if (length !== undefined && !(Number.isSafeInteger(length) && length > 0))
    throw new ArgumentError(`${type} length must be a positive integer, not ${length}`);
}

/** Character data: `VARCHAR(n)` when `length` is given, `TEXT` for `Text()`. */
export class StringType extends SqlType<string> {
  readonly kind = "string" as const;
  constructor(
    readonly length?: number,
    readonly text = false,
  ) {
    super();
    checkLength("String", length);
  }
  toString(): string {
    return this.text ? "Text" : this.length === undefined ? "String" : `String(${this.length})`;
  }
  get cacheKey(): string {
    return `string(${this.length ?? ""},${this.text})`;
  }
  bind(value: unknown): string {
    if (typeof value === "string") return value;
    return fail(this, value, "expected a string");
  }
  result(value: unknown): string {
    if (typeof value === "string") return value;
    if (Buffer.isBuffer(value)) return value.toString("utf8");
    if (typeof value === "number" || typeof value === "bigint") return String(value);
    return fail(this, value, "not a string");
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC: how naive DATETIME values are written on every dialect. */
export function formatUtcNaive(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

const DATETIME_RE =
  /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i;

/** Years a DATETIME / DATE bind may have: what every database stores and reads back exactly as `YYYY-MM-DD`. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** Whether a `Date`'s UTC year is one every database's date columns hold exactly (0001–9999, as Python's datetime). */
export function inYearRange(d: Date): boolean {
  const y = d.getUTCFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

/** Why a bind value's `Date` (valid) cannot be stored, or undefined when it can. */
function yearProblem(d: Date): string | undefined {
  if (inYearRange(d)) return undefined;
  return `year ${d.getUTCFullYear()} is outside 0001–9999, the years every database stores exactly`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in a month (1–12) of a proleptic Gregorian year. */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number);
}

/** Year, month, day (and hour, minute, second when matched) name a real moment: nothing would roll over. */
function isCalendarDateTime(m: RegExpExecArray): boolean {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month)) return false;
  return Number(m[4] ?? 0) <= 23 && Number(m[5] ?? 0) <= 59 && Number(m[6] ?? 0) <= 59;
}

/**
 * Parses the timestamp strings the drivers return (`2024-03-10 02:30:00.123`, `...+05:30`, `...+00`).
 * A string without an offset is read as UTC (the naive-UTC rule). Sub-millisecond digits must be zero:
 * a JS Date holds milliseconds, and dropping digits would be silent precision loss. With `exact` (bind
 * values), a field out of range (`2021-02-31`, `24:00`) is refused rather than rolled over, as is a year
 * outside 0001–9999.
 */
export function parseTimestamp(s: string, exact = false): Date | null {
  const m = DATETIME_RE.exec(s.trim());
  if (!m) return null;
  if (exact && !isCalendarDateTime(m)) return null;
  const frac = m[7] ?? "";
  if (frac.length > 3 && !/^0*$/.test(frac.slice(3))) return null;
  const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
  let t = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    ms,
  );
  const year = Number(m[1]);
  if (year < 100) {
    // Date.UTC maps years 0–99 to 1900–1999.
    const d = new Date(t);
    d.setUTCFullYear(year);
    t = d.getTime();
  }
  const off = m[8];
  if (off && off.toUpperCase() !== "Z") {
    const sign = off[0] === "-" ? -1 : 1;
    const digits = off.slice(1).replace(":", "");
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
    t -= sign * minutes * 60_000;
  }
  return new Date(t);
}

/**
 * Timestamp → `Date`, millisecond precision (the DDL declares 3 fractional digits).
 * Without `timezone` the column is naive and holds UTC wall-clock time on every dialect; with
 * `timezone: true` PostgreSQL uses `TIMESTAMP WITH TIME ZONE`, and the others store UTC as well.
 */
export class DateTimeType extends SqlType<Date> {
  readonly kind = "datetime" as const;
  constructor(readonly timezone = false) {
    super();
  }
  toString(): string {
    return this.timezone ? "DateTime({ timezone: true })" : "DateTime";
  }
  get cacheKey(): string {
    return `datetime(${this.timezone})`;
  }
  bind(value: unknown): Date {
    let d: Date | null = null;
    if (value instanceof Date) d = value;
    else if (typeof value === "string") d = parseTimestamp(value, true);
    if (d === null || Number.isNaN(d.getTime())) {
      return fail(
        this,
        value,
        "expected a valid Date or an ISO 8601 timestamp string naming a real date and time in years 0001–9999 (a day or hour out of range is refused, not rolled over)",
      );
    }
    const problem = yearProblem(d);
    return problem === undefined ? d : fail(this, value, problem);
  }
  result(value: unknown): Date {
    if (value instanceof Date) return value;
    if (typeof value === "string") {
      const d = parseTimestamp(value);
      if (d) return d;
      return fail(
        this,
        value,
        "not a timestamp, or it has sub-millisecond digits a JS Date cannot hold; declare the column with millisecond precision (TIMESTAMP(3) / DATETIME(3)), or read it with String() to keep every digit",
      );
    }
    return fail(this, value, "not a timestamp");
  }
}

const DATE_RE = /^(\d{4,})-(\d\d)-(\d\d)$/;

/**
 * Calendar date → `"YYYY-MM-DD"` string. A date has no time zone, so it is not turned into a `Date`
 * (which would shift by the host's offset); a `Date` given as a bind value contributes its UTC date.
 */
export class DateType extends SqlType<string> {
  readonly kind = "date" as const;
  toString(): string {
    return "Date";
  }
  get cacheKey(): string {
    return "date";
  }
  bind(value: unknown): string {
    if (value instanceof Date && !Number.isNaN(value.getTime())) {
      const problem = yearProblem(value);
      return problem === undefined ? formatUtcNaive(value).slice(0, 10) : fail(this, value, problem);
    }
    if (typeof value === "string") {
      const m = DATE_RE.exec(value);
      if (m && isCalendarDateTime(m)) return value;
    }
    return fail(
      this,
      value,
      "expected a Date or a 'YYYY-MM-DD' string naming a real date in years 0001–9999 (a day out of range is refused, not rolled over)",
    );
  }
  result(value: unknown): string {
    if (typeof value === "string") {
      const head = value.slice(0, 10);
      if (DATE_RE.test(head)) return head;
    }
    if (value instanceof Date) return formatUtcNaive(value).slice(0, 10);
    return fail(this, value, "not a date");
  }
}

const TIME_RE = /^\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?$/;

/** Time of day → `"HH:MM:SS[.ffffff]"` string. */
export class TimeType extends SqlType<string> {
  readonly kind = "time" as const;
  toString(): string {
    return "Time";
  }
  get cacheKey(): string {
    return "time";
  }
  bind(value: unknown): string {
    if (typeof value === "string" && TIME_RE.test(value)) return value;
    return fail(this, value, "expected an 'HH:MM[:SS[.ffffff]]' string");
  }
  result(value: unknown): string {
    if (typeof value === "string") return value;
    return fail(this, value, "not a time");
  }
}

/**
 * JSON → the parsed value. Binds are serialised with `JSON.stringify`; JS `null` is SQL NULL (there is
 * no separate JSON `null`). Values that JSON cannot represent (`undefined`, functions, bigint) are errors.
 */
export class JSONType<T = unknown> extends SqlType<T> {
  readonly kind = "json" as const;
  toString(): string {
    return "JSON";
  }
  get cacheKey(): string {
    return "json";
  }
  bind(value: unknown): string {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (e) {
      return fail(this, value, `JSON.stringify failed: ${(e as Error).message}`);
    }
    if (text === undefined) return fail(this, value, "JSON cannot represent it");
    return text;
  }
  result(value: unknown): T {
    if (typeof value === "string") return JSON.parse(value) as T;
    if (Buffer.isBuffer(value)) return JSON.parse(value.toString("utf8")) as T;
    return value as T;
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUID → lower-case canonical string (`uuid` on PostgreSQL, `CHAR(36)` elsewhere). */
export class UUIDType extends SqlType<string> {
  readonly kind = "uuid" as const;
  toString(): string {
    return "UUID";
  }
  get cacheKey(): string {
    return "uuid";
  }
  bind(value: unknown): string {
    if (typeof value === "string" && UUID_RE.test(value)) return value.toLowerCase();
    return fail(this, value, "expected a UUID string like 123e4567-e89b-12d3-a456-426614174000");
  }
  result(value: unknown): string {
    if (typeof value === "string") return value.toLowerCase();
    if (Buffer.isBuffer(value) && value.length === 16) {
      const h = value.toString("hex");
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    return fail(this, value, "not a UUID");
  }
}

/** Binary data → `Uint8Array` (drivers give Node `Buffer`s, which are `Uint8Array`s). */
export class LargeBinaryType extends SqlType<Uint8Array> {
  readonly kind = "binary" as const;
  constructor(readonly length?: number) {
    super();
    checkLength("LargeBinary", length);
  }
  toString(): string {
    return this.length === undefined ? "LargeBinary" : `LargeBinary(${this.length})`;
  }
  get cacheKey(): string {
    return `binary(${this.length ?? ""})`;
  }
  bind(value: unknown): Buffer {
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return fail(this, value, "expected a Uint8Array or Buffer");
  }
  result(value: unknown): Uint8Array {
    if (value instanceof Uint8Array) return value;
    if (typeof value === "string") return Buffer.from(value, "binary");
    return fail(this, value, "not binary data");
  }
}

/** How a custom type converts between its JS value and the value of the type it is stored as. */
export interface CustomTypeOptions<T, I> {
  /** The type the database stores (e.g. `String(32)`). */
  readonly impl: SqlType<I>;
  /** A readable name for messages and DDL comments. */
  readonly name?: string;
  /**
   * The column type in DDL, verbatim, for a database type Athanor has no class for (`"inet"`, `"text[]"`,
   * `"SET('a','b')"`). PostgreSQL also casts bound values to it. Default: the impl's DDL.
   */
  readonly ddl?: string;
  /** JS value → the impl type's JS value. */
  readonly toDriver: (value: T) => I;
  /** The impl type's JS value → JS value. */
  readonly fromDriver: (value: I) => T;
}

/** A user-defined type stored as another type: Athanor's `TypeDecorator`. */
export class CustomType<T, I = unknown> extends SqlType<T> {
  readonly kind = "custom" as const;
  readonly impl: SqlType<I>;
  readonly #options: CustomTypeOptions<T, I>;
  constructor(options: CustomTypeOptions<T, I>) {
    super();
    this.impl = options.impl;
    this.#options = options;
  }
  toString(): string {
    return this.#options.name ?? `Custom(${this.impl.toString()})`;
  }
  /** The column type in DDL, verbatim, when given (see `CustomTypeOptions.ddl`). */
  get ddl(): string | undefined {
    return this.#options.ddl;
  }
  /** The DDL spelling and the impl's key (the name is for messages only; the codecs run per execution). */
  get cacheKey(): string {
    return `custom(${this.ddl === undefined ? "~" : JSON.stringify(this.ddl)},${this.impl.cacheKey})`;
  }
  /** JS value → canonical bind value of the impl type. */
  bind(value: unknown): unknown {
    return this.impl.bind(this.#options.toDriver(value as T));
  }
  result(value: unknown): T {
    return this.#options.fromDriver(this.impl.result(value));
  }
}

/**
 * The type a value is finally stored as: custom types unwrapped to their innermost impl.
 *
 * ```ts
 * storedType(customType({ impl: String(32), toDriver: String, fromDriver: (v) => v })); // String(32)
 * ```
 */
export function storedType(type: SqlType): SqlType {
  let t: SqlType = type;
  while (t instanceof CustomType) t = t.impl as SqlType;
  return t;
}

/**
 * The database's own spelling a custom type declares (`ddl`), looking through custom types stored as
 * custom types (the outermost one that declares it); undefined when none does.
 *
 * ```ts
 * declaredDdl(customType({ impl: Text(), ddl: "inet", toDriver: String, fromDriver: String })); // "inet"
 * ```
 */
export function declaredDdl(type: SqlType): string | undefined {
  for (let t: SqlType = type; t instanceof CustomType; t = t.impl as SqlType) if (t.ddl !== undefined) return t.ddl;
  return undefined;
}
