/**
 * `func.*`: SQL functions. Known aggregates and scalars are typed; any other name works untyped
 * (`func.jsonb_build_object(...)`), and camelCase names become snake_case (`func.rowNumber()` →
 * `row_number()`). Window functions take `.over({ partitionBy, orderBy })`.
 *
 * ```ts
 * select(tasks.c.status, func.count(tasks.c.id).label("n")).groupBy(tasks.c.status);
 * func.rowNumber().over({ partitionBy: emp.c.dept, orderBy: emp.c.salary.desc() }).label("rank")
 * ```
 */

import { node, type ExprNode, type FunctionNode, type OrderByNode, withChanges } from "../ast/index.js";
import { DateTimeType, FloatType, IntegerType, StringType, type SqlType } from "../types/index.js";
import { type HasClauseElement, resolveClauseElement } from "./coercion.js";
import { Expr, expressionNode, type ExpressionLike, OrderBy, SqlExpression, toNode, type Value } from "./expression.js";

const INTEGER = new IntegerType();
const FLOAT = new FloatType();
const TEXT = new StringType();
const DATETIME = new DateTimeType();

/** Options of a window: `OVER (PARTITION BY … ORDER BY … frame)`. */
export interface OverOptions {
  readonly partitionBy?: ExpressionLike | readonly ExpressionLike[];
  readonly orderBy?: OrderByArg | readonly OrderByArg[];
  /** A frame clause, e.g. `"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"`. */
  readonly frame?: string;
}

const asArray = <X>(v: X | readonly X[] | undefined): readonly X[] =>
  v === undefined ? [] : Array.isArray(v) ? (v as readonly X[]) : [v as X];

/** An ORDER BY argument: an expression, `expr.desc()` / `asc(expr)`, or a protocol object standing for either. */
export type OrderByArg = ExpressionLike | OrderBy | HasClauseElement<OrderBy>;

/** Turns an ORDER BY argument (an expression, `expr.desc()`, or a protocol object) into a node. */
export function orderByNode(item: OrderByArg): OrderByNode {
  const resolved = item instanceof OrderBy || item instanceof SqlExpression ? item : resolveClauseElement(item);
  return resolved instanceof OrderBy
    ? resolved.node
    : node({ kind: "orderBy", expr: expressionNode(resolved, "orderBy()"), direction: undefined, nulls: undefined });
}

/** A function call; aggregates can be windowed with `over()` and filtered with `filter()`. */
export class FunctionCall<T> extends SqlExpression<T> {
  constructor(
    readonly node: FunctionNode,
    readonly type: SqlType | undefined,
  ) {
    super();
    Object.freeze(this);
  }

  /** `fn(…) OVER (…)`: a window function. */
  over(options: OverOptions = {}): SqlExpression<T> {
    return new Expr(
      node({
        kind: "over",
        fn: this.node,
        partitionBy: asArray(options.partitionBy).map((e) => expressionNode(e, "over({ partitionBy })")),
        orderBy: asArray(options.orderBy).map(orderByNode),
        frame: options.frame,
      }),
      this.type,
    );
  }

  /** `agg(…) FILTER (WHERE …)` (emulated with CASE where unsupported). */
  filter(criterion: SqlExpression<boolean>): FunctionCall<T> {
    return new FunctionCall(withChanges(this.node, { filter: criterion.node }), this.type);
  }
}

function call<T>(name: string, args: readonly unknown[], type: SqlType | undefined, distinct = false): FunctionCall<T> {
  const argNodes: ExprNode[] = args.map((a) => toNode(a, undefined));
  return new FunctionCall<T>(node({ kind: "function", name, args: argNodes, distinct, filter: undefined, type }), type);
}

const typeOf = (e: unknown): SqlType | undefined => {
  const resolved = resolveClauseElement(e);
  return resolved instanceof SqlExpression ? resolved.type : undefined;
};
type ValueOf<E> = E extends SqlExpression<infer T> ? T : E extends HasClauseElement<SqlExpression<infer T>> ? T : E;

/** The typed functions; any other property is an untyped function of that (snake_cased) name. */
export interface FunctionNamespace {
  /** `count(*)` or `count(expr)` → number. */
  count(expr?: ExpressionLike): FunctionCall<number>;
  /** `count(DISTINCT expr)` → number. */
  countDistinct(expr: ExpressionLike): FunctionCall<number>;
  sum<T>(expr: ExpressionLike<T>): FunctionCall<T | null>;
  /** `avg(expr)` → number (a float on every dialect). */
  avg(expr: ExpressionLike): FunctionCall<number | null>;
  min<T>(expr: ExpressionLike<T>): FunctionCall<T | null>;
  max<T>(expr: ExpressionLike<T>): FunctionCall<T | null>;
  /** The current timestamp (`now()`, `CURRENT_TIMESTAMP` on SQLite). */
  now(): FunctionCall<Date>;
  /** The first non-NULL argument; NULL only when every argument can be NULL. */
  coalesce<const A extends readonly unknown[]>(...args: A): FunctionCall<CoalesceResult<A>>;
  lower<T extends string | null>(expr: Value<T>): FunctionCall<T>;
  upper<T extends string | null>(expr: Value<T>): FunctionCall<T>;
  /** Character length. */
  length(expr: Value<string | null>): FunctionCall<number>;
  abs<T>(expr: ExpressionLike<T>): FunctionCall<T>;
  rowNumber(): FunctionCall<number>;
  rank(): FunctionCall<number>;
  denseRank(): FunctionCall<number>;
  lag<T>(expr: ExpressionLike<T>, offset?: number): FunctionCall<T | null>;
  lead<T>(expr: ExpressionLike<T>, offset?: number): FunctionCall<T | null>;
  /**
   * Any SQL function by name, untyped: `func.fn("jsonb_build_object", "a", col)`. (Every other property of
   * `func` works too — `func.replace(a, b, c)` — but under `noUncheckedIndexedAccess` TypeScript sees those
   * as possibly undefined; `fn` is always typed.)
   */
  fn<T = unknown>(name: string, ...args: unknown[]): FunctionCall<T>;
  [name: string]:
    | ((...args: never[]) => FunctionCall<unknown>)
    | (<T = unknown>(name: string, ...args: unknown[]) => FunctionCall<T>);
}

/** NULL only if every argument may be NULL. */
type CoalesceResult<A extends readonly unknown[]> = true extends {
  [K in keyof A]: null extends ValueOf<A[K]> ? false : true;
}[number]
  ? NonNullable<ValueOf<A[number]>>
  : ValueOf<A[number]>;

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const known: Record<string, (...args: never[]) => FunctionCall<unknown>> = {
  count: (expr?: SqlExpression) => call("count", expr === undefined ? [] : [expr], INTEGER),
  countDistinct: (expr: SqlExpression) => call("count", [expr], INTEGER, true),
  sum: (expr: SqlExpression) => call("sum", [expr], typeOf(expr)),
  avg: (expr: SqlExpression) => call("avg", [expr], FLOAT),
  min: (expr: SqlExpression) => call("min", [expr], typeOf(expr)),
  max: (expr: SqlExpression) => call("max", [expr], typeOf(expr)),
  now: () => call("now", [], DATETIME),
  coalesce: (...args: unknown[]) =>
    call(
      "coalesce",
      args,
      args.map(typeOf).find((t) => t !== undefined),
    ),
  lower: (expr: unknown) => call("lower", [expr], typeOf(expr) ?? TEXT),
  upper: (expr: unknown) => call("upper", [expr], typeOf(expr) ?? TEXT),
  length: (expr: unknown) => call("length", [expr], INTEGER),
  abs: (expr: SqlExpression) => call("abs", [expr], typeOf(expr)),
  rowNumber: () => call("row_number", [], INTEGER),
  rank: () => call("rank", [], INTEGER),
  denseRank: () => call("dense_rank", [], INTEGER),
  lag: (expr: SqlExpression, offset?: number) =>
    call("lag", offset === undefined ? [expr] : [expr, offset], typeOf(expr)),
  fn: (name: string, ...args: unknown[]) => call(name, args, undefined),
  lead: (expr: SqlExpression, offset?: number) =>
    call("lead", offset === undefined ? [expr] : [expr, offset], typeOf(expr)),
};

/** `func.name(args…)`. */
export const func: FunctionNamespace = new Proxy(known, {
  get(target, prop) {
    if (typeof prop !== "string") return undefined;
    return target[prop] ?? ((...args: unknown[]) => call(snake(prop), args, undefined));
  },
}) as unknown as FunctionNamespace;
