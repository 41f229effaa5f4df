/**
 * DDL constructs: statements `Connection.execute` runs, like `select()` or `text()`.
 *
 * ```ts
 * await conn.execute(new CreateTable(users));                     // CREATE TABLE "users" (…)
 * await conn.execute(new CreateIndex(users, "ix_users_email"));   // CREATE INDEX "ix_users_email" ON "users" ("email")
 * await conn.execute(new DropTable(users, { ifExists: true }));   // DROP TABLE IF EXISTS "users"
 * // Everything a table needs on a dialect (enum types, comments, indexes), in order:
 * for (const stmt of new CreateTable(users).toStatements(engine.dialect)) await conn.execute(stmt);
 * ```
 * `metadata.createAll(engine)` does all of this for many tables, in dependency order.
 */

import {
  node,
  type AddConstraintNode,
  type ConstraintDefNode,
  type CreateIndexNode,
  type CreateTableNode,
  type DdlNode,
  type DropConstraintNode,
  type DropIndexNode,
  type DropTableNode,
  type IndexDefNode,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import {
  type CompiledStatement,
  type CompileTarget,
  type Executable,
  renderStatement,
  type ResultColumn,
  statementText,
} from "../expr/index.js";
import { type AnyTable, type IndexSpec, Table } from "../schema/index.js";
import { type TableTarget, tableTargetNode } from "./table-target.js";
import { createTableStatements, type DdlTarget, dropTableStatements, tableNodeOf } from "./statements.js";
import { indexSpecDef, tableDef } from "./table-def.js";

/** A DDL statement: executable, returns no rows. */
export class DdlStatement implements Executable<[], Record<string, never>> {
  declare readonly __rowTuple?: [];
  declare readonly __rowNamed?: Record<string, never>;
  readonly node: DdlNode;

  /** Wraps any DDL node (the constructs below build them for you). */
  constructor(n: DdlNode) {
    this.node = n;
  }

  /** The DDL node. */
  toStatementNode(): DdlNode {
    return this.node;
  }

  /** None: DDL returns no rows. */
  resultColumns(): readonly ResultColumn[] | undefined {
    return undefined;
  }

  /** The SQL in a dialect, for reading: `new CreateTable(users).compile(engine.dialect).sql`. */
  compile(dialect?: CompileTarget): CompiledStatement {
    return renderStatement(this, dialect);
  }

  /** The SQL in the generic dialect. */
  toString(): string {
    return statementText(this);
  }
}

/** Wraps nodes as executable statements. */
function statements(nodes: readonly DdlNode[]): DdlStatement[] {
  return nodes.map((n) => new DdlStatement(n));
}

/**
 * `CREATE TABLE [IF NOT EXISTS]` with the table's columns and constraints. Executing it runs that one
 * statement; `toStatements(dialect)` adds what the table needs around it on a dialect (PostgreSQL enum
 * types before it and `COMMENT ON` after it; the table's indexes).
 */
export class CreateTable extends DdlStatement {
  readonly table: AnyTable;

  constructor(table: AnyTable, options: { ifNotExists?: boolean } = {}) {
    super(
      node<CreateTableNode>({ kind: "createTable", table: tableDef(table), ifNotExists: options.ifNotExists ?? false }),
    );
    this.table = table;
    Object.freeze(this);
  }

  /** Every statement creating the table on `dialect`, in order (`enumTypes: false` leaves enum types out). */
  toStatements(dialect: DdlTarget, options: { enumTypes?: boolean } = {}): DdlStatement[] {
    const n = this.node as CreateTableNode;
    return statements(createTableStatements(n.table, dialect, { ifNotExists: n.ifNotExists, ...options }));
  }
}

/** `DROP TABLE [IF EXISTS]`; `toStatements(dialect)` also drops the table's enum types where they are types. */
export class DropTable extends DdlStatement {
  readonly table: AnyTable;

  constructor(table: AnyTable, options: { ifExists?: boolean } = {}) {
    super(
      node<DropTableNode>({
        kind: "dropTable",
        table: tableNodeOf(tableDef(table)),
        ifExists: options.ifExists ?? false,
      }),
    );
    this.table = table;
    Object.freeze(this);
  }

  /** DROP TABLE, then the table's enum types on named-type dialects (`enumTypes: false` keeps them). */
  toStatements(dialect: DdlTarget, options: { enumTypes?: boolean } = {}): DdlStatement[] {
    const n = this.node as DropTableNode;
    return statements(dropTableStatements(tableDef(this.table), dialect, { ifExists: n.ifExists, ...options }));
  }
}

/** The table's index of that name, or an ArgumentError listing its indexes. */
function findIndex(table: AnyTable, name: string): IndexDefNode {
  const def = tableDef(table);
  const found = def.indexes.find((i) => i.name === name);
  if (!found)
    throw new ArgumentError(
      `Table '${table.name}' has no index '${name}'; its indexes are ${def.indexes.map((i) => i.name).join(", ") || "none"}`,
    );
  return found;
}

/**
 * `CREATE [UNIQUE] INDEX`: one of the table's indexes by name, or an `index(...)` spec that is not part
 * of the table definition.
 */
export class CreateIndex extends DdlStatement {
  constructor(table: TableTarget, index: string | IndexSpec | IndexDefNode, options: { ifNotExists?: boolean } = {}) {
    const def =
      typeof index === "object" && "kind" in index && index.kind === "indexDef"
        ? index
        : withTable(table, "an index by name or spec", (t) =>
            typeof index === "string" ? findIndex(t, index) : indexSpecDef(t, index as IndexSpec),
          );
    super(node<CreateIndexNode>({ kind: "createIndex", index: def, ifNotExists: options.ifNotExists ?? false }));
    Object.freeze(this);
  }
}

/** `DROP INDEX [IF EXISTS]` by name (MySQL needs the table: `DROP INDEX name ON table`). */
export class DropIndex extends DdlStatement {
  constructor(table: TableTarget, name: string, options: { ifExists?: boolean } = {}) {
    const t = table instanceof Table ? table.node : tableTargetNode(table);
    super(node<DropIndexNode>({ kind: "dropIndex", name, table: t, ifExists: options.ifExists ?? false }));
    Object.freeze(this);
  }
}

/** Calls `fn` with the `Table`, or an ArgumentError when only a name was given. */
function withTable<R>(table: TableTarget, what: string, fn: (t: AnyTable) => R): R {
  if (!(table instanceof Table))
    throw new ArgumentError(
      `Finding ${what} needs the Table itself; with a table name, describe it (uniqueDef, foreignKeyDef, checkDef, primaryKeyDef, indexDefOf)`,
    );
  return fn(table);
}

/** The table's constraint of that name, or an ArgumentError listing its named constraints. */
function findConstraint(table: AnyTable, name: string): ConstraintDefNode {
  const def = tableDef(table);
  const found = def.constraints.find((c) => c.name === name);
  if (!found)
    throw new ArgumentError(
      `Table '${table.name}' has no constraint '${name}'; its named constraints are ${def.constraints.flatMap((c) => c.name ?? []).join(", ") || "none"}`,
    );
  return found;
}

/** `ALTER TABLE … ADD CONSTRAINT`: one of the table's constraints, by name (or as a node). */
export class AddConstraint extends DdlStatement {
  constructor(table: TableTarget, constraint: string | ConstraintDefNode) {
    const c =
      typeof constraint === "string"
        ? withTable(table, "a constraint by name", (t) => findConstraint(t, constraint))
        : constraint;
    super(node<AddConstraintNode>({ kind: "addConstraint", table: tableTargetNode(table), constraint: c }));
    Object.freeze(this);
  }
}

/** `ALTER TABLE … DROP CONSTRAINT` (MySQL: `DROP FOREIGN KEY` / `DROP INDEX` by kind). */
export class DropConstraint extends DdlStatement {
  constructor(table: TableTarget, constraint: string | ConstraintDefNode) {
    const c =
      typeof constraint === "string"
        ? withTable(table, "a constraint by name", (t) => findConstraint(t, constraint))
        : constraint;
    super(node<DropConstraintNode>({ kind: "dropConstraint", table: tableTargetNode(table), constraint: c }));
    Object.freeze(this);
  }
}
