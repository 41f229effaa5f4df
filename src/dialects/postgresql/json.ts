/**
 * PostgreSQL's JSON operators as typed expressions: `jsonb(expr).get(key)` (`->`), `.getText(key)`
 * (`->>`), `.contains(value)` (`@>`), `.containedBy(value)` (`<@`), `.hasKey(key)` (`?`).
 *
 * ```ts
 * import { jsonb } from "athanor/postgresql";
 * select(docs.c.id).where(jsonb(docs.c.body).get("author").getText("name").eq("Ann"));
 * // … WHERE ("docs"."body" -> $1) ->> $2 = $3
 * select(docs.c.id).where(jsonb(docs.c.body).contains({ tags: ["sql"] }), jsonb(docs.c.body).hasKey("draft"));
 * // … WHERE CAST("docs"."body" AS JSONB) @> $1::JSONB AND CAST("docs"."body" AS JSONB) ? $2::VARCHAR
 * ```
 * `->` and `->>` work on `json` and `jsonb` values. Containment and key tests exist for `jsonb` only, so
 * their left side is cast to JSONB (a no-op on a `jsonb` column, whose indexes still apply).
 */

import { node, type ExprNode, type JsonOperator } from "../../ast/index.js";
import { BOOLEAN, Expr, SqlExpression, toNode } from "../../expr/index.js";
import { IntegerType, JSONType, type SqlType, StringType } from "../../types/index.js";

const TEXT = new StringType();
const INTEGER = new IntegerType();

/**
 * PostgreSQL's binary JSON column type: values as `JSON()` (any JSON value, parsed), declared `JSONB` on
 * PostgreSQL (and `JSON` elsewhere, where there is one JSON type), and bound as `$1::JSONB`.
 */
export class JSONBType<T = unknown> extends JSONType<T> {
  override toString(): string {
    return "JSONB";
  }
  override get cacheKey(): string {
    return "jsonb";
  }
}

/**
 * A `JSONB` column type (PostgreSQL's indexed, binary JSON); `T` types its values as with `JSON<T>()`.
 *
 * ```ts
 * import { JSONB } from "athanor/postgresql";
 * const docs = new Table("docs", md, { id: column(Integer()).primaryKey(), body: column(JSONB<{ tags: string[] }>()) });
 * ```
 */
export function JSONB<T = unknown>(): JSONBType<T> {
  return new JSONBType<T>();
}

const JSON_VALUE = new JSONType();
/** The CAST target of the containment and key tests. */
const JSONB_CAST = new JSONBType();

/** A member key or array index: text keys are bound as text; integer indexes are cast, as pg sends text. */
function keyNode(key: string | number | SqlExpression<string> | SqlExpression<number>): ExprNode {
  if (key instanceof SqlExpression) return key.node;
  if (typeof key === "number") {
    // An untyped parameter next to `->` is read as text (a key); CAST makes it an array index.
    return node({ kind: "cast", expr: toNode(key, INTEGER), type: INTEGER });
  }
  return toNode(key, TEXT);
}

/** A JSON value with PostgreSQL's JSON operators. */
export class JsonbExpression<T = unknown> extends SqlExpression<T> {
  constructor(
    readonly node: ExprNode,
    readonly type: SqlType | undefined,
  ) {
    super();
    Object.freeze(this);
  }

  #op(op: JsonOperator, right: ExprNode, left: ExprNode = this.node): ExprNode {
    return node({ kind: "binary", op, left, right });
  }

  /** The left side of a jsonb-only operator. */
  #asJsonb(): ExprNode {
    return node({ kind: "cast", expr: this.node, type: JSONB_CAST });
  }

  /** `this -> key`: an object member (string key) or array element (integer index), as JSON. */
  get(key: string | number | SqlExpression<string> | SqlExpression<number>): JsonbExpression<unknown> {
    return new JsonbExpression(this.#op("->", keyNode(key)), JSON_VALUE);
  }

  /** `this ->> key`: an object member or array element, as text. */
  getText(key: string | number | SqlExpression<string> | SqlExpression<number>): SqlExpression<string | null> {
    return new Expr(this.#op("->>", keyNode(key)), TEXT);
  }

  /** `this @> value`: the JSON value contains `value` (a JS value, bound as JSONB, or an expression). */
  override contains(value: unknown): SqlExpression<boolean> {
    return new Expr(this.#op("@>", toNode(value, JSONB_CAST), this.#asJsonb()), BOOLEAN);
  }

  /** `this <@ value`: the JSON value is contained in `value`. */
  containedBy(value: unknown): SqlExpression<boolean> {
    return new Expr(this.#op("<@", toNode(value, JSONB_CAST), this.#asJsonb()), BOOLEAN);
  }

  /** `this ? key`: the object has the top-level key (or the array the string element). */
  hasKey(key: string | SqlExpression<string>): SqlExpression<boolean> {
    return new Expr(this.#op("?", toNode(key, TEXT), this.#asJsonb()), BOOLEAN);
  }
}

/**
 * PostgreSQL's JSON operators on an expression (a `JSON()` column, a `->` result, a cast…).
 *
 * ```ts
 * jsonb(docs.c.body).get("tags").get(0).getText("name") // ("docs"."body" -> $1) -> CAST($2 AS INTEGER)) ->> $3
 * ```
 */
export function jsonb<T>(expr: SqlExpression<T>): JsonbExpression<T> {
  return new JsonbExpression<T>(expr.node, expr.type);
}
