/**
 * SQLite's `insert()`: Core's INSERT plus `ON CONFLICT … DO NOTHING | DO UPDATE` (SQLite 3.24+), with the
 * proposed row as `stmt.excluded` (SQLAlchemy's `sqlite.insert`).
 *
 * ```ts
 * import { insert } from "athanor/sqlite";
 * const stmt = insert(users).values({ id: 1, name: "Ann" });
 * await conn.execute(stmt.onConflictDoUpdate({ target: [users.c.id], set: { name: stmt.excluded.name } }));
 * // INSERT INTO "users" ("id", "name") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name"
 * await conn.execute(insert(users).values({ id: 1, name: "Ann" }).onConflictDoNothing());
 * // INSERT INTO "users" ("id", "name") VALUES (?, ?) ON CONFLICT DO NOTHING
 * ```
 * SQLite has no `ON CONFLICT ON CONSTRAINT`: name the unique index's columns. Without a target, DO UPDATE
 * applies to any uniqueness conflict (SQLite 3.35+).
 */

import {
  insert as coreInsert,
  type NamedOf,
  OnConflictInsert,
  type SelectItem,
  type TupleOf,
} from "../../query/index.js";
import type { ColumnDefs, Table } from "../../schema/index.js";

/** A SQLite INSERT, with `onConflictDoNothing()` / `onConflictDoUpdate()` and `excluded`. */
export class SqliteInsert<
  D extends ColumnDefs = ColumnDefs,
  T extends readonly unknown[] = [],
  N extends object = Record<string, never>,
> extends OnConflictInsert<D, T, N> {
  /** `RETURNING …` (SQLite 3.35+). */
  override returning<const I extends readonly SelectItem[]>(...items: I): SqliteInsert<D, TupleOf<I>, NamedOf<I>> {
    return new SqliteInsert<D, TupleOf<I>, NamedOf<I>>({ ...this.state, returning: items });
  }
}

/** Starts a SQLite INSERT into a table (Core's `insert()` plus ON CONFLICT). */
export function insert<TName extends string, D extends ColumnDefs>(table: Table<TName, D>): SqliteInsert<D> {
  return new SqliteInsert<D>(coreInsert(table).state);
}
