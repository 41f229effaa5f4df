/**
 * Boolean combinators and standalone constructs: `and`, `or`, `not`, `case`, `cast`, `literal`,
 * `bindparam`, `exists`, `literalColumn`.
 *
 * ```ts
 * select(users.c.id).where(and(users.c.active.eq(true), or(users.c.role.eq("admin"), users.c.role.eq("owner"))));
 * // … WHERE users.active = ? AND (users.role = ? OR users.role = ?)
 * ```
 */

import { node, type ExprNode } from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import {
  BigIntegerType,
  DateTimeType,
  FloatType,
  IntegerType,
  type JsTypeOf,
  LargeBinaryType,
  type SqlType,
  StringType,
} from "../types/index.js";
import { BOOLEAN, bind, Expr, type SelectLike, SqlExpression, toNode, type Value } from "./expression.js";
import { describeValue, type HasClauseElement, resolveClauseElement } from "./coercion.js";
import { TextClause } from "./text.js";

/**
 * A WHERE / HAVING / ON criterion: a boolean expression, a `text()` fragment (`text("price > :min")`), or
 * undefined (skipped, so optional filters compose).
 */
export type Criterion =
  | SqlExpression<boolean>
  | SqlExpression<boolean | null>
  | TextClause
  | HasClauseElement<SqlExpression<boolean> | SqlExpression<boolean | null>>
  | undefined;

/** The node of a criterion (undefined stays undefined; protocol objects are resolved). */
export function criterionNode(c: Criterion, what = "where"): ExprNode | undefined {
  if (c === undefined) return undefined;
  if (c instanceof SqlExpression) return c.node;
  if (c instanceof TextClause) return c.node;
  const resolved = resolveClauseElement(c);
  if (resolved instanceof SqlExpression || resolved instanceof TextClause) return resolved.node;
  throw new ArgumentError(`${what}() takes SQL expressions or text() fragments; got ${describeValue(c)}`);
}

/** The nodes of criteria, undefined ones skipped. */
export function criteriaNodes(criteria: readonly Criterion[], what = "where"): ExprNode[] {
  const out: ExprNode[] = [];
  for (const c of criteria) {
    const n = criterionNode(c, what);
    if (n) out.push(n);
  }
  return out;
}

/**
 * The WHERE / HAVING of a statement from its criteria nodes: undefined for none, the node itself for one,
 * their AND otherwise.
 */
export function andNode(items: readonly ExprNode[]): ExprNode | undefined {
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return node({ kind: "boolean", op: "AND", items });
}

function combine(op: "AND" | "OR", criteria: readonly Criterion[]): SqlExpression<boolean> {
  const items: ExprNode[] = [];
  for (const n of criteriaNodes(criteria, op.toLowerCase())) {
    // Flatten nested ANDs / ORs of the same operator.
    if (n.kind === "boolean" && n.op === op) items.push(...n.items);
    else items.push(n);
  }
  if (items.length === 1) return new Expr(items[0] as ExprNode, BOOLEAN);
  return new Expr(node({ kind: "boolean", op, items }), BOOLEAN);
}

/** `a AND b AND …` (undefined criteria are skipped, so optional filters compose). */
export function and(...criteria: Criterion[]): SqlExpression<boolean> {
  return combine("AND", criteria);
}

/** `a OR b OR …`. */
export function or(...criteria: Criterion[]): SqlExpression<boolean> {
  return combine("OR", criteria);
}

/** `NOT criterion`. */
export function not(criterion: Exclude<Criterion, undefined>): SqlExpression<boolean> {
  return new Expr(node({ kind: "unary", op: "NOT", operand: criterionNode(criterion, "not") as ExprNode }), BOOLEAN);
}

/** `EXISTS (subquery)`. */
export function exists(select: SelectLike): SqlExpression<boolean> {
  return new Expr(
    node({ kind: "unary", op: "EXISTS", operand: node({ kind: "scalarSubquery", select: select.toSelectNode() }) }),
    BOOLEAN,
  );
}

const INFERRED_INTEGER = new IntegerType();
const INFERRED_FLOAT = new FloatType();
const INFERRED_STRING = new StringType();
const INFERRED_BIGINT = new BigIntegerType();
const INFERRED_DATETIME = new DateTimeType(true);
const INFERRED_BINARY = new LargeBinaryType();

/**
 * The type of a literal given without one, from its JS value (as SQLAlchemy infers it from the Python
 * value): a 32-bit integer is an Integer, any other number a Float, a bigint a BigInteger; strings, booleans,
 * Dates and byte arrays their types. Anything else (objects, null) stays untyped.
 */
function inferredType(value: unknown): SqlType | undefined {
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) && Math.abs(value) <= 2147483647 ? INFERRED_INTEGER : INFERRED_FLOAT;
    case "bigint":
      return INFERRED_BIGINT;
    case "string":
      return INFERRED_STRING;
    case "boolean":
      return BOOLEAN;
    default:
      if (value instanceof Date) return INFERRED_DATETIME;
      if (value instanceof Uint8Array) return INFERRED_BINARY;
      return undefined;
  }
}

/**
 * A bound literal value: `literal(5)`, `literal("a")`, or with an explicit type, `literal(5, BigInteger())`.
 * Without one the type comes from the value (see `inferredType`), so the value binds and decodes as it
 * would in a column of that type (PostgreSQL sees `$1::INTEGER`, not an unknown).
 */
export function literal<T>(value: T, type?: SqlType<T>): SqlExpression<T> {
  const resolved = type ?? inferredType(value);
  return new Expr(bind(value, resolved), resolved);
}

/**
 * A named parameter whose value is given at execution: `bindparam("id", Integer())`, then
 * `conn.execute(stmt, { id: 5 })`. `value` is the default when the execution gives none.
 */
export function bindparam<T = unknown>(name: string, type?: SqlType<T>, value?: T): SqlExpression<T> {
  return new Expr(bind(value, type, name), type);
}

/** `CAST(expr AS type)`. */
export function cast<U>(expr: SqlExpression, type: SqlType<U>): SqlExpression<U> {
  return expr.cast(type);
}

/** Value type of the `then` branches of a `case()`. */
type ThenValue<W> = W extends readonly [unknown, infer R] ? (R extends SqlExpression<infer T> ? T : R) : never;

/**
 * `CASE WHEN … THEN … ELSE … END`. Plain values are bound (typed by `type` when given).
 *
 * ```ts
 * case_([[users.c.age.lt(18), "minor"], [users.c.age.lt(65), "adult"]], { else: "senior" }).label("band")
 * ```
 */
export function case_<
  const W extends readonly (readonly [SqlExpression<boolean> | SqlExpression<boolean | null>, unknown])[],
  E = null,
>(
  whens: W,
  options: { else?: E; type?: SqlType } = {},
): SqlExpression<ThenValue<W[number]> | (E extends SqlExpression<infer T> ? T : E)> {
  if (whens.length === 0) throw new ArgumentError("case_() needs at least one [condition, result] pair");
  const firstThen = whens[0]?.[1];
  const type = options.type ?? (firstThen instanceof SqlExpression ? firstThen.type : undefined);
  return new Expr(
    node({
      kind: "case",
      value: undefined,
      whens: whens.map(([w, t]) => [w.node, toNode(t, type)] as const),
      else: options.else === undefined ? undefined : toNode(options.else, type),
    }),
    type,
  );
}

/** A typed column-like expression from raw SQL text (no binds): `literalColumn("x", Integer())`. */
export function literalColumn<S extends SqlType | undefined = undefined>(
  sql: string,
  type?: S,
): SqlExpression<S extends SqlType ? JsTypeOf<S> : unknown> {
  return new Expr(node({ kind: "text", sql, columns: undefined, bindTypes: undefined }), type);
}

/** Re-export for `Value<T>` users. */
export type { Value };
