/**
 * Athanor ORM (`athanor/orm`): declarative models on Core. A model is a class extending `Base.Model(tableName,
 * defs)` and decorated with `@mapped`; its statics are typed Core columns, its instances typed values.
 *
 * ```ts
 * import { Integer, String } from "athanor";
 * import { column, declarativeBase, mapped, relationship } from "athanor/orm";
 *
 * const Base = declarativeBase({ naming: "snake_case" });
 * @mapped
 * class User extends Base.Model("users", { id: column(Integer()).primaryKey(), name: column(String(100)) }) {}
 * ```
 */

export { column } from "../schema/index.js";
export {
  declarativeBase,
  snakeCase,
  type DeclarativeBase,
  type DeclarativeBaseOptions,
  type ModelOptions,
  type NamingRule,
} from "./mapping/declarative.js";
export { mapped } from "./mapping/mapped.js";
export { Mapper, MapperRegistry } from "./mapping/mapper.js";
export { mapperOf } from "./mapping/mapper-lookup.js";
export {
  Relationship,
  type CascadeName,
  type ColumnPair,
  type RelationshipDirection,
} from "./mapping/configured-relationship.js";
export {
  relationship,
  RelationshipDef,
  type AnyRelationshipDef,
  type ColumnRef,
  type LazyStrategy,
  type OneOptions,
  type RelationshipKind,
  type RelationshipOptions,
  type SecondaryRef,
} from "./mapping/relationship.js";
export { RelationshipAttribute } from "./mapping/relationship-attribute.js";
export type {
  CheckedModel,
  ColumnDefsOf,
  ModelClass,
  ModelDefs,
  ModelInit,
  ModelInstance,
  RequiredInitKeys,
} from "./mapping/model-types.js";
export {
  AmbiguousForeignKeysError,
  MappingError,
  NoForeignKeysError,
  PendingRollbackError,
  UnloadedRelationshipError,
  UnmappedClassError,
  UnmappedInstanceError,
} from "./errors.js";
export { InvalidRequestError } from "../errors/index.js";
export { AsyncSession, type MappedClass, type PrimaryKeyIdentity, type SessionOptions } from "./session/session.js";
export { sessionmaker, type SessionMaker } from "./session/sessionmaker.js";
export { inspect, type InstanceInfo, type InstanceStatus } from "./session/state.js";
export { ORM_PLUGIN } from "./plugin.js";
