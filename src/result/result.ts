/**
 * Buffered results: `Result` (rows), `ScalarResult` (one column's values) and `MappingResult` (plain
 * objects), with SQLAlchemy 2.0's accessors. A result is consumed like a cursor: an item handed out is not
 * handed out again, and views made with `scalars()` / `mappings()` read the same rows as their result.
 */

import { ArgumentError, InvalidRequestError } from "../errors/errors.js";
import {
  checkSize,
  closedError,
  exactlyOne,
  firstOf,
  ItemPipe,
  mappingShape,
  noRowsError,
  oneOrNone,
  resolveColumn,
  rowShape,
  scalarShape,
  SKIP,
  type Shape,
} from "./pipeline.js";
import type { Row } from "./row.js";

/** What the engine gives a buffered result. */
export interface ResultOptions {
  /** Column names, in column order; empty for a statement that returns no rows. */
  readonly keys: readonly string[];
  /** Decoded rows, each an array in key order. The result keeps (does not copy) and never modifies them. */
  readonly rows: readonly (readonly unknown[])[];
  /** Rows matched by an UPDATE/DELETE, inserted by an INSERT, or returned; `-1` (the default) when unknown. */
  readonly rowcount?: number | null | undefined;
  /** The driver's last inserted row id, when it reports one (MySQL, SQLite). */
  readonly lastrowid?: number | bigint | undefined;
  /** Primary key values of the row an `insert()` created. */
  readonly insertedPrimaryKey?: readonly unknown[] | undefined;
  /** Primary key values of each row an `insert()` created, in parameter order. */
  readonly insertedPrimaryKeys?: readonly (readonly unknown[])[] | undefined;
}

/** Where a buffered view reads raw value arrays from. */
interface RowSource {
  readonly keys: readonly string[];
  readonly closed: boolean;
  /** The next raw row; undefined when exhausted. */
  next(): readonly unknown[] | undefined;
  close(): void;
}

/** The rows of one buffered result, shared by the result and every view derived from it. */
class BufferedCursor implements RowSource {
  readonly keys: readonly string[];
  #rows: readonly (readonly unknown[])[];
  #pos = 0;
  #closed: boolean;
  readonly #returnsRows: boolean;

  constructor(keys: readonly string[], rows: readonly (readonly unknown[])[]) {
    this.keys = keys;
    this.#rows = rows;
    this.#returnsRows = keys.length > 0;
    this.#closed = !this.#returnsRows;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The next raw row; undefined when exhausted. */
  next(): readonly unknown[] | undefined {
    if (this.#closed) throw this.#returnsRows ? closedError() : noRowsError();
    return this.#pos < this.#rows.length ? this.#rows[this.#pos++] : undefined;
  }

  close(): void {
    this.#closed = true;
    this.#rows = []; // let the remaining rows be collected
  }
}

/** Some of the columns of another source, in a given order (`Result.columns()`), reading the same rows. */
class ProjectedSource implements RowSource {
  readonly keys: readonly string[];
  readonly #source: RowSource;
  readonly #indexes: readonly number[];

  constructor(source: RowSource, indexes: readonly number[]) {
    this.#source = source;
    this.#indexes = indexes;
    this.keys = Object.freeze(indexes.map((i) => source.keys[i] as string));
  }

  get closed(): boolean {
    return this.#source.closed;
  }

  next(): readonly unknown[] | undefined {
    const values = this.#source.next();
    if (values === undefined) return undefined;
    const indexes = this.#indexes;
    const out = new Array<unknown>(indexes.length);
    for (let i = 0; i < indexes.length; i++) out[i] = values[indexes[i] as number];
    return out;
  }

  close(): void {
    this.#source.close();
  }
}

/** Marks "no further item" in the fetch loops (an item itself may be null or undefined). */
const NONE: unique symbol = Symbol("none");

/** Internal: the cursor and pipe of a view, to derive another view over the same rows. */
let deriveView: <I, J>(view: SyncView<I>, shape: Shape<J>) => [RowSource, ItemPipe<J>];
/** Internal: the source and pipe of a view, to build a result over some of its columns. */
let viewSource: (view: SyncView<unknown>) => [RowSource, ItemPipe<unknown>];

/**
 * The accessors every buffered view has, yielding items of type `I` (rows, scalars or mappings). Views are
 * made by `Result`; do not construct them directly.
 */
export abstract class SyncView<I> implements Iterable<I>, AsyncIterable<I>, Disposable {
  readonly #cursor: RowSource;
  readonly #pipe: ItemPipe<I>;

  /** @internal */
  constructor(cursor: RowSource, pipe: ItemPipe<I>) {
    this.#cursor = cursor;
    this.#pipe = pipe;
  }

  static {
    deriveView = <I, J>(view: SyncView<I>, shape: Shape<J>) => [
      view.#cursor,
      new ItemPipe(shape, view.#pipe.derivedStrategy()),
    ];
    viewSource = (view) => [view.#cursor, view.#pipe];
  }

  #next(): I | typeof NONE {
    for (;;) {
      const values = this.#cursor.next();
      if (values === undefined) return NONE;
      const item = this.#pipe.pick(values);
      if (item !== SKIP) return item;
    }
  }

  #take(count: number): I[] {
    const out: I[] = [];
    while (out.length < count) {
      const item = this.#next();
      if (item === NONE) break;
      out.push(item);
    }
    return out;
  }

  /** Reads up to `count` items, then closes the result (whatever happened). */
  #takeAndClose(count: number): I[] {
    try {
      return this.#take(count);
    } finally {
      this.close();
    }
  }

  /** True once the result is closed (by `close()`, `first()`, `one()`…, or because it returns no rows). */
  get closed(): boolean {
    return this.#cursor.closed;
  }

  /**
   * The next item, or null when there are none left.
   *
   * ```ts
   * const row = result.fetchOne(); // Row | null
   * ```
   */
  fetchOne(): I | null {
    const item = this.#next();
    return item === NONE ? null : item;
  }

  /**
   * The next `size` items (fewer at the end; `[]` once exhausted).
   *
   * ```ts
   * const rows = result.fetchMany(100);
   * ```
   */
  fetchMany(size: number): I[] {
    checkSize(size, "fetchMany");
    return this.#take(size);
  }

  /**
   * Every remaining item; `[]` when the result is exhausted.
   *
   * ```ts
   * const rows = result.all();
   * ```
   */
  all(): I[] {
    return this.#take(Infinity);
  }

  /**
   * The first item or null, then closes the result.
   *
   * ```ts
   * const row = (await conn.execute(select(users).orderBy(users.c.id))).first();
   * ```
   */
  first(): I | null {
    return firstOf(this.#takeAndClose(1));
  }

  /**
   * Exactly one item, then closes the result; throws `NoResultFoundError` when there is none and
   * `MultipleResultsFoundError` when there are more.
   *
   * ```ts
   * const user = (await conn.execute(select(users).where(users.c.id.eq(1)))).one();
   * ```
   */
  one(): I {
    return exactlyOne(this.#takeAndClose(2));
  }

  /** One item or null, then closes the result; throws `MultipleResultsFoundError` when there are more. */
  oneOrNone(): I | null {
    return oneOrNone(this.#takeAndClose(2));
  }

  /**
   * Arrays of up to `size` items until the result is exhausted (the last one may be shorter).
   *
   * ```ts
   * for (const batch of result.partitions(500)) await send(batch);
   * ```
   */
  partitions(size: number): Generator<I[], void, undefined> {
    checkSize(size, "partitions");
    return this.#partitions(size);
  }

  *#partitions(size: number): Generator<I[], void, undefined> {
    for (;;) {
      const part = this.#take(size);
      if (part.length === 0) return;
      yield part;
    }
  }

  /**
   * Deduplicates the items this view yields from now on, by value (Dates by time, bytes by content, bigint
   * and number by value, JSON by structure, other objects by identity) or by `keyOf(item)`. Returns this
   * view. Views made afterwards with `scalars()` / `mappings()` keep deduplicating, by their own items.
   *
   * ```ts
   * result.unique().scalars().all();
   * result.scalars().unique().all(); // the same
   * result.unique((row) => row.id).all();
   * ```
   */
  unique(keyOf?: (item: I) => unknown): this {
    this.#pipe.setUnique(keyOf);
    return this;
  }

  /** Closes the result: its remaining rows are dropped and further fetches throw `ResourceClosedError`. */
  close(): void {
    this.#cursor.close();
  }

  /** `using result = ...` closes it at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `for (const row of result)`: the remaining items. Breaking out early leaves the rest fetchable. */
  *[Symbol.iterator](): Generator<I, void, undefined> {
    for (;;) {
      const item = this.#next();
      if (item === NONE) return;
      yield item;
    }
  }

  /** `for await (const row of result)`, so that code reads buffered and streaming results alike. */
  async *[Symbol.asyncIterator](): AsyncGenerator<I, void, undefined> {
    yield* this[Symbol.iterator]();
  }
}

/** A column of a result, by position or by name (`Result.columns()`, `Result.scalars()`). */
export type ColumnRef<N extends object> = number | Extract<keyof N, string>;

/** The row tuple of `Result.columns(...refs)`: each reference's type, in the order given. */
export type ColumnsTuple<T extends readonly unknown[], N extends object, C extends readonly unknown[]> = {
  -readonly [I in keyof C]: C[I] extends number
    ? C[I] extends keyof T
      ? T[C[I]]
      : unknown
    : C[I] extends keyof N
      ? N[C[I]]
      : unknown;
};

/** The named columns of `Result.columns(...refs)`: those chosen by name (a position's name is not known to types). */
export type ColumnsNamed<N extends object, C extends readonly unknown[]> = {
  [K in Extract<C[number], Extract<keyof N, string>>]: N[K];
};

/** A result over another result's source (`columns()`); not part of `ResultOptions`. */
const FROM_SOURCE: unique symbol = Symbol("fromSource");
interface SourcedOptions extends ResultOptions {
  readonly [FROM_SOURCE]: { readonly source: RowSource; readonly unique: boolean };
}

/** Items of `tuples()`: the row's values array itself (each row is handed out once). */
const TUPLE_SHAPE: Shape<readonly unknown[]> = { make: (values) => values, column: undefined };

/**
 * A buffered statement result, returned by `conn.execute(...)`. `T` is the tuple of column types and `N` the
 * object of named columns; both default to untyped.
 *
 * ```ts
 * const stmt = select(users.c.id, users.c.name);
 * for (const row of await conn.execute(stmt)) console.log(row.id, row.name);
 * (await conn.execute(stmt)).scalars().all();  // number[]
 * (await conn.execute(stmt)).mappings().all(); // { id: number; name: string }[]
 * ```
 */
export class Result<
  T extends readonly unknown[] = unknown[],
  N extends object = Record<string, unknown>,
  K extends readonly unknown[] = readonly unknown[],
> extends SyncView<Row<T, N>> {
  readonly #keys: readonly string[];
  readonly #rowcount: number;
  readonly #lastrowid: number | bigint | undefined;
  readonly #insertedPrimaryKey: readonly unknown[] | undefined;
  readonly #insertedPrimaryKeys: readonly (readonly unknown[])[] | undefined;

  /** Prefer `Result.fromRows(...)`, which is typed. */
  constructor(options: ResultOptions) {
    const sourced = (options as Partial<SourcedOptions>)[FROM_SOURCE];
    const source = sourced?.source ?? new BufferedCursor(Object.freeze([...options.keys]), options.rows);
    const keys = source.keys;
    super(source, new ItemPipe(rowShape(keys) as Shape<Row<T, N>>, sourced?.unique ? { kind: "columns" } : undefined));
    this.#keys = keys;
    this.#rowcount = options.rowcount ?? -1;
    this.#lastrowid = options.lastrowid;
    this.#insertedPrimaryKey =
      options.insertedPrimaryKey === undefined ? undefined : Object.freeze([...options.insertedPrimaryKey]);
    this.#insertedPrimaryKeys = options.insertedPrimaryKeys;
  }

  /**
   * A result over rows you already have: for tests, and for plugins that produce rows themselves. `rows`
   * are arrays in `keys` order, kept (not copied) and never modified; the types are yours to state.
   *
   * ```ts
   * const result = Result.fromRows<[number, string], { id: number; name: string }>({
   *   keys: ["id", "name"],
   *   rows: [[1, "Ann"], [2, "Bo"]],
   * });
   * result.scalars("name").all(); // ["Ann", "Bo"]
   * ```
   */
  static fromRows<T extends readonly unknown[] = unknown[], N extends object = Record<string, unknown>>(
    options: ResultOptions,
  ): Result<T, N> {
    return new Result<T, N>(options);
  }

  /** The column names, in order. */
  keys(): readonly Extract<keyof N, string>[] {
    return this.#keys as readonly Extract<keyof N, string>[];
  }

  /** False for a statement that returns no rows (INSERT/UPDATE/DELETE without RETURNING, DDL). */
  get returnsRows(): boolean {
    return this.#keys.length > 0;
  }

  /** Rows matched (UPDATE/DELETE), inserted, or returned, as the driver reports it; -1 when unknown. */
  get rowcount(): number {
    return this.#rowcount;
  }

  /** The driver's last inserted row id (MySQL `insertId`, SQLite `lastInsertRowid`); undefined elsewhere. */
  get lastrowid(): number | bigint | undefined {
    return this.#lastrowid;
  }

  /**
   * The primary key of the row a single-row `insert()` created (server-generated values included).
   *
   * ```ts
   * const [id] = (await conn.execute(insert(users).values({ name: "Ann" }))).insertedPrimaryKey;
   * ```
   */
  get insertedPrimaryKey(): K {
    if (this.#insertedPrimaryKey === undefined) {
      throw new InvalidRequestError("insertedPrimaryKey is only available for insert() constructs");
    }
    return this.#insertedPrimaryKey as K;
  }

  /**
   * The primary key of every row an `insert()` created, one entry per parameter set in input order
   * (SQLAlchemy's `inserted_primary_key_rows`). Known when the client gave the keys, when the insert has
   * RETURNING, for a single row, and with `insert(t).returnPrimaryKeys()`.
   *
   * ```ts
   * const r = await conn.execute(insert(users).returnPrimaryKeys(), [{ name: "Ann" }, { name: "Bo" }]);
   * r.insertedPrimaryKeys; // [[1], [2]]
   * ```
   */
  get insertedPrimaryKeys(): readonly K[] {
    if (this.#insertedPrimaryKeys === undefined) {
      throw new InvalidRequestError(
        "insertedPrimaryKeys is only available for insert() constructs whose keys are known: the database " +
          "generates them here, so ask for them with insert(table).returnPrimaryKeys() (or add a RETURNING)",
      );
    }
    return this.#insertedPrimaryKeys as readonly K[];
  }

  /**
   * The first column of the first row, or null; closes the result.
   *
   * ```ts
   * const n = (await conn.execute(select(func.count(users.c.id)))).scalar(); // number | null
   * ```
   */
  scalar(): T[0] | null {
    return this.scalars().first();
  }

  /** The first column of exactly one row (see `one()`); closes the result. */
  scalarOne(): T[0] {
    return this.scalars().one();
  }

  /** The first column of one row, or null (see `oneOrNone()`); closes the result. */
  scalarOneOrNone(): T[0] | null {
    return this.scalars().oneOrNone();
  }

  /**
   * A view yielding one column's values (the first by default; an index or a column name), reading the
   * same rows as this result.
   *
   * ```ts
   * const names = result.scalars(1).all(); // string[]
   * ```
   */
  scalars(): ScalarResult<T[0]>;
  scalars<I extends number>(index: I): ScalarResult<T[I]>;
  scalars<K extends keyof N & string>(name: K): ScalarResult<N[K]>;
  scalars(column: number | string = 0): ScalarResult<unknown> {
    const [cursor, pipe] = deriveView(this, scalarShape(resolveColumn(this.#keys, column)));
    return new ScalarResult(cursor, pipe);
  }

  /**
   * A result over some of the columns, in the order given (by position or name; a column may repeat),
   * reading the same rows as this result (SQLAlchemy's `Result.columns()`). A result made `unique()` stays
   * unique by the chosen columns.
   *
   * ```ts
   * const result = await conn.execute(select(users.c.id, users.c.name, users.c.email));
   * for (const [email, id] of result.columns("email", 0)) send(email, id); // typed [string, number]
   * ```
   */
  columns<const C extends readonly ColumnRef<N>[]>(...columns: C): Result<ColumnsTuple<T, N, C>, ColumnsNamed<N, C>> {
    if (columns.length === 0) throw new ArgumentError("columns() needs at least one column position or name");
    const [source, pipe] = viewSource(this);
    const indexes = columns.map((column) => resolveColumn(this.#keys, column));
    const options: SourcedOptions = {
      keys: [],
      rows: [],
      rowcount: this.#rowcount,
      lastrowid: this.#lastrowid,
      insertedPrimaryKey: this.#insertedPrimaryKey,
      [FROM_SOURCE]: {
        // A statement without rows has no columns to choose: the result stays one that returns no rows.
        source: this.#keys.length === 0 ? source : new ProjectedSource(source, indexes),
        unique: pipe.derivedStrategy() !== undefined,
      },
    };
    return new Result(options);
  }

  /**
   * A view yielding each row's values as a plain readonly array typed as the row's tuple (SQLAlchemy's
   * `Result.tuples()`), reading the same rows as this result. Arrays have `map` and the other array methods,
   * which a `Row` does not.
   *
   * ```ts
   * const pairs = (await conn.execute(select(users.c.id, users.c.name))).tuples().all(); // (readonly [number, string])[]
   * ```
   */
  tuples(): TupleResult<Readonly<T>> {
    const [cursor, pipe] = deriveView(this, TUPLE_SHAPE as Shape<Readonly<T>>);
    return new TupleResult(cursor, pipe);
  }

  /**
   * A view yielding plain objects of names → values, reading the same rows as this result. Throws
   * `InvalidRequestError` when two columns share a name.
   *
   * ```ts
   * const users = result.mappings().all(); // { id: number; name: string }[]
   * ```
   */
  mappings(): MappingResult<N> {
    const [cursor, pipe] = deriveView(this, mappingShape(this.#keys) as unknown as Shape<N>);
    return new MappingResult(cursor, pipe);
  }
}

/**
 * Values of one column of a `Result` (see `Result.scalars()`), with the same accessors.
 *
 * ```ts
 * const ids: number[] = result.scalars().all();
 * ```
 */
export class ScalarResult<V> extends SyncView<V> {}

/**
 * Rows of a `Result` as plain readonly arrays (see `Result.tuples()`), with the same accessors.
 *
 * ```ts
 * const [id, name] = result.tuples().one();
 * ```
 */
export class TupleResult<T extends readonly unknown[]> extends SyncView<T> {}

/**
 * Rows of a `Result` as plain objects (see `Result.mappings()`), with the same accessors.
 *
 * ```ts
 * for (const { id, name } of result.mappings()) console.log(id, name);
 * ```
 */
export class MappingResult<M extends object> extends SyncView<M> {}
