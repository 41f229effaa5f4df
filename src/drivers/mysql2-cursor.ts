/**
 * The mysql2 adapter's cursor: a result set streamed with backpressure.
 * @internal Used by `mysql2.ts` only.
 */

import { ArgumentError } from "../errors/index.js";
import type { DriverCursor, DriverField } from "../driver/driver.js";
import { fixFloats, floatColumns, type RawCommand, type RawConnection, toFields } from "./mysql2-values.js";

/** Rows a cursor buffers ahead of its reader before it pauses the connection. */
const CURSOR_HIGH_WATER = 256;

/** What a cursor reports back to its connection. */
export interface CursorHost {
  /** Registers a driver error (and notes a dead connection); returns it. */
  readonly failed: (error: Error) => Error;
  /** The cursor's command has ended: the connection is free again. */
  readonly finished: (cursor: Mysql2Cursor) => void;
}

/**
 * A streaming result: rows arrive as events of a mysql2 command and wait in a small buffer; the
 * connection is paused while the buffer is full, so memory stays bounded however many rows there are.
 * The protocol cannot abandon a result set, so closing early reads the rest and drops it.
 */
export class Mysql2Cursor implements DriverCursor {
  fields: readonly DriverField[] = [];
  readonly #conn: RawConnection;
  readonly #binary: boolean;
  readonly #host: CursorHost;
  readonly #ready: Promise<void>;
  #readyResolve!: () => void;
  #readyReject!: (error: Error) => void;
  #floats: readonly number[] = [];
  #buffer: unknown[][] = [];
  #want = 0;
  #paused = false;
  #gotFields = false;
  #done = false;
  #discard = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(conn: RawConnection, command: RawCommand, binary: boolean, host: CursorHost) {
    this.#conn = conn;
    this.#binary = binary;
    this.#host = host;
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#readyResolve = resolve;
      this.#readyReject = reject;
    });
    // Nobody may be awaiting `ready` when a late failure rejects it; the failure surfaces from `read`.
    this.#ready.catch(() => undefined);
    command.on("fields", (fields) => {
      // Later result sets (a CALL's trailing OK packet) are not part of the cursor.
      if (this.#gotFields) return;
      this.#gotFields = true;
      if (fields) {
        this.fields = toFields(fields);
        if (this.#binary) this.#floats = floatColumns(fields);
      }
      this.#readyResolve();
    });
    command.on("result", (row) => this.#push(row));
    command.on("error", (error) => this.fail(error));
    command.on("end", () => this.#finish());
  }

  /** Resolves once the fields are known; rejects if the statement failed first. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** True once the command has ended or failed. */
  get finished(): boolean {
    return this.#done;
  }

  #push(row: unknown): void {
    // Rows are arrays (`rowsAsArray`); the OK packet of a later result is not a row.
    if (this.#discard || !Array.isArray(row)) return;
    if (this.#floats.length > 0) fixFloats(row, this.#floats);
    this.#buffer.push(row);
    if (!this.#paused && this.#buffer.length >= Math.max(this.#want, CURSOR_HIGH_WATER)) {
      this.#paused = true;
      this.#conn.pause();
    }
    if (this.#wake && this.#buffer.length >= this.#want) this.#signal();
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #resume(): void {
    if (this.#paused) {
      this.#paused = false;
      this.#conn.resume();
    }
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#readyResolve();
    this.#host.finished(this);
    this.#signal();
  }

  /** Ends the cursor with an error (the statement failed, or the connection died under it). */
  fail(error: Error): void {
    this.#error ??= this.#host.failed(error);
    this.#readyReject(this.#error);
    this.#finish();
  }

  async read(count: number): Promise<unknown[][]> {
    if (!Number.isInteger(count) || count < 1)
      throw new ArgumentError(`Cursor read count must be a positive integer, got ${count}`);
    for (;;) {
      if (this.#error) throw this.#error;
      if (this.#buffer.length >= count || this.#done) {
        const buffer = this.#buffer;
        const rows = buffer.length <= count ? buffer : buffer.slice(0, count);
        this.#buffer = buffer.length <= count ? [] : buffer.slice(count);
        if (this.#buffer.length < CURSOR_HIGH_WATER) this.#resume();
        return rows;
      }
      this.#want = count;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#resume();
      });
    }
  }

  async close(): Promise<void> {
    this.#discard = true;
    this.#buffer = [];
    if (this.#done) return;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      this.#resume();
    });
  }
}
