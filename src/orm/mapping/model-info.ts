/** What `Base.Model(...)` records on the class it returns, for `@mapped` to build the mapper from. */

import type { AnyTable } from "../../schema/index.js";
import type { MapperRegistry } from "./mapper.js";
import type { AnyRelationshipDef } from "./relationship.js";

/** The static property (non-enumerable, inherited by the model class) holding a model's `ModelInfo`. */
export const MODEL_INFO: unique symbol = Symbol("athanor.orm.modelInfo");

/** A model's definitions as `Base.Model` split them. */
export interface ModelInfo {
  readonly registry: MapperRegistry;
  readonly table: AnyTable;
  /** Column attribute keys, in definition order. */
  readonly columnKeys: readonly string[];
  readonly relationshipDefs: ReadonlyMap<string, AnyRelationshipDef>;
  /** Relationship keys whose value is a collection. */
  readonly collectionKeys: readonly string[];
  /** Every key a constructor accepts. */
  readonly keys: ReadonlySet<string>;
}
