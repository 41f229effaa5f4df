/**
 * MySQL's `insert()`: Core's INSERT plus `ON DUPLICATE KEY UPDATE`, with the proposed row as
 * `stmt.inserted` (SQLAlchemy's `mysql.insert` and its `inserted`).
 *
 * ```ts
 * import { insert } from "athanor/mysql";
 * const stmt = insert(users).values({ id: 1, name: "Ann", logins: 1 });
 * await conn.execute(stmt.onDuplicateKeyUpdate({ name: stmt.inserted.name, logins: users.c.logins.add(1) }));
 * // INSERT INTO `users` (`id`, `name`, `logins`) VALUES (?, ?, ?)
 * //   ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `logins` = `users`.`logins` + ?
 * ```
 * The update applies when the row collides with any PRIMARY KEY or UNIQUE index (MySQL has no conflict
 * target). `inserted.col` is written `VALUES(col)`, which MySQL 8 and MariaDB both accept.
 */

import { node } from "../../ast/index.js";
import {
  insert as coreInsert,
  Insert,
  type NamedOf,
  type ProposedRow,
  proposedRow,
  type SelectItem,
  type TupleOf,
  type UpsertSet,
  upsertSet,
} from "../../query/index.js";
import type { ColumnDefs, Table } from "../../schema/index.js";

/** A MySQL INSERT, with `onDuplicateKeyUpdate()` and `inserted`. */
export class MySQLInsert<
  D extends ColumnDefs = ColumnDefs,
  T extends readonly unknown[] = [],
  N extends object = Record<string, never>,
> extends Insert<D, T, N> {
  /** The row proposed for insertion (`VALUES(col)`), for `onDuplicateKeyUpdate`. */
  get inserted(): ProposedRow<D> {
    return proposedRow<D>(this.state.table);
  }

  /**
   * `ON DUPLICATE KEY UPDATE col = value, …`: on a PRIMARY KEY / UNIQUE collision, update the existing
   * row instead. Values may be JS values, expressions, `inserted.col`, or `set` may be a function of
   * the inserted row.
   */
  onDuplicateKeyUpdate(set: UpsertSet<D>): this {
    return this.withState({
      upsert: node({
        kind: "upsert",
        form: "onDuplicateKey",
        action: "doUpdate",
        target: [],
        constraint: undefined,
        targetWhere: undefined,
        set: upsertSet(this.state.table, set),
        where: undefined,
      }),
    });
  }

  /** `RETURNING …` (MariaDB 10.5+; MySQL has none). */
  override returning<const I extends readonly SelectItem[]>(...items: I): MySQLInsert<D, TupleOf<I>, NamedOf<I>> {
    return new MySQLInsert<D, TupleOf<I>, NamedOf<I>>({ ...this.state, returning: items });
  }
}

/** Starts a MySQL INSERT into a table (Core's `insert()` plus ON DUPLICATE KEY UPDATE). */
export function insert<TName extends string, D extends ColumnDefs>(table: Table<TName, D>): MySQLInsert<D> {
  return new MySQLInsert<D>(coreInsert(table).state);
}
