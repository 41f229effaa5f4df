/**
 * PostgreSQL's SQL compiler: the base compiler plus what only PostgreSQL spells: native `ILIKE`,
 * `DISTINCT ON (…)`, `ON CONFLICT … DO NOTHING | DO UPDATE` (with `ON CONSTRAINT`), and the JSONB
 * operators `->`, `->>`, `@>`, `<@`, `?`. Everything else (`$n` placeholders, `"` quoting, `LIMIT/OFFSET`,
 * `NULLS FIRST/LAST`, `FILTER (WHERE …)`, `FOR [NO KEY] UPDATE / [KEY] SHARE`, LATERAL, RETURNING) is the
 * base's standard SQL.
 */

import type { ExprNode, FunctionNode, JsonOperator, LikeNode, UpsertNode } from "../../ast/index.js";
import { SqlCompiler } from "../../compiler/index.js";
import { NotSupportedError } from "../../errors/index.js";
import { CustomType, type SqlType } from "../../types/index.js";
import { JsonbCastType } from "./json.js";

/** A type a select-list parameter is cast to: not an enum, whose type may have no name (text suits it). */
function castable(type: SqlType): boolean {
  let t: SqlType = type;
  while (t instanceof CustomType) t = t.impl as SqlType;
  return t.kind !== "enum";
}

/**
 * Compiles one statement for PostgreSQL.
 *
 * ```ts
 * compile(select(users.c.id).where(users.c.name.ilike("%ann%")).distinctOn(users.c.email), new PostgreSQLDialect());
 * // SELECT DISTINCT ON ("users"."email") "users"."id" FROM "users" WHERE "users"."name" ILIKE $1
 * ```
 */
export class PostgreSQLCompiler extends SqlCompiler {
  /** `ILIKE` / `NOT ILIKE` natively. */
  override visitLike(n: LikeNode): string {
    if (!n.caseInsensitive) return super.visitLike(n);
    const op = n.negated ? "NOT ILIKE" : "ILIKE";
    return `${this.operand(n.expr)} ${op} ${this.operand(n.pattern)}${this.likeEscape(n.escape)}`;
  }

  /**
   * The select list, where a bound value standing alone (`literal(1, Integer())`, as in the anchor of a
   * recursive CTE) is cast to its type: PostgreSQL types an untyped parameter there as text, and a
   * recursive step adding to it, or a UNION with an integer column, then fails. (Enums stay text.)
   */
  override columnsClause(columns: readonly ExprNode[]): string {
    return columns
      .map((c) => {
        const value = c.kind === "label" ? c.expr : c;
        const sql =
          value.kind === "bind" && value.type && castable(value.type)
            ? `CAST(${this.expr(value)} AS ${this.castType(value.type)})`
            : this.expr(value);
        return c.kind === "label" ? `${sql} AS ${this.id(c.name)}` : sql;
      })
      .join(", ");
  }

  /**
   * `func.now()` is `CURRENT_TIMESTAMP(3)`: the transaction's start time, like `now()`, with the
   * milliseconds a JS Date holds (`now()` has microseconds, which the DateTime codec refuses).
   */
  override visitFunction(n: FunctionNode): string {
    if (n.name === "now" && n.args.length === 0 && !n.filter) return "CURRENT_TIMESTAMP(3)";
    return super.visitFunction(n);
  }

  /** `DISTINCT ON (a, b) `. */
  override distinctOn(exprs: readonly ExprNode[]): string {
    return `DISTINCT ON (${exprs.map((e) => this.expr(e)).join(", ")}) `;
  }

  /** `ON CONFLICT …`; the MySQL form is refused with the way to write it here. */
  override upsert(u: UpsertNode): string {
    if (u.form !== "onConflict") {
      throw new NotSupportedError(
        "postgresql has no ON DUPLICATE KEY UPDATE; use insert() from athanor/postgresql with onConflictDoUpdate({ target, set })",
      );
    }
    return this.onConflict(u);
  }

  /** `ON CONSTRAINT "name"`. */
  protected override conflictConstraint(name: string): string {
    return `ON CONSTRAINT ${this.id(name)}`;
  }

  /** `JSONB` for the JSON helpers' casts; the DDL type name otherwise. */
  override castType(type: SqlType): string {
    return type instanceof JsonbCastType ? "JSONB" : super.castType(type);
  }

  /** `a -> b`, `a ->> b`, `a @> b`, `a <@ b`, `a ? b`. */
  override jsonOperator(op: JsonOperator, left: ExprNode, right: ExprNode): string {
    return `${this.operand(left)} ${op} ${this.operand(right)}`;
  }
}
