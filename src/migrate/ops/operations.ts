/**
 * `Operations`: what a revision's `upgrade(op)` and `downgrade(op)` receive. Each method builds an
 * operation (data) and runs its Core statements on the migration's connection; `op.connection` is that
 * connection, with the full Core API, for data migrations.
 *
 * ```ts
 * export async function upgrade(op: Operations) {
 *   await op.createTable("tasks", { id: column(String(36)).primaryKey(), title: column(String(200)) });
 *   await op.addColumn("tasks", "done", column(Boolean()).serverDefault(literalColumn("false")));
 *   await op.createIndex("ix_tasks_title", "tasks", ["title"]);
 *   await op.connection.execute(text("UPDATE tasks SET done = false WHERE title IS NULL")); // data migrations
 * }
 * ```
 */

import type { Connection } from "../../engine/index.js";
import type { SqlExpression } from "../../expr/index.js";
import type { ColumnBuilder, TableExtra } from "../../schema/index.js";
import {
  AddColumnOp,
  type AlterColumnOpOptions,
  AlterColumnOp,
  DropColumnOp,
  type DropColumnOptions,
} from "./column-ops.js";
import {
  CreateCheckConstraintOp,
  CreateForeignKeyOp,
  type CreateForeignKeyOpOptions,
  CreateIndexOp,
  type CreateIndexOpOptions,
  CreatePrimaryKeyOp,
  CreateUniqueConstraintOp,
  DropConstraintOp,
  type DropConstraintOpOptions,
  DropIndexOp,
  type DropIndexOpOptions,
} from "./constraint-ops.js";
import { BulkInsertOp, ExecuteOp, type ExecuteOpOptions } from "./data-ops.js";
import type { MigrateOp, OpStatement } from "./op.js";
import type { ConstraintKind } from "../../ddl/index.js";
import {
  CreateTableCommentOp,
  CreateTableOp,
  DropTableOp,
  type DropTableOptions,
  RenameTableOp,
  type TableCommentOptions,
} from "./table-ops.js";

/** The `op` of a revision: builds operations and runs them on `connection`. */
export class Operations {
  readonly #connection: Connection;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** The migration's connection (inside its transaction where DDL is transactional). */
  get connection(): Connection {
    return this.#connection;
  }

  /**
   * Runs an operation's statements for the connection's dialect, in order. Every method below goes
   * through here, so a subclass can record or print operations instead (offline `--sql` mode).
   */
  async run(op: MigrateOp): Promise<void> {
    for (const stmt of op.statements(this.#connection.dialect)) await this.#connection.execute(stmt);
  }

  /** `CREATE TABLE` with its constraints, indexes and enum types: `op.createTable("t", { … }, ...extras)`. */
  createTable(name: string, columns: Readonly<Record<string, ColumnBuilder>>, ...extras: TableExtra[]): Promise<void> {
    return this.run(new CreateTableOp(name, columns, extras));
  }

  /** `DROP TABLE` (and its enum types when `definition` is given). */
  dropTable(name: string, options: DropTableOptions = {}): Promise<void> {
    return this.run(new DropTableOp(name, options));
  }

  /** `ALTER TABLE … RENAME TO`. */
  renameTable(oldName: string, newName: string, options: { schema?: string } = {}): Promise<void> {
    return this.run(new RenameTableOp(oldName, newName, options.schema));
  }

  /** `ALTER TABLE … ADD COLUMN`. */
  addColumn(table: string, name: string, column: ColumnBuilder, options: { schema?: string } = {}): Promise<void> {
    return this.run(new AddColumnOp(table, name, column, options.schema));
  }

  /** `ALTER TABLE … DROP COLUMN`. */
  dropColumn(table: string, name: string, options: DropColumnOptions = {}): Promise<void> {
    return this.run(new DropColumnOp(table, name, options));
  }

  /** Type, nullability, server default, comment and name of a column (see `AlterColumnOpOptions`). */
  alterColumn(table: string, column: string, options: AlterColumnOpOptions): Promise<void> {
    return this.run(new AlterColumnOp(table, column, options));
  }

  /** `CREATE [UNIQUE] INDEX name ON table (columns)`. */
  createIndex(
    name: string,
    table: string,
    columns: readonly string[],
    options: CreateIndexOpOptions = {},
  ): Promise<void> {
    return this.run(new CreateIndexOp(name, table, columns, options));
  }

  /** `DROP INDEX`. */
  dropIndex(name: string, table: string, options: DropIndexOpOptions = {}): Promise<void> {
    return this.run(new DropIndexOp(name, table, options));
  }

  /** `ALTER TABLE … ADD CONSTRAINT name UNIQUE (columns)`. */
  createUniqueConstraint(
    name: string,
    table: string,
    columns: readonly string[],
    options: { schema?: string } = {},
  ): Promise<void> {
    return this.run(new CreateUniqueConstraintOp(name, table, columns, options.schema));
  }

  /** `ALTER TABLE … ADD CONSTRAINT name FOREIGN KEY (local) REFERENCES referent (remote)`. */
  createForeignKey(
    name: string,
    source: string,
    referent: string,
    localColumns: readonly string[],
    remoteColumns: readonly string[],
    options: CreateForeignKeyOpOptions = {},
  ): Promise<void> {
    return this.run(new CreateForeignKeyOp(name, source, referent, localColumns, remoteColumns, options));
  }

  /** `ALTER TABLE … ADD CONSTRAINT name CHECK (condition)`: SQL text or an expression. */
  createCheckConstraint(
    name: string,
    table: string,
    condition: SqlExpression | string,
    options: { schema?: string } = {},
  ): Promise<void> {
    return this.run(new CreateCheckConstraintOp(name, table, condition, options.schema));
  }

  /** `ALTER TABLE … ADD CONSTRAINT name PRIMARY KEY (columns)`. */
  createPrimaryKey(
    name: string,
    table: string,
    columns: readonly string[],
    options: { schema?: string } = {},
  ): Promise<void> {
    return this.run(new CreatePrimaryKeyOp(name, table, columns, options.schema));
  }

  /** `ALTER TABLE … DROP CONSTRAINT name` (MySQL: by kind). */
  dropConstraint(
    name: string,
    table: string,
    kind: ConstraintKind,
    options: DropConstraintOpOptions = {},
  ): Promise<void> {
    return this.run(new DropConstraintOp(name, table, kind, options));
  }

  /** A table's comment (`null` removes it). */
  createTableComment(table: string, comment: string | null, options: TableCommentOptions = {}): Promise<void> {
    return this.run(new CreateTableCommentOp(table, comment, options));
  }

  /** Any Core statement, or SQL text. */
  execute(statement: OpStatement | string, options: ExecuteOpOptions = {}): Promise<void> {
    return this.run(new ExecuteOp(statement, options));
  }

  /** Rows inserted into a table described by the columns they set. */
  bulkInsert(
    table: string,
    columns: Readonly<Record<string, ColumnBuilder>>,
    rows: readonly Readonly<Record<string, unknown>>[],
    options: { schema?: string } = {},
  ): Promise<void> {
    return this.run(new BulkInsertOp(table, columns, rows, options.schema));
  }
}
