/**
 * `Row`: one result row, tuple-like (`row[0]`, `[...row]`, `const [id, name] = row`) and with named access
 * (`row.name`) for every column. Column names win over every built-in member (`length`, `toJSON`,
 * `constructor`, `toString`…), so a row never has array methods such as `map`; use the free functions here
 * (`rowToArray`, `rowToObject`, `rowKeys`, `isRow`), which cannot collide with a column name.
 *
 * Implementation: one class per distinct key list (cached), whose prototype carries a getter per index and
 * per name reading the values array held by the instance, so creating a row is a single allocation.
 */

import { inspect, type InspectOptionsStylized } from "node:util";
import { InvalidRequestError } from "../errors/errors.js";
import { LRUCache } from "../util/lru.js";

/** Type-only brand carrying a row's tuple and name types (no such property exists at runtime). */
declare const rowTypes: unique symbol;

/** The phantom member through which helpers recover `T` and `N` from a row type. */
interface RowBrand<T extends readonly unknown[], N extends object> {
  readonly [rowTypes]: { readonly tuple: T; readonly named: N };
}

/** Every string-named member of a readonly array. */
type ArrayMemberName = Exclude<keyof ReadonlyArray<unknown>, number | symbol>;

/** Array members a row does not have at runtime; typed `never` so that calling one is a compile error. */
type MissingArrayMember = Exclude<
  keyof ReadonlyArray<unknown>,
  number | "length" | "toString" | "toLocaleString" | typeof Symbol.iterator
>;

/**
 * A row whose names do not collide with array members: typed as the readonly tuple (so destructuring and
 * `for (const [a, b] of result)` are typed per position) minus the array methods, plus the names.
 */
type TupleRow<T extends readonly unknown[], N extends object> = Readonly<T> & {
  readonly [K in MissingArrayMember]: never;
} & Readonly<N> &
  RowBrand<T, N>;

/** Index members of `T`: per position for a tuple, a number index for an array type. */
type IndexMembers<T extends readonly unknown[]> = number extends T["length"]
  ? { readonly [i: number]: T[number] }
  : { readonly [K in keyof T as K extends `${number}` ? K : never]: T[K] };

/**
 * A row with a column named like an array member (`length`, `map`, `keys`…): a plain object type, since the
 * tuple's member would conflict with the column's type.
 */
type ObjectRow<T extends readonly unknown[], N extends object> = IndexMembers<T> &
  Readonly<N> & {
    readonly length: "length" extends keyof N ? N["length"] : T["length"];
    [Symbol.iterator](): IterableIterator<T[number]>;
  } & RowBrand<T, N>;

/**
 * One result row: `T` is the tuple of column values, `N` the object of named columns.
 *
 * ```ts
 * const row = result.one(); // Row<[number, string], { id: number; name: string }>
 * row.name;                 // string
 * row[0];                   // number
 * const [id, name] = row;   // number, string
 * row.length;               // 2 (unless a column is named `length`: then its value)
 * rowToObject(row);         // { id: 1, name: "a" }
 * JSON.stringify(row);      // '{"id":1,"name":"a"}'
 * ```
 *
 * Index access wins over a column whose name is an index of the row (a column named `"0"`); every other
 * name wins over built-in members. A name given to two columns is ambiguous: reading it throws
 * `InvalidRequestError` (use labels, or index access). `[...row]` is typed `T[number][]`: use
 * `rowToArray(row)` for a copy typed as the tuple.
 */
export type Row<T extends readonly unknown[] = unknown[], N extends object = Record<string, unknown>> = [
  keyof N & ArrayMemberName,
] extends [never]
  ? TupleRow<T, N>
  : ObjectRow<T, N>;

/** Any row, whatever its types. */
export type AnyRow = RowBrand<readonly unknown[], object>;

/** The tuple type of a row type. */
export type RowTuple<R extends AnyRow> = R extends RowBrand<infer T extends readonly unknown[], object> ? T : never;

/** The named-columns type of a row type. */
export type RowNamed<R extends AnyRow> = R extends RowBrand<readonly unknown[], infer N extends object> ? N : never;

/** What a row class knows about its key list. */
interface RowMeta {
  readonly keys: readonly string[];
  /** Unambiguous name → index. */
  readonly index: ReadonlyMap<string, number>;
  /** Names given to more than one column. */
  readonly ambiguous: ReadonlySet<string>;
}

/** Constructs rows for one key list. */
export type RowClass = new (values: readonly unknown[]) => AnyRow;

/** Metadata per row-class prototype. */
const metas = new WeakMap<object, RowMeta>();

/** Getter for position `i`, shared by every row class (set in RowBase's static block: it reads `#values`). */
let indexGetter: (i: number) => () => unknown;
/** The values array of a row (set in RowBase's static block). */
let valuesOf: (row: object) => readonly unknown[];

/** Names whose built-in meaning must survive ambiguity: Promise resolution reads `then`, util.inspect reads `constructor`. */
const PROTOCOL_NAMES: ReadonlySet<string> = new Set(["then", "constructor"]);

/** The stand-in util.inspect formats for a row (its class name is what inspect prints). */
const DisplayRow = class Row {};

/** Base of every row class; holds the values. */
class RowBase {
  readonly #values: readonly unknown[];

  constructor(values: readonly unknown[]) {
    this.#values = values;
  }

  static {
    const getters: (() => unknown)[] = [];
    indexGetter = (i) =>
      (getters[i] ??= function (this: RowBase): unknown {
        return this.#values[i];
      });
    valuesOf = (row) => {
      if (!(#values in row)) throw new TypeError("Expected a Row");
      return (row as RowBase).#values;
    };
  }

  /** Number of columns; shadowed by a column named `length`. */
  get length(): number {
    return this.#values.length;
  }

  /** The values in column order: spread, destructuring and `for...of`. */
  [Symbol.iterator](): IterableIterator<unknown> {
    return this.#values[Symbol.iterator]();
  }

  /** `JSON.stringify(row)` gives the object of names → values; shadowed by a column named `toJSON`. */
  toJSON(): Record<string, unknown> {
    return toObject(this);
  }

  /** `${row}` and `String(row)` give the inspect form, even when columns named `toString` and `valueOf` shadow Object's. */
  [Symbol.toPrimitive](): string {
    return inspect(this, { breakLength: Infinity });
  }

  /** `Object.prototype.toString.call(row)` gives `[object Row]`. */
  get [Symbol.toStringTag](): string {
    return "Row";
  }

  /** `util.inspect(row)` gives `Row { id: 1, name: 'a' }`. */
  [inspect.custom](depth: number, options: InspectOptionsStylized, nested: typeof inspect): unknown {
    if (depth < 0) return options.stylize("[Row]", "special");
    const meta = metaOf(this);
    const values = this.#values;
    if (meta.ambiguous.size === 0) {
      // util.inspect formats a returned object in place (depth, indentation, colors, line breaking), so
      // hand it a stand-in whose class name is `Row` and whose own properties are the columns.
      const shown = new DisplayRow();
      meta.keys.forEach((key, i) => Object.defineProperty(shown, key, { value: values[i], enumerable: true }));
      return shown;
    }
    // Duplicate names cannot be keys of a stand-in object: list every column in order instead.
    const child = { ...options, depth: options.depth == null ? null : depth - 1 };
    const parts = meta.keys.map((key, i) => `${showKey(key)}: ${nested(values[i], child)}`);
    return `Row { ${parts.join(", ")} }`;
  }
}

/** A key as util.inspect shows object keys: bare when an identifier, quoted otherwise. */
function showKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : inspect(key);
}

/** The metadata of a row. */
function metaOf(row: object): RowMeta {
  const meta = metas.get(Object.getPrototypeOf(row) as object);
  if (meta === undefined) throw new TypeError("Expected a Row");
  return meta;
}

/** The error for reading an ambiguous name. */
export function ambiguousColumnError(name: string): InvalidRequestError {
  return new InvalidRequestError(`Ambiguous column name '${name}' in result set; use labels`);
}

/** Builds name → index and the set of ambiguous names for a key list. */
export function analyzeKeys(keys: readonly string[]): Pick<RowMeta, "index" | "ambiguous"> {
  const index = new Map<string, number>();
  const ambiguous = new Set<string>();
  keys.forEach((key, i) => {
    if (ambiguous.has(key)) return;
    if (index.has(key)) {
      index.delete(key);
      ambiguous.add(key);
    } else index.set(key, i);
  });
  return { index, ambiguous };
}

/** True when `name` is the canonical spelling of an index below `length` (index access wins there). */
function isIndexName(name: string, length: number): boolean {
  const n = Number(name);
  return Number.isInteger(n) && n >= 0 && n < length && String(n) === name;
}

/** Creates the row class for one key list. */
function defineRowClass(keys: readonly string[]): RowClass {
  const { index, ambiguous } = analyzeKeys(keys);
  const meta: RowMeta = { keys: Object.freeze([...keys]), index, ambiguous };
  // JSON.stringify only calls `toJSON` when it is a function; a column named `toJSON` shadows the method,
  // so rows of such a key list carry their names as own enumerable properties, which JSON.stringify reads.
  const ownNames = index.has("toJSON") ? [...index].filter(([name]) => !isIndexName(name, keys.length)) : [];
  const cls =
    ownNames.length === 0
      ? class Row extends RowBase {}
      : class Row extends RowBase {
          constructor(values: readonly unknown[]) {
            super(values);
            for (const [name, i] of ownNames) Object.defineProperty(this, name, { value: values[i], enumerable: true });
          }
        };
  const proto = cls.prototype as object;
  for (let i = 0; i < keys.length; i++) Object.defineProperty(proto, i, { get: indexGetter(i) });
  for (const [name, i] of index) {
    if (!isIndexName(name, keys.length))
      Object.defineProperty(proto, name, { get: indexGetter(i), configurable: true });
  }
  for (const name of ambiguous) {
    if (PROTOCOL_NAMES.has(name) || isIndexName(name, keys.length)) continue;
    Object.defineProperty(proto, name, {
      get(): never {
        throw ambiguousColumnError(name);
      },
      configurable: true,
    });
  }
  metas.set(proto, meta);
  return cls as unknown as RowClass;
}

/** Row classes by key list; a bounded cache, since ad-hoc queries can produce many key lists. */
const rowClasses = new LRUCache<string, RowClass>(500);

/**
 * The row class for a key list (cached): `new (rowClassFor(keys))(values)` makes a row over `values`,
 * which the row keeps (not copied) and never modifies.
 */
export function rowClassFor(keys: readonly string[]): RowClass {
  // JSON of the list: a separator-joined string could confuse ["a,b"] with ["a", "b"].
  const cacheKey = JSON.stringify(keys);
  let cls = rowClasses.get(cacheKey);
  if (cls === undefined) {
    cls = defineRowClass(keys);
    rowClasses.set(cacheKey, cls);
  }
  return cls;
}

/** Names → values of a row; throws for an ambiguous name. */
function toObject(row: object): Record<string, unknown> {
  const meta = metaOf(row);
  const first = meta.ambiguous.values().next();
  if (first.done !== true) throw ambiguousColumnError(first.value);
  const values = valuesOf(row);
  const out: Record<string, unknown> = {};
  meta.keys.forEach((key, i) => {
    // Assignment to `__proto__` would set the prototype instead of creating a key.
    if (key === "__proto__")
      Object.defineProperty(out, key, { value: values[i], enumerable: true, writable: true, configurable: true });
    else out[key] = values[i];
  });
  return out;
}

/**
 * A plain object of the row's names → values. Throws `InvalidRequestError` when two columns share a name.
 *
 * ```ts
 * rowToObject(row); // { id: 1, name: "a" }
 * ```
 */
export function rowToObject<R extends AnyRow>(row: R): RowNamed<R> {
  return toObject(row) as RowNamed<R>;
}

/**
 * A new array of the row's values, typed as its tuple.
 *
 * ```ts
 * const [id, name] = rowToArray(row); // [number, string]
 * ```
 */
export function rowToArray<R extends AnyRow>(row: R): [...RowTuple<R>] {
  return [...valuesOf(row)] as [...RowTuple<R>];
}

/**
 * The row's column names in order (duplicates included).
 *
 * ```ts
 * rowKeys(row); // ["id", "name"]
 * ```
 */
export function rowKeys<R extends AnyRow>(row: R): readonly Extract<keyof RowNamed<R>, string>[] {
  return metaOf(row).keys as readonly Extract<keyof RowNamed<R>, string>[];
}

/**
 * True when `value` is a row produced by a result.
 *
 * ```ts
 * if (isRow(value)) console.log(rowToObject(value));
 * ```
 */
export function isRow(value: unknown): value is Row {
  return value instanceof RowBase;
}
