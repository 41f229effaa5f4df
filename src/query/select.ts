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
  describeValue,
  type ExecutableOption,
  expressionNode,
  type ExpressionLike,
  orderByNode,
  type OrderByArg,
  type PluggableStatement,
  pluginOfInput,
  resolveClauseElement,
  type ResultColumn,
  type StatementPlugin,
  type SelectLike,
  SqlExpression,
  Expr,
  BOOLEAN,
  type CompiledStatement,
  type CompileOptions,
  type CompileTarget,
  type Params,
  renderStatement,
  statementText,
} from "../expr/index.js";
import { IntegerType } from "../types/index.js";
import {
  type AnySources,
  Cte,
  expandItems,
  flattenFrom,
  type FromArg,
  type FromItem,
  fromItemOf,
  inferJoinCondition,
  isFromItem,
  type JoinArg,
  JoinTarget,
  type NamedOf,
  type NameOf,
  type NullableNamed,
  type NullableTuple,
  type SourcesOf,
  resultColumnsOf,
  type SelectedColumn,
  type SelectItem,
  type SelectSource,
  Subquery,
  type TupleOf,
} from "./selectable.js";

const LIMIT_TYPE = new IntegerType();

type OrderItem = OrderByArg;

interface JoinStep {
  readonly target: FromItem;
  readonly on: ExprNode | undefined;
  readonly type: "INNER" | "LEFT" | "FULL";
}

/** @internal The state of a `Select` (what its builder methods change). */
export interface SelectState {
  /** The select list as given (protocol objects unresolved: a plugin reads them). */
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
  /** Options, annotations and plugin, in one object (builder steps copy one field, not three). */
  readonly ext: SelectExtensions;
}

/** @internal What a statement carries for plugins: none of it changes the SQL by itself. */
export interface SelectExtensions {
  readonly options: readonly ExecutableOption[];
  readonly annotations: Readonly<Record<string, unknown>>;
  readonly plugin: StatementPlugin<Select> | undefined;
}

/** What a plugin compiled each plugin-bearing statement into (plain Core selects never enter it). */
const pluginCompiled = new WeakMap<object, Select>();

/** The extensions of a plain Core select. */
const NO_EXTENSIONS: SelectExtensions = Object.freeze({ options: [], annotations: {}, plugin: undefined });

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

/**
 * Checks a select list (each entry must be or stand for an expression or a FROM item, so a bad one fails where it
 * is written, not at execution) and returns the plugin it asks for (the first entry that names one).
 */
function checkItems(items: readonly SelectItem[], what: string): StatementPlugin<Select> | undefined {
  let plugin: StatementPlugin<Select> | undefined;
  for (const item of items) {
    // Core's own items need no protocol lookups and name no plugin (the common case, on every statement built).
    if (item instanceof SqlExpression || isFromItem(item)) continue;
    const resolved = resolveClauseElement(item);
    if (!(resolved instanceof SqlExpression) && !isFromItem(resolved))
      throw new ArgumentError(
        `${what} takes columns, expressions, tables, aliases, subqueries or CTEs; got ${describeValue(item)}`,
      );
    plugin ??= pluginOfInput(item) as StatementPlugin<Select> | undefined;
  }
  return plugin;
}

/** A select list entry's FROM item (for join inference), if it is or belongs to one. */
function ownerOf(item: SelectItem): FromItem | undefined {
  const resolved = resolveClauseElement(item);
  if (isFromItem(resolved)) return resolved;
  const table = (resolved as { table?: unknown }).table;
  return table !== undefined && isFromItem(table) ? table : undefined;
}

/**
 * An immutable SELECT. `T` is the row tuple, `N` the named row, `S` where each value comes from (what outer joins
 * consult to type the optional side as nullable).
 *
 * Open to extension: every builder method returns an instance of the receiver's own class (a subclass keeps
 * its type and must keep the constructor's signature), and a statement carries `options()`, `annotate()`
 * values and a plugin that do not change its SQL unless the plugin compiles it differently.
 */
export class Select<T extends readonly unknown[] = unknown[], N extends object = Record<string, unknown>, S = unknown>
  implements Executable<T, N>, SelectLike<T[0]>, SelectSource, PluggableStatement
{
  declare readonly __rowTuple?: T;
  declare readonly __rowNamed?: N;
  declare readonly __scalar?: T[0];
  declare readonly __sources?: S;
  readonly #state: SelectState;
  #node: SelectNode | undefined;
  #columns: SelectedColumn[] | undefined;

  /**
   * Use `select()`. A subclass is made from a select: `new MySelect(select(users))` (its builder methods then
   * return `MySelect`s).
   */
  constructor(source: Select<T, N, S> | SelectState) {
    this.#state = source instanceof Select ? source.#state : source;
  }

  /** A copy of this statement (of the same class) with some state changed. */
  #with(changes: Partial<SelectState>): this {
    const Ctor = this.constructor as new (source: SelectState) => this;
    return new Ctor({ ...this.#state, ...changes });
  }

  /** The select list as given: columns, expressions, FROM items and protocol objects (e.g. ORM classes). */
  get items(): readonly SelectItem[] {
    return this.#state.items;
  }

  /** The options given with `options()`, in order. */
  getOptions(): readonly ExecutableOption[] {
    return this.#state.ext.options;
  }

  /** The values given with `annotate()`. */
  get annotations(): Readonly<Record<string, unknown>> {
    return this.#state.ext.annotations;
  }

  /** The plugin that shapes this statement (taken from its select list, or set with `withPlugin()`). */
  get plugin(): StatementPlugin | undefined {
    return this.#state.ext.plugin as StatementPlugin | undefined;
  }

  /**
   * Attaches options for a plugin to read (the ORM's loader options: `options(selectinload(User.projects))`).
   * Options do not change the SQL or the cache key by themselves.
   */
  options(...options: ExecutableOption[]): this {
    for (const option of options) {
      if (typeof option !== "object" || option === null || typeof option.optionName !== "string")
        throw new ArgumentError(
          `options() takes statement options (e.g. loader options); got ${describeValue(option)}`,
        );
    }
    const ext = this.#state.ext;
    return this.#with({ ext: { ...ext, options: [...ext.options, ...options] } });
  }

  /** Attaches values for plugins and tools to read (merged over earlier ones); they never change the SQL. */
  annotate(values: Readonly<Record<string, unknown>>): this {
    const ext = this.#state.ext;
    return this.#with({ ext: { ...ext, annotations: { ...ext.annotations, ...values } } });
  }

  /** The same statement shaped by another plugin, or by none (`undefined`: plain Core). */
  withPlugin(plugin: StatementPlugin<Select> | undefined): this {
    return this.#with({ ext: { ...this.#state.ext, plugin } });
  }

  /**
   * Adds entries to the select list (SQLAlchemy's `add_columns`). Typed loosely: the row types of the result are
   * those of the original list followed by unknown values.
   */
  addColumns(...items: SelectItem[]): Select<[...T, ...unknown[]], N & Record<string, unknown>, AnySources> {
    if (items.length === 0) throw new ArgumentError("addColumns() needs at least one column or expression");
    checkItems(items, "addColumns()");
    const next = this.#with({ items: [...this.#state.items, ...items] });
    return next as unknown as Select<[...T, ...unknown[]], N & Record<string, unknown>, AnySources>;
  }

  /** The same statement selecting another list (SQLAlchemy's `with_only_columns`); FROM, WHERE… are kept. */
  withOnlyColumns<const I extends readonly SelectItem[]>(...items: I): Select<TupleOf<I>, NamedOf<I>, SourcesOf<I>> {
    if (items.length === 0) throw new ArgumentError("withOnlyColumns() needs at least one column or expression");
    const ext = this.#state.ext;
    const plugin = checkItems(items, "withOnlyColumns()") ?? ext.plugin;
    const next = this.#with({ items, ext: plugin === ext.plugin ? ext : { ...ext, plugin } });
    return next as unknown as Select<TupleOf<I>, NamedOf<I>, SourcesOf<I>>;
  }

  /** Adds WHERE criteria (ANDed with earlier ones; undefined criteria are skipped). */
  where(...criteria: Criterion[]): this {
    return this.#with({
      where: [...this.#state.where, ...criteriaNodes(criteria)],
    });
  }

  /** Adds explicit FROM items (`select_from`): tables, aliases, subqueries, CTEs or protocol objects. */
  from(...items: FromArg[]): this {
    return this.#with({ from: [...this.#state.from, ...items.map((item) => fromItemOf(item, "from()"))] });
  }

  /**
   * `JOIN target ON on`; without `on`, the condition comes from the target (a `JoinTarget`, e.g. an ORM
   * relationship) or is inferred from a foreign key.
   */
  join(target: JoinArg, on?: Criterion): this {
    return this.#join(target, on, "INNER");
  }
  /** `LEFT OUTER JOIN`: the target's columns become nullable in the row types. */
  outerJoin<F extends JoinArg>(
    target: F,
    on?: Criterion,
  ): Select<NullableTuple<T, S, NameOf<F>>, NullableNamed<N, S, NameOf<F>>, S> {
    return this.#join(target, on, "LEFT") as unknown as Select<
      NullableTuple<T, S, NameOf<F>>,
      NullableNamed<N, S, NameOf<F>>,
      S
    >;
  }
  /** `FULL OUTER JOIN` (not on MySQL): the columns of every table become nullable in the row types. */
  fullJoin(target: JoinArg, on?: Criterion): Select<NullableTuple<T, S, string>, NullableNamed<N, S, string>, S> {
    return this.#join(target, on, "FULL") as unknown as Select<
      NullableTuple<T, S, string>,
      NullableNamed<N, S, string>,
      S
    >;
  }

  #join(given: JoinArg, on: Criterion, type: JoinStep["type"]): this {
    const resolved = resolveClauseElement(given);
    const what = type === "INNER" ? "join()" : type === "LEFT" ? "outerJoin()" : "fullJoin()";
    const target = resolved instanceof JoinTarget ? fromItemOf(resolved.target, what) : fromItemOf(given, what);
    const condition = criterionNode(on, "join") ?? (resolved instanceof JoinTarget ? resolved.on.node : undefined);
    return this.#with({ joins: [...this.#state.joins, { target, on: condition, type }] });
  }

  /** GROUP BY. */
  groupBy(...exprs: ExpressionLike[]): this {
    return this.#with({ groupBy: [...this.#state.groupBy, ...exprs.map((e) => expressionNode(e, "groupBy()"))] });
  }
  /** HAVING (ANDed). */
  having(...criteria: Criterion[]): this {
    return this.#with({
      having: [...this.#state.having, ...criteriaNodes(criteria)],
    });
  }
  /** ORDER BY; `expr.desc()`, `expr.asc().nullsLast()`… */
  orderBy(...items: OrderItem[]): this {
    return this.#with({ orderBy: [...this.#state.orderBy, ...items.map(orderByNode)] });
  }
  /** LIMIT (bound). */
  limit(n: number | SqlExpression<number>): this {
    return this.#with({ limit: limitNode(n, "limit") });
  }
  /** OFFSET (bound). */
  offset(n: number | SqlExpression<number>): this {
    return this.#with({ offset: limitNode(n, "offset") });
  }
  /** SELECT DISTINCT. */
  distinct(): this {
    return this.#with({ distinct: true });
  }
  /** `SELECT DISTINCT ON (exprs)` (PostgreSQL). */
  distinctOn(...exprs: ExpressionLike[]): this {
    return this.#with({ distinctOn: exprs.map((e) => expressionNode(e, "distinctOn()")) });
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
      of?: readonly FromArg[];
    } = {},
  ): this {
    return this.#with({
      forUpdate: node({
        kind: "forUpdate",
        mode: options.keyShare ? (options.share ? "KEY SHARE" : "NO KEY UPDATE") : options.share ? "SHARE" : "UPDATE",
        nowait: options.nowait ?? false,
        skipLocked: options.skipLocked ?? false,
        of: (options.of ?? []).map((f) => fromItemOf(f, "forUpdate({ of })").node),
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
  union(...others: Select<readonly unknown[], object, unknown>[]): CompoundSelect<T, N> {
    return CompoundSelect.of<T, N>("UNION", this, others);
  }
  /** `this UNION ALL other…`. */
  unionAll(...others: Select<readonly unknown[], object, unknown>[]): CompoundSelect<T, N> {
    return CompoundSelect.of<T, N>("UNION ALL", this, others);
  }
  /** `this INTERSECT other…`. */
  intersect(...others: Select<readonly unknown[], object, unknown>[]): CompoundSelect<T, N> {
    return CompoundSelect.of<T, N>("INTERSECT", this, others);
  }
  /** `this EXCEPT other…`. */
  except(...others: Select<readonly unknown[], object, unknown>[]): CompoundSelect<T, N> {
    return CompoundSelect.of<T, N>("EXCEPT", this, others);
  }

  /** The select list, expanded (FROM items become their columns) with row keys. */
  selectedColumns(): readonly SelectedColumn[] {
    return (this.#columns ??= expandItems(this.#state.items));
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

  /** The result columns of the statement that runs (the plugin's compiled form, when it has one). */
  resultColumns(): readonly ResultColumn[] {
    const compiled = this.#state.ext.plugin?.compile ? this.#pluginCompiled() : undefined;
    return resultColumnsOf(compiled ? compiled.selectedColumns() : this.selectedColumns());
  }

  toStatementNode(): StatementNode {
    return this.toSelectNode();
  }

  /** The statement as it runs in place of this one: its plugin's compiled form (memoised per statement). */
  #pluginCompiled(): Select {
    let compiled = pluginCompiled.get(this);
    if (compiled) return compiled;
    const plugin = this.#state.ext.plugin as StatementPlugin<Select>;
    const compile = plugin.compile as NonNullable<StatementPlugin<Select>["compile"]>;
    compiled = compile.call(plugin, this as unknown as Select);
    if (!(compiled instanceof Select))
      throw new ArgumentError(`The ${plugin.name} plugin's compile() did not return a select()`);
    if (compiled.plugin?.compile === compile)
      throw new ArgumentError(
        `The ${plugin.name} plugin's compile() returned a statement it would compile again; return statement.withPlugin(undefined) or a new select()`,
      );
    pluginCompiled.set(this, compiled);
    return compiled;
  }

  toSelectNode(): SelectNode {
    if (this.#node) return this.#node;
    // A plugin that compiles the statement decides what runs (plain Core selects skip this).
    if (this.#state.ext.plugin?.compile) return (this.#node = this.#pluginCompiled().toSelectNode());
    const s = this.#state;
    const selected = this.selectedColumns();
    const columns = new Array<ExprNode>(selected.length);
    for (let i = 0; i < selected.length; i++) columns[i] = (selected[i] as SelectedColumn).node;
    // FROM: explicit items, then every FROM item the select list reaches; joins attach to the first.
    const froms: FromNode[] = s.from.map((f) => f.node);
    const reached: FromNode[] = [];
    for (const given of s.items) {
      // Core's own items first: no protocol lookup on the common path.
      const item = given instanceof SqlExpression ? given : resolveClauseElement(given);
      if (item instanceof SqlExpression) collectFroms(item.node, reached);
      else reached.push((item as FromItem).node);
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
      const owner = ownerOf(item);
      if (owner && !owners.has(owner.node)) owners.set(owner.node, owner);
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
    first: Select<T, N, unknown>,
    others: readonly Select<readonly unknown[], object, unknown>[],
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
}

/**
 * Starts a SELECT of columns, expressions, or whole tables / aliases / subqueries / CTEs (or protocol objects such
 * as ORM classes standing for them). Rows are typed: `select(users.c.id, users.c.name)` yields
 * `Row<[number, string], { id: number; name: string }>`.
 */
export function select<const I extends readonly SelectItem[]>(
  ...items: I
): Select<TupleOf<I>, NamedOf<I>, SourcesOf<I>> {
  if (items.length === 0) throw new ArgumentError("select() needs at least one column or expression");
  const plugin = checkItems(items, "select()");
  return new Select<TupleOf<I>, NamedOf<I>, SourcesOf<I>>({
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
    ext: plugin ? { ...NO_EXTENSIONS, plugin } : NO_EXTENSIONS,
  });
}

/** Re-exported for convenience: `and()` combines criteria. */
export { and };
