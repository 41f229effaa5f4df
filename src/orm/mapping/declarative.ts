/**
 * `declarativeBase()`: a MetaData, a mapper registry and `Base.Model(tableName, defs)`, the class a model extends.
 *
 * ```ts
 * export const Base = declarativeBase({ naming: "snake_case" });
 *
 * @mapped
 * export class User extends Base.Model("users", {
 *   id: column(Integer()).primaryKey(),
 *   createdAt: column(DateTime()).serverDefault(func.now()), // created_at in the database
 * }) {}
 *
 * select(User.id).where(User.createdAt.lt(cutoff)); // SELECT users.id FROM users WHERE users.created_at < ?
 * ```
 */

import { clauseElement, statementPlugin } from "../../expr/index.js";
import { ColumnBuilder, type ColumnDefs, type Columns, MetaData, Table, type TableExtra } from "../../schema/index.js";
import { ArgumentError } from "../../errors/index.js";
import { ORM_PLUGIN } from "../plugin.js";
import { type Mapper, MapperRegistry, relationshipJoinTarget } from "./mapper.js";
import { MODEL_INFO, type ModelInfo } from "./model-info.js";
import type { ColumnDefsOf, ModelClass, ModelDefs } from "./model-types.js";
import { type AnyRelationshipDef, RelationshipDef } from "./relationship.js";
import { RelationshipAttribute } from "./relationship-attribute.js";
import { defineUnloadedAccessors } from "./unloaded.js";

/** How attribute keys become column names when a column does not name itself. */
export type NamingRule = "snake_case";

/** Options of `declarativeBase()`. */
export interface DeclarativeBaseOptions {
  /** `"snake_case"`: `createdAt` is stored as `created_at` (a column's own `{ name }` wins). */
  readonly naming?: NamingRule;
  /** The MetaData the models' tables go into (default: a new one). */
  readonly metadata?: MetaData;
}

/** Table options of a model (SQLAlchemy's `__table_args__`). */
export interface ModelOptions<C> {
  /** The table's schema. */
  readonly schema?: string;
  /** The table's comment. */
  readonly comment?: string;
  /** Indexes and constraints: `index(...)`, `uniqueConstraint(...)`, `checkConstraint(...)`, `primaryKeyConstraint(...)`… */
  readonly tableArgs?: readonly TableExtra<C>[];
}

/** What `declarativeBase()` returns. */
export interface DeclarativeBase {
  /** The MetaData holding every model's table (`Base.metadata.createAll(engine)`). */
  readonly metadata: MetaData;
  /** The mappers of the models mapped on this base. */
  readonly registry: MapperRegistry;
  /** The naming rule for column names. */
  readonly naming: NamingRule | undefined;
  /**
   * The class a model extends: creates the model's `Table` in `metadata` and types the class's statics (columns,
   * relationships) and instances. Decorate the subclass with `@mapped`.
   */
  Model<N extends string, D extends ModelDefs>(
    tableName: N,
    defs: D & { readonly prototype?: never },
    options?: ModelOptions<Columns<N, Extract<ColumnDefsOf<D>, ColumnDefs>>>,
  ): ModelClass<N, D>;
}

/**
 * A declarative base (SQLAlchemy's `DeclarativeBase`): one MetaData and one mapper registry for a set of models.
 *
 * ```ts
 * export const Base = declarativeBase({ naming: "snake_case" });
 * await Base.metadata.createAll(engine);
 * ```
 */
export function declarativeBase(options: DeclarativeBaseOptions = {}): DeclarativeBase {
  if (options.naming !== undefined && options.naming !== "snake_case")
    throw new ArgumentError(
      `declarativeBase(): naming must be "snake_case" or left out, got ${String(options.naming)}`,
    );
  const metadata = options.metadata ?? new MetaData();
  const registry = new MapperRegistry();
  const base: DeclarativeBase = {
    metadata,
    registry,
    naming: options.naming,
    Model<N extends string, D extends ModelDefs>(tableName: N, defs: D, modelOptions = {}): ModelClass<N, D> {
      return makeModel(base, tableName, defs, modelOptions) as unknown as ModelClass<N, D>;
    },
  };
  return Object.freeze(base);
}

/** `createdAt` → `created_at`, `HTTPStatus` → `http_status`. */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** Keys a model cannot define: a class's `prototype` cannot be replaced. */
const RESERVED = new Set(["prototype"]);

/** Builds the class `Base.Model(...)` returns. */
function makeModel(
  base: DeclarativeBase,
  tableName: string,
  defs: ModelDefs,
  options: ModelOptions<never>,
): abstract new (init?: object) => object {
  if (typeof defs !== "object" || defs === null)
    throw new ArgumentError(`Base.Model("${tableName}", defs): defs must be an object of columns and relationships`);
  const columnDefs: Record<string, ColumnBuilder> = {};
  const relationshipDefs = new Map<string, AnyRelationshipDef>();
  for (const [key, def] of Object.entries(defs)) {
    if (RESERVED.has(key))
      throw new ArgumentError(
        `Model '${tableName}': '${key}' cannot be a column or relationship key (every class has its own ${key}); name the attribute differently and give the column its name: column(type, { name: "${key}" })`,
      );
    if (def instanceof ColumnBuilder) {
      columnDefs[key] =
        base.naming === "snake_case" && def.spec.name === undefined
          ? new ColumnBuilder({ ...def.spec, name: snakeCase(key) })
          : def;
    } else if (def instanceof RelationshipDef) relationshipDefs.set(key, def);
    else
      throw new ArgumentError(
        `Model '${tableName}': '${key}' is neither a column(...) nor a relationship.one/many(...)`,
      );
  }
  const extras: TableExtra[] = [...((options.tableArgs ?? []) as readonly TableExtra[])];
  if (options.schema !== undefined || options.comment !== undefined)
    extras.push({
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      ...(options.comment !== undefined ? { comment: options.comment } : {}),
    });
  const table = new Table(tableName, base.metadata, columnDefs, ...extras);
  const columnKeys = Object.keys(columnDefs);
  const collectionKeys = [...relationshipDefs].filter(([, d]) => d.kind === "many").map(([k]) => k);
  const info: ModelInfo = {
    registry: base.registry,
    table,
    columnKeys,
    relationshipDefs,
    collectionKeys,
    keys: new Set([...columnKeys, ...relationshipDefs.keys()]),
  };

  class Model {
    constructor(init?: object) {
      // @mapped's probe for class fields that would overwrite columns: nothing to set.
      if (init === FIELD_PROBE) return;
      initialize(this, info, init);
    }
    static [clauseElement](): typeof table {
      return table;
    }
  }
  const statics: PropertyDescriptorMap = {
    [MODEL_INFO]: { value: info },
    [statementPlugin]: { value: ORM_PLUGIN },
  };
  for (const key of columnKeys) statics[key] = { value: table.c[key], enumerable: true, configurable: true };
  for (const key of relationshipDefs.keys())
    statics[key] = {
      value: new RelationshipAttribute(key, tableName, () => relationshipJoinTarget(mapperFor(Model, key), key)),
      enumerable: true,
      configurable: true,
    };
  Object.defineProperties(Model, statics);
  defineUnloadedAccessors(Model.prototype, tableName, relationshipDefs);
  return Model;
}

/** The mapper of the class that extends `model` (found through the registry, as `@mapped` made it). */
function mapperFor(model: object, key: string): Mapper {
  const info = (model as { [MODEL_INFO]: ModelInfo })[MODEL_INFO];
  const mapper = info.registry.mappers.find((m) => (m.class as { [MODEL_INFO]?: ModelInfo })[MODEL_INFO] === info);
  if (mapper) return mapper;
  throw new ArgumentError(
    `${info.table.name}.${key}: the class extending Base.Model("${info.table.name}", …) is not decorated with @mapped`,
  );
}

/** The argument `@mapped` constructs a model class with to see its class fields. */
export const FIELD_PROBE: object = Object.freeze({});

/** Sets a new object's attributes from the constructor's argument; collections start empty. */
function initialize(target: object, info: ModelInfo, init: object | undefined): void {
  const self = target as Record<string, unknown>;
  if (init !== undefined) {
    if (typeof init !== "object" || init === null)
      throw new ArgumentError(`new ${info.table.name} model: the argument must be an object of attribute values`);
    for (const key of Object.keys(init)) {
      if (!info.keys.has(key))
        throw new ArgumentError(
          `'${key}' is not a column or relationship of the '${info.table.name}' model; its attributes are ${[...info.keys].join(", ")}`,
        );
      self[key] = (init as Record<string, unknown>)[key];
    }
  }
  for (const key of info.collectionKeys) if (!Object.hasOwn(self, key)) self[key] = [];
}
