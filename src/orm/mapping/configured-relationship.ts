/** A relationship after the configure step: target mapper, direction, join columns, cascades. */

import { and, type HasClauseElement, type SqlExpression } from "../../expr/index.js";
import type { AnyColumn, AnyTable } from "../../schema/index.js";
import type { Mapper } from "./mapper.js";
import type { RelationshipOptions } from "./relationship.js";

/** How a relationship's rows relate (SQLAlchemy's ONETOMANY / MANYTOONE / MANYTOMANY). */
export type RelationshipDirection = "one-to-many" | "many-to-one" | "many-to-many";

/** A cascade a relationship applies from parent to related objects. */
export type CascadeName = "save-update" | "merge" | "refresh-expire" | "expunge" | "delete" | "delete-orphan";

/** A column of one table paired with the column of the other that it joins on. */
export interface ColumnPair {
  /** The column on this side (for a many-to-many's `secondaryPairs`: the association table's). */
  readonly local: AnyColumn;
  /** The column on the other side. */
  readonly remote: AnyColumn;
}

/** A relationship after configuration: its target, direction, join columns and options. */
export class Relationship {
  /** The key on the parent class. */
  readonly key: string;
  readonly parent: Mapper;
  readonly target: Mapper;
  readonly direction: RelationshipDirection;
  /** True for a collection (`relationship.many`), false for one object. */
  readonly uselist: boolean;
  /**
   * The join columns between the parent's table and the next table (the target's, or the association table's for
   * a many-to-many): `local` on the parent side, `remote` on the other.
   */
  readonly pairs: readonly ColumnPair[];
  /** The association table of a many-to-many. */
  readonly secondary: AnyTable | undefined;
  /** For a many-to-many: association table columns (`local`) paired with the target's columns (`remote`). */
  readonly secondaryPairs: readonly ColumnPair[];
  /** The cascades, `"all"` expanded. */
  readonly cascade: ReadonlySet<CascadeName>;
  readonly options: RelationshipOptions;
  #backPopulates: Relationship | undefined;

  constructor(
    init: Omit<Relationship, "backPopulates" | "joinCondition" | "orderBy" | "toString" | "setBackPopulates">,
  ) {
    this.key = init.key;
    this.parent = init.parent;
    this.target = init.target;
    this.direction = init.direction;
    this.uselist = init.uselist;
    this.pairs = init.pairs;
    this.secondary = init.secondary;
    this.secondaryPairs = init.secondaryPairs;
    this.cascade = init.cascade;
    this.options = init.options;
  }

  /** The relationship on the target that mirrors this one (`backPopulates`). */
  get backPopulates(): Relationship | undefined {
    return this.#backPopulates;
  }

  /** @internal Set by the configure step. */
  setBackPopulates(other: Relationship): void {
    this.#backPopulates = other;
  }

  /** `parent.local = remote AND …`: the ON clause from the parent's table to the next one. */
  joinCondition(): SqlExpression<boolean> {
    return and(...this.pairs.map((p) => p.local.eq(p.remote as never)));
  }

  /** The collection's ORDER BY as loaded (`orderBy` resolved; empty when not given). */
  orderBy(): readonly (SqlExpression | HasClauseElement<SqlExpression>)[] {
    return this.options.orderBy?.() ?? [];
  }

  toString(): string {
    return `${this.parent.className}.${this.key}`;
  }
}
