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
  type SqlExpression,
  toNode,
  type Value,
  type CompiledStatement,
  type CompileOptions,
  type CompileTarget,
  describeValue,
  type HasClauseElement,
  renderStatement,
  resolveClauseElement,
  statementText,
} from "../expr/index.js";
import {
  type AnyColumn,
  type AnyTable,
  type ColumnDefs,
  type InsertRow,
  type PrimaryKeyOf,
  type RequiredInsertKeys,
  type RowOf,
  Table,
} from "../schema/index.js";
import { checkInsertKeys, planInsert } from "./insert-plan.js";
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
/**
 * One parameter set of an executemany INSERT (`conn.execute(insert(t), [row, …])`): the values of an INSERT
 * row, where an optional column may also be `undefined` (left out: its default applies).
 */
export type InsertParams<D extends ColumnDefs> = {
  [K in keyof InsertRow<D>]: InsertValues<D>[K] | (K extends RequiredInsertKeys<D> ? never : undefined);
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
  /** Report every row's primary key, even when that costs a RETURNING or one statement per row. */
  readonly returnPrimaryKeys: boolean;
}

/** An INSERT. `T`/`N` type the RETURNING rows. */
export class Insert<
  D extends ColumnDefs = ColumnDefs,
  T extends readonly unknown[] = [],
  N extends object = Record<string, never>,
> implements Executable<T, N> {
  declare readonly __rowTuple?: T;
  declare readonly __rowNamed?: N;
  /** Phantom: an execution's parameter sets are rows of the table (`conn.execute(insert(t), [{ … }])`). */
  declare readonly __params?: InsertParams<D>;
  /** Phantom: the primary key values `result.insertedPrimaryKey` reports. */
  declare readonly __primaryKey?: PrimaryKeyOf<D>;
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

  /**
   * Makes an executemany INSERT report the primary key of every row in `result.insertedPrimaryKeys`, in
   * input order, also where the database generates it (SQLAlchemy's `return_defaults()` for the primary
   * key). Where the keys are not given by the client, this adds a RETURNING of the key (sorted on to match
   * rows to parameter sets) or, on databases without a form for that, runs one statement per row. A
   * single-row INSERT, one with RETURNING, and one whose keys the client gives report them anyway.
   *
   * ```ts
   * const result = await conn.execute(insert(users).returnPrimaryKeys(), [{ name: "Ann" }, { name: "Bo" }]);
   * result.insertedPrimaryKeys; // [[1], [2]]
   * // PostgreSQL: INSERT INTO "users" ("name") SELECT p0 FROM (VALUES ($1::VARCHAR, 0), ($2::VARCHAR, 1))
   * //   AS imp_sen (p0, sen_counter) ORDER BY sen_counter RETURNING "id"
   * ```
   */
  returnPrimaryKeys(): this {
    return this.withState({ returnPrimaryKeys: true });
  }

  /** `RETURNING …` (PostgreSQL, SQLite, MariaDB). */
  returning<const I extends readonly SelectItem[]>(...items: I): Insert<D, TupleOf<I>, NamedOf<I>> {
    return new Insert<D, TupleOf<I>, NamedOf<I>>({ ...this.state, returning: items });
  }

  resultColumns(): readonly ResultColumn[] | undefined {
    return this.state.returning.length ? returningNodes(this.state.returning).columns : undefined;
  }

  /**
   * The SQL and parameters in a dialect, for reading: `stmt.compile(engine.dialect)`; with
   * `{ literalBinds: true }`, SQL with the values written in (see `compile`).
   */
  compile(dialect?: CompileTarget, params?: Params, options?: CompileOptions): CompiledStatement {
    return renderStatement(this, dialect, params, options);
  }
  /** The SQL in a generic dialect (`"` quoting, `?` placeholders), for reading. */
  toString(): string {
    return statementText(this);
  }

  /** The statement for explicit values (or INSERT … SELECT); with neither, DEFAULT VALUES. */
  toStatementNode(): StatementNode {
    if (this.state.select) {
      const cols = this.state.select.columns.map((k) => columnByKey(this.state.table, k).name);
      return withChanges(this.#build(cols, [], this.#returning(), false), {
        select: this.state.select.source.toSelectNode(),
      });
    }
    const rows = this.state.rows ?? [];
    return this.#rowsNode(this.#withDefaults(rows), this.#returning());
  }

  /**
   * Rows come from `values()` or, without it, from the execution's parameter sets (keyed by column key),
   * with client-side defaults filled per row. Rows that give different columns run as separate statements,
   * one per shape; each shape is paged into multi-row VALUES statements (1000 rows, fewer when the
   * dialect's parameter limit needs it). RETURNING rows and inserted primary keys come back in input order
   * (see `planInsert`).
   */
  forExecution(paramSets: readonly Params[], context: ExecutionContext): ExecutionPlan {
    if (this.state.select) return { executions: [{ node: this.toStatementNode(), paramSets: [undefined] }] };
    let rows: readonly Readonly<Record<string, unknown>>[];
    if (this.state.rows) rows = this.state.rows;
    else if (paramSets.length === 0) rows = [{}];
    else {
      checkInsertKeys(this.state.table, paramSets);
      rows = paramSets;
    }
    return planInsert(
      {
        table: this.state.table,
        rows: this.#withDefaults(rows),
        returning: returningNodes(this.state.returning),
        wantKeys: this.state.returnPrimaryKeys,
        upsert: this.state.upsert !== undefined,
        build: (page, returning, ordered) => this.#rowsNode(page, [...returning], ordered),
      },
      context,
    );
  }

  /** RETURNING nodes of the statement itself. */
  #returning(): ExprNode[] {
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

  #rowsNode(rows: readonly Readonly<Record<string, unknown>>[], returning: ExprNode[], ordered = false): InsertNode {
    const table = this.state.table;
    if (rows.length === 0) return this.#build([], [], returning, false);
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
      ordered,
    );
  }

  #build(
    columns: readonly string[],
    values: readonly (readonly ExprNode[])[],
    returning: readonly ExprNode[],
    orderedValues: boolean,
  ): InsertNode {
    return node({
      kind: "insert",
      memo: new NodeMemo(),
      table: this.state.table.node as TableNode,
      columns,
      values,
      orderedValues,
      select: undefined,
      returning,
      upsert: this.state.upsert,
      ctes: [],
    });
  }
}

/** The table a DML target is or stands for (`[clauseElement]`, e.g. an ORM class). */
function targetTable(target: unknown, what: string): AnyTable {
  const table = resolveClauseElement(target);
  if (table instanceof Table) return table as AnyTable;
  throw new ArgumentError(`${what}() takes a table; got ${describeValue(target)}`);
}

/** Starts an INSERT into a table (or a protocol object standing for one, e.g. an ORM class). */
export function insert<TName extends string, D extends ColumnDefs>(
  table: Table<TName, D> | HasClauseElement<Table<TName, D>>,
): Insert<D> {
  return new Insert<D>({
    table: targetTable(table, "insert"),
    rows: undefined,
    select: undefined,
    returning: [],
    upsert: undefined,
    returnPrimaryKeys: false,
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
  /**
   * The SQL and parameters in a dialect, for reading: `stmt.compile(engine.dialect)`; with
   * `{ literalBinds: true }`, SQL with the values written in (see `compile`).
   */
  compile(dialect?: CompileTarget, params?: Params, options?: CompileOptions): CompiledStatement {
    return renderStatement(this, dialect, params, options);
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

/** Starts an UPDATE of a table (or a protocol object standing for one, e.g. an ORM class). */
export function update<TName extends string, D extends ColumnDefs>(
  table: Table<TName, D> | HasClauseElement<Table<TName, D>>,
): Update<D> {
  return new Update<D>({ table: targetTable(table, "update"), values: {}, where: [], returning: [] });
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
  /**
   * The SQL and parameters in a dialect, for reading: `stmt.compile(engine.dialect)`; with
   * `{ literalBinds: true }`, SQL with the values written in (see `compile`).
   */
  compile(dialect?: CompileTarget, params?: Params, options?: CompileOptions): CompiledStatement {
    return renderStatement(this, dialect, params, options);
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

/** Starts a DELETE from a table, or a protocol object standing for one (`delete` is a reserved word in JS). */
export function deleteFrom(table: AnyTable | HasClauseElement<AnyTable>): Delete {
  return new Delete({ table: targetTable(table, "deleteFrom"), where: [], returning: [] });
}
