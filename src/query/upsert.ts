/**
 * What the dialect modules' `insert()` builders share: the row proposed for insertion (`excluded.col`,
 * `VALUES(col)`), resolving an upsert's SET and conflict target, and the `ON CONFLICT` builder that
 * PostgreSQL and SQLite both extend (dialects never import one another, so it lives here).
 */

import { node, type ExprNode, type UpsertNode } from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import { Expr, type SqlExpression, toNode } from "../expr/index.js";
import { type AnyColumn, type AnyTable, type BuilderValue, Column, type ColumnDefs } from "../schema/index.js";
import { Insert, type UpdateValues } from "./dml.js";

/** The row proposed for insertion, by column key: each column refers to the value the row would have had. */
export type ProposedRow<D extends ColumnDefs> = {
  readonly [K in keyof D & string]: SqlExpression<BuilderValue<D[K]>>;
};

/**
 * An upsert's SET: column key → value or SQL expression (the proposed row's columns among them), or a
 * function of the proposed row returning that.
 */
export type UpsertSet<D extends ColumnDefs> = UpdateValues<D> | ((row: ProposedRow<D>) => UpdateValues<D>);

/** Columns of a unique index or primary key: the table's columns, or their keys. */
export type ConflictTarget<D extends ColumnDefs> =
  readonly (AnyColumn | (keyof D & string))[] | AnyColumn | (keyof D & string);

const proposedRows = new WeakMap<AnyTable, ProposedRow<ColumnDefs>>();

/** The proposed row of a table's INSERT (built once per table). */
export function proposedRow<D extends ColumnDefs>(table: AnyTable): ProposedRow<D> {
  let row = proposedRows.get(table);
  if (!row) {
    const cols: Record<string, SqlExpression> = {};
    for (const col of table.columns) {
      cols[col.key] = new Expr(node({ kind: "excluded", name: col.name, type: col.type }), col.type);
    }
    row = Object.freeze(cols) as ProposedRow<ColumnDefs>;
    proposedRows.set(table, row);
  }
  return row as ProposedRow<D>;
}

/** An upsert's SET pairs (database names; values bound with the column's type). */
export function upsertSet<D extends ColumnDefs>(table: AnyTable, set: UpsertSet<D>): [string, ExprNode][] {
  const values = (typeof set === "function" ? set(proposedRow<D>(table)) : set) as Record<string, unknown>;
  if (typeof values !== "object" || values === null) {
    throw new ArgumentError("An upsert's set takes an object of column keys to values, or a function returning one");
  }
  const pairs: [string, ExprNode][] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const col = table.column(key);
    pairs.push([col.name, toNode(value, col.type)]);
  }
  if (pairs.length === 0) throw new ArgumentError(`The upsert on '${table.name}' has no columns to set`);
  return pairs;
}

/** Database names of a conflict target; columns must belong to the table. */
export function conflictColumns<D extends ColumnDefs>(table: AnyTable, target: ConflictTarget<D>): string[] {
  const items: readonly (AnyColumn | string)[] = Array.isArray(target) ? target : [target as AnyColumn | string];
  return items.map((item) => {
    if (typeof item === "string") return table.column(item).name;
    if (item instanceof Column && item.table === table) return item.name;
    throw new ArgumentError(
      `A conflict target must be columns of '${table.name}' (or their keys); got ${String(item)}`,
    );
  });
}

/** Options of `onConflictDoNothing()`. */
export interface OnConflictDoNothingOptions<D extends ColumnDefs> {
  /** The columns of the unique index or primary key that conflicts; none: any conflict. */
  readonly target?: ConflictTarget<D>;
  /** The WHERE of a partial unique index: `ON CONFLICT (col) WHERE …`. */
  readonly targetWhere?: SqlExpression<boolean>;
}

/** Options of `onConflictDoUpdate()`. */
export interface OnConflictDoUpdateOptions<D extends ColumnDefs> extends OnConflictDoNothingOptions<D> {
  /** What to set on the existing row; `excluded` (or the function's argument) is the proposed row. */
  readonly set: UpsertSet<D>;
  /** Update only the existing rows that match: `DO UPDATE SET … WHERE …`. */
  readonly where?: SqlExpression<boolean>;
}

/**
 * An INSERT with `ON CONFLICT … DO NOTHING | DO UPDATE` (PostgreSQL, SQLite). The dialect modules
 * extend it; use their `insert()`.
 */
export class OnConflictInsert<
  D extends ColumnDefs = ColumnDefs,
  T extends readonly unknown[] = [],
  N extends object = Record<string, never>,
> extends Insert<D, T, N> {
  /** The row proposed for insertion (`excluded.col`), for the SET and WHERE of `onConflictDoUpdate`. */
  get excluded(): ProposedRow<D> {
    return proposedRow<D>(this.state.table);
  }

  /** `ON CONFLICT [(target) [WHERE …]] DO NOTHING`: skip the rows that conflict. */
  onConflictDoNothing(options: OnConflictDoNothingOptions<D> = {}): this {
    return this.withConflict("doNothing", options, undefined);
  }

  /** `ON CONFLICT (target) DO UPDATE SET … [WHERE …]`: update the row that conflicts instead. */
  onConflictDoUpdate(options: OnConflictDoUpdateOptions<D>): this {
    return this.withConflict("doUpdate", options, undefined);
  }

  /** Records the upsert; `constraint` names the conflicting constraint instead of target columns. */
  protected withConflict(
    action: UpsertNode["action"],
    options: OnConflictDoNothingOptions<D> & Partial<Pick<OnConflictDoUpdateOptions<D>, "set" | "where">>,
    constraint: string | undefined,
  ): this {
    const table = this.state.table;
    const target = options.target === undefined ? [] : conflictColumns(table, options.target);
    if (constraint !== undefined && target.length) {
      throw new ArgumentError("An ON CONFLICT names either target columns or a constraint, not both");
    }
    if (options.targetWhere && target.length === 0) {
      throw new ArgumentError("targetWhere needs target columns: ON CONFLICT (columns) WHERE …");
    }
    let set: [string, ExprNode][] = [];
    if (action === "doUpdate") {
      if (options.set === undefined) throw new ArgumentError("onConflictDoUpdate() needs a set: { column: value }");
      set = upsertSet(table, options.set);
    }
    const upsert: UpsertNode = node({
      kind: "upsert",
      form: "onConflict",
      action,
      target,
      constraint,
      targetWhere: options.targetWhere?.node,
      set,
      where: action === "doUpdate" ? options.where?.node : undefined,
    });
    return this.withState({ upsert });
  }
}
