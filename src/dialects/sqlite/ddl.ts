/**
 * SQLite DDL: `INTEGER PRIMARY KEY AUTOINCREMENT` on its column, parenthesised expression defaults,
 * schema-qualified index names, and the catalog query.
 */

import type { ColumnDefNode, ExprNode, IndexDefNode, PrimaryKeyDefNode, TableDefNode } from "../../ast/index.js";
import { DdlCompiler } from "../../compiler/index.js";
import type { DdlConnection } from "../../ddl/index.js";
import { NotSupportedError } from "../../errors/index.js";
import { text } from "../../expr/index.js";

/**
 * SQLite's DDL compiler.
 *
 * ```ts
 * // id: column(Integer()).primaryKey(), createdAt: column(DateTime()).serverDefault(func.now())
 * // CREATE TABLE "t" (
 * //   "id" INTEGER NOT NULL CONSTRAINT "pk_t" PRIMARY KEY AUTOINCREMENT,
 * //   "created_at" DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')) NOT NULL
 * // )
 * ```
 */
export class SqliteDdlCompiler extends DdlCompiler {
  /**
   * An autoincrement key must be written `INTEGER PRIMARY KEY AUTOINCREMENT` on its column: only a
   * column declared exactly `INTEGER PRIMARY KEY` is the rowid, which SQLite numbers itself.
   */
  protected override inlinePrimaryKey(def: TableDefNode): PrimaryKeyDefNode | undefined {
    const auto = def.columns.find((c) => c.autoincrement);
    if (!auto) return undefined;
    const pk = def.constraints.find((c): c is PrimaryKeyDefNode => c.kind === "primaryKeyDef");
    if (!pk || pk.columns.length !== 1 || pk.columns[0] !== auto.name)
      throw new NotSupportedError(
        `SQLite numbers only a single INTEGER PRIMARY KEY column: ${def.name}.${auto.name} cannot autoincrement as part of a composite key; use autoincrement(false)`,
      );
    return pk;
  }

  /** `INTEGER` for the autoincrement key (not `BIGINT`: the rowid alias must be spelled exactly so). */
  protected override columnType(col: ColumnDefNode, def: TableDefNode): string {
    return col.autoincrement ? "INTEGER" : super.columnType(col, def);
  }

  /** Follows `PRIMARY KEY` on the column. */
  protected override autoincrement(_col: ColumnDefNode, _def: TableDefNode): string {
    return " AUTOINCREMENT";
  }

  /** SQLite takes literals as they are and any other expression in parentheses. */
  protected override serverDefault(e: ExprNode, _col: ColumnDefNode, _def: TableDefNode): string {
    return e.kind === "bind" ? this.expr(e) : `(${this.expr(e)})`;
  }

  /** The index's schema goes on its name (`CREATE INDEX "s"."ix" ON "t" (…)`), not on the table. */
  protected override indexName(ix: IndexDefNode): string {
    const name = super.indexName(ix);
    return ix.table.schema === undefined ? name : `${this.id(ix.table.schema)}.${name}`;
  }

  protected override indexTable(ix: IndexDefNode): string {
    return this.id(ix.table.name);
  }
}

const DEFER_FOREIGN_KEYS = text("PRAGMA defer_foreign_keys = ON");

/** Checks foreign keys at commit for the rest of the transaction. */
export async function deferForeignKeys(conn: DdlConnection): Promise<void> {
  await conn.execute(DEFER_FOREIGN_KEYS);
}

const HAS_TABLE = text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name");

/** Whether a table exists (in the attached database `schema`, or the main one). */
export async function hasTable(
  conn: DdlConnection,
  name: string,
  schema: string | undefined,
  quoteIdentifier: (name: string) => string,
): Promise<boolean> {
  // The schema is an attached database's name: part of the table name, not a value.
  const stmt =
    schema === undefined
      ? HAS_TABLE
      : text(`SELECT 1 FROM ${quoteIdentifier(schema)}.sqlite_master WHERE type = 'table' AND name = :name`);
  return (await conn.execute(stmt, { name })).all().length > 0;
}
