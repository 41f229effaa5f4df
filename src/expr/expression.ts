/**
 * Typed SQL expressions. `SqlExpression<T>` is an expression whose value is of JS type `T`; its methods
 * build new expressions (nothing is mutated, nothing runs). Values are always bound, with the type of
 * the expression they are compared with, so codecs apply.
 *
 * ```ts
 * users.c.name.eq("Ann")                 // users.name = :param  (bound as String)
 * users.c.age.between(18, 65)            // users.age BETWEEN ? AND ?
 * users.c.email.ilike("%@example.com")   // lower(users.email) LIKE lower(?) where there is no ILIKE
 * ```
 */

import {
  type BinaryOperator,
  type BindNode,
  type ExprNode,
  node,
  type OrderByNode,
  type SelectableNode,
  withChanges,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import { BooleanType, FloatType, type SqlType } from "../types/index.js";
import { describeValue, type HasClauseElement, hasClauseElement, resolveClauseElement } from "./coercion.js";

/** The shared Boolean type of comparison results. */
export const BOOLEAN = new BooleanType();
const FLOAT = new FloatType();

/** Something that can stand where a SELECT is used as a value or an IN list (implemented by `Select`). */
export interface SelectLike<T = unknown> {
  /** Phantom: the value type of the select's (first) column. */
  readonly __scalar?: T;
  toSelectNode(): SelectableNode;
}

/** An expression, or a protocol object (`[clauseElement]`) standing for one: what Core takes as a column argument. */
export type ExpressionLike<T = unknown> = SqlExpression<T> | HasClauseElement<SqlExpression<T>>;

/** A value or an expression of that value type (or a protocol object standing for one). */
export type Value<T> = T | SqlExpression<T> | HasClauseElement<SqlExpression<T>>;

/** Creates a bind node for a value of the given type. */
export function bind(value: unknown, type: SqlType | undefined, name?: string): BindNode {
  return node({ kind: "bind", value, name, type });
}

function isSelectLike(value: unknown): value is SelectLike {
  return typeof value === "object" && value !== null && typeof (value as SelectLike).toSelectNode === "function";
}

/**
 * Turns a value, expression, select or protocol object (`[clauseElement]`) into a node; plain values are bound
 * with `type`.
 */
export function toNode(value: unknown, type: SqlType | undefined): ExprNode {
  if (value instanceof SqlExpression) return value.node;
  if (hasClauseElement(value)) return toNode(resolveClauseElement(value), type);
  if (isSelectLike(value)) return node({ kind: "scalarSubquery", select: value.toSelectNode() });
  if (value === undefined) throw new ArgumentError("undefined is not a SQL value; use null for NULL");
  return bind(value, type);
}

/**
 * The node of an argument that must be a SQL expression (a column, an expression, or a protocol object standing
 * for one); anything else is an ArgumentError naming `what` took it.
 */
export function expressionNode(value: unknown, what: string): ExprNode {
  if (value instanceof SqlExpression) return value.node;
  const resolved = hasClauseElement(value) ? resolveClauseElement(value) : value;
  if (resolved instanceof SqlExpression) return resolved.node;
  throw new ArgumentError(`${what} takes SQL expressions (columns, func.*, …); got ${describeValue(value)}`);
}

/** Escapes LIKE wildcards with `/` so a user string matches literally. */
export function escapeLike(value: string): string {
  return value.replace(/[/%_]/g, (c) => `/${c}`);
}

type Str = string | null;
type Num = number | bigint | string | null;

/** A SQL expression whose value has JS type `T`. */
export abstract class SqlExpression<T = unknown> {
  /** Phantom: the JS value type (exists for inference, never set). */
  declare readonly __value: T;
  /** The expression's node. */
  abstract readonly node: ExprNode;
  /** The SQL type used to bind compared values and decode results (undefined when unknown). */
  abstract readonly type: SqlType | undefined;

  /** `this op other`, a comparison: a boolean. `other` is bound with this expression's type. */
  #compare(op: BinaryOperator, other: unknown): Expr<never> {
    return new Expr(node({ kind: "binary", op, left: this.node, right: toNode(other, this.type) }), BOOLEAN);
  }

  /**
   * `this op other`, arithmetic or concatenation: of this expression's type, or of `other`'s when this one
   * has none (an untyped expression never makes the result a boolean, or anything else made up).
   */
  #arith(op: BinaryOperator, other: unknown): Expr<never> {
    const type = this.type ?? (other instanceof SqlExpression ? other.type : undefined);
    return new Expr(node({ kind: "binary", op, left: this.node, right: toNode(other, type) }), type);
  }

  /** `=`; comparing with `null` renders `IS NULL`. */
  eq(other: Value<T | null>): SqlExpression<boolean> {
    return other === null ? this.isNull() : this.#compare("=", other);
  }
  /** `<>`; comparing with `null` renders `IS NOT NULL`. */
  ne(other: Value<T | null>): SqlExpression<boolean> {
    return other === null ? this.isNotNull() : this.#compare("<>", other);
  }
  lt(other: Value<T | null>): SqlExpression<boolean> {
    return this.#compare("<", other);
  }
  le(other: Value<T | null>): SqlExpression<boolean> {
    return this.#compare("<=", other);
  }
  gt(other: Value<T | null>): SqlExpression<boolean> {
    return this.#compare(">", other);
  }
  ge(other: Value<T | null>): SqlExpression<boolean> {
    return this.#compare(">=", other);
  }
  /** `IS DISTINCT FROM` (NULL-safe inequality). */
  isDistinctFrom(other: Value<T | null>): SqlExpression<boolean> {
    return this.#compare("IS DISTINCT FROM", other);
  }
  /** `IS NOT DISTINCT FROM` (NULL-safe equality). */
  isNotDistinctFrom(other: Value<T | null>): SqlExpression<boolean> {
    return this.#compare("IS NOT DISTINCT FROM", other);
  }

  /** `IN (…)` over values or a subquery. An empty list is always false. */
  in(values: readonly Value<NonNullable<T>>[] | SelectLike<T | null>): SqlExpression<boolean> {
    return this.#inList("IN", values);
  }
  /** `NOT IN (…)`. An empty list is always true. */
  notIn(values: readonly Value<NonNullable<T>>[] | SelectLike<T | null>): SqlExpression<boolean> {
    return this.#inList("NOT IN", values);
  }

  #inList(op: "IN" | "NOT IN", values: readonly unknown[] | SelectLike): SqlExpression<boolean> {
    if (isSelectLike(values)) {
      return new Expr(
        node({
          kind: "binary",
          op,
          left: this.node,
          right: node({ kind: "scalarSubquery", select: values.toSelectNode() }),
        }),
        BOOLEAN,
      );
    }
    if (!Array.isArray(values)) throw new ArgumentError(`${op.toLowerCase()}() takes an array of values or a select()`);
    const items = values.map((v) => toNode(v, this.type));
    return new Expr(node({ kind: "binary", op, left: this.node, right: node({ kind: "list", items }) }), BOOLEAN);
  }

  /** `BETWEEN low AND high`. */
  between(low: Value<T>, high: Value<T>): SqlExpression<boolean> {
    return new Expr(
      node({
        kind: "between",
        expr: this.node,
        low: toNode(low, this.type),
        high: toNode(high, this.type),
        negated: false,
      }),
      BOOLEAN,
    );
  }
  /** `NOT BETWEEN low AND high`. */
  notBetween(low: Value<T>, high: Value<T>): SqlExpression<boolean> {
    return new Expr(
      node({
        kind: "between",
        expr: this.node,
        low: toNode(low, this.type),
        high: toNode(high, this.type),
        negated: true,
      }),
      BOOLEAN,
    );
  }

  /** `IS NULL`. */
  isNull(): SqlExpression<boolean> {
    return new Expr(node({ kind: "unary", op: "IS NULL", operand: this.node }), BOOLEAN);
  }
  /** `IS NOT NULL`. */
  isNotNull(): SqlExpression<boolean> {
    return new Expr(node({ kind: "unary", op: "IS NOT NULL", operand: this.node }), BOOLEAN);
  }

  #like(
    pattern: Value<string>,
    caseInsensitive: boolean,
    negated: boolean,
    escape: string | undefined,
  ): SqlExpression<boolean> {
    return new Expr(
      node({ kind: "like", expr: this.node, pattern: toNode(pattern, this.type), escape, caseInsensitive, negated }),
      BOOLEAN,
    );
  }
  /** `LIKE pattern [ESCAPE e]` (case-sensitive where the database is). */
  like(this: SqlExpression<Str>, pattern: Value<string>, options: { escape?: string } = {}): SqlExpression<boolean> {
    return this.#like(pattern, false, false, options.escape);
  }
  /** `NOT LIKE`. */
  notLike(this: SqlExpression<Str>, pattern: Value<string>, options: { escape?: string } = {}): SqlExpression<boolean> {
    return this.#like(pattern, false, true, options.escape);
  }
  /** Case-insensitive LIKE: `ILIKE` on PostgreSQL, `lower(x) LIKE lower(pattern)` elsewhere. */
  ilike(this: SqlExpression<Str>, pattern: Value<string>, options: { escape?: string } = {}): SqlExpression<boolean> {
    return this.#like(pattern, true, false, options.escape);
  }
  /** `NOT ILIKE`. */
  notIlike(
    this: SqlExpression<Str>,
    pattern: Value<string>,
    options: { escape?: string } = {},
  ): SqlExpression<boolean> {
    return this.#like(pattern, true, true, options.escape);
  }
  /** Starts with `prefix`, matched literally (wildcards in `prefix` are escaped). */
  startsWith(this: SqlExpression<Str>, prefix: string): SqlExpression<boolean> {
    return this.#like(`${escapeLike(prefix)}%`, false, false, "/");
  }
  /** Ends with `suffix`, matched literally. */
  endsWith(this: SqlExpression<Str>, suffix: string): SqlExpression<boolean> {
    return this.#like(`%${escapeLike(suffix)}`, false, false, "/");
  }
  /** Contains `part`, matched literally. */
  contains(this: SqlExpression<Str>, part: string): SqlExpression<boolean> {
    return this.#like(`%${escapeLike(part)}%`, false, false, "/");
  }

  /** `this + other` (NULL when either side is NULL). */
  add(this: SqlExpression<Num>, other: Value<NonNullable<T>>): SqlExpression<T>;
  add(this: SqlExpression<Num>, other: SqlExpression<NonNullable<T> | null>): SqlExpression<T | null>;
  add(other: unknown): unknown {
    return this.#arith("+", other);
  }
  /** `this - other` (NULL when either side is NULL). */
  sub(this: SqlExpression<Num>, other: Value<NonNullable<T>>): SqlExpression<T>;
  sub(this: SqlExpression<Num>, other: SqlExpression<NonNullable<T> | null>): SqlExpression<T | null>;
  sub(other: unknown): unknown {
    return this.#arith("-", other);
  }
  /** `this * other` (NULL when either side is NULL). */
  mul(this: SqlExpression<Num>, other: Value<NonNullable<T>>): SqlExpression<T>;
  mul(this: SqlExpression<Num>, other: SqlExpression<NonNullable<T> | null>): SqlExpression<T | null>;
  mul(other: unknown): unknown {
    return this.#arith("*", other);
  }
  /**
   * True division, the same on every dialect: integer operands are divided as floating point (the result
   * is a number), decimals stay exact. Use `intDiv()` for integer division.
   */
  div(
    this: SqlExpression<Num>,
    other: Value<NonNullable<T>> | SqlExpression<NonNullable<T> | null>,
  ): SqlExpression<T | null> {
    const kind = this.type?.kind;
    if (kind === "integer" || kind === "bigint") {
      const left = node({ kind: "cast", expr: this.node, type: FLOAT }) as ExprNode;
      return new Expr(node({ kind: "binary", op: "/", left, right: toNode(other, this.type) }), FLOAT);
    }
    return this.#arith("/", other) as SqlExpression<T | null>;
  }
  /** Integer division, truncating toward zero (`/` on integers; `DIV` on MySQL). */
  intDiv(
    this: SqlExpression<Num>,
    other: Value<NonNullable<T>> | SqlExpression<NonNullable<T> | null>,
  ): SqlExpression<T | null> {
    return this.#arith("DIV", other) as SqlExpression<T | null>;
  }

  /** `this % other` (NULL when either side is NULL). */
  mod(this: SqlExpression<Num>, other: Value<NonNullable<T>>): SqlExpression<T>;
  mod(this: SqlExpression<Num>, other: SqlExpression<NonNullable<T> | null>): SqlExpression<T | null>;
  mod(other: unknown): unknown {
    return this.#arith("%", other);
  }
  /** `-this`. */
  neg(this: SqlExpression<Num>): SqlExpression<T> {
    return new Expr(node({ kind: "unary", op: "-", operand: this.node }), this.type);
  }
  /** String concatenation (`||`, or `concat()` on MySQL). */
  concat(this: SqlExpression<Str>, other: Value<string | null>): SqlExpression<T> {
    return this.#arith("||", other) as SqlExpression<T>;
  }

  /** `ORDER BY this ASC`. */
  asc(): OrderBy {
    return new OrderBy(node({ kind: "orderBy", expr: this.node, direction: "ASC", nulls: undefined }));
  }
  /** `ORDER BY this DESC`. */
  desc(): OrderBy {
    return new OrderBy(node({ kind: "orderBy", expr: this.node, direction: "DESC", nulls: undefined }));
  }

  /** `this AS name`: names a selected expression (the row key). */
  label<N extends string>(name: N): Label<T, N> {
    if (typeof name !== "string" || name === "") throw new ArgumentError("label() needs a non-empty name");
    return new Label(node({ kind: "label", expr: this.node, name }), this.type, name);
  }

  /** `CAST(this AS type)`. */
  cast<U>(type: SqlType<U>): SqlExpression<U> {
    return new Expr(node({ kind: "cast", expr: this.node, type }), type);
  }
}

/** A general expression: a node and its type. */
export class Expr<T> extends SqlExpression<T> {
  constructor(
    readonly node: ExprNode,
    readonly type: SqlType | undefined,
  ) {
    super();
    Object.freeze(this);
  }
}

/** Carries a label's source in a method parameter (see `Label.__source`). */
interface LabelSource<Src> {
  of(source: Src): void;
}

/** An expression with a name: a row key in results. */
export class Label<T, N extends string, Src extends string = never> extends SqlExpression<T> {
  /**
   * Phantom: the FROM item a labelled column comes from (what an outer join makes nullable). A method's parameter
   * (bivariant), so that labels of any source stay assignable to each other.
   */
  declare readonly __source?: LabelSource<Src>["of"];
  constructor(
    readonly node: ExprNode,
    readonly type: SqlType | undefined,
    /** The label, which is the row key. */
    readonly key: N,
  ) {
    super();
    Object.freeze(this);
  }
}

/** An ORDER BY item; `nullsFirst()` / `nullsLast()` refine it. */
export class OrderBy {
  constructor(readonly node: OrderByNode) {
    Object.freeze(this);
  }
  /** `NULLS FIRST` (emulated where the dialect has no NULLS clause). */
  nullsFirst(): OrderBy {
    return new OrderBy(withChanges(this.node, { nulls: "FIRST" }));
  }
  /** `NULLS LAST`. */
  nullsLast(): OrderBy {
    return new OrderBy(withChanges(this.node, { nulls: "LAST" }));
  }
}

/** `asc(expr)`. */
export const asc = (expr: SqlExpression): OrderBy => expr.asc();
/** `desc(expr)`. */
export const desc = (expr: SqlExpression): OrderBy => expr.desc();
