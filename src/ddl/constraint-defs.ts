/**
 * Constraint and index descriptions built by name, outside any `Table`: what ALTER TABLE … ADD
 * CONSTRAINT, DROP CONSTRAINT and CREATE INDEX take when a migration names a table it does not hold.
 *
 * ```ts
 * new AddConstraint("users", uniqueDef("uq_users_email", ["email"]));
 * // ALTER TABLE "users" ADD CONSTRAINT "uq_users_email" UNIQUE ("email")
 * new CreateIndex("users", indexDefOf("users", "ix_users_name", ["name"]));
 * // CREATE INDEX "ix_users_name" ON "users" ("name")
 * ```
 */

import {
  node,
  type CheckDefNode,
  type ConstraintDefNode,
  type ExprNode,
  type ForeignKeyDefNode,
  type IndexDefNode,
  type PrimaryKeyDefNode,
  type ReferentialAction,
  type UniqueDefNode,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import type { SqlExpression } from "../expr/index.js";
import { type TableTarget, tableTargetNode } from "./table-target.js";

/** Refuses an empty column list. */
function columnsOf(what: string, columns: readonly string[]): readonly string[] {
  if (columns.length === 0) throw new ArgumentError(`A ${what} needs at least one column`);
  return Object.freeze([...columns]);
}

/** `[CONSTRAINT name] UNIQUE (columns)`. */
export function uniqueDef(name: string | undefined, columns: readonly string[]): UniqueDefNode {
  return node({ kind: "uniqueDef", name, columns: columnsOf("unique constraint", columns) });
}

/** `[CONSTRAINT name] PRIMARY KEY (columns)`. */
export function primaryKeyDef(name: string | undefined, columns: readonly string[]): PrimaryKeyDefNode {
  return node({ kind: "primaryKeyDef", name, columns: columnsOf("primary key", columns) });
}

/** Options of `foreignKeyDef`. */
export interface ForeignKeyDefOptions {
  readonly refSchema?: string | undefined;
  readonly onDelete?: ReferentialAction | undefined;
  readonly onUpdate?: ReferentialAction | undefined;
}

/** `[CONSTRAINT name] FOREIGN KEY (columns) REFERENCES refTable (refColumns)`. */
export function foreignKeyDef(
  name: string | undefined,
  columns: readonly string[],
  refTable: string,
  refColumns: readonly string[],
  options: ForeignKeyDefOptions = {},
): ForeignKeyDefNode {
  if (columns.length !== refColumns.length)
    throw new ArgumentError(
      `Foreign key ${name ?? ""} has ${columns.length} columns but references ${refColumns.length}`.replace("  ", " "),
    );
  return node({
    kind: "foreignKeyDef",
    name,
    columns: columnsOf("foreign key", columns),
    refTable,
    refSchema: options.refSchema,
    refColumns: Object.freeze([...refColumns]),
    onDelete: options.onDelete,
    onUpdate: options.onUpdate,
    useAlter: false,
  });
}

/** `[CONSTRAINT name] CHECK (expr)`. */
export function checkDef(name: string | undefined, expr: SqlExpression): CheckDefNode {
  return node({ kind: "checkDef", name, expr: expr.node });
}

/** Options of `indexDefOf`. */
export interface IndexDefOptions {
  readonly unique?: boolean;
  readonly where?: SqlExpression | undefined;
}

/** `CREATE [UNIQUE] INDEX name ON table (items)`: items are column names or expressions. */
export function indexDefOf(
  table: TableTarget,
  name: string,
  items: readonly (string | SqlExpression)[],
  options: IndexDefOptions = {},
): IndexDefNode {
  if (items.length === 0) throw new ArgumentError(`Index ${name} needs at least one column or expression`);
  const t = tableTargetNode(table);
  const exprs = items.map((item): ExprNode =>
    typeof item === "string" ? node({ kind: "column", name: item, from: undefined, type: undefined }) : item.node,
  );
  return node({
    kind: "indexDef",
    name,
    table: node({ kind: "table", name: t.name, schema: t.schema, def: undefined }),
    items: exprs,
    unique: options.unique ?? false,
    where: options.where?.node,
  });
}

/** The kinds of constraint `constraintRef` names. */
export type ConstraintKind = "unique" | "foreignKey" | "check" | "primaryKey";

/**
 * A constraint known only by kind and name: what DROP CONSTRAINT needs (MySQL drops each kind with its own
 * words). Its columns are unknown, so it is for dropping only.
 *
 * ```ts
 * new DropConstraint("users", constraintRef("foreignKey", "fk_users_org_id_orgs"));
 * // MySQL: ALTER TABLE `users` DROP FOREIGN KEY `fk_users_org_id_orgs`
 * ```
 */
export function constraintRef(kind: ConstraintKind, name: string): ConstraintDefNode {
  switch (kind) {
    case "unique":
      return node({ kind: "uniqueDef", name, columns: [] });
    case "primaryKey":
      return node({ kind: "primaryKeyDef", name, columns: [] });
    case "check":
      return node({
        kind: "checkDef",
        name,
        expr: node({ kind: "text", sql: "", columns: undefined, bindTypes: undefined }),
      });
    case "foreignKey":
      return node({
        kind: "foreignKeyDef",
        name,
        columns: [],
        refTable: "",
        refSchema: undefined,
        refColumns: [],
        onDelete: undefined,
        onUpdate: undefined,
        useAlter: false,
      });
  }
}
