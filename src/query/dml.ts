/**
 * `insert()`, `update()` and `deleteFrom()`: immutable DML builders.
 *
 * ```ts
 * await conn.execute(insert(users), [{ name: "Ann" }, { name: "Bo" }]);           // executemany
 * await conn.execute(insert(users).values({ name: "Cy" }).returning(users.c.id)); // RETURNING where supported
 * await conn.execute(update(users).where(users.c.id.eq(1)).values({ name: "Ann B." }));
 * await conn.execute(deleteFrom(users).where(users.c.name.like("tmp%")));
 * ```
 */

import {
  node,
  type ExprNode,
  type InsertNode,
  type StatementNode,
  type TableNode,
  type UpsertNode,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import {
  bind,
  type Executable,
  type Params,
  type ResultColumn,
  type SqlExpression,
  toNode,
  type Value,
} from "../expr/index.js";
import type { AnyColumn, AnyTable, ColumnDefs, InsertRow, RowOf, Table } from "../schema/index.js";
import {
  expandItems,
  type NamedOf,
  resultColumnsOf,
  type SelectItem,
  type SelectSource,
  type TupleOf,
} from "./selectable.js";

type Criterion = SqlExpression<boolean> | SqlExpression<boolean | null> | undefined;

/** Values for an INSERT row: JS values or SQL expressions. */
export type InsertValues<D extends ColumnDefs> = {
  [K in keyof InsertRow<D>]: InsertRow<D>[K] | SqlExpression<NonNullable<InsertRow<D>[K]>>;
};
/** SET values for an UPDATE. */
export type UpdateValues<D extends ColumnDefs> = { [K in keyof RowOf<D>]?: Value<RowOf<D>[K]> };

function columnByKey(table: AnyTable, key: string): AnyColumn {
  const col = (table.c as Record<string, AnyColumn>)[key];
  if (!col)
    throw new ArgumentError(
      `Table '${table.name}' has no column '${key}'; its columns are ${Object.keys(table.c).join(", ")}`,
    );
  return col;
}

function defaultValue(spec: AnyColumn["spec"]["default"]): unknown {
  if (!spec) return undefined;
  return "fn" in spec ? spec.fn() : spec.value;
}

function criteria(items: readonly ExprNode[]): ExprNode | undefined {
  return items.length === 0 ? undefined : items.length === 1 ? items[0] : node({ kind: "boolean", op: "AND", items });
}

function returningNodes(items: readonly SelectItem[]): { nodes: ExprNode[]; columns: ResultColumn[] } {
  const expanded = expandItems(items);
  return { nodes: expanded.map((c) => c.node), columns: resultColumnsOf(expanded) };
}

interface InsertState {
  readonly table: AnyTable;
  /** Explicit rows (column key → value), or undefined: taken from the execution parameters. */
  readonly rows: readonly Readonly<Record<string, unknown>>[] | undefined;
  readonly select: { readonly columns: readonly string[]; readonly source: SelectSource } | undefined;
  readonly returning: readonly SelectItem[];
  readonly upsert: UpsertNode | undefined;
}

/** An INSERT. `T`/`N` type the RETURNING rows. */
export class Insert<
  D extends ColumnDefs = ColumnDefs,
  T extends readonly unknown[] = [],
  N extends object = Record<string, never>,
> implements Executable<T, N> {
  declare readonly __rowTuple?: T;
  declare readonly __rowNamed?: N;
  /** @internal */
  readonly state: InsertState;

  /** @internal Use `insert()`. */
  constructor(state: InsertState) {
    this.state = state;
  }

  /** @internal For dialect modules that extend INSERT (upserts). */
  withState(changes: Partial<InsertState>): this {
    const Ctor = this.constructor as new (state: InsertState) => this;
    return new Ctor({ ...this.state, ...changes });
  }

  /** The row(s) to insert; client-side defaults fill the columns not given. */
  values(rows: InsertValues<D> | readonly InsertValues<D>[]): Insert<D, T, N> {
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly Record<string, unknown>[];
    if (list.length === 0) throw new ArgumentError("values() needs at least one row");
    return this.withState({ rows: list }) as Insert<D, T, N>;
  }

  /** `INSERT INTO t (cols) SELECT …`. */
  fromSelect(columns: readonly (keyof D & string)[], source: SelectSource): Insert<D, T, N> {
    return this.withState({ select: { columns, source } }) as Insert<D, T, N>;
  }

  /** `RETURNING …` (PostgreSQL, SQLite, MariaDB). */
  returning<const I extends readonly SelectItem[]>(...items: I): Insert<D, TupleOf<I>, NamedOf<I>> {
    return new Insert<D, TupleOf<I>, NamedOf<I>>({ ...this.state, returning: items });
  }

  resultColumns(): readonly ResultColumn[] | undefined {
    return this.state.returning.length ? returningNodes(this.state.returning).columns : undefined;
  }

  /** The statement for explicit values (or INSERT … SELECT); with neither, DEFAULT VALUES. */
  toStatementNode(): StatementNode {
    return this.#node(this.state.rows ?? [], false);
  }

  /**
   * Without explicit values, the columns come from the execution parameters (the keys of the first set,
   * which every set must share) and each set gets its client-side defaults, like SQLAlchemy.
   */
  forExecution(paramSets: readonly Params[]): { node: StatementNode; paramSets: readonly Params[] } {
    if (
      this.state.rows !== undefined ||
      this.state.select !== undefined ||
      paramSets.every((p) => Object.keys(p).length === 0)
    ) {
      return { node: this.toStatementNode(), paramSets };
    }
    const table = this.state.table;
    const keys = Object.keys(paramSets[0] ?? {});
    for (const k of keys) columnByKey(table, k);
    const defaults = table.columns.filter((c) => c.spec.default !== undefined && !keys.includes(c.key));
    const withDefaults = defaults.length
      ? paramSets.map((p) => {
          const out: Record<string, unknown> = { ...p };
          for (const c of defaults) if (out[c.key] === undefined) out[c.key] = defaultValue(c.spec.default);
          return out;
        })
      : paramSets;
    const allKeys = [...keys, ...defaults.map((c) => c.key)];
    for (const p of paramSets) {
      const extra = Object.keys(p).filter((k) => !keys.includes(k));
      if (extra.length)
        throw new ArgumentError(
          `executemany insert: every parameter set must have the same keys as the first (${keys.join(", ")}); found ${extra.join(", ")}`,
        );
    }
    const columns = allKeys.map((k) => columnByKey(table, k));
    const values = [columns.map((c) => bind(undefined, c.type, c.key))];
    return {
      node: this.#build(
        columns.map((c) => c.name),
        values,
      ),
      paramSets: withDefaults,
    };
  }

  #node(rows: readonly Readonly<Record<string, unknown>>[], _fromParams: boolean): InsertNode {
    const table = this.state.table;
    if (this.state.select) {
      const cols = this.state.select.columns.map((k) => columnByKey(table, k).name);
      return node({ ...this.#build(cols, []), select: this.state.select.source.toSelectNode() });
    }
    if (rows.length === 0) return this.#build([], []);
    // Columns: every key given in any row, plus columns with client defaults.
    const keys = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) if (r[k] !== undefined) keys.add(k);
    for (const c of table.columns) if (c.spec.default !== undefined) keys.add(c.key);
    const columns = [...keys].map((k) => columnByKey(table, k));
    const values = rows.map((r) =>
      columns.map((c) => {
        const v = r[c.key] !== undefined ? r[c.key] : defaultValue(c.spec.default);
        return v === undefined ? bind(null, c.type) : toNode(v, c.type);
      }),
    );
    return this.#build(
      columns.map((c) => c.name),
      values,
    );
  }

  #build(columns: readonly string[], values: readonly (readonly ExprNode[])[]): InsertNode {
    return node({
      kind: "insert",
      table: this.state.table.node as TableNode,
      columns,
      values,
      select: undefined,
      returning: returningNodes(this.state.returning).nodes,
      upsert: this.state.upsert,
      ctes: [],
    });
  }
}

/** Starts an INSERT into a table. */
export function insert<TName extends string, D extends ColumnDefs>(table: Table<TName, D>): Insert<D> {
  return new Insert<D>({
    table: table as unknown as AnyTable,
    rows: undefined,
    select: undefined,
    returning: [],
    upsert: undefined,
  });
}

interface UpdateState {
  readonly table: AnyTable;
  readonly values: Readonly<Record<string, unknown>>;
  readonly where: readonly ExprNode[];
  readonly returning: readonly SelectItem[];
}

/** An UPDATE. */
export class Update<
  D extends ColumnDefs = ColumnDefs,
  T extends readonly unknown[] = [],
  N extends object = Record<string, never>,
> implements Executable<T, N> {
  declare readonly __rowTuple?: T;
  declare readonly __rowNamed?: N;
  readonly #state: UpdateState;

  /** @internal Use `update()`. */
  constructor(state: UpdateState) {
    this.#state = state;
  }

  /** `SET key = value, …` (values or SQL expressions, e.g. `t.c.n.add(1)`). */
  values(values: UpdateValues<D>): Update<D, T, N> {
    return new Update<D, T, N>({
      ...this.#state,
      values: { ...this.#state.values, ...(values as Record<string, unknown>) },
    });
  }
  /** WHERE (ANDed). Correlated subqueries work: `t.c.total.eq(select(func.sum(...)).where(...).scalarSubquery())`. */
  where(...criteria: Criterion[]): Update<D, T, N> {
    return new Update<D, T, N>({
      ...this.#state,
      where: [
        ...this.#state.where,
        ...criteria.filter((c): c is NonNullable<Criterion> => c !== undefined).map((c) => c.node),
      ],
    });
  }
  /** RETURNING (PostgreSQL, SQLite). */
  returning<const I extends readonly SelectItem[]>(...items: I): Update<D, TupleOf<I>, NamedOf<I>> {
    return new Update<D, TupleOf<I>, NamedOf<I>>({ ...this.#state, returning: items });
  }
  resultColumns(): readonly ResultColumn[] | undefined {
    return this.#state.returning.length ? returningNodes(this.#state.returning).columns : undefined;
  }
  toStatementNode(): StatementNode {
    const table = this.#state.table;
    const set: (readonly [string, ExprNode])[] = [];
    for (const [key, value] of Object.entries(this.#state.values)) {
      if (value === undefined) continue;
      const col = columnByKey(table, key);
      set.push([col.name, toNode(value, col.type)]);
    }
    for (const col of table.columns) {
      if (col.spec.onUpdate && !(col.key in this.#state.values))
        set.push([col.name, toNode(defaultValue(col.spec.onUpdate), col.type)]);
    }
    if (set.length === 0) throw new ArgumentError(`update(${table.name}) has no values to SET; call .values({...})`);
    return node({
      kind: "update",
      table: table.node,
      set,
      from: [],
      where: criteria(this.#state.where),
      returning: returningNodes(this.#state.returning).nodes,
      ctes: [],
    });
  }
}

/** Starts an UPDATE of a table. */
export function update<TName extends string, D extends ColumnDefs>(table: Table<TName, D>): Update<D> {
  return new Update<D>({ table: table as unknown as AnyTable, values: {}, where: [], returning: [] });
}

interface DeleteState {
  readonly table: AnyTable;
  readonly where: readonly ExprNode[];
  readonly returning: readonly SelectItem[];
}

/** A DELETE. */
export class Delete<T extends readonly unknown[] = [], N extends object = Record<string, never>> implements Executable<
  T,
  N
> {
  declare readonly __rowTuple?: T;
  declare readonly __rowNamed?: N;
  readonly #state: DeleteState;

  /** @internal Use `deleteFrom()`. */
  constructor(state: DeleteState) {
    this.#state = state;
  }
  /** WHERE (ANDed). */
  where(...criteria: Criterion[]): Delete<T, N> {
    return new Delete<T, N>({
      ...this.#state,
      where: [
        ...this.#state.where,
        ...criteria.filter((c): c is NonNullable<Criterion> => c !== undefined).map((c) => c.node),
      ],
    });
  }
  /** RETURNING (PostgreSQL, SQLite, MariaDB). */
  returning<const I extends readonly SelectItem[]>(...items: I): Delete<TupleOf<I>, NamedOf<I>> {
    return new Delete<TupleOf<I>, NamedOf<I>>({ ...this.#state, returning: items });
  }
  resultColumns(): readonly ResultColumn[] | undefined {
    return this.#state.returning.length ? returningNodes(this.#state.returning).columns : undefined;
  }
  toStatementNode(): StatementNode {
    return node({
      kind: "delete",
      table: this.#state.table.node,
      where: criteria(this.#state.where),
      returning: returningNodes(this.#state.returning).nodes,
      ctes: [],
    });
  }
}

/** Starts a DELETE from a table (`delete` is a reserved word in JS). */
export function deleteFrom(table: AnyTable): Delete {
  return new Delete({ table, where: [], returning: [] });
}
