/**
 * MySQL / MariaDB DDL: `AUTO_INCREMENT`, inline comments, the default-value rules, `DROP FOREIGN KEY` /
 * `DROP INDEX … ON`, and the catalog query.
 */

import type {
  AlterColumnNode,
  ColumnDefNode,
  ConstraintDefNode,
  DropIndexNode,
  ExprNode,
  SetCommentNode,
  TableDefNode,
  TableNode,
} from "../../ast/index.js";
import { DdlCompiler } from "../../compiler/index.js";
import type { DdlConnection } from "../../ddl/index.js";
import { NotSupportedError } from "../../errors/index.js";
import { text } from "../../expr/index.js";

/** Column types whose literal defaults must be written as expressions (`DEFAULT ('x')`) on MySQL 8. */
const BLOB_LIKE = /^(LONG|MEDIUM|TINY)?(TEXT|BLOB)\b|^JSON\b/i;

/** A DATETIME or TIMESTAMP column type, with its fractional-seconds precision when it has one. */
const DATETIME_LIKE = /^(?:DATETIME|TIMESTAMP)(?:\((\d+)\))?$/i;

/** `CURRENT_TIMESTAMP` in SQL text, with an optional precision: the one default MySQL takes bare. */
const CURRENT_TIMESTAMP = /^\s*current_timestamp\s*(\(\s*\d*\s*\))?\s*$/i;

/**
 * MySQL's DDL compiler.
 *
 * ```ts
 * // id: column(Integer()).primaryKey(), createdAt: column(DateTime()).serverDefault(func.now())
 * // CREATE TABLE `t` (
 * //   `id` INTEGER NOT NULL AUTO_INCREMENT,
 * //   `created_at` DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) NOT NULL,
 * //   CONSTRAINT `pk_t` PRIMARY KEY (`id`)
 * // )
 * ```
 */
export class MySQLDdlCompiler extends DdlCompiler {
  protected override autoincrement(_col: ColumnDefNode, _def: TableDefNode): string {
    return " AUTO_INCREMENT";
  }

  /** MariaDB refuses NULL / NOT NULL on a generated column, so a computed column states neither. */
  protected override nullability(col: ColumnDefNode): string {
    return col.computed ? "" : super.nullability(col);
  }

  /**
   * Literals as they are (in parentheses on TEXT, BLOB and JSON columns, which take only expression
   * defaults on MySQL 8); `now()` as `CURRENT_TIMESTAMP(p)` with the column's fractional precision (a
   * `DATETIME(3)` column refuses a default of another precision); anything else in parentheses.
   */
  protected override serverDefault(e: ExprNode, col: ColumnDefNode, def: TableDefNode): string {
    const type = this.columnType(col, def);
    if (e.kind === "bind") return BLOB_LIKE.test(type) ? `(${this.expr(e)})` : this.expr(e);
    if (
      e.kind === "function" &&
      e.args.length === 0 &&
      ["now", "current_timestamp", "localtimestamp"].includes(e.name.toLowerCase()) &&
      DATETIME_LIKE.test(type)
    ) {
      // The precision of DATETIME(p) / TIMESTAMP(p) only: VARCHAR(10)'s length is not one (other types take
      // the expression default below).
      const precision = DATETIME_LIKE.exec(type)?.[1];
      return `CURRENT_TIMESTAMP${precision === undefined ? "" : `(${precision})`}`;
    }
    if (e.kind === "text" && CURRENT_TIMESTAMP.test(e.sql)) return e.sql.trim();
    return `(${this.expr(e)})`;
  }

  /** ` COMMENT = '…'` after the column list. */
  protected override tableOptions(def: TableDefNode): string {
    return def.comment === undefined ? "" : ` COMMENT = ${this.dialect.quoteString(def.comment)}`;
  }

  /** Foreign keys, unique constraints and the primary key each have their own DROP form. */
  protected override dropConstraintClause(c: ConstraintDefNode, table: TableNode): string {
    switch (c.kind) {
      case "foreignKeyDef":
        return `FOREIGN KEY ${this.constraintName(this.requireName(c, table))}`;
      case "uniqueDef":
        return `INDEX ${this.constraintName(this.requireName(c, table))}`;
      case "primaryKeyDef":
        return "PRIMARY KEY";
      default:
        return super.dropConstraintClause(c, table);
    }
  }

  /**
   * `ALTER TABLE t MODIFY COLUMN spec`: MySQL restates the whole column (type, nullability, default,
   * comment), so the node's full new definition is written whatever changes. Values convert to the new
   * type on their own (no `USING`).
   */
  protected override alterColumn(n: AlterColumnNode): string {
    this.requireAlterColumns(n);
    return `${this.alterTable(n.table)} MODIFY COLUMN ${this.columnSpec(n.column, this.ownerDef(n.table), undefined)}`;
  }

  /**
   * A table's comment is a table option (`ALTER TABLE t COMMENT = '…'`); a column's is part of its
   * definition, so it changes with `AlterColumn` (MODIFY COLUMN restates the column).
   */
  protected override setComment(n: SetCommentNode): string {
    if (n.column !== undefined)
      throw new NotSupportedError(
        `MySQL changes a column's comment with its definition: use AlterColumn with changes ["comment"] (column ${n.table.name}.${n.column})`,
      );
    return `${this.alterTable(n.table)} COMMENT = ${this.dialect.quoteString(n.comment ?? "")}`;
  }

  /** `DROP INDEX name ON table`: an index belongs to its table. */
  protected override dropIndex(n: DropIndexNode): string {
    return `DROP INDEX ${n.ifExists ? "IF EXISTS " : ""}${this.constraintName(n.name)} ON ${this.table(n.table.name, n.table.schema)}`;
  }
}

const HAS_TABLE = text(
  "SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE(:schema, DATABASE()) AND table_name = :name",
);

/** Whether a table exists in the database `schema` (default: the connection's database). */
export async function hasTable(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean> {
  return (await conn.execute(HAS_TABLE, { name, schema: schema ?? null })).all().length > 0;
}
