/**
 * The UPDATE and DELETE parts of a flush: an UPDATE of the changed columns of each modified persistent object (by
 * its identity key), and a DELETE by primary key of each object marked deleted, children before parents (mappers in
 * reverse foreign-key order). A DELETE that finds no row is a StaleDataError.
 */

import type { Connection } from "../../engine/index.js";
import { StaleDataError } from "../../errors/index.js";
import { and } from "../../expr/index.js";
import { deleteFrom, update } from "../../query/index.js";
import type { Mapper } from "../mapping/mapper.js";
import { describe, modifiedKeys } from "../session/state.js";
import { insertOrder, type NewObject } from "./insert.js";

/** An object whose row was updated: its new identity key and column values. */
export interface Updated {
  readonly item: NewObject;
  readonly key: readonly unknown[];
  readonly values: unknown[];
}

/** The WHERE of one object's row: its primary key columns equal to its identity key. */
function whereKey(mapper: Mapper, key: readonly unknown[]) {
  return and(...mapper.primaryKey.map((c, i) => c.eq(key[i])));
}

/** UPDATEs the changed columns of modified objects (objects without changes are skipped). */
export async function updateDirty(connection: Connection, objects: readonly NewObject[]): Promise<Updated[]> {
  const done: Updated[] = [];
  for (const [mapper, group] of insertOrder(objects)) {
    for (const item of group) {
      const self = item.object as Record<string, unknown>;
      const changed = modifiedKeys(item.object, item.state);
      if (changed.length === 0) continue;
      const values: Record<string, unknown> = {};
      for (const k of changed) values[k] = self[k] === undefined ? null : self[k];
      await connection.execute(
        update(mapper.table)
          .where(whereKey(mapper, item.state.identityKey as readonly unknown[]))
          .values(values as never),
      );
      done.push({
        item,
        key: mapper.primaryKey.map((c) => self[c.key]),
        values: [...mapper.columns.keys()].map((k) => (self[k] === undefined ? null : self[k])),
      });
    }
  }
  return done;
}

/** DELETEs the rows of objects marked deleted, children's mappers first; a row already gone is a StaleDataError. */
export async function deleteMarked(connection: Connection, objects: readonly NewObject[]): Promise<void> {
  for (const [mapper, group] of insertOrder(objects).reverse()) {
    for (const { object, state } of group) {
      const result = await connection.execute(
        deleteFrom(mapper.table).where(whereKey(mapper, state.identityKey as readonly unknown[])),
      );
      if (result.rowcount !== 1)
        throw new StaleDataError(
          `DELETE of ${describe(object)} from '${mapper.table.name}' matched ${result.rowcount} rows instead of 1: the row was deleted (or its key changed) by someone else; roll back and reload it`,
        );
    }
  }
}
