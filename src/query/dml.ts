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
  NodeMemo,
  type StatementNode,
  type TableNode,
  type UpsertNode,
  withChanges,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import {
  type Criterion,
  criteriaNodes,
  andNode,
  bind,
  type Executable,
  type ExecutionContext,
  type ExecutionPlan,
  type Params,
  type ResultColumn,
  SqlExpression,
  toNode,
  type Value,
  type CompiledStatement,
  type CompileTarget,
  renderStatement,
  statementText,
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

/** Values for an INSERT row: JS values or SQL expressions. */
export type InsertValues<D extends ColumnDefs> = {
  [K in keyof InsertRow<D>]: InsertRow<D>[K] | SqlExpression<NonNullable<InsertRow<D>[K]>>;
};
/** SET values for an UPDATE. */
export type UpdateValues<D extends ColumnDefs> = {
  // An expression may be nullable (a scalar subquery is `T | null`): the database checks NOT NULL.
  [K in keyof RowOf<D>]?: Value<RowOf<D>[K]> | SqlExpression<RowOf<D>[K] | null>;
};

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
  values(rows: InsertValues<D> | readonly InsertValues<D>[]): this {
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly Record<string, unknown>[];
    if (list.length === 0) throw new ArgumentError("values() needs at least one row");
    return this.withState({ rows: list });
  }

  /** `INSERT INTO t (cols) SELECT …`. */
  fromSelect(columns: readonly (keyof D & string)[], source: SelectSource): this {
    return this.withState({ select: { columns, source } });
  }

  /** `RETURNING …` (PostgreSQL, SQLite, MariaDB). */
  returning<const I extends readonly SelectItem[]>(...items: I): Insert<D, TupleOf<I>, NamedOf<I>> {
    return new Insert<D, TupleOf<I>, NamedOf<I>>({ ...this.state, returning: items });
  }

  resultColumns(): readonly ResultColumn[] | undefined {
    return this.state.returning.length ? returningNodes(this.state.returning).columns : undefined;
  }

  /** The SQL and parameters in a dialect, for reading: `stmt.compile(engine.dialect)` (see `compile`). */
  compile(dialect?: CompileTarget, params?: Params): CompiledStatement {
    return renderStatement(this, dialect, params);
  }
  /** The SQL in a generic dialect (`"` quoting, `?` placeholders), for reading. */
  toString(): string {
    return statementText(this);
  }

  /** The statement for explicit values (or INSERT … SELECT); with neither, DEFAULT VALUES. */
  toStatementNode(): StatementNode {
    if (this.state.select) {
      const cols = this.state.select.columns.map((k) => columnByKey(this.state.table, k).name);
      return withChanges(this.#build(cols, [], this.#returning()), { select: this.state.select.source.toSelectNode() });
    }
    const rows = this.state.rows ?? [];
    return this.#rowsNode(this.#withDefaults(rows), this.#returning());
  }

  /**
   * Rows come from `values()` or, without it, from the execution's parameter sets (keyed by column key;
   * every set must have the keys of the first), with client-side defaults filled per row. Many rows are
   * paged into multi-row VALUES statements (1000 rows, fewer when the dialect's parameter limit needs it);
   * RETURNING rows come back page by page in input order. A single-row INSERT also reports its primary key.
   */
  forExecution(paramSets: readonly Params[], context: ExecutionContext): ExecutionPlan {
    if (this.state.select) return { executions: [{ node: this.toStatementNode(), paramSets: [undefined] }] };
    let rows: readonly Readonly<Record<string, unknown>>[];
    if (this.state.rows) rows = this.state.rows;
    else if (paramSets.every((p) => Object.keys(p).length === 0)) rows = paramSets.length > 1 ? paramSets : [];
    else {
      const keys = Object.keys(paramSets[0] ?? {});
      for (const p of paramSets) {
        const got = Object.keys(p);
        if (got.length !== keys.length || got.some((k) => !keys.includes(k))) {
          throw new ArgumentError(
            `executemany insert: every parameter set must have the keys of the first (${keys.join(", ")}); got ${got.join(", ")}`,
          );
        }
      }
      rows = paramSets;
    }
    const filled = this.#withDefaults(rows);
    const pk = this.#primaryKeyPlan(filled, context);
    const returning = pk?.returning ? this.#returning(pk.returning) : this.#returning();
    if (filled.length <= 1) {
      const single = { node: this.#rowsNode(filled, returning), paramSets: [undefined] };
      return pk ? { executions: [single], primaryKey: pk } : { executions: [single] };
    }
    const width = Math.max(1, Object.keys(filled[0] ?? {}).length);
    const perPage = Math.max(1, Math.min(1000, Math.floor(context.maxParameters / width)));
    const executions = [];
    for (let i = 0; i < filled.length; i += perPage) {
      executions.push({ node: this.#rowsNode(filled.slice(i, i + perPage), returning), paramSets: [undefined] });
    }
    return { executions };
  }

  /** RETURNING nodes: the explicit ones, or the implicit primary-key columns. */
  #returning(implicit?: readonly ResultColumn[]): ExprNode[] {
    if (implicit) return implicit.map((c) => columnByKey(this.state.table, c.key).node);
    return returningNodes(this.state.returning).nodes;
  }

  /** Rows with client-side defaults applied (a default function runs once per row). */
  #withDefaults(rows: readonly Readonly<Record<string, unknown>>[]): Record<string, unknown>[] {
    const defaults = this.state.table.columns.filter((c) => c.spec.default !== undefined);
    return rows.map((r) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
      for (const c of defaults) if (out[c.key] === undefined) out[c.key] = defaultValue(c.spec.default);
      return out;
    });
  }

  #rowsNode(rows: readonly Record<string, unknown>[], returning: ExprNode[]): InsertNode {
    const table = this.state.table;
    if (rows.length === 0) return this.#build([], [], returning);
    const keys = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) keys.add(k);
    const columns = [...keys].map((k) => columnByKey(table, k));
    const values = rows.map((r) =>
      columns.map((c) => (r[c.key] === undefined ? bind(null, c.type) : toNode(r[c.key], c.type))),
    );
    return this.#build(
      columns.map((c) => c.name),
      values,
      returning,
    );
  }

  /** How a single-row INSERT reports its primary key: given values, lastrowid, or an implicit RETURNING. */
  #primaryKeyPlan(rows: readonly Record<string, unknown>[], context: ExecutionContext): ExecutionPlan["primaryKey"] {
    if (rows.length !== 1) return undefined;
    const row = rows[0] as Record<string, unknown>;
    const pk = this.state.table.primaryKey;
    if (pk.length === 0) return undefined;
    const given = pk.map((c) => row[c.key]);
    if (given.every((v) => v !== undefined && !(v instanceof SqlExpression)))
      return { returning: undefined, compute: () => given };
    if (context.lastrowid && pk.length === 1) {
      const col = pk[0] as AnyColumn;
      return {
        returning: undefined,
        compute: (lastrowid) => (lastrowid === undefined ? undefined : [col.type.result(lastrowid)]),
      };
    }
    if (context.insertReturning && this.state.returning.length === 0) {
      return { returning: pk.map((c) => ({ key: c.key, type: c.type })), compute: (_, returned) => returned };
    }
    return undefined;
  }

  #build(
    columns: readonly string[],
    values: readonly (readonly ExprNode[])[],
    returning: readonly ExprNode[],
  ): InsertNode {
    return node({
      kind: "insert",
      memo: new NodeMemo(),
      table: this.state.table.node as TableNode,
      columns,
      values,
      select: undefined,
      returning,
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
      where: [...this.#state.where, ...criteriaNodes(criteria)],
    });
  }
  /** RETURNING (PostgreSQL, SQLite). */
  returning<const I extends readonly SelectItem[]>(...items: I): Update<D, TupleOf<I>, NamedOf<I>> {
    return new Update<D, TupleOf<I>, NamedOf<I>>({ ...this.#state, returning: items });
  }
  /** The SQL and parameters in a dialect, for reading: `stmt.compile(engine.dialect)` (see `compile`). */
  compile(dialect?: CompileTarget, params?: Params): CompiledStatement {
    return renderStatement(this, dialect, params);
  }
  /** The SQL in a generic dialect (`"` quoting, `?` placeholders), for reading. */
  toString(): string {
    return statementText(this);
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
      memo: new NodeMemo(),
      table: table.node,
      set,
      from: [],
      where: andNode(this.#state.where),
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
      where: [...this.#state.where, ...criteriaNodes(criteria)],
    });
  }
  /** RETURNING (PostgreSQL, SQLite, MariaDB). */
  returning<const I extends readonly SelectItem[]>(...items: I): Delete<TupleOf<I>, NamedOf<I>> {
    return new Delete<TupleOf<I>, NamedOf<I>>({ ...this.#state, returning: items });
  }
  /** The SQL and parameters in a dialect, for reading: `stmt.compile(engine.dialect)` (see `compile`). */
  compile(dialect?: CompileTarget, params?: Params): CompiledStatement {
    return renderStatement(this, dialect, params);
  }
  /** The SQL in a generic dialect (`"` quoting, `?` placeholders), for reading. */
  toString(): string {
    return statementText(this);
  }
  resultColumns(): readonly ResultColumn[] | undefined {
    return this.#state.returning.length ? returningNodes(this.#state.returning).columns : undefined;
  }
  toStatementNode(): StatementNode {
    return node({
      kind: "delete",
      memo: new NodeMemo(),
      table: this.#state.table.node,
      where: andNode(this.#state.where),
      returning: returningNodes(this.#state.returning).nodes,
      ctes: [],
    });
  }
}

/** Starts a DELETE from a table (`delete` is a reserved word in JS). */
export function deleteFrom(table: AnyTable): Delete {
  return new Delete({ table, where: [], returning: [] });
}
