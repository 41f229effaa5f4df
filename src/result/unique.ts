/**
 * Value identity for `unique()`: rows and values are deduplicated by value, not by reference. Dates compare
 * by time, byte arrays by bytes, a bigint equals the number of the same value, plain objects and arrays
 * (decoded JSON) by structure with key order ignored; other objects (ORM entities) by identity.
 */

/** Assigns a stable number to each object compared by identity, so it can be part of a string key. */
class IdentityIds {
  readonly #ids = new WeakMap<object, number>();
  #next = 0;

  of(value: object): number {
    let id = this.#ids.get(value);
    if (id === undefined) this.#ids.set(value, (id = this.#next++));
    return id;
  }
}

/** True for decoded JSON containers: arrays and objects whose prototype is Object.prototype or null. */
function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The bytes of a Uint8Array (Buffers included) as a string; latin1 maps each byte to one char, losslessly. */
function bytesKey(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("latin1");
}

/**
 * A key for one value that is equal (SameValueZero, as `Set` compares) exactly when the values are equal in
 * the sense above. Non-primitive values become strings starting with NUL plus a tag; a string starting with
 * NUL is escaped with the tag `s`, so that no string can equal a non-string's key.
 */
function valueKey(value: unknown, ids: IdentityIds): unknown {
  switch (typeof value) {
    case "string":
      return value.charCodeAt(0) === 0 ? `\0s${value}` : value;
    case "bigint": {
      // A bigint that a number represents exactly has that number's key, so 5n equals 5.
      const n = Number(value);
      return Number.isFinite(n) && BigInt(n) === value ? n : value;
    }
    case "object":
      if (value === null) return null;
      if (value instanceof Date) return `\0d${value.getTime()}`;
      if (value instanceof Uint8Array) return `\0b${bytesKey(value)}`;
      if (isPlainContainer(value)) return `\0j${structureKey(value, ids)}`;
      return value;
    default:
      return value;
  }
}

/** An unambiguous encoding of a value key; concatenations of encodings are unambiguous too. */
function encodeKey(key: unknown, ids: IdentityIds): string {
  switch (typeof key) {
    case "number":
      return `n${key}`; // `${-0}` is "0": -0 and 0 are equal, as in a Set
    case "bigint":
      return `g${key}`;
    case "string":
      return JSON.stringify(key); // quoted and escaped: self-delimiting
    case "boolean":
      return key ? "t" : "f";
    case "undefined":
      return "u";
    case "object":
    case "function":
      return key === null ? "z" : `i${ids.of(key)}`;
    default:
      return `y${String(key)}`;
  }
}

/** A key for a plain array or object, recursively; object keys sorted so that key order does not matter. */
function structureKey(value: object, ids: IdentityIds): string {
  if (Array.isArray(value)) return `[${value.map((v: unknown) => encodeKey(valueKey(v, ids), ids)).join(",")}]`;
  const record = value as Record<string, unknown>;
  const parts = Object.keys(record)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${encodeKey(valueKey(record[k], ids), ids)}`);
  return `{${parts.join(",")}}`;
}

/** A key for several values together (a whole row). */
function valuesKey(values: readonly unknown[], ids: IdentityIds): unknown {
  if (values.length === 1) return valueKey(values[0], ids);
  let out = "";
  for (const v of values) out += `${encodeKey(valueKey(v, ids), ids)},`;
  return out;
}

/**
 * How a view computes the uniqueness key of one raw row: `columns` compares the values the view yields (one
 * column for a scalar view, all of them otherwise); `custom` applies a user key function to something built
 * from the raw values (the item the view yields, or the item of the view that `unique(fn)` was called on).
 */
export type UniqueStrategy =
  | { readonly kind: "columns" }
  | { readonly kind: "custom"; readonly keyOf: (values: readonly unknown[], item: unknown) => unknown };

/** Remembers the keys already seen by one view. */
export class UniqueFilter {
  readonly strategy: UniqueStrategy;
  readonly #column: number | undefined;
  readonly #seen = new Set<unknown>();
  readonly #ids = new IdentityIds();

  /** `column`: the one position a `columns` strategy compares (undefined: all of them). */
  constructor(strategy: UniqueStrategy, column: number | undefined) {
    this.strategy = strategy;
    this.#column = column;
  }

  /** True (and remembers the key) the first time a key is seen; false for a duplicate. */
  accept(values: readonly unknown[], item: unknown): boolean {
    let key: unknown;
    if (this.strategy.kind === "custom") key = valueKey(this.strategy.keyOf(values, item), this.#ids);
    else if (this.#column === undefined) key = valuesKey(values, this.#ids);
    else key = valueKey(values[this.#column], this.#ids);
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }
}
