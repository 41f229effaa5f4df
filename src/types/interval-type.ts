/**
 * `Interval`: a span of time, PostgreSQL's `INTERVAL` (the only one of the three databases with such a
 * column type). An interval is three independent fields, as PostgreSQL stores it: months, days and
 * microseconds. They do not convert into each other (a month is not 30 days, and a day is not 24 hours
 * across a DST change), so the JS value keeps them apart: an ISO 8601 duration string.
 */

import { fail } from "./fail.js";
import { SqlType, toDecimalString } from "./sql-type.js";

/** An interval's three fields, as PostgreSQL stores them. */
export interface IntervalFields {
  /** Whole months (years count 12); a 32-bit integer. */
  readonly months: number;
  /** Whole days (weeks count 7); a 32-bit integer. */
  readonly days: number;
  /** The time part in microseconds; a 64-bit integer. */
  readonly microseconds: bigint;
}

/**
 * A duration given by parts, e.g. `{ days: 1, hours: 2 }`. Every part is an integer except `seconds`,
 * which may have up to six fractional digits; parts may have different signs. A `Temporal.Duration`
 * has these properties and can be bound as is.
 */
export interface IntervalInput {
  readonly years?: number;
  readonly months?: number;
  readonly weeks?: number;
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
  readonly microseconds?: number | bigint;
  /** Must be whole microseconds (a multiple of 1000): PostgreSQL keeps no finer precision. */
  readonly nanoseconds?: number | bigint;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const MICROS = {
  hour: 3_600_000_000n,
  minute: 60_000_000n,
  second: 1_000_000n,
  millisecond: 1_000n,
  microsecond: 1n,
} as const;

/** The units an interval is written in. */
type Unit = "years" | "months" | "weeks" | "days" | "hours" | "minutes" | "seconds" | "milliseconds" | "microseconds";

/** Spellings PostgreSQL prints (`postgres` and `postgres_verbose` styles) and accepts, by unit. */
const UNIT_NAMES: Readonly<Record<string, Unit>> = {
  year: "years",
  years: "years",
  mon: "months",
  mons: "months",
  month: "months",
  months: "months",
  week: "weeks",
  weeks: "weeks",
  day: "days",
  days: "days",
  hour: "hours",
  hours: "hours",
  min: "minutes",
  mins: "minutes",
  minute: "minutes",
  minutes: "minutes",
  sec: "seconds",
  secs: "seconds",
  second: "seconds",
  seconds: "seconds",
  millisecond: "milliseconds",
  milliseconds: "milliseconds",
  microsecond: "microseconds",
  microseconds: "microseconds",
};

const INPUT_KEYS: ReadonlySet<string> = new Set([
  "years",
  "months",
  "weeks",
  "days",
  "hours",
  "minutes",
  "seconds",
  "milliseconds",
  "microseconds",
  "nanoseconds",
]);

/** Why a value was refused; turned into a DataError by the caller, which knows the type. */
class Refusal {
  constructor(readonly why: string) {}
}

/** Accumulates parts into the three fields, exactly (bigint), refusing what PostgreSQL cannot hold. */
class Accumulator {
  months = 0n;
  days = 0n;
  micros = 0n;

  /** Adds `amount` (a decimal string) of `unit`; only seconds may have a fraction, of up to 6 digits. */
  add(unit: Unit, amount: string): void {
    const m = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(amount);
    if (!m) throw new Refusal(`${amount} is not a number of ${unit}`);
    const negative = m[1] === "-";
    const whole = BigInt(m[2] ?? "0");
    const frac = (m[3] ?? "").replace(/0+$/, "");
    if (frac !== "" && unit !== "seconds")
      throw new Refusal(`${unit} must be whole (only seconds take a fraction): ${amount}`);
    if (frac.length > 6) throw new Refusal(`${amount} seconds has sub-microsecond digits; PostgreSQL would round them`);
    let micro = 0n;
    let calendar = 0n;
    switch (unit) {
      case "years":
        calendar = whole * 12n;
        break;
      case "months":
        calendar = whole;
        break;
      case "weeks":
      case "days":
        this.days += (negative ? -whole : whole) * (unit === "weeks" ? 7n : 1n);
        return;
      case "hours":
        micro = whole * MICROS.hour;
        break;
      case "minutes":
        micro = whole * MICROS.minute;
        break;
      case "seconds":
        micro = whole * MICROS.second + BigInt(frac.padEnd(6, "0") || "0");
        break;
      case "milliseconds":
        micro = whole * MICROS.millisecond;
        break;
      case "microseconds":
        micro = whole;
        break;
    }
    if (negative) {
      micro = -micro;
      calendar = -calendar;
    }
    this.months += calendar;
    this.micros += micro;
  }

  /** The fields, or a refusal when one is out of PostgreSQL's range. */
  fields(negate = false): IntervalFields {
    const sign = negate ? -1n : 1n;
    const months = this.months * sign;
    const days = this.days * sign;
    const micros = this.micros * sign;
    for (const [name, v] of [
      ["months", months],
      ["days", days],
    ] as const) {
      if (v < BigInt(INT32_MIN) || v > BigInt(INT32_MAX)) throw new Refusal(`${name} out of the 32-bit range`);
    }
    if (micros < INT64_MIN || micros > INT64_MAX) throw new Refusal("time part out of the 64-bit microsecond range");
    return { months: Number(months), days: Number(days), microseconds: micros };
  }
}

// `P1Y2M3W4DT5H6M7.5S`, each part optionally signed (PostgreSQL's `iso_8601` output), or the whole
// duration signed (`-P1D`, ISO 8601-2 and Temporal).
// Fractions are matched on every part so that the refusal can say which part must be whole.
const ISO_NUM = String.raw`([+-]?\d+(?:[.,]\d+)?)`;
const ISO_RE = new RegExp(
  `^([+-])?P(?:${ISO_NUM}Y)?(?:${ISO_NUM}M)?(?:${ISO_NUM}W)?(?:${ISO_NUM}D)?(?:T(?:${ISO_NUM}H)?(?:${ISO_NUM}M)?(?:${ISO_NUM}S)?)?$`,
  "i",
);
const ISO_UNITS: readonly Unit[] = ["years", "months", "weeks", "days", "hours", "minutes", "seconds"];

/** `[+-]H+:MM[:SS[.ffffff]]`: the time part of PostgreSQL's `postgres` style. */
const CLOCK_RE = /^([+-]?)(\d+):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?$/;
const NUMBER_RE = /^[+-]?\d+(?:[.,]\d+)?$/;

function parseIso(text: string): IntervalFields | null {
  const m = ISO_RE.exec(text);
  // "P", "PT" and "P1DT" match the pattern but are not durations.
  if (!m || /^[+-]?PT?$/i.test(text) || /T$/i.test(text)) return null;
  const acc = new Accumulator();
  ISO_UNITS.forEach((unit, i) => {
    const amount = m[i + 2];
    if (amount !== undefined) acc.add(unit, amount);
  });
  return acc.fields(m[1] === "-");
}

/**
 * PostgreSQL's `postgres` style (`1 year 2 mons -3 days +04:05:06.5`) and `postgres_verbose` style
 * (`@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs ago`), which are also what PostgreSQL accepts as input.
 */
function parseVerbose(text: string): IntervalFields | null {
  const tokens = text.trim().toLowerCase().split(/\s+/);
  if (tokens[0] === "@") tokens.shift();
  const ago = tokens[tokens.length - 1] === "ago";
  if (ago) tokens.pop();
  if (tokens.length === 0) return null;
  const acc = new Accumulator();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const clock = CLOCK_RE.exec(token);
    if (clock) {
      const sign = clock[1] === "-" ? "-" : "";
      acc.add("hours", sign + (clock[2] ?? "0"));
      acc.add("minutes", sign + (clock[3] ?? "0"));
      acc.add("seconds", `${sign}${clock[4] ?? "0"}${clock[5] === undefined ? "" : `.${clock[5]}`}`);
      continue;
    }
    const unit = UNIT_NAMES[tokens[i + 1] ?? ""];
    if (!NUMBER_RE.test(token) || unit === undefined) return null;
    acc.add(unit, token);
    i++;
  }
  return acc.fields(ago);
}

/** Reads the parts of an `IntervalInput` object (or a `Temporal.Duration`). */
function fromInput(input: object): IntervalFields {
  for (const key of Object.keys(input)) {
    if (!INPUT_KEYS.has(key)) throw new Refusal(`unknown interval part "${key}"; use ${[...INPUT_KEYS].join(", ")}`);
  }
  const parts = input as IntervalInput;
  const acc = new Accumulator();
  for (const unit of ISO_UNITS.concat(["milliseconds", "microseconds"])) {
    const v: unknown = parts[unit];
    if (v === undefined || v === 0 || v === 0n) continue;
    const amount = typeof v === "number" || typeof v === "bigint" ? toDecimalString(v) : null;
    if (amount === null) throw new Refusal(`${unit} must be a finite number`);
    acc.add(unit, amount);
  }
  const ns: unknown = parts.nanoseconds;
  if (ns !== undefined && ns !== 0 && ns !== 0n) {
    const n = typeof ns === "bigint" ? ns : typeof ns === "number" && Number.isSafeInteger(ns) ? BigInt(ns) : null;
    if (n === null || n % 1000n !== 0n)
      throw new Refusal("nanoseconds must be whole microseconds: PostgreSQL keeps no finer precision");
    acc.add("microseconds", String(n / 1000n));
  }
  return acc.fields();
}

/**
 * The three fields of an interval given as an ISO 8601 duration (`P1DT2H`, `P-1M2D`, `-PT30M`), as
 * PostgreSQL interval text (`1 day 02:00:00`, `@ 3 mins ago`) or as parts (`{ days: 1, hours: 2 }`).
 * Refuses (with a reason) what is not an interval or does not fit PostgreSQL's fields.
 */
function toFields(value: unknown): IntervalFields | Refusal {
  try {
    if (typeof value === "string") {
      const text = value.trim();
      const fields = /^[+-]?P/i.test(text) ? parseIso(text) : parseVerbose(text);
      if (fields) return fields;
      return new Refusal(
        "not an ISO 8601 duration (P1Y2M3DT4H5M6.5S) or PostgreSQL interval text; the sql_standard IntervalStyle is not read, use postgres or iso_8601",
      );
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date))
      return fromInput(value);
    return new Refusal("expected an ISO 8601 duration string or an object of parts such as { days: 1, hours: 2 }");
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
}

/**
 * Formats fields the way PostgreSQL's `iso_8601` IntervalStyle prints them: years and months from the
 * months, days, then hours, minutes and seconds from the microseconds (hours are not carried into days),
 * each part with its own sign, zero parts left out, and `PT0S` for zero.
 */
export function formatInterval(fields: IntervalFields): string {
  const years = Math.trunc(fields.months / 12);
  const months = fields.months % 12;
  let out = "P";
  if (years !== 0) out += `${years}Y`;
  if (months !== 0) out += `${months}M`;
  if (fields.days !== 0) out += `${fields.days}D`;
  const us = fields.microseconds;
  if (us !== 0n) {
    const hours = us / MICROS.hour;
    const minutes = (us % MICROS.hour) / MICROS.minute;
    const rest = us % MICROS.minute;
    out += "T";
    if (hours !== 0n) out += `${hours}H`;
    if (minutes !== 0n) out += `${minutes}M`;
    if (rest !== 0n) {
      const abs = rest < 0n ? -rest : rest;
      const frac = String(abs % MICROS.second)
        .padStart(6, "0")
        .replace(/0+$/, "");
      out += `${rest < 0n ? "-" : ""}${abs / MICROS.second}${frac === "" ? "" : `.${frac}`}S`;
    }
  }
  return out === "P" ? "PT0S" : out;
}

/**
 * The months / days / microseconds of an interval value (any form `Interval().bind` takes), for
 * arithmetic; throws a DataError for anything else.
 *
 * ```ts
 * intervalFields("P1Y2M3DT4H"); // { months: 14, days: 3, microseconds: 14400000000n }
 * ```
 */
export function intervalFields(value: string | IntervalInput): IntervalFields {
  const fields = toFields(value);
  if (fields instanceof Refusal) return fail("Interval", value, fields.why);
  return fields;
}

/**
 * Time span `INTERVAL` → ISO 8601 duration `string`, PostgreSQL only (the other dialects have no
 * interval column type: their type compilers throw NotSupportedError; see the `intervalType` capability).
 *
 * The JS value is the canonical ISO 8601 form PostgreSQL's `iso_8601` IntervalStyle prints (see
 * `formatInterval`): `P1Y2M3DT4H5M6.5S`, `P-1DT2H`, `PT0S`. Equal intervals give equal strings, so `===`
 * compares them; `Temporal.Duration.from` reads any whose parts share one sign. Binds take that form, any
 * ISO 8601 duration (`-P1D`, `P2W`), PostgreSQL interval text, or parts (`{ days: 1, hours: 2 }`, a
 * `Temporal.Duration`); sub-microsecond digits and fractions of units other than seconds are DataErrors,
 * as PostgreSQL would round them. Results read the `postgres`, `postgres_verbose` and `iso_8601` styles.
 *
 * ```ts
 * Interval().bind({ days: 1, hours: 2 }); // "P1DT2H"
 * Interval().result("-1 days +02:00:00"); // "P-1DT2H"
 * ```
 */
export class IntervalType extends SqlType<string> {
  readonly kind = "interval" as const;
  toString(): string {
    return "Interval";
  }
  get cacheKey(): string {
    return "interval";
  }
  bind(value: unknown): string {
    const fields = toFields(value);
    if (fields instanceof Refusal) return fail(this, value, fields.why);
    return formatInterval(fields);
  }
  result(value: unknown): string {
    const fields = toFields(value);
    if (fields instanceof Refusal) return fail(this, value, fields.why);
    return formatInterval(fields);
  }
}
