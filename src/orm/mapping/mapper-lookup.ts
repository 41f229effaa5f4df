/** Mapped classes to their mappers: `mapperOf(User)`, `mapperOf(user)`. */

import { UnmappedClassError } from "../errors.js";
import type { Mapper } from "./mapper.js";

const byClass = new WeakMap<object, Mapper>();

/** @internal Registers a class's mapper (by `@mapped`). */
export function registerMapper(cls: object, mapper: Mapper): void {
  byClass.set(cls, mapper);
}

/** The mapper of a mapped class or of an object of one, or undefined. */
export function findMapper(classOrInstance: unknown): Mapper | undefined {
  if (typeof classOrInstance === "function") return byClass.get(classOrInstance);
  if (typeof classOrInstance === "object" && classOrInstance !== null)
    return byClass.get((Object.getPrototypeOf(classOrInstance) as { constructor: object }).constructor);
  return undefined;
}

/**
 * The mapper of a mapped class, or of an object of one (SQLAlchemy's `inspect(User)`); an UnmappedClassError
 * otherwise.
 *
 * ```ts
 * mapperOf(User).primaryKey; // [users.id]
 * ```
 */
export function mapperOf(classOrInstance: unknown): Mapper {
  const mapper = findMapper(classOrInstance);
  if (mapper) return mapper;
  const what =
    typeof classOrInstance === "function"
      ? `class ${(classOrInstance as { name?: unknown }).name as string}`
      : `${String(classOrInstance)}`;
  throw new UnmappedClassError(
    `${what} is not mapped: extend Base.Model(tableName, defs) and decorate the class with @mapped`,
  );
}
