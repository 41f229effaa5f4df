/**
 * ALTER TABLE constructs: add, drop, rename and alter columns; rename tables. Like the other DDL
 * constructs they are statements `Connection.execute` runs; `toStatements(dialect)` adds what a dialect
 * needs around one (a PostgreSQL enum type before a new column, `COMMENT ON` after it).
 *
 * ```ts
 * const users = new Table("users", md, { id: column(Integer()).primaryKey(), email: column(String(255)) });
 * await conn.execute(new AddColumn(users, "email"));                 // ALTER TABLE "users" ADD COLUMN "email" VARCHAR(255) NOT NULL
 * await conn.execute(new AddColumn("users", columnDef("bio", column(Text()).nullable())));
 * await conn.execute(new RenameColumn("users", "bio", "about"));     // ALTER TABLE "users" RENAME COLUMN "bio" TO "about"
 * await conn.execute(new AlterColumn("users", columnDef("about", column(Text())), { changes: ["nullable"] }));
 * // PostgreSQL: ALTER TABLE "users" ALTER COLUMN "about" SET NOT NULL
 * // MySQL:      ALTER TABLE `users` MODIFY COLUMN `about` TEXT NOT NULL
 * await conn.execute(new DropColumn("users", "about"));              // ALTER TABLE "users" DROP COLUMN "about"
 * await conn.execute(new RenameTable("users", "accounts"));          // ALTER TABLE "users" RENAME TO "accounts"
 * ```
 */

import {
  node,
  type AddColumnNode,
  type AlterColumnChange,
  type AlterColumnNode,
  type ColumnDefNode,
  type DdlNode,
  type DropColumnNode,
  type RenameColumnNode,
  type RenameTableNode,
  type SetCommentNode,
  type TableNode,
  withChanges,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import type { SqlExpression } from "../expr/index.js";
import { type ColumnBuilder, MetaData, Table } from "../schema/index.js";
import { enumTypeName } from "../types/index.js";
import { DdlStatement } from "./constructs.js";
import { createEnumTypeNode, type DdlTarget, dropEnumTypeNode, enumOf, type EnumTypeDef } from "./statements.js";
import { type TableTarget, tableTargetNode } from "./table-target.js";
import { tableDef } from "./table-def.js";

/**
 * The DDL description of one column built with `column(...)`, outside any table (what ADD COLUMN and
 * ALTER COLUMN take). Constraints and indexes are statements of their own here: a builder declaring
 * `unique()`, `index()` or `references()` is refused (add them with `AddConstraint` / `CreateIndex`).
 *
 * ```ts
 * columnDef("status", column(String(20)).serverDefault("open")); // "status" VARCHAR(20) DEFAULT 'open' NOT NULL
 * ```
 */
export function columnDef(name: string, builder: ColumnBuilder): ColumnDefNode {
  const spec = builder.spec;
  if (spec.unique || spec.index || spec.references.length > 0)
    throw new ArgumentError(
      `Column '${name}' declares ${spec.unique ? "unique()" : spec.index ? "index()" : "references()"}: outside a table, add constraints and indexes as statements of their own`,
    );
  // A table of its own describes the column exactly as CREATE TABLE would (primary key, autoincrement).
  const scratch = new Table("column", new MetaData({ namingConvention: null }), { [name]: builder });
  return tableDef(scratch).columns[0] as ColumnDefNode;
}

/** The description of a table's column by key, or the given description. */
function columnOf(table: TableTarget, column: string | ColumnDefNode): ColumnDefNode {
  if (typeof column !== "string") return column;
  if (!(table instanceof Table))
    throw new ArgumentError(
      `Column '${column}' given by key needs its Table; with a table name, describe the column: columnDef("${column}", column(...))`,
    );
  const name = table.column(column).name;
  return tableDef(table).columns.find((c) => c.name === name) as ColumnDefNode;
}

/** The enum type a column's values need where enums are named types (`[]` elsewhere). */
function enumTypeFor(table: TableNode, col: ColumnDefNode, target: DdlTarget): EnumTypeDef[] {
  const e = enumOf(col.type);
  if (!e || target.capabilities.enumStyle !== "named-type") return [];
  return [{ name: enumTypeName(e, { table: table.name, column: col.name }), schema: table.schema, values: e.values }];
}

/** `ALTER TABLE t ADD COLUMN …`: a column of a `Table` by key, or a `columnDef(...)`. */
export class AddColumn extends DdlStatement {
  constructor(table: TableTarget, column: string | ColumnDefNode) {
    super(node<AddColumnNode>({ kind: "addColumn", table: tableTargetNode(table), column: columnOf(table, column) }));
    Object.freeze(this);
  }

  /**
   * Every statement adding the column on `dialect`: its enum type first where enums are named types
   * (`enumTypes: false` when the type exists already), ADD COLUMN, its comment where comments are statements.
   */
  toStatements(dialect: DdlTarget, options: { enumTypes?: boolean } = {}): DdlStatement[] {
    const n = this.node as AddColumnNode;
    const out: DdlNode[] =
      options.enumTypes === false ? [] : enumTypeFor(n.table, n.column, dialect).map(createEnumTypeNode);
    out.push(n);
    if (n.column.comment !== undefined && dialect.capabilities.comments === "statement")
      out.push(node({ kind: "setComment", table: n.table, column: n.column.name, comment: n.column.comment }));
    return out.map((s) => new DdlStatement(s));
  }
}

/** `ALTER TABLE t DROP COLUMN name`. */
export class DropColumn extends DdlStatement {
  constructor(table: TableTarget, column: string) {
    super(node<DropColumnNode>({ kind: "dropColumn", table: tableTargetNode(table), column }));
    Object.freeze(this);
  }

  /**
   * DROP COLUMN, then, given the dropped column's description (`column`), its enum type where enums are
   * named types: the type `AddColumn` created with it (`enumTypes: false` keeps it, say when it is shared).
   */
  toStatements(dialect: DdlTarget, options: { column?: ColumnDefNode; enumTypes?: boolean } = {}): DdlStatement[] {
    const n = this.node as DropColumnNode;
    const out: DdlNode[] = [n];
    if (options.column !== undefined && options.enumTypes !== false)
      out.push(...enumTypeFor(n.table, options.column, dialect).map((c) => dropEnumTypeNode(c)));
    return out.map((s) => new DdlStatement(s));
  }
}

/** `ALTER TABLE t RENAME TO new`. */
export class RenameTable extends DdlStatement {
  constructor(table: TableTarget, newName: string) {
    super(node<RenameTableNode>({ kind: "renameTable", table: tableTargetNode(table), newName }));
    Object.freeze(this);
  }
}

/** `ALTER TABLE t RENAME COLUMN old TO new`. */
export class RenameColumn extends DdlStatement {
  constructor(table: TableTarget, column: string, newName: string) {
    super(node<RenameColumnNode>({ kind: "renameColumn", table: tableTargetNode(table), column, newName }));
    Object.freeze(this);
  }
}

/** Options of `AlterColumn`. */
export interface AlterColumnOptions {
  /** What changes: any of `"type"`, `"nullable"`, `"serverDefault"`, `"comment"` (at least one). */
  readonly changes: readonly AlterColumnChange[];
  /** PostgreSQL: how old values become the new type (`TYPE … USING expr`); other databases convert on their own. */
  readonly using?: SqlExpression | undefined;
}

const CHANGE_ORDER: readonly AlterColumnChange[] = ["type", "nullable", "serverDefault", "comment"];

/**
 * `ALTER TABLE t ALTER COLUMN …` with the column's full new definition: PostgreSQL writes a clause per
 * change (`TYPE`, `SET/DROP NOT NULL`, `SET/DROP DEFAULT`; the comment as `COMMENT ON`, see
 * `toStatements`), MySQL restates the whole column (`MODIFY COLUMN`). SQLite cannot alter a column in place
 * (`capabilities.alterColumns` is false): compiling throws NotSupportedError (recreate the table instead).
 */
export class AlterColumn extends DdlStatement {
  constructor(table: TableTarget, column: string | ColumnDefNode, options: AlterColumnOptions) {
    const unknown = options.changes.filter((c) => !CHANGE_ORDER.includes(c));
    if (unknown.length > 0 || options.changes.length === 0)
      throw new ArgumentError(
        `AlterColumn needs changes among ${CHANGE_ORDER.join(", ")}; got ${options.changes.join(", ") || "none"}`,
      );
    super(
      node<AlterColumnNode>({
        kind: "alterColumn",
        table: tableTargetNode(table),
        column: columnOf(table, column),
        changes: CHANGE_ORDER.filter((c) => options.changes.includes(c)),
        using: options.using?.node,
      }),
    );
    Object.freeze(this);
  }

  /**
   * Every statement altering the column on `dialect`: the new enum type first where enums are named
   * types and the type changes (`enumTypes: false` when it exists), the ALTER, and `COMMENT ON` where
   * comments are statements.
   */
  toStatements(dialect: DdlTarget, options: { enumTypes?: boolean } = {}): DdlStatement[] {
    const n = this.node as AlterColumnNode;
    const out: DdlNode[] =
      options.enumTypes === false || !n.changes.includes("type")
        ? []
        : enumTypeFor(n.table, n.column, dialect).map(createEnumTypeNode);
    const commentApart = n.changes.includes("comment") && dialect.capabilities.comments === "statement";
    const rest = commentApart ? n.changes.filter((c) => c !== "comment") : n.changes;
    if (rest.length > 0) out.push(rest === n.changes ? n : withChanges(n, { changes: rest }));
    if (commentApart)
      out.push(node({ kind: "setComment", table: n.table, column: n.column.name, comment: n.column.comment }));
    return out.map((s) => new DdlStatement(s));
  }
}

/**
 * A table's or a column's comment on its own: `COMMENT ON TABLE|COLUMN … IS …` (PostgreSQL), `ALTER TABLE
 * t COMMENT = '…'` for a table on MySQL (a column's comment changes with `AlterColumn` there). `undefined`
 * removes the comment. Databases without comments (`capabilities.comments` `"none"`) refuse it.
 */
export class SetComment extends DdlStatement {
  constructor(table: TableTarget, column: string | undefined, comment: string | undefined) {
    super(node<SetCommentNode>({ kind: "setComment", table: tableTargetNode(table), column, comment }));
    Object.freeze(this);
  }
}
