/** Builders of the neutral reflection records the introspection tests compare with (plain values unless given). */

import type { ReflectedColumn, ReflectedForeignKey, ReflectedIndex, SqlType } from "../../src/index.js";

/** A column record: NOT NULL, no default, no autoincrement, not computed, no comment, unless `over` says. */
export function col(name: string, type: SqlType, over: Partial<ReflectedColumn> = {}): ReflectedColumn {
  return {
    name,
    type,
    nullable: false,
    default: undefined,
    autoincrement: false,
    computed: undefined,
    comment: undefined,
    ...over,
  };
}

/** A foreign key record in the same schema, with the default rules unless given. */
export function fk(
  name: string,
  columns: string[],
  referredTable: string,
  referredColumns: string[],
  over: Partial<ReflectedForeignKey> = {},
): ReflectedForeignKey {
  return {
    name,
    columns,
    referredSchema: undefined,
    referredTable,
    referredColumns,
    onDelete: undefined,
    onUpdate: undefined,
    ...over,
  };
}

/** A non-unique index on plain columns (`undefined` for an expression item), unless `over` says. */
export function ix(
  name: string,
  columns: ReflectedIndex["columns"],
  over: Partial<ReflectedIndex> = {},
): ReflectedIndex {
  return { name, unique: false, columns, expressions: undefined, where: undefined, ...over };
}
