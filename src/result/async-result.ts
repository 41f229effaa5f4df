/**
 * Streaming results: `AsyncResult` (rows), `AsyncScalarResult` and `AsyncMappingResult`, pulling decoded
 * rows from a server-side cursor at most `batchSize` at a time, so memory stays bounded whatever the size
 * of the result. The accessors and rules are those of the buffered `Result`, awaited.
 */

import { ArgumentError } from "../errors/errors.js";
import {
  checkSize,
  closedError,
  exactlyOne,
  firstOf,
  ItemPipe,
  mappingShape,
  oneOrNone,
  resolveColumn,
  rowShape,
  scalarShape,
  SKIP,
  type Shape,
} from "./pipeline.js";
import type { Row } from "./row.js";

/** What the engine gives a streaming result. */
export interface AsyncResultOptions {
  /** Column names, in column order. */
  readonly keys: readonly string[];
  /** Up to `count` more decoded rows (arrays in key order); `[]` once the cursor is exhausted. */
  readonly read: (count: number) => Promise<readonly (readonly unknown[])[]>;
  /** Releases the cursor (and the connection it holds); called exactly once. */
  readonly close: () => Promise<void>;
  /** Most rows requested from `read` at a time (default 1000). */
  readonly batchSize?: number | undefined;
}

/** The server-side cursor behind a streaming result and its views, with a buffer of at most one batch. */
class StreamCursor {
  readonly #read: (count: number) => Promise<readonly (readonly unknown[])[]>;
  readonly #closeSource: () => Promise<void>;
  readonly #batchSize: number;
  #buffer: readonly (readonly unknown[])[] = [];
  #pos = 0;
  #exhausted = false;
  #closed = false;
  /** The read in flight; concurrent callers wait for it instead of reading the cursor twice at once. */
  #reading: Promise<void> | undefined;
  /** The source's close, started once. */
  #released: Promise<void> | undefined;

  constructor(options: AsyncResultOptions) {
    const batchSize = options.batchSize ?? 1000;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ArgumentError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    this.#read = options.read;
    this.#closeSource = options.close;
    this.#batchSize = batchSize;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The next buffered raw row; undefined when the buffer is empty (then call `fill`). */
  next(): readonly unknown[] | undefined {
    if (this.#closed) throw closedError();
    return this.#pos < this.#buffer.length ? this.#buffer[this.#pos++] : undefined;
  }

  /**
   * Refills an empty buffer; false when the cursor is exhausted. `wanted` is how many rows the caller needs
   * at most: a read asks for that many when it is below the batch size (`first()` reads one row, not 1000).
   */
  async fill(wanted: number): Promise<boolean> {
    for (;;) {
      if (this.#closed) throw closedError();
      if (this.#pos < this.#buffer.length) return true;
      if (this.#exhausted) return false;
      this.#reading ??= this.#readBatch(Math.min(this.#batchSize, wanted)).finally(() => {
        this.#reading = undefined;
      });
      await this.#reading;
    }
  }

  async #readBatch(count: number): Promise<void> {
    let rows: readonly (readonly unknown[])[];
    try {
      rows = await this.#read(count);
    } catch (error) {
      // A failed read ends the result; the read's error is the one worth reporting, not the close's.
      this.#closed = true;
      this.#buffer = [];
      await this.#release().catch(() => undefined);
      throw error;
    }
    if (this.#closed) return; // closed while reading: close() releases the source
    if (rows.length === 0) {
      // Exhausted: release the cursor now (soft close); the result stays open and yields nothing more.
      this.#exhausted = true;
      this.#buffer = [];
      await this.#release();
    } else {
      this.#buffer = rows;
      this.#pos = 0;
    }
  }

  #release(): Promise<void> {
    // An async wrapper, so that a close() that throws synchronously still yields a rejected promise.
    this.#released ??= (async () => this.#closeSource())();
    return this.#released;
  }

  /** Closes the result and releases the source once; waits for a read in flight first. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#buffer = [];
    if (this.#reading !== undefined) await this.#reading.catch(() => undefined);
    await this.#release();
  }
}

/** Marks "no item in the buffer" in the fetch loops (an item itself may be null or undefined). */
const NONE: unique symbol = Symbol("none");

/** Internal: the cursor and pipe of a view, to derive another view over the same rows. */
let deriveView: <I, J>(view: AsyncView<I>, shape: Shape<J>) => [StreamCursor, ItemPipe<J>];

/**
 * The accessors every streaming view has, yielding items of type `I` (rows, scalars or mappings). Views are
 * made by `AsyncResult`; do not construct them directly.
 */
export abstract class AsyncView<I> implements AsyncIterable<I>, AsyncDisposable {
  readonly #cursor: StreamCursor;
  readonly #pipe: ItemPipe<I>;

  /** @internal */
  constructor(cursor: StreamCursor, pipe: ItemPipe<I>) {
    this.#cursor = cursor;
    this.#pipe = pipe;
  }

  static {
    deriveView = <I, J>(view: AsyncView<I>, shape: Shape<J>) => [
      view.#cursor,
      new ItemPipe(shape, view.#pipe.derivedStrategy()),
    ];
  }

  /** The next item from the buffer, without reading; NONE when the buffer is used up. */
  #nextBuffered(): I | typeof NONE {
    for (;;) {
      const values = this.#cursor.next();
      if (values === undefined) return NONE;
      const item = this.#pipe.pick(values);
      if (item !== SKIP) return item;
    }
  }

  /** Up to `count` items; `exact` reads no more rows than still needed (for accessors that close after). */
  async #take(count: number, exact = false): Promise<I[]> {
    const out: I[] = [];
    while (out.length < count) {
      const item = this.#nextBuffered();
      if (item !== NONE) out.push(item);
      else if (!(await this.#cursor.fill(exact ? count - out.length : Infinity))) break;
    }
    return out;
  }

  /** Reads up to `count` items, then closes the result (whatever happened). */
  async #takeAndClose(count: number): Promise<I[]> {
    try {
      return await this.#take(count, true);
    } finally {
      await this.close();
    }
  }

  /** True once the result is closed (by `close()`, `first()`, `one()`…, an early `break` or a failed read). */
  get closed(): boolean {
    return this.#cursor.closed;
  }

  /** The next item, or null when there are none left. */
  async fetchOne(): Promise<I | null> {
    return firstOf(await this.#take(1));
  }

  /**
   * The next `size` items (fewer at the end; `[]` once exhausted).
   *
   * ```ts
   * const rows = await result.fetchMany(100);
   * ```
   */
  async fetchMany(size: number): Promise<I[]> {
    checkSize(size, "fetchMany");
    return this.#take(size);
  }

  /** Every remaining item; `[]` when the result is exhausted. */
  async all(): Promise<I[]> {
    return this.#take(Infinity);
  }

  /** The first item or null, then closes the result. */
  async first(): Promise<I | null> {
    return firstOf(await this.#takeAndClose(1));
  }

  /**
   * Exactly one item, then closes the result; throws `NoResultFoundError` when there is none and
   * `MultipleResultsFoundError` when there are more.
   */
  async one(): Promise<I> {
    return exactlyOne(await this.#takeAndClose(2));
  }

  /** One item or null, then closes the result; throws `MultipleResultsFoundError` when there are more. */
  async oneOrNone(): Promise<I | null> {
    return oneOrNone(await this.#takeAndClose(2));
  }

  /**
   * Arrays of up to `size` items until the result is exhausted (the last one may be shorter). Breaking out
   * early closes the result.
   *
   * ```ts
   * for await (const batch of result.partitions(500)) await send(batch);
   * ```
   */
  partitions(size: number): AsyncGenerator<I[], void, undefined> {
    checkSize(size, "partitions");
    return this.#partitions(size);
  }

  async *#partitions(size: number): AsyncGenerator<I[], void, undefined> {
    let finished = false;
    try {
      for (;;) {
        const part = await this.#take(size);
        if (part.length === 0) break;
        yield part;
      }
      finished = true;
    } finally {
      if (!finished) await this.close();
    }
  }

  /**
   * Deduplicates the items this view yields from now on (see `Result.unique`). Returns this view.
   *
   * ```ts
   * const projects = await result.unique().scalars().all();
   * ```
   */
  unique(keyOf?: (item: I) => unknown): this {
    this.#pipe.setUnique(keyOf);
    return this;
  }

  /** Closes the result and releases its cursor; idempotent. Further fetches throw `ResourceClosedError`. */
  close(): Promise<void> {
    return this.#cursor.close();
  }

  /** `await using result = ...` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * `for await (const row of result)`: the remaining items, read a batch at a time. Breaking out early (or
   * an error in the loop) closes the result, releasing the cursor.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<I, void, undefined> {
    let finished = false;
    try {
      for (;;) {
        const item = this.#nextBuffered();
        if (item !== NONE) yield item;
        else if (!(await this.#cursor.fill(Infinity))) break;
      }
      finished = true;
    } finally {
      if (!finished) await this.close();
    }
  }
}

/**
 * A streaming statement result (server-side cursor), returned by `conn.stream(...)`. `T` is the tuple of
 * column types and `N` the object of named columns. Close it, consume it fully, or use `await using`: until
 * then it holds its connection.
 *
 * ```ts
 * await using result = await conn.stream(select(events));
 * for await (const row of result) handle(row.id, row.payload);
 * ```
 */
export class AsyncResult<
  T extends readonly unknown[] = unknown[],
  N extends object = Record<string, unknown>,
> extends AsyncView<Row<T, N>> {
  readonly #keys: readonly string[];

  constructor(options: AsyncResultOptions) {
    const keys = Object.freeze([...options.keys]);
    super(new StreamCursor(options), new ItemPipe(rowShape(keys) as Shape<Row<T, N>>));
    this.#keys = keys;
  }

  /** The column names, in order. */
  keys(): readonly Extract<keyof N, string>[] {
    return this.#keys as readonly Extract<keyof N, string>[];
  }

  /** The first column of the first row, or null; closes the result. */
  async scalar(): Promise<T[0] | null> {
    return this.scalars().first();
  }

  /** The first column of exactly one row (see `one()`); closes the result. */
  async scalarOne(): Promise<T[0]> {
    return this.scalars().one();
  }

  /** The first column of one row, or null (see `oneOrNone()`); closes the result. */
  async scalarOneOrNone(): Promise<T[0] | null> {
    return this.scalars().oneOrNone();
  }

  /**
   * A view yielding one column's values (the first by default; an index or a column name), reading the
   * same cursor.
   *
   * ```ts
   * for await (const id of result.scalars()) ids.add(id);
   * ```
   */
  scalars(): AsyncScalarResult<T[0]>;
  scalars<I extends number>(index: I): AsyncScalarResult<T[I]>;
  scalars<K extends keyof N & string>(name: K): AsyncScalarResult<N[K]>;
  scalars(column: number | string = 0): AsyncScalarResult<unknown> {
    const [cursor, pipe] = deriveView(this, scalarShape(resolveColumn(this.#keys, column)));
    return new AsyncScalarResult(cursor, pipe);
  }

  /** A view yielding plain objects of names → values; throws `InvalidRequestError` for duplicate names. */
  mappings(): AsyncMappingResult<N> {
    const [cursor, pipe] = deriveView(this, mappingShape(this.#keys) as unknown as Shape<N>);
    return new AsyncMappingResult(cursor, pipe);
  }
}

/** Values of one column of an `AsyncResult` (see `AsyncResult.scalars()`), with the same accessors. */
export class AsyncScalarResult<V> extends AsyncView<V> {}

/** Rows of an `AsyncResult` as plain objects (see `AsyncResult.mappings()`), with the same accessors. */
export class AsyncMappingResult<M extends object> extends AsyncView<M> {}
