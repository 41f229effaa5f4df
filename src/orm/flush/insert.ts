/**
 * The INSERT part of a flush: new objects grouped by mapper, mappers in foreign-key order (a table after the
 * tables it references), one executemany INSERT per mapper with `returnPrimaryKeys()` (rows matched to objects by
 * parameter order), client-side defaults written onto the objects first, and server-generated values (server
 * defaults, computed columns) read back with one SELECT by primary key per mapper and batch.
 */

import type { Connection } from "../../engine/index.js";
import { or, and } from "../../expr/index.js";
import { insert, select } from "../../query/index.js";
import type { AnyColumn } from "../../schema/index.js";
import { toposort } from "../../util/toposort.js";
import { foreignKeysOf } from "../mapping/configure.js";
import type { Relationship } from "../mapping/configured-relationship.js";
import type { Mapper } from "../mapping/mapper.js";
import type { InstanceState } from "../session/state.js";

/** Rows per SELECT that reads server-generated values back. */
const FETCH_BATCH = 500;

/** A new object and its state, as the session hands it to the flush. */
export interface NewObject {
  readonly object: object;
  readonly state: InstanceState;
}

/** What the INSERTs produced for one object: its primary key and the values of its columns. */
export interface Inserted {
  readonly object: object;
  readonly state: InstanceState;
  readonly key: readonly unknown[];
  readonly values: unknown[];
}

const dependencies = new WeakMap<Mapper, readonly AnyColumn[]>();
const manyToOnes = new WeakMap<Mapper, readonly Relationship[]>();

/**
 * Copies the primary key of the object a new object's many-to-one relationship points at into its foreign-key
 * columns (`new Project({ owner: ann })` gets `ownerId = ann.id`), for columns not set. The parent's row is
 * inserted first, so its generated key is known.
 */
function syncManyToOne(mapper: Mapper, self: Record<string, unknown>): void {
  let rels = manyToOnes.get(mapper);
  if (!rels) {
    rels = [...mapper.relationships.values()].filter((r) => r.direction === "many-to-one" && !r.options.viewonly);
    manyToOnes.set(mapper, rels);
  }
  for (const rel of rels) {
    if (!Object.hasOwn(self, rel.key)) continue;
    const parent = self[rel.key] as Record<string, unknown> | null | undefined;
    if (parent === null || parent === undefined) continue;
    for (const { local, remote } of rel.pairs) if (self[local.key] === undefined) self[local.key] = parent[remote.key];
  }
}

/** The columns a mapper's table references (through its foreign keys), other than its own. */
function referencedColumns(mapper: Mapper): readonly AnyColumn[] {
  let out = dependencies.get(mapper);
  if (!out) {
    out = foreignKeysOf(mapper.table).flatMap((fk) => fk.pairs.map((p) => p.referenced));
    dependencies.set(mapper, out);
  }
  return out;
}

/** The mappers of `objects` in the order their rows must be inserted, with their objects in add order. */
export function insertOrder(objects: readonly NewObject[]): [Mapper, NewObject[]][] {
  const groups = new Map<Mapper, NewObject[]>();
  for (const o of objects) {
    const group = groups.get(o.state.mapper);
    if (group) group.push(o);
    else groups.set(o.state.mapper, [o]);
  }
  if (groups.size === 1) return [...groups];
  const byTable = new Map<unknown, Mapper>([...groups.keys()].map((m) => [m.table, m] as const));
  const order = toposort(
    [...groups.keys()],
    (m) => {
      const deps: Mapper[] = [];
      for (const col of referencedColumns(m)) {
        const target = byTable.get(col.table);
        if (target && target !== m) deps.push(target);
      }
      return deps;
    },
    { name: (m) => m.className },
  );
  return order.map((m) => [m, groups.get(m) as NewObject[]]);
}

/**
 * INSERTs the rows of new objects in foreign-key order and writes generated values back onto the objects. The
 * states are not changed: the caller makes the objects persistent once the whole flush succeeded.
 */
export async function insertNew(connection: Connection, objects: readonly NewObject[]): Promise<Inserted[]> {
  const done: Inserted[] = [];
  for (const [mapper, group] of insertOrder(objects)) done.push(...(await insertGroup(connection, mapper, group)));
  return done;
}

/** One mapper's INSERT (executemany by shape) and the read-back of its server-generated values. */
async function insertGroup(connection: Connection, mapper: Mapper, group: readonly NewObject[]): Promise<Inserted[]> {
  const columns = [...mapper.columns];
  const rows = group.map(({ object }) => {
    const self = object as Record<string, unknown>;
    syncManyToOne(mapper, self);
    return rowOf(self, columns);
  });
  const result = await connection.execute(insert(mapper.table).returnPrimaryKeys(), rows);
  const keys = result.insertedPrimaryKeys as readonly (readonly unknown[])[];
  const pkKeys = mapper.primaryKey.map((c) => c.key);
  const fetch = new Set<AnyColumn>();
  const missing: number[] = [];
  group.forEach(({ object }, i) => {
    const self = object as Record<string, unknown>;
    const key = keys[i] as readonly unknown[];
    pkKeys.forEach((k, j) => {
      if (self[k] === undefined || self[k] === null) self[k] = key[j];
    });
    let needs = false;
    for (const [k, col] of columns) {
      if (self[k] !== undefined) continue;
      if (col.spec.serverDefault !== undefined || col.spec.computed !== undefined || col.spec.autoincrement === true) {
        fetch.add(col);
        needs = true;
      } else self[k] = null;
    }
    if (needs) missing.push(i);
  });
  if (fetch.size > 0)
    await fetchGenerated(
      connection,
      mapper,
      [...fetch],
      missing.map((i) => group[i] as NewObject),
    );
  return group.map(({ object, state }) => {
    const self = object as Record<string, unknown>;
    return {
      object,
      state,
      key: pkKeys.map((k) => self[k]),
      values: columns.map(([k]) => self[k]),
    };
  });
}

/** The INSERT parameters of an object: its set columns, client-side defaults applied (and written onto it). */
function rowOf(
  self: Record<string, unknown>,
  columns: readonly (readonly [string, AnyColumn])[],
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, col] of columns) {
    let value = self[key];
    if (value === undefined) {
      const d = col.spec.default;
      if (d === undefined) continue;
      value = "fn" in d ? d.fn() : d.value;
      self[key] = value;
    }
    row[key] = value;
  }
  return row;
}

/** Reads server-generated columns of inserted objects by primary key (batches of FETCH_BATCH). */
async function fetchGenerated(
  connection: Connection,
  mapper: Mapper,
  columns: readonly AnyColumn[],
  objects: readonly NewObject[],
): Promise<void> {
  const pk = mapper.primaryKey;
  for (let start = 0; start < objects.length; start += FETCH_BATCH) {
    const batch = objects.slice(start, start + FETCH_BATCH);
    const byKey = new Map<string, Record<string, unknown>>();
    for (const { object } of batch) {
      const self = object as Record<string, unknown>;
      byKey.set(keyString(pk.map((c) => self[c.key])), self);
    }
    const where =
      pk.length === 1
        ? (pk[0] as AnyColumn).in(
            batch.map(({ object }) => (object as Record<string, unknown>)[(pk[0] as AnyColumn).key]),
          )
        : or(...batch.map(({ object }) => and(...pk.map((c) => c.eq((object as Record<string, unknown>)[c.key])))));
    const rows = (await connection.execute(select(...pk, ...columns).where(where)))
      .tuples()
      .all() as readonly (readonly unknown[])[];
    for (const row of rows) {
      const self = byKey.get(keyString(row.slice(0, pk.length)));
      if (!self) continue;
      columns.forEach((c, i) => {
        if (self[c.key] === undefined) self[c.key] = row[pk.length + i];
      });
    }
  }
}

/** A primary key as a string, for matching rows to objects. */
function keyString(values: readonly unknown[]): string {
  return values.map((v) => (v instanceof Date ? v.toISOString() : String(v))).join("\u0000");
}
