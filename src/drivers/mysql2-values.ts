/**
 * The mysql2 adapter's view of mysql2 (structural types, so that the adapter does not depend on the
 * typings of one mysql2 version) and its value conversions between mysql2 and the driver seam.
 * @internal Used by `mysql2.ts` and `mysql2-cursor.ts` only.
 */

import type { DriverField, DriverResult } from "../driver/driver.js";

// ---------------------------------------------------------------------------------------------------
// The part of mysql2 the adapter uses (structural, so that the adapter does not depend on the typings
// of one mysql2 version)
// ---------------------------------------------------------------------------------------------------

/** A column definition as mysql2 reports it. */
export interface RawField {
  readonly name: string;
  readonly columnType: number;
  readonly columnLength: number;
  /** MariaDB extended metadata: `json` for a `JSON` column (MariaDB stores it as LONGTEXT). */
  readonly extendedFormat?: string | undefined;
}

/** The OK packet of a statement that returns no rows. */
export interface RawOk {
  readonly affectedRows: number | string;
  readonly insertId: number | string;
}

/** A command's callback: rows and fields for a result set, the OK packet otherwise. */
export type RawCallback = (error: Error | null, rows?: unknown, fields?: unknown) => void;

/** A command (query or prepared execution); without a callback it emits its rows as events. */
export interface RawCommand {
  on(event: "fields", listener: (fields: readonly RawField[] | undefined) => void): this;
  on(event: "result", listener: (row: unknown) => void): this;
  on(event: "error", listener: (error: Error) => void): this;
  on(event: "end", listener: () => void): this;
}

/** A mysql2 connection (`mysql2.createConnection`). */
export interface RawConnection {
  readonly threadId: number | null;
  readonly stream: {
    readonly destroyed: boolean;
    once(event: "close", listener: () => void): unknown;
  };
  connect(callback: (error: Error | null) => void): void;
  query(sql: string, callback: RawCallback): RawCommand;
  query(sql: string, values: readonly unknown[], callback: RawCallback): RawCommand;
  query(sql: string, values?: readonly unknown[]): RawCommand;
  execute(sql: string, values: readonly unknown[], callback: RawCallback): RawCommand;
  execute(sql: string, values: readonly unknown[]): RawCommand;
  ping(callback: (error: Error | null) => void): void;
  end(callback: (error?: Error | null) => void): void;
  destroy(): void;
  pause(): void;
  resume(): void;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** mysql2's typed-parameter factory for 64-bit integers (`mysql2.TypedParameter.LONGLONG`; older versions lack it). */
export interface LongLongFactory {
  (value: bigint): unknown;
  unsigned(value: bigint): unknown;
}

/** MySQL protocol column types the adapter itself looks at. */
export const TYPE_FLOAT = 4;
export const TYPE_JSON = 245;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// ---------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------

/**
 * The shortest decimal that is the same single-precision value. The binary protocol sends a `FLOAT`
 * column as its exact float32 (1.1 arrives as 1.100000023841858); this gives back `1.1`, what the text
 * protocol and PostgreSQL's `real` print, without changing the stored value.
 */
function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || Math.fround(value) !== value) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** The field list of a result set; MariaDB's `JSON` (sent as LONGTEXT) is reported as JSON. */
export function toFields(fields: readonly RawField[]): DriverField[] {
  return fields.map((f) => ({
    name: f.name,
    typeId: f.extendedFormat === "json" ? TYPE_JSON : f.columnType,
    length: f.columnLength,
  }));
}

/** Indexes of `FLOAT` columns, whose binary-protocol values need `shortestFloat32`. */
export function floatColumns(fields: readonly RawField[]): number[] {
  const out: number[] = [];
  fields.forEach((f, i) => {
    if (f.columnType === TYPE_FLOAT) out.push(i);
  });
  return out;
}

/** Applies `shortestFloat32` to the given columns of one row, in place. */
export function fixFloats(row: unknown[], columns: readonly number[]): void {
  for (const i of columns) {
    const v = row[i];
    if (typeof v === "number") row[i] = shortestFloat32(v);
  }
}

/** An OK packet's insert id as a number (or a bigint past 2^53); undefined when none was generated (0). */
function toInsertId(value: number | string): number | bigint | undefined {
  const n = Number(value);
  if (n === 0) return undefined;
  return Number.isSafeInteger(n) ? n : BigInt(value);
}

/**
 * Parameters for a prepared statement. With mysql2's typed parameters available, integers (safe
 * numbers and bigints) go as 64-bit integers, so that `LIMIT ?` works on MySQL 8 and a BIGINT column is
 * compared with an integer, never through doubles; without them a bigint goes as its decimal text.
 */
export function toWireParams(params: readonly unknown[], longlong: LongLongFactory | undefined): unknown[] {
  return params.map((v) => {
    if (typeof v === "bigint") {
      if (!longlong) return v.toString();
      if (v >= INT64_MIN && v <= INT64_MAX) return longlong(v);
      if (v > INT64_MAX && v <= UINT64_MAX) return longlong.unsigned(v);
      return v.toString();
    }
    // -0 is a float value (an integer parameter would make it 0).
    if (longlong && typeof v === "number" && Number.isSafeInteger(v) && !Object.is(v, -0)) return longlong(BigInt(v));
    return v;
  });
}

/** Turns a callback result into the seam's result. */
export function toResult(rows: unknown, rawFields: unknown, binary: boolean): DriverResult {
  let resultRows = rows;
  let fieldList = rawFields;
  // A CALL can produce several results (`rows`, `fields` are then lists of them): take the first result set.
  if (Array.isArray(rawFields) && rawFields.some((f) => f === undefined || Array.isArray(f))) {
    const index = rawFields.findIndex((f) => Array.isArray(f));
    resultRows = index >= 0 ? (rows as unknown[])[index] : (rows as unknown[]).at(-1);
    fieldList = index >= 0 ? rawFields[index] : undefined;
  }
  if (Array.isArray(resultRows) && Array.isArray(fieldList)) {
    const fields = fieldList as RawField[];
    const data = resultRows as unknown[][];
    if (binary) {
      const floats = floatColumns(fields);
      if (floats.length > 0) for (const row of data) fixFloats(row, floats);
    }
    return { fields: toFields(fields), rows: data, rowCount: data.length };
  }
  const ok = resultRows as RawOk | undefined;
  if (!ok || typeof ok !== "object") return { fields: [], rows: [], rowCount: null };
  return {
    fields: [],
    rows: [],
    rowCount: Number(ok.affectedRows),
    lastInsertId: toInsertId(ok.insertId),
  };
}
