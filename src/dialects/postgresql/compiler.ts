/**
 * PostgreSQL's SQL compiler: the base compiler plus what only PostgreSQL spells: native `ILIKE`,
 * `DISTINCT ON (…)`, `ON CONFLICT … DO NOTHING | DO UPDATE` (with `ON CONSTRAINT`), and the JSONB
 * operators `->`, `->>`, `@>`, `<@`, `?`. Everything else (`$n` placeholders, `"` quoting, `LIMIT/OFFSET`,
 * `NULLS FIRST/LAST`, `FILTER (WHERE …)`, `FOR [NO KEY] UPDATE / [KEY] SHARE`, LATERAL, RETURNING) is the
 * base's standard SQL.
 */

import type {
  BindNode,
  ExprNode,
  FunctionNode,
  JsonOperator,
  LikeNode,
  TableNode,
  UpsertNode,
} from "../../ast/index.js";
import { SqlCompiler } from "../../compiler/index.js";
import { NotSupportedError } from "../../errors/index.js";
import { declaredDdl, type SqlType, storedType } from "../../types/index.js";
import { JSONBType } from "./json.js";

/**
 * The type a bound value is cast to (`$1::INTEGER`), or undefined to leave it untyped. Lengths, precision
 * and scale are left out on purpose: casting to `VARCHAR(3)` or `NUMERIC(10, 2)` would truncate or round
 * silently, where the column itself raises an error. Enums stay untyped (their type name needs the column).
 */
function bindCastType(type: SqlType): string | undefined {
  // A type spelled in the database's own terms (`inet`, `text[]`) is cast to that spelling.
  const ddl = declaredDdl(type);
  if (ddl !== undefined) return ddl;
  const t = storedType(type);
  switch (t.kind) {
    case "integer":
      return (t as { bits?: number }).bits === 16 ? "SMALLINT" : "INTEGER";
    case "bigint":
      return "BIGINT";
    case "numeric":
      return "NUMERIC";
    case "float":
      return "DOUBLE PRECISION";
    case "boolean":
      return "BOOLEAN";
    case "string":
      return "VARCHAR";
    case "datetime":
      return (t as { timezone?: boolean }).timezone ? "TIMESTAMPTZ" : "TIMESTAMP";
    case "date":
      return "DATE";
    case "time":
      return "TIME";
    case "interval":
      return "INTERVAL";
    case "json":
      return t instanceof JSONBType ? "JSONB" : "JSON";
    case "uuid":
      return "UUID";
    case "binary":
      return "BYTEA";
    default:
      return undefined;
  }
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
   * A typed bound value carries its type (`$1::INTEGER`), as SQLAlchemy's asyncpg and psycopg dialects do:
   * PostgreSQL otherwise infers parameter types from context, and fails where there is none
   * (`$1 / $2`, a value alone in a select list or a recursive CTE's anchor: "operator is not unique").
   */
  override visitBind(n: BindNode): string {
    const sql = super.visitBind(n);
    if (this.inlineLiterals || !n.type) return sql;
    const cast = bindCastType(n.type);
    return cast ? `${sql}::${cast}` : sql;
  }

  /**
   * `func.now()` is `CURRENT_TIMESTAMP(3)`: the transaction's start time, like `now()`, with the
   * milliseconds a JS Date holds (`now()` has microseconds, which the DateTime codec refuses).
   */
  override visitFunction(n: FunctionNode): string {
    if (n.name === "now" && n.args.length === 0 && !n.filter) return "CURRENT_TIMESTAMP(3)";
    return super.visitFunction(n);
  }

  /**
   * A VALUES column whose binds carry no cast (enums) is typed `text` by PostgreSQL, which INSERT … SELECT
   * will not assign to the column: cast it to the column's type (SQLAlchemy's RENDER_SELECT_COL_CASTS).
   * Other columns already carry their type on the bind (see `visitBind`), without lengths that would truncate.
   */
  protected override orderedValuesColumn(name: string, value: ExprNode, table: TableNode, column: string): string {
    if (value.kind !== "bind" || !value.type || bindCastType(value.type) !== undefined) return name;
    return `CAST(${name} AS ${this.dialect.typeSql(value.type, { table: table.name, column })})`;
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

  /** `a -> b`, `a ->> b`, `a @> b`, `a <@ b`, `a ? b`. */
  override jsonOperator(op: JsonOperator, left: ExprNode, right: ExprNode): string {
    return `${this.operand(left)} ${op} ${this.operand(right)}`;
  }
}
