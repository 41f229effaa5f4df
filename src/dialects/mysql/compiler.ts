/**
 * MySQL / MariaDB's SQL compiler: the base compiler with MySQL's spellings and emulations of what it
 * lacks. It writes the subset MySQL 8 and MariaDB 10.5+ share (tested on MariaDB 10.11):
 *
 * - `a || b` is `concat(a, b)` (`||` means OR in MySQL's default sql_mode);
 * - `IS [NOT] DISTINCT FROM` is the NULL-safe `<=>` (negated with NOT);
 * - `OFFSET` without `LIMIT` gets `LIMIT 18446744073709551615` (MySQL requires a LIMIT);
 * - `NULLS FIRST` / `NULLS LAST` are emulated by ordering on `x IS NULL` first;
 * - an aggregate's `FILTER (WHERE c)` becomes `agg(CASE WHEN c THEN x END)`;
 * - `FOR SHARE` is `LOCK IN SHARE MODE` (MariaDB has no FOR SHARE);
 * - `func.now()` is `CURRENT_TIMESTAMP(3)`: DateTime columns hold milliseconds, and `now()` has whole seconds;
 * - CAST targets are the names MySQL's CAST accepts (SIGNED, CHAR, DECIMAL(p, s), DOUBLE, DATETIME(3)…);
 * - an INSERT without columns is `INSERT INTO t () VALUES ()`;
 * - upserts are `ON DUPLICATE KEY UPDATE col = VALUES(col)`.
 *
 * It refuses, with a NotSupportedError: FULL OUTER JOIN, LATERAL (MariaDB has none), DISTINCT ON,
 * `ON CONFLICT`, `FOR NO KEY UPDATE` / `FOR KEY SHARE`, `FOR UPDATE OF` (MariaDB has none), and RETURNING
 * on UPDATE (`capabilities.returning`).
 */

import type { BinaryNode, ExprNode, ForUpdateNode, FunctionNode, OrderByNode, UpsertNode } from "../../ast/index.js";
import { SqlCompiler } from "../../compiler/index.js";
import { NotSupportedError } from "../../errors/index.js";
import { type CustomType, NumericType, type SqlType } from "../../types/index.js";
import { MYSQL_DECIMAL } from "./type-compiler.js";

/** The largest LIMIT MySQL takes: "all rows", for an OFFSET without a LIMIT (as the MySQL manual advises). */
const ALL_ROWS = "18446744073709551615";

/**
 * Compiles one statement for MySQL / MariaDB.
 *
 * ```ts
 * compile(select(users.c.name.concat("!")).orderBy(users.c.email.asc().nullsLast()).offset(10), new MySQLDialect());
 * // SELECT concat(`users`.`name`, ?) AS `anon` FROM `users`
 * //   ORDER BY `users`.`email` IS NULL ASC, `users`.`email` ASC LIMIT 18446744073709551615 OFFSET ?
 * ```
 */
export class MySQLCompiler extends SqlCompiler {
  /** `concat(a, b, …)`, flattening chained concatenations. */
  override concat(left: ExprNode, right: ExprNode): string {
    const parts: ExprNode[] = [];
    const collect = (e: ExprNode): void => {
      if (e.kind === "binary" && e.op === "||") {
        collect(e.left);
        collect(e.right);
      } else parts.push(e);
    };
    collect(left);
    collect(right);
    return `concat(${parts.map((p) => this.expr(p)).join(", ")})`;
  }

  /** `IS NOT DISTINCT FROM` → `a <=> b`; `IS DISTINCT FROM` → `NOT (a <=> b)`. */
  override visitBinary(n: BinaryNode): string {
    if (n.op === "IS NOT DISTINCT FROM") return `${this.operand(n.left)} <=> ${this.operand(n.right)}`;
    if (n.op === "IS DISTINCT FROM") return `NOT (${this.operand(n.left)} <=> ${this.operand(n.right)})`;
    return super.visitBinary(n);
  }

  /** Integer division is `DIV` (`/` would give a decimal). */
  override binaryOperator(op: BinaryNode["op"]): string {
    return op === "DIV" ? "DIV" : super.binaryOperator(op);
  }

  /** An OFFSET needs a LIMIT. */
  override limitOffset(limit: ExprNode | undefined, offset: ExprNode | undefined): string {
    if (offset && !limit) return ` LIMIT ${ALL_ROWS} OFFSET ${this.expr(offset)}`;
    return super.limitOffset(limit, offset);
  }

  /**
   * NULLS FIRST / LAST: `x IS NULL DESC, x ASC` (1 sorts after 0, so DESC puts NULLs first). The
   * expression is written twice, binds included.
   */
  override orderBy(n: OrderByNode): string {
    if (!n.nulls) return super.orderBy(n);
    // Rendered in text order: parameters are positional.
    const nulls = `${this.operand(n.expr)} IS NULL ${n.nulls === "FIRST" ? "DESC" : "ASC"}`;
    return `${nulls}, ${this.expr(n.expr)}${n.direction ? ` ${n.direction}` : ""}`;
  }

  /** MySQL has no FULL OUTER JOIN. */
  override fullJoin(): string {
    throw new NotSupportedError(
      "mysql has no FULL OUTER JOIN (capabilities.fullJoin is false); combine a LEFT and a RIGHT join with UNION",
    );
  }

  /** MariaDB has no LATERAL (MySQL 8.0.14+ does, but this dialect writes what both accept). */
  override lateral(): string {
    throw new NotSupportedError(
      "mysql / MariaDB has no LATERAL derived tables (capabilities.lateral is false); use a correlated subquery",
    );
  }

  /** `CURRENT_TIMESTAMP(3)` for millisecond timestamps; an aggregate FILTER becomes a CASE inside the aggregate. */
  override visitFunction(n: FunctionNode): string {
    if (n.name === "now" && n.args.length === 0 && !n.filter) return "CURRENT_TIMESTAMP(3)";
    if (!n.filter) return super.visitFunction(n);
    const filter = n.filter;
    // count(*) FILTER (WHERE c) counts the rows where c holds: count(CASE WHEN c THEN 1 END). The
    // condition is rendered anew for each argument, in text order, so positional parameters line up.
    const args: (ExprNode | undefined)[] = n.name === "count" && n.args.length === 0 ? [undefined] : [...n.args];
    const wrapped = args.map((a) => {
      const cond = this.expr(filter);
      return `CASE WHEN ${cond} THEN ${a ? this.expr(a) : "1"} END`;
    });
    return `${this.functionName(n.name)}(${n.distinct ? "DISTINCT " : ""}${wrapped.join(", ")})`;
  }

  /** `length()` is `CHAR_LENGTH()`: MySQL's `LENGTH()` counts bytes, the other databases' characters. */
  override functionName(name: string): string {
    return name === "length" ? "CHAR_LENGTH" : super.functionName(name);
  }

  /** `FOR UPDATE [NOWAIT | SKIP LOCKED]`, `LOCK IN SHARE MODE`; PostgreSQL's key modes and OF are refused. */
  override forUpdate(f: ForUpdateNode): string {
    if (f.mode === "NO KEY UPDATE" || f.mode === "KEY SHARE") {
      throw new NotSupportedError(
        `mysql has no FOR ${f.mode} (capabilities.forUpdate.keyModes is false); use forUpdate() or forUpdate({ share: true })`,
      );
    }
    if (f.of.length) {
      throw new NotSupportedError(
        "mysql / MariaDB has no FOR UPDATE OF (capabilities.forUpdate.of is false); lock every table of the query instead",
      );
    }
    let out = f.mode === "SHARE" ? " LOCK IN SHARE MODE" : " FOR UPDATE";
    if (f.nowait) out += " NOWAIT";
    if (f.skipLocked) out += " SKIP LOCKED";
    return out;
  }

  /** The target names MySQL's CAST accepts (its column type names mostly are not). */
  override castType(type: SqlType): string {
    switch (type.kind) {
      case "integer":
      case "bigint":
      case "boolean":
        return "SIGNED";
      case "numeric":
        return type instanceof NumericType && type.precision !== undefined
          ? `DECIMAL(${type.precision}, ${type.scale ?? 0})`
          : `DECIMAL(${MYSQL_DECIMAL.precision}, ${MYSQL_DECIMAL.scale})`;
      case "float":
        return "DOUBLE";
      case "datetime":
        return "DATETIME(3)";
      case "date":
        return "DATE";
      case "time":
        return "TIME(6)";
      case "binary":
        return "BINARY";
      // MariaDB has no CAST(… AS JSON) (its JSON is LONGTEXT); the JSON type's codec reads the text.
      case "json":
      case "string":
      case "uuid":
      case "enum":
        return "CHAR";
      case "custom":
        return this.castType((type as CustomType<unknown>).impl as SqlType);
      case "interval":
        throw new NotSupportedError("mysql has no INTERVAL type to CAST to");
    }
  }

  /** `INSERT INTO t () VALUES ()`: MySQL has no DEFAULT VALUES. */
  override defaultValues(): string {
    return " () VALUES ()";
  }

  /** ` ON DUPLICATE KEY UPDATE a = VALUES(a), …`; the ON CONFLICT form is refused with the way to write it here. */
  override upsert(u: UpsertNode): string {
    if (u.form !== "onDuplicateKey") {
      throw new NotSupportedError(
        "mysql has no INSERT … ON CONFLICT; use insert() from athanor/mysql with onDuplicateKeyUpdate({ … })",
      );
    }
    return ` ON DUPLICATE KEY UPDATE ${this.setClause(u.set)}`;
  }

  /**
   * `VALUES(col)`: the value the row would have had. (MySQL 8.0.20 deprecates it for a row alias, which
   * MariaDB does not have; both accept VALUES().)
   */
  override visitExcluded(name: string): string {
    return `VALUES(${this.id(name)})`;
  }
}
