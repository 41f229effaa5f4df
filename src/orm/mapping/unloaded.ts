/**
 * Relationship attributes not set on an object: on an object loaded from the database, reading one throws
 * `UnloadedRelationshipError` naming the loader option to use (Athanor does no IO on attribute access); on a new
 * object it is null (nothing was set, as SQLAlchemy's None). Setting one stores the value on the object as an own
 * property, which hides these accessors (new objects' collections and loaded relationships are own properties).
 */

import { UnloadedRelationshipError } from "../errors.js";
import { isLoaded } from "../session/state.js";
import { findMapper } from "./mapper-lookup.js";
import type { AnyRelationshipDef } from "./relationship.js";

/** Defines the accessors of a model's relationships on its prototype. */
export function defineUnloadedAccessors(
  prototype: object,
  tableName: string,
  defs: ReadonlyMap<string, AnyRelationshipDef>,
): void {
  for (const [key, def] of defs) {
    Object.defineProperty(prototype, key, {
      configurable: true,
      enumerable: false,
      get(this: object): null {
        if (!isLoaded(this)) return null;
        const className = findMapper(this)?.className ?? tableName;
        const loader = def.kind === "many" ? "selectinload" : "joinedload";
        throw new UnloadedRelationshipError(
          `${className}.${key} is not loaded (Athanor does no IO on attribute access): load it with the query, .options(${loader}(${className}.${key}))`,
        );
      },
      set(this: object, value: unknown): void {
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
}
