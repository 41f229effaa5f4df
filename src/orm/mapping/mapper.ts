/**
 * Mappers: one per mapped class (its table, columns, primary key and relationships), kept by the registry of the
 * declarative base that made the class. Relationships are resolved lazily, for every mapper of the registry at once,
 * the first time one is needed (SQLAlchemy's `configure_mappers()`), so classes may refer to classes defined later.
 *
 * ```ts
 * const m = mapperOf(User);
 * m.table.name;                          // "users"
 * m.relationship("projects").direction;  // "one-to-many"
 * ```
 */

import { JoinTarget } from "../../query/index.js";
import type { AnyColumn, AnyTable } from "../../schema/index.js";
import { MappingError } from "../errors.js";
import { resolveRelationship } from "./configure.js";
import type { Relationship, RelationshipDirection } from "./configured-relationship.js";
import type { ModelInfo } from "./model-info.js";
import type { AnyRelationshipDef } from "./relationship.js";

/** The mapping of one class: its table, columns by key, primary key and relationships. */
export class Mapper {
  /** The mapped class. */
  readonly class: abstract new (...args: never) => object;
  /** The class's name as written (its `name` static may be a column). */
  readonly className: string;
  readonly table: AnyTable;
  /** The mapped columns by attribute key. */
  readonly columns: ReadonlyMap<string, AnyColumn>;
  /** The primary key columns. */
  readonly primaryKey: readonly AnyColumn[];
  readonly registry: MapperRegistry;
  /** The relationship definitions as written, by key. */
  readonly relationshipDefs: ReadonlyMap<string, AnyRelationshipDef>;
  #relationships: ReadonlyMap<string, Relationship> | undefined;

  constructor(cls: abstract new (...args: never) => object, className: string, info: ModelInfo) {
    this.class = cls;
    this.className = className;
    this.table = info.table;
    this.columns = new Map(info.columnKeys.map((k) => [k, info.table.c[k] as AnyColumn]));
    this.primaryKey = info.table.primaryKey;
    this.registry = info.registry;
    this.relationshipDefs = info.relationshipDefs;
    if (this.primaryKey.length === 0)
      throw new MappingError(
        `${className} (table '${info.table.name}') has no primary key: mark a column .primaryKey() or pass a primaryKeyConstraint in tableArgs`,
      );
  }

  /** The relationships by key (configures the registry's mappers on first use). */
  get relationships(): ReadonlyMap<string, Relationship> {
    if (!this.#relationships) this.registry.configure();
    return this.#relationships as ReadonlyMap<string, Relationship>;
  }

  /** A relationship by key; a MappingError naming the class's relationships when there is none. */
  relationship(key: string): Relationship {
    const rel = this.relationships.get(key);
    if (!rel)
      throw new MappingError(
        `${this.className} has no relationship '${key}'; its relationships are ${[...this.relationships.keys()].join(", ") || "(none)"}`,
      );
    return rel;
  }

  /** @internal Set by the registry's configure step. */
  setRelationships(relationships: ReadonlyMap<string, Relationship>): void {
    this.#relationships = relationships;
  }

  /** True once the relationships are resolved. */
  get configured(): boolean {
    return this.#relationships !== undefined;
  }

  toString(): string {
    return `Mapper(${this.className})`;
  }
}

/** The mappers of one declarative base; configures their relationships together. */
export class MapperRegistry {
  readonly #mappers: Mapper[] = [];
  #configured = true;

  /** The registry's mappers, in mapping order. */
  get mappers(): readonly Mapper[] {
    return this.#mappers;
  }

  /** @internal Called by `@mapped`. */
  add(mapper: Mapper): void {
    this.#mappers.push(mapper);
    this.#configured = false;
  }

  /**
   * Resolves the relationships of every mapper not yet configured (SQLAlchemy's `configure_mappers()`): thunks,
   * directions, join columns, `backPopulates` pairs. Runs on first use; call it to surface mapping errors early.
   * A failure leaves the mappers unconfigured, so the next use reports it again.
   */
  configure(): void {
    if (this.#configured) return;
    const pending = this.#mappers.filter((m) => !m.configured);
    const resolved = new Map<Mapper, Map<string, Relationship>>();
    for (const mapper of pending) {
      const rels = new Map<string, Relationship>();
      for (const [key, def] of mapper.relationshipDefs) rels.set(key, resolveRelationship(mapper, key, def));
      resolved.set(mapper, rels);
    }
    const lookup = (m: Mapper): ReadonlyMap<string, Relationship> =>
      resolved.get(m) ?? (m.configured ? m.relationships : new Map());
    for (const rels of resolved.values()) for (const rel of rels.values()) linkBackPopulates(rel, lookup);
    for (const [mapper, rels] of resolved) mapper.setRelationships(rels);
    this.#configured = true;
  }
}

/** Checks a relationship's `backPopulates` against its counterpart and links the two. */
function linkBackPopulates(rel: Relationship, lookup: (m: Mapper) => ReadonlyMap<string, Relationship>): void {
  const name = rel.options.backPopulates;
  if (name === undefined) return;
  const other = lookup(rel.target).get(name);
  if (!other)
    throw new MappingError(
      `${String(rel)}: backPopulates "${name}", but ${rel.target.className} has no relationship "${name}"; add ${rel.target.className}.${name} = relationship.${rel.direction === "many-to-many" ? "many" : rel.direction === "one-to-many" ? "one" : "many"}(() => ${rel.parent.className}, { backPopulates: "${rel.key}" })`,
    );
  if (other.target !== rel.parent)
    throw new MappingError(
      `${String(rel)}: backPopulates "${name}", but ${String(other)} points at ${other.target.className}, not ${rel.parent.className}`,
    );
  if (other.options.backPopulates !== undefined && other.options.backPopulates !== rel.key)
    throw new MappingError(
      `${String(rel)}: backPopulates "${name}", but ${String(other)} has backPopulates "${other.options.backPopulates}"; the two must name each other`,
    );
  const expected = MIRROR[rel.direction];
  if (other.direction !== expected)
    throw new MappingError(
      `${String(rel)} is ${rel.direction} but its backPopulates ${String(other)} is ${other.direction}; the mirror of a ${rel.direction} relationship is ${expected}`,
    );
  rel.setBackPopulates(other);
}

const MIRROR: Readonly<Record<RelationshipDirection, RelationshipDirection>> = {
  "one-to-many": "many-to-one",
  "many-to-one": "one-to-many",
  "many-to-many": "many-to-many",
};

/** A relationship attribute's join target (configuring the mappers first). */
export function relationshipJoinTarget(mapper: Mapper, key: string): JoinTarget {
  const rel = mapper.relationship(key);
  if (rel.secondary)
    throw new MappingError(
      `${String(rel)} goes through the association table '${rel.secondary.name}': join it first (join(${rel.secondary.name}), then the target)`,
    );
  return new JoinTarget(rel.target.table, rel.joinCondition());
}
