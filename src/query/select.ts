/**
 * `select()`: an immutable SELECT builder. Rows are typed from the select list.
 *
 * ```ts
 * const stmt = select(users.c.id, func.count(posts.c.id).label("n"))
 *   .join(posts)                              // ON inferred from the posts.user_id foreign key
 *   .where(users.c.active.eq(true))
 *   .groupBy(users.c.id)
 *   .orderBy(desc(func.count(posts.c.id)))
 *   .limit(10);
 * // SELECT users.id, count(posts.id) AS n FROM users JOIN posts ON posts.user_id = users.id
 * //   WHERE users.active = ? GROUP BY users.id ORDER BY count(posts.id) DESC LIMIT ?
 * (await conn.execute(stmt)).all(); // Row<[number, number], { id: number; n: number }>[]
 * ```
 */

import {
  node,
  type CompoundSelectNode,
  type CteNode,
  type ExprNode,
  type ForUpdateNode,
  type FromNode,
  type Node,
  NodeMemo,
  type OrderByNode,
  type SelectNode,
  type SelectableNode,
  type StatementNode,
  visit,
  withChanges,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import {
  type Criterion,
  criterionNode,
  criteriaNodes,
  and,
  andNode,
  bind,
  type Executable,
  orderByNode,
  type OrderBy,
  type ResultColumn,
  type SelectLike,
  SqlExpression,
  Expr,
  BOOLEAN,
  type CompiledStatement,
  type CompileTarget,
  type Params,
  renderStatement,
  statementText,
} from "../expr/index.js";
import { IntegerType } from "../types/index.js";
import {
  Cte,
  expandItems,
  flattenFrom,
  type FromItem,
  inferJoinCondition,
  isFromItem,
  type NamedOf,
  resultColumnsOf,
  type SelectedColumn,
  type SelectItem,
  type SelectSource,
  Subquery,
  type TupleOf,
} from "./selectable.js";

const LIMIT_TYPE = new IntegerType();

type OrderItem = SqlExpression | OrderBy;

interface JoinStep {
  readonly target: FromItem;
  readonly on: ExprNode | undefined;
  readonly type: "INNER" | "LEFT" | "FULL";
}

interface SelectState {
  readonly items: readonly SelectItem[];
  readonly from: readonly FromItem[];
  readonly joins: readonly JoinStep[];
  readonly where: readonly ExprNode[];
  readonly groupBy: readonly ExprNode[];
  readonly having: readonly ExprNode[];
  readonly orderBy: readonly OrderByNode[];
  readonly limit: ExprNode | undefined;
  readonly offset: ExprNode | undefined;
  readonly distinct: boolean;
  readonly distinctOn: readonly ExprNode[];
  readonly forUpdate: ForUpdateNode | undefined;
  readonly ctes: readonly CteNode[];
}

function limitNode(value: number | SqlExpression<number>, what: string): ExprNode {
  if (value instanceof SqlExpression) return value.node;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new ArgumentError(`${what}() takes a non-negative integer, got ${String(value)}`);
  return bind(value, LIMIT_TYPE);
}

/** FROM items reached by columns in an expression (not descending into subqueries). */
function collectFroms(n: ExprNode, out: FromNode[]): void {
  // A bare column is the common select item: no need to set a walk up for it.
  if (n.kind === "column") {
    if (n.from) out.push(n.from);
  } else visit(n, collectFrom, out);
}

function collectFrom(n: Node, out: FromNode[]): boolean {
  switch (n.kind) {
    case "column":
    case "star":
      if (n.from) out.push(n.from);
      return false;
    case "bind": // a leaf: returning false spares the visitor a look at its (no) children
    case "scalarSubquery":
      return false;
    default:
      return true;
  }
}

/** An immutable SELECT. `T` is the row tuple, `N` the named row. */
export class Select<T extends readonly unknown[] = unknown[], N extends object = Record<string, unknown>>
  implements Executable<T, N>, SelectLike<T[0]>, SelectSource
{
  declare readonly __rowTuple?: T;
  declare readonly __rowNamed?: N;
  declare readonly __scalar?: T[0];
  readonly #state: SelectState;
  #node: SelectNode | undefined;
  #columns: SelectedColumn[] | undefined;

  /** @internal Use `select()`. */
  constructor(state: SelectState) {
    this.#state = state;
  }

  #with(changes: Partial<SelectState>): Select<T, N> {
    return new Select<T, N>({ ...this.#state, ...changes });
  }

  /** Adds WHERE criteria (ANDed with earlier ones; undefined criteria are skipped). */
  where(...criteria: Criterion[]): Select<T, N> {
    return this.#with({
      where: [...this.#state.where, ...criteriaNodes(criteria)],
    });
  }

  /** Adds explicit FROM items (`select_from`). */
  from(...items: FromItem[]): Select<T, N> {
    for (const item of items)
      if (!isFromItem(item)) throw new ArgumentError("from() takes tables, aliases, subqueries or CTEs");
    return this.#with({ from: [...this.#state.from, ...items] });
  }

  /** `JOIN target ON on`; without `on`, the condition is inferred from a foreign key. */
  join(target: FromItem, on?: Criterion): Select<T, N> {
    return this.#join(target, on, "INNER");
  }
  /** `LEFT OUTER JOIN`. */
  outerJoin(target: FromItem, on?: Criterion): Select<T, N> {
    return this.#join(target, on, "LEFT");
  }
  /** `FULL OUTER JOIN` (not on MySQL). */
  fullJoin(target: FromItem, on?: Criterion): Select<T, N> {
    return this.#join(target, on, "FULL");
  }

  #join(target: FromItem, on: Criterion, type: JoinStep["type"]): Select<T, N> {
    if (!isFromItem(target)) throw new ArgumentError("join() takes a table, alias, subquery or CTE");
    return this.#with({ joins: [...this.#state.joins, { target, on: criterionNode(on, "join"), type }] });
  }

  /** GROUP BY. */
  groupBy(...exprs: SqlExpression[]): Select<T, N> {
    return this.#with({ groupBy: [...this.#state.groupBy, ...exprs.map((e) => e.node)] });
  }
  /** HAVING (ANDed). */
  having(...criteria: Criterion[]): Select<T, N> {
    return this.#with({
      having: [...this.#state.having, ...criteriaNodes(criteria)],
    });
  }
  /** ORDER BY; `expr.desc()`, `expr.asc().nullsLast()`… */
  orderBy(...items: OrderItem[]): Select<T, N> {
    return this.#with({ orderBy: [...this.#state.orderBy, ...items.map(orderByNode)] });
  }
  /** LIMIT (bound). */
  limit(n: number | SqlExpression<number>): Select<T, N> {
    return this.#with({ limit: limitNode(n, "limit") });
  }
  /** OFFSET (bound). */
  offset(n: number | SqlExpression<number>): Select<T, N> {
    return this.#with({ offset: limitNode(n, "offset") });
  }
  /** SELECT DISTINCT. */
  distinct(): Select<T, N> {
    return this.#with({ distinct: true });
  }
  /** `SELECT DISTINCT ON (exprs)` (PostgreSQL). */
  distinctOn(...exprs: SqlExpression[]): Select<T, N> {
    return this.#with({ distinctOn: exprs.map((e) => e.node) });
  }
  /**
   * `FOR UPDATE` row locks; `share` for `FOR SHARE` (MySQL: `LOCK IN SHARE MODE`); `keyShare` for
   * PostgreSQL's `FOR NO KEY UPDATE`, or with `share` `FOR KEY SHARE` (SQLAlchemy's
   * `with_for_update(read, key_share)`). SQLite leaves the clause out: it locks the whole database.
   */
  forUpdate(
    options: {
      share?: boolean;
      keyShare?: boolean;
      nowait?: boolean;
      skipLocked?: boolean;
      of?: readonly FromItem[];
    } = {},
  ): Select<T, N> {
    return this.#with({
      forUpdate: node({
        kind: "forUpdate",
        mode: options.keyShare ? (options.share ? "KEY SHARE" : "NO KEY UPDATE") : options.share ? "SHARE" : "UPDATE",
        nowait: options.nowait ?? false,
        skipLocked: options.skipLocked ?? false,
        of: (options.of ?? []).map((f) => f.node),
      }),
    });
  }

  /** This select as a derived table: `(SELECT …) AS name`. */
  subquery<A extends string>(name: A): Subquery<N, A> {
    return new Subquery<N, A>(this, name);
  }
  /** A LATERAL derived table (PostgreSQL; see `capabilities.lateral`). */
  lateral<A extends string>(name: A): Subquery<N, A> {
    return new Subquery<N, A>(this, name, true);
  }
  /** This select as a CTE; `{ recursive: true }` for WITH RECURSIVE (then `.unionAll(step)`). */
  cte<A extends string>(name: A, options: { recursive?: boolean } = {}): Cte<N, A> {
    return new Cte<N, A>(this, name, options.recursive ?? false);
  }
  /** This select as a scalar value: `(SELECT …)`. */
  scalarSubquery(): SqlExpression<T[0] | null> {
    return new Expr(node({ kind: "scalarSubquery", select: this.toSelectNode() }), this.selectedColumns()[0]?.type);
  }
  /** `EXISTS (SELECT …)`. */
  exists(): SqlExpression<boolean> {
    return new Expr(
      node({ kind: "unary", op: "EXISTS", operand: node({ kind: "scalarSubquery", select: this.toSelectNode() }) }),
      BOOLEAN,
    );
  }

  /** `this UNION other…`. */
  union(...others: Select<readonly unknown[], object>[]): CompoundSelect<T, N> {
    return CompoundSelect.of<T, N>("UNION", this, others);
  }
  /** `this UNION ALL other…`. */
  unionAll(...others: Select<readonly unknown[], object>[]): CompoundSelect<T, N> {
    return CompoundSelect.of<T, N>("UNION ALL", this, others);
  }
  /** `this INTERSECT other…`. */
  intersect(...others: Select<readonly unknown[], object>[]): CompoundSelect<T, N> {
    return CompoundSelect.of<T, N>("INTERSECT", this, others);
  }
  /** `this EXCEPT other…`. */
  except(...others: Select<readonly unknown[], object>[]): CompoundSelect<T, N> {
    return CompoundSelect.of<T, N>("EXCEPT", this, others);
  }

  /** The select list, expanded (FROM items become their columns) with row keys. */
  selectedColumns(): readonly SelectedColumn[] {
    return (this.#columns ??= expandItems(this.#state.items));
  }

  /** The SQL and parameters in a dialect, for reading: `stmt.compile(engine.dialect)` (see `compile`). */
  compile(dialect?: CompileTarget, params?: Params): CompiledStatement {
    return renderStatement(this, dialect, params);
  }
  /** The SQL in a generic dialect (`"` quoting, `?` placeholders), for reading. */
  toString(): string {
    return statementText(this);
  }

  resultColumns(): readonly ResultColumn[] {
    return resultColumnsOf(this.selectedColumns());
  }

  toStatementNode(): StatementNode {
    return this.toSelectNode();
  }

  toSelectNode(): SelectNode {
    if (this.#node) return this.#node;
    const s = this.#state;
    const selected = this.selectedColumns();
    const columns = new Array<ExprNode>(selected.length);
    for (let i = 0; i < selected.length; i++) columns[i] = (selected[i] as SelectedColumn).node;
    // FROM: explicit items, then every FROM item the select list reaches; joins attach to the first.
    const froms: FromNode[] = s.from.map((f) => f.node);
    const reached: FromNode[] = [];
    for (const item of s.items) {
      if (item instanceof SqlExpression) collectFroms(item.node, reached);
      else reached.push(item.node);
    }
    for (const f of reached) if (!froms.includes(f)) froms.push(f);
    let from = froms;
    if (s.joins.length) from = this.#joined(froms);
    const flat: FromNode[] = [];
    for (const f of from) flattenFrom(f, flat);
    const criteriaFroms: FromNode[] = [];
    for (const group of [s.where, s.having, s.groupBy, s.orderBy])
      for (const n of group) collectFroms(n, criteriaFroms);
    const implicitFrom: FromNode[] = [];
    for (const f of criteriaFroms) if (!flat.includes(f) && !implicitFrom.includes(f)) implicitFrom.push(f);
    let ctes: readonly CteNode[] = s.ctes;
    for (const f of flat) {
      if (f.kind === "cte" && !ctes.some((c) => c.name === f.name)) ctes = [...ctes, f];
    }
    this.#node = node({
      kind: "select",
      memo: new NodeMemo(),
      columns,
      from,
      implicitFrom,
      where: andNode(s.where),
      groupBy: s.groupBy,
      having: andNode(s.having),
      orderBy: s.orderBy,
      limit: s.limit,
      offset: s.offset,
      distinct: s.distinct,
      distinctOn: s.distinctOn,
      forUpdate: s.forUpdate,
      ctes,
    });
    return this.#node;
  }

  /** FROM with the joins attached to the first item not itself joined (inferring ON from foreign keys). */
  #joined(froms: readonly FromNode[]): FromNode[] {
    const s = this.#state;
    // The FromItem behind each FROM node, for inferring join conditions.
    const owners = new Map<FromNode, FromItem>();
    for (const f of s.from) owners.set(f.node, f);
    for (const item of s.items) {
      if (isFromItem(item)) {
        if (!owners.has(item.node)) owners.set(item.node, item);
      } else {
        const table = (item as { table?: unknown }).table;
        if (table && isFromItem(table) && !owners.has(table.node)) owners.set(table.node, table);
      }
    }
    const joinedTargets = new Set<FromNode>(s.joins.map((j) => j.target.node));
    let head: FromNode | undefined = froms.find((f) => !joinedTargets.has(f));
    if (!head) throw new ArgumentError("join(): there is no table to join from; add one with from()");
    const lefts: FromItem[] = [owners.get(head)].filter((x): x is FromItem => x !== undefined);
    for (const j of s.joins) {
      const on = j.on ?? inferJoinCondition(lefts, j.target);
      head = node({ kind: "join", left: head, right: j.target.node, on, type: j.type });
      lefts.push(j.target);
    }
    const inJoin = new Set(flattenFrom(head));
    return [head, ...froms.filter((f) => !inJoin.has(f))];
  }
}

/** UNION / INTERSECT / EXCEPT of selects; ordered and limited as a whole. */
export class CompoundSelect<T extends readonly unknown[] = unknown[], N extends object = Record<string, unknown>>
  implements Executable<T, N>, SelectLike<T[0]>, SelectSource
{
  declare readonly __rowTuple?: T;
  declare readonly __rowNamed?: N;
  declare readonly __scalar?: T[0];
  readonly #first: SelectSource;
  readonly #node: CompoundSelectNode;

  private constructor(first: SelectSource, n: CompoundSelectNode) {
    this.#first = first;
    this.#node = n;
  }

  /** @internal */
  static of<T extends readonly unknown[], N extends object>(
    op: CompoundSelectNode["op"],
    first: Select<T, N>,
    others: readonly Select<readonly unknown[], object>[],
  ): CompoundSelect<T, N> {
    if (others.length === 0) throw new ArgumentError(`${op.toLowerCase()}() needs at least one other select`);
    return new CompoundSelect<T, N>(
      first,
      node({
        kind: "compoundSelect",
        memo: new NodeMemo(),
        op,
        selects: [first, ...others].map((s) => s.toSelectNode()),
        orderBy: [],
        limit: undefined,
        offset: undefined,
        ctes: [],
      }),
    );
  }

  /** ORDER BY for the whole compound. */
  orderBy(...items: OrderItem[]): CompoundSelect<T, N> {
    return new CompoundSelect<T, N>(
      this.#first,
      withChanges(this.#node, { orderBy: [...this.#node.orderBy, ...items.map(orderByNode)] }),
    );
  }
  limit(n: number): CompoundSelect<T, N> {
    return new CompoundSelect<T, N>(this.#first, withChanges(this.#node, { limit: limitNode(n, "limit") }));
  }
  offset(n: number): CompoundSelect<T, N> {
    return new CompoundSelect<T, N>(this.#first, withChanges(this.#node, { offset: limitNode(n, "offset") }));
  }
  subquery<A extends string>(name: A): Subquery<N, A> {
    return new Subquery<N, A>(this, name);
  }
  cte<A extends string>(name: A): Cte<N, A> {
    return new Cte<N, A>(this, name, false);
  }
  selectedColumns(): readonly SelectedColumn[] {
    return this.#first.selectedColumns();
  }
  resultColumns(): readonly ResultColumn[] {
    return resultColumnsOf(this.selectedColumns());
  }
  toSelectNode(): SelectableNode {
    return this.#node;
  }
  toStatementNode(): StatementNode {
    return this.#node;
  }
  /** The SQL and parameters in a dialect, for reading: `stmt.compile(engine.dialect)` (see `compile`). */
  compile(dialect?: CompileTarget, params?: Params): CompiledStatement {
    return renderStatement(this, dialect, params);
  }
  /** The SQL in a generic dialect (`"` quoting, `?` placeholders), for reading. */
  toString(): string {
    return statementText(this);
  }
}

/**
 * Starts a SELECT of columns, expressions, or whole tables / aliases / subqueries / CTEs.
 * Rows are typed: `select(users.c.id, users.c.name)` yields `Row<[number, string], { id: number; name: string }>`.
 */
export function select<const I extends readonly SelectItem[]>(...items: I): Select<TupleOf<I>, NamedOf<I>> {
  if (items.length === 0) throw new ArgumentError("select() needs at least one column or expression");
  return new Select<TupleOf<I>, NamedOf<I>>({
    items,
    from: [],
    joins: [],
    where: [],
    groupBy: [],
    having: [],
    orderBy: [],
    limit: undefined,
    offset: undefined,
    distinct: false,
    distinctOn: [],
    forUpdate: undefined,
    ctes: [],
  });
}

/** Re-exported for convenience: `and()` combines criteria. */
export { and };
