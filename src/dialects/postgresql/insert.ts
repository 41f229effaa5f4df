/**
 * PostgreSQL's `insert()`: Core's INSERT plus `ON CONFLICT … DO NOTHING | DO UPDATE`, with the proposed
 * row as `stmt.excluded` (SQLAlchemy's `postgresql.insert`).
 *
 * ```ts
 * import { insert } from "athanor/postgresql";
 * const stmt = insert(users).values({ id: 1, name: "Ann", logins: 1 });
 * await conn.execute(
 *   stmt.onConflictDoUpdate({
 *     target: [users.c.id],
 *     set: { name: stmt.excluded.name, logins: users.c.logins.add(1) },
 *     where: users.c.name.ne(stmt.excluded.name),
 *   }),
 * );
 * // INSERT INTO "users" ("id", "name", "logins") VALUES ($1, $2, $3)
 * //   ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "logins" = "users"."logins" + $4
 * //   WHERE "users"."name" <> excluded."name"
 * ```
 */

import { ArgumentError } from "../../errors/index.js";
import {
  insert as coreInsert,
  type NamedOf,
  type OnConflictDoNothingOptions,
  type OnConflictDoUpdateOptions,
  OnConflictInsert,
  type SelectItem,
  type TupleOf,
} from "../../query/index.js";
import type { ColumnDefs, Table } from "../../schema/index.js";

/** PostgreSQL's conflict target may also be a constraint's name: `ON CONFLICT ON CONSTRAINT name`. */
interface ConstraintTarget {
  /** The unique or exclusion constraint's name, instead of `target` columns. */
  readonly constraint?: string;
}

/** Options of PostgreSQL's `onConflictDoNothing()`. */
export type PostgreSQLOnConflictDoNothingOptions<D extends ColumnDefs> = OnConflictDoNothingOptions<D> &
  ConstraintTarget;

/** Options of PostgreSQL's `onConflictDoUpdate()` (`target` or `constraint` is required). */
export type PostgreSQLOnConflictDoUpdateOptions<D extends ColumnDefs> = OnConflictDoUpdateOptions<D> & ConstraintTarget;

/** A PostgreSQL INSERT, with `onConflictDoNothing()` / `onConflictDoUpdate()` and `excluded`. */
export class PostgreSQLInsert<
  D extends ColumnDefs = ColumnDefs,
  T extends readonly unknown[] = [],
  N extends object = Record<string, never>,
> extends OnConflictInsert<D, T, N> {
  /** `ON CONFLICT [(target) | ON CONSTRAINT name] DO NOTHING`. */
  override onConflictDoNothing(options: PostgreSQLOnConflictDoNothingOptions<D> = {}): this {
    return this.withConflict("doNothing", options, options.constraint);
  }

  /** `ON CONFLICT (target) | ON CONSTRAINT name DO UPDATE SET … [WHERE …]`. */
  override onConflictDoUpdate(options: PostgreSQLOnConflictDoUpdateOptions<D>): this {
    if (options.target === undefined && options.constraint === undefined) {
      // PostgreSQL: "ON CONFLICT DO UPDATE requires inference specification or constraint name".
      throw new ArgumentError("PostgreSQL's onConflictDoUpdate() needs a target (columns) or a constraint name");
    }
    return this.withConflict("doUpdate", options, options.constraint);
  }

  /** `RETURNING …`. */
  override returning<const I extends readonly SelectItem[]>(...items: I): PostgreSQLInsert<D, TupleOf<I>, NamedOf<I>> {
    return new PostgreSQLInsert<D, TupleOf<I>, NamedOf<I>>({ ...this.state, returning: items });
  }
}

/** Starts a PostgreSQL INSERT into a table (Core's `insert()` plus ON CONFLICT). */
export function insert<TName extends string, D extends ColumnDefs>(table: Table<TName, D>): PostgreSQLInsert<D> {
  return new PostgreSQLInsert<D>(coreInsert(table).state);
}
