/**
 * SQLite's SQL compiler: the base compiler with SQLite's differences.
 *
 * - `func.now()` is `strftime('%Y-%m-%d %H:%M:%f', 'now')`: a UTC timestamp with milliseconds, the text
 *   form the DateTime codec reads (`CURRENT_TIMESTAMP` has whole seconds only);
 * - `FOR UPDATE` / `FOR SHARE` are left out: SQLite locks the whole database for a write transaction, so a
 *   row lock has nothing to add (use `BEGIN IMMEDIATE`-style transactions for read-then-write);
 * - `OFFSET` without `LIMIT` gets `LIMIT -1`, SQLite's "no limit";
 * - a compound member that orders, limits or is itself a compound is wrapped in `SELECT * FROM (…)`
 *   (SQLite takes no parentheses there);
 * - CAST targets are the type affinities (`INTEGER`, `REAL`, `NUMERIC`, `TEXT`, `BLOB`): CAST to a
 *   declared type name such as `DATETIME` would turn the text into a number;
 * - upserts are `ON CONFLICT … DO NOTHING | DO UPDATE` as on PostgreSQL;
 * - ILIKE is `athanor_casefold(x) LIKE athanor_casefold(y)`: SQLite's `lower()` and LIKE fold ASCII only,
 *   so the dialect defines `athanor_casefold` (JS `toLowerCase`, Unicode) on each connection, and `ä`
 *   matches `Ä` as on PostgreSQL and MySQL.
 *
 * It refuses LATERAL (capabilities.lateral is false), DISTINCT ON, `ON CONFLICT ON CONSTRAINT` and
 * `ON DUPLICATE KEY UPDATE` with a NotSupportedError.
 */

import {
  node,
  type ExprNode,
  type ForUpdateNode,
  type FunctionNode,
  type InsertNode,
  type SelectableNode,
  type UpsertNode,
  withChanges,
} from "../../ast/index.js";
import { SqlCompiler } from "../../compiler/index.js";
import { NotSupportedError } from "../../errors/index.js";
import type { CustomType, SqlType } from "../../types/index.js";
import type { SqlFunctionDefinition } from "../../driver/driver.js";

/**
 * Lower-cases text with JS's Unicode case mapping (SQLite's own `lower()` folds ASCII only); other values
 * pass through. Defined on each connection (`SqliteDialect.sqlFunctions`), used by ILIKE.
 */
export const SQLITE_CASEFOLD: SqlFunctionDefinition = Object.freeze({
  name: "athanor_casefold",
  fn: (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value),
});

/** `WHERE true`, added to a bare INSERT … SELECT before ON CONFLICT (see `visitInsert`). */
const TRUE = node({ kind: "text", sql: "true", columns: undefined, bindTypes: undefined });

/**
 * Compiles one statement for SQLite.
 *
 * ```ts
 * compile(select(func.now()).offset(5), new SqliteDialect());
 * // SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS "now" LIMIT -1 OFFSET ?
 * ```
 */
export class SqliteCompiler extends SqlCompiler {
  /** `now()` as a millisecond UTC timestamp string. */
  override visitFunction(n: FunctionNode): string {
    if (n.name === "now" && n.args.length === 0 && !n.filter) return "strftime('%Y-%m-%d %H:%M:%f', 'now')";
    return super.visitFunction(n);
  }

  /**
   * ILIKE folds with `athanor_casefold` (Unicode; see the module comment). In DDL (a CHECK, a partial index's
   * WHERE) it stays `lower()`: a schema object must not depend on a function only Athanor's connections
   * define, or other SQLite clients could no longer write to the table. The same holds for SQL written
   * with `literalBinds`, which another client runs (there ILIKE folds ASCII letters only).
   */
  override caseFold(sql: string): string {
    return this.inlineLiterals || this.literalBinds ? super.caseFold(sql) : `${SQLITE_CASEFOLD.name}(${sql})`;
  }

  /** Row locks are left out: SQLite locks the database (see the module comment). */
  override forUpdate(_f: ForUpdateNode): string {
    return "";
  }

  /** An OFFSET needs a LIMIT; -1 means none. */
  override limitOffset(limit: ExprNode | undefined, offset: ExprNode | undefined): string {
    if (offset && !limit) return ` LIMIT -1 OFFSET ${this.expr(offset)}`;
    return super.limitOffset(limit, offset);
  }

  /** `SELECT * FROM (…)` where other databases take parentheses. */
  override compoundMember(s: SelectableNode): string {
    return this.memberNeedsParentheses(s) ? `SELECT * FROM (${this.visitSelectable(s)})` : this.visitSelectable(s);
  }

  /** SQLite has no LATERAL. */
  override lateral(): string {
    throw new NotSupportedError(
      "sqlite has no LATERAL derived tables (capabilities.lateral is false); use a correlated subquery",
    );
  }

  /** CAST to a type affinity. */
  override castType(type: SqlType): string {
    switch (type.kind) {
      case "integer":
      case "bigint":
      case "boolean":
        return "INTEGER";
      case "numeric":
        return "NUMERIC";
      case "float":
        return "REAL";
      case "binary":
        return "BLOB";
      case "string":
      case "datetime":
      case "date":
      case "time":
      case "interval":
      case "json":
      case "uuid":
      case "enum":
        return "TEXT";
      case "custom":
        return this.castType((type as CustomType<unknown>).impl as SqlType);
    }
  }

  /**
   * An `INSERT … SELECT` with an upsert needs a WHERE in its SELECT: without one, SQLite's parser may
   * read `ON CONFLICT` as a join's ON (the SQLite manual says to add `WHERE true`).
   */
  override visitInsert(n: InsertNode): string {
    if (n.upsert && n.select?.kind === "select" && n.select.where === undefined) {
      return super.visitInsert(withChanges(n, { select: withChanges(n.select, { where: TRUE }) }));
    }
    return super.visitInsert(n);
  }

  /** `ON CONFLICT …`; the MySQL form is refused with the way to write it here. */
  override upsert(u: UpsertNode): string {
    if (u.form !== "onConflict") {
      throw new NotSupportedError(
        "sqlite has no ON DUPLICATE KEY UPDATE; use insert() from athanor/sqlite with onConflictDoUpdate({ target, set })",
      );
    }
    return this.onConflict(u);
  }
}
