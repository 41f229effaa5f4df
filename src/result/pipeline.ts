/**
 * What buffered and streaming results share: how raw value arrays become the items a view yields (rows,
 * scalars, mappings), uniqueness, the `one()` / `oneOrNone()` rules and argument checks. The sync and async
 * classes only differ in how they obtain the next raw row.
 */

import {
  ArgumentError,
  InvalidRequestError,
  MultipleResultsFoundError,
  NoResultFoundError,
  ResourceClosedError,
} from "../errors/errors.js";
import { ambiguousColumnError, analyzeKeys, rowClassFor, type AnyRow } from "./row.js";
import { UniqueFilter, type UniqueStrategy } from "./unique.js";

/** Returned by `ItemPipe.pick` for a row that uniqueness filtered out. */
export const SKIP: unique symbol = Symbol("skip");

/** How a view turns one raw value array into the item it yields. */
export interface Shape<I> {
  readonly make: (values: readonly unknown[]) => I;
  /** The one position the item is made of (scalar views), which is what default uniqueness compares. */
  readonly column: number | undefined;
}

/** Rows over `keys`. */
export function rowShape(keys: readonly string[]): Shape<AnyRow> {
  const RowClass = rowClassFor(keys);
  return { make: (values) => new RowClass(values), column: undefined };
}

/** The value at `column`. */
export function scalarShape(column: number): Shape<unknown> {
  return { make: (values) => values[column], column };
}

/** Plain objects of names → values; throws for ambiguous names (a plain object cannot hold both). */
export function mappingShape(keys: readonly string[]): Shape<Record<string, unknown>> {
  const { ambiguous } = analyzeKeys(keys);
  const first = ambiguous.values().next();
  if (first.done !== true) throw ambiguousColumnError(first.value);
  // Assigning to `__proto__` would set the prototype instead of creating a key.
  if (keys.includes("__proto__")) {
    return {
      make: (values) => {
        const out: Record<string, unknown> = {};
        keys.forEach((key, i) =>
          Object.defineProperty(out, key, { value: values[i], enumerable: true, writable: true, configurable: true }),
        );
        return out;
      },
      column: undefined,
    };
  }
  return {
    make: (values) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[keys[i]!] = values[i];
      return out;
    },
    column: undefined,
  };
}

/**
 * The position `scalars(indexOrName)` reads: an index in range, or an unambiguous column name. Results that
 * return no rows accept any index (fetching from them fails anyway).
 */
export function resolveColumn(keys: readonly string[], column: number | string): number {
  if (typeof column === "number") {
    if (!Number.isInteger(column) || column < 0 || (keys.length > 0 && column >= keys.length)) {
      throw new ArgumentError(`Column index ${column} is out of range for a result with ${keys.length} column(s)`);
    }
    return column;
  }
  const { index, ambiguous } = analyzeKeys(keys);
  if (ambiguous.has(column)) throw ambiguousColumnError(column);
  const i = index.get(column);
  if (i === undefined) throw new InvalidRequestError(`Could not locate column '${column}' in the result set`);
  return i;
}

/** The default strategy: compare the yielded values. */
const COLUMNS: UniqueStrategy = { kind: "columns" };

/** A view's shape plus its uniqueness filter: raw value arrays in, items (or SKIP) out. */
export class ItemPipe<I> {
  readonly #shape: Shape<I>;
  #unique: UniqueFilter | undefined;

  /** `inherited`: the uniqueness of the view this one derives from (`result.unique().scalars()`). */
  constructor(shape: Shape<I>, inherited?: UniqueStrategy) {
    this.#shape = shape;
    this.#unique = inherited === undefined ? undefined : new UniqueFilter(inherited, shape.column);
  }

  /** Turns uniqueness on, by value or by `keyOf(item)`; resets the keys seen so far. */
  setUnique(keyOf: ((item: I) => unknown) | undefined): void {
    const strategy: UniqueStrategy =
      keyOf === undefined ? COLUMNS : { kind: "custom", keyOf: (_values, item) => keyOf(item as I) };
    this.#unique = new UniqueFilter(strategy, this.#shape.column);
  }

  /** The item for `values`, or SKIP when it duplicates an earlier one. */
  pick(values: readonly unknown[]): I | typeof SKIP {
    const unique = this.#unique;
    if (unique === undefined) return this.#shape.make(values);
    if (unique.strategy.kind === "columns") {
      // Check before building, so that duplicates cost no allocation.
      return unique.accept(values, undefined) ? this.#shape.make(values) : SKIP;
    }
    const item = this.#shape.make(values);
    return unique.accept(values, item) ? item : SKIP;
  }

  /** The uniqueness a view derived from this one inherits (`unique().scalars()` = `scalars().unique()`). */
  derivedStrategy(): UniqueStrategy | undefined {
    const unique = this.#unique;
    if (unique === undefined || unique.strategy.kind === "columns") return unique?.strategy;
    // The key function expects this view's items: rebuild one from the raw values.
    const { keyOf } = unique.strategy;
    const make = this.#shape.make;
    return { kind: "custom", keyOf: (values) => keyOf(values, make(values)) };
  }
}

/** Checks a `fetchMany` / `partitions` size. */
export function checkSize(size: number, method: string): void {
  if (!Number.isInteger(size) || size < 1)
    throw new ArgumentError(`${method}() size must be a positive integer, got ${size}`);
}

/** The `one()` rule over the first (up to) two items. */
export function exactlyOne<I>(found: readonly I[]): I {
  if (found.length === 0) throw new NoResultFoundError("No row was found when one was required");
  if (found.length > 1) throw new MultipleResultsFoundError("Multiple rows were found when exactly one was required");
  return found[0] as I;
}

/** The `oneOrNone()` rule over the first (up to) two items. */
export function oneOrNone<I>(found: readonly I[]): I | null {
  if (found.length > 1) throw new MultipleResultsFoundError("Multiple rows were found when one or none was required");
  return found.length === 0 ? null : (found[0] as I);
}

/** The `first()` rule. */
export function firstOf<I>(found: readonly I[]): I | null {
  return found.length === 0 ? null : (found[0] as I);
}

/** The error for fetching from a closed result. */
export function closedError(): ResourceClosedError {
  return new ResourceClosedError("This result object is closed");
}

/** The error for fetching rows from a statement that returns none (INSERT without RETURNING, DDL…). */
export function noRowsError(): ResourceClosedError {
  return new ResourceClosedError("This result object does not return rows; it was closed automatically");
}
