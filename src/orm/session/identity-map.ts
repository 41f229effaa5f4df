/**
 * The identity map: one object per mapper and primary key within a session. Keys of one column are the column's
 * value; composite keys are joined into a string.
 */

import type { Mapper } from "../mapping/mapper.js";

/** The map key of a primary key's values. */
export function identityToken(values: readonly unknown[]): unknown {
  if (values.length === 1) return values[0];
  let out = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += (i ? "\u0000" : "") + (v instanceof Date ? v.toISOString() : String(v));
  }
  return out;
}

/** Objects by mapper and identity key. */
export class IdentityMap {
  readonly #byMapper = new Map<Mapper, Map<unknown, object>>();
  #size = 0;

  /** The object of `mapper` with primary key `key`, if present. */
  get(mapper: Mapper, key: readonly unknown[]): object | undefined {
    return this.#byMapper.get(mapper)?.get(identityToken(key));
  }

  /** The object with the given map token (see `identityToken`). */
  getByToken(mapper: Mapper, token: unknown): object | undefined {
    return this.#byMapper.get(mapper)?.get(token);
  }

  /** Adds an object under its key; returns the object already there instead, if any. */
  add(mapper: Mapper, key: readonly unknown[], object: object): object {
    let objects = this.#byMapper.get(mapper);
    if (!objects) this.#byMapper.set(mapper, (objects = new Map()));
    const token = identityToken(key);
    const present = objects.get(token);
    if (present) return present;
    objects.set(token, object);
    this.#size++;
    return object;
  }

  /** Removes the object under `key` (when it is `object`). */
  remove(mapper: Mapper, key: readonly unknown[], object: object): void {
    const objects = this.#byMapper.get(mapper);
    const token = identityToken(key);
    if (objects?.get(token) === object) {
      objects.delete(token);
      this.#size--;
    }
  }

  /** Every object in the map. */
  *values(): IterableIterator<object> {
    for (const objects of this.#byMapper.values()) yield* objects.values();
  }

  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#byMapper.clear();
    this.#size = 0;
  }
}
