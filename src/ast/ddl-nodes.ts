/** Schema description and DDL statement nodes. */

import type { SqlType } from "../types/index.js";
import type { ExprNode } from "./expression-nodes.js";
import type { TableNode } from "./from-nodes.js";

/** `GENERATED ALWAYS AS (expr) [STORED]`. */
export interface ComputedDef {
  readonly kind: "computed";
  readonly expr: ExprNode;
  readonly persisted: boolean;
}

/** A column as DDL sees it. */
export interface ColumnDefNode {
  readonly kind: "columnDef";
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  /** Autoincrement / identity (only meaningful on an integer primary key). */
  readonly autoincrement: boolean;
  /** Server-side default: an expression rendered in DDL (values inlined as literals there). */
  readonly serverDefault: ExprNode | undefined;
  readonly computed: ComputedDef | undefined;
  readonly comment: string | undefined;
}

/** PRIMARY KEY (cols). */
export interface PrimaryKeyDefNode {
  readonly kind: "primaryKeyDef";
  readonly name: string | undefined;
  readonly columns: readonly string[];
}

/** Referential action of a foreign key. */
export type ReferentialAction = "CASCADE" | "SET NULL" | "SET DEFAULT" | "RESTRICT" | "NO ACTION";

/** FOREIGN KEY (cols) REFERENCES table (cols). */
export interface ForeignKeyDefNode {
  readonly kind: "foreignKeyDef";
  readonly name: string | undefined;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refSchema: string | undefined;
  readonly refColumns: readonly string[];
  readonly onDelete: ReferentialAction | undefined;
  readonly onUpdate: ReferentialAction | undefined;
  /** Emitted later with ALTER TABLE (to break a dependency cycle). */
  readonly useAlter: boolean;
}

/** UNIQUE (cols). */
export interface UniqueDefNode {
  readonly kind: "uniqueDef";
  readonly name: string | undefined;
  readonly columns: readonly string[];
}

/** CHECK (expr). */
export interface CheckDefNode {
  readonly kind: "checkDef";
  readonly name: string | undefined;
  readonly expr: ExprNode;
}

/** Table-level constraints. */
export type ConstraintDefNode = PrimaryKeyDefNode | ForeignKeyDefNode | UniqueDefNode | CheckDefNode;

/** CREATE [UNIQUE] INDEX name ON table (exprs) [WHERE …]. */
export interface IndexDefNode {
  readonly kind: "indexDef";
  readonly name: string;
  readonly table: TableNode;
  /** Column names or expressions. */
  readonly items: readonly ExprNode[];
  readonly unique: boolean;
  readonly where: ExprNode | undefined;
}

/** A table's full description. */
export interface TableDefNode {
  readonly kind: "tableDef";
  readonly name: string;
  readonly schema: string | undefined;
  readonly columns: readonly ColumnDefNode[];
  readonly constraints: readonly ConstraintDefNode[];
  readonly indexes: readonly IndexDefNode[];
  readonly comment: string | undefined;
}

/** CREATE TABLE [IF NOT EXISTS]. */
export interface CreateTableNode {
  readonly kind: "createTable";
  readonly table: TableDefNode;
  readonly ifNotExists: boolean;
}

/** DROP TABLE [IF EXISTS]. */
export interface DropTableNode {
  readonly kind: "dropTable";
  readonly table: TableNode;
  readonly ifExists: boolean;
}

/** CREATE INDEX. */
export interface CreateIndexNode {
  readonly kind: "createIndex";
  readonly index: IndexDefNode;
  readonly ifNotExists: boolean;
}

/** DROP INDEX. */
export interface DropIndexNode {
  readonly kind: "dropIndex";
  readonly name: string;
  readonly table: TableNode;
  readonly ifExists: boolean;
}

/** ALTER TABLE … ADD CONSTRAINT (foreign keys created after their tables, to break cycles). */
export interface AddConstraintNode {
  readonly kind: "addConstraint";
  readonly table: TableNode;
  readonly constraint: ConstraintDefNode;
}

/** ALTER TABLE … DROP CONSTRAINT. */
export interface DropConstraintNode {
  readonly kind: "dropConstraint";
  readonly table: TableNode;
  readonly constraint: ConstraintDefNode;
}

/** `CREATE TYPE name AS ENUM (…)`: an enum declared as a type of its own (PostgreSQL). */
export interface CreateEnumTypeNode {
  readonly kind: "createEnumType";
  readonly name: string;
  readonly schema: string | undefined;
  readonly values: readonly string[];
}

/** `DROP TYPE [IF EXISTS] name`. */
export interface DropEnumTypeNode {
  readonly kind: "dropEnumType";
  readonly name: string;
  readonly schema: string | undefined;
  readonly ifExists: boolean;
}

/** `COMMENT ON TABLE t | COLUMN t.c IS '…'` (`comment` undefined: `IS NULL`), where comments are statements. */
export interface SetCommentNode {
  readonly kind: "setComment";
  readonly table: TableNode;
  /** The column's database name; undefined for the table's comment. */
  readonly column: string | undefined;
  readonly comment: string | undefined;
}

/** `ALTER TABLE t ADD [COLUMN] col …`: the column's full definition. */
export interface AddColumnNode {
  readonly kind: "addColumn";
  readonly table: TableNode;
  readonly column: ColumnDefNode;
}

/** `ALTER TABLE t DROP COLUMN name`. */
export interface DropColumnNode {
  readonly kind: "dropColumn";
  readonly table: TableNode;
  readonly column: string;
}

/** `ALTER TABLE t RENAME TO new` (the table keeps its schema). */
export interface RenameTableNode {
  readonly kind: "renameTable";
  readonly table: TableNode;
  readonly newName: string;
}

/** `ALTER TABLE t RENAME COLUMN old TO new`. */
export interface RenameColumnNode {
  readonly kind: "renameColumn";
  readonly table: TableNode;
  readonly column: string;
  readonly newName: string;
}

/** What an ALTER COLUMN changes. */
export type AlterColumnChange = "type" | "nullable" | "serverDefault" | "comment";

/**
 * `ALTER TABLE t ALTER COLUMN …`: the column's full new definition (MySQL's `MODIFY COLUMN` restates all of
 * it) and which of its parts change (PostgreSQL writes one clause per change).
 */
export interface AlterColumnNode {
  readonly kind: "alterColumn";
  readonly table: TableNode;
  readonly column: ColumnDefNode;
  /** The parts that change, in a fixed order (type, nullable, serverDefault, comment). */
  readonly changes: readonly AlterColumnChange[];
  /** How old values become the new type (PostgreSQL `TYPE … USING expr`). */
  readonly using: ExprNode | undefined;
}

/** Every DDL statement node. */
export type DdlNode =
  | CreateTableNode
  | DropTableNode
  | CreateIndexNode
  | DropIndexNode
  | AddConstraintNode
  | DropConstraintNode
  | CreateEnumTypeNode
  | DropEnumTypeNode
  | SetCommentNode
  | AddColumnNode
  | DropColumnNode
  | RenameTableNode
  | RenameColumnNode
  | AlterColumnNode;
