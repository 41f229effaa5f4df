/** Table operations: create, drop, rename, comment. */

import { CreateTable, DropTable, RenameTable, SetComment } from "../../ddl/index.js";
import type { Dialect } from "../../dialect/index.js";
import type { ColumnBuilder, TableExtra, TableOptions } from "../../schema/index.js";
import { IrreversibleOperationError, type MigrateOp, type OpStatement, scratchTable } from "./op.js";
import { args, columnsSource, extraSource, options, str } from "./render.js";

/** `{ schema }` as rendered options, or nothing. */
export const schemaOption = (schema: string | undefined): string | undefined =>
  schema === undefined ? undefined : options({ schema: str(schema) });

/** `op.createTable(name, columns, ...extras)`: the table with its constraints, indexes and (PostgreSQL) enum types. */
export class CreateTableOp implements MigrateOp {
  readonly name = "createTable";
  readonly extras: readonly TableExtra[];

  constructor(
    readonly tableName: string,
    readonly columns: Readonly<Record<string, ColumnBuilder>>,
    extras: readonly TableExtra[] = [],
  ) {
    this.extras = Object.freeze([...extras]);
    Object.freeze(this);
  }

  /** The table's schema, from its options. */
  get schema(): string | undefined {
    return this.extras.find((e): e is TableOptions => e.kind === undefined)?.schema;
  }

  statements(dialect: Dialect): readonly OpStatement[] {
    return new CreateTable(scratchTable(this.tableName, this.columns, this.extras)).toStatements(dialect);
  }

  /** A DropTableOp that remembers the definition (so it reverses back). */
  reverse(): DropTableOp {
    return new DropTableOp(this.tableName, { schema: this.schema, definition: this });
  }

  toTypeScript(): string {
    return `op.createTable(${[str(this.tableName), columnsSource(this.columns), ...this.extras.map(extraSource)].join(", ")})`;
  }
}

/** Options of `op.dropTable`. */
export interface DropTableOptions {
  readonly schema?: string | undefined;
  /** The table's definition, which makes the drop reversible (autogenerate fills it in). */
  readonly definition?: CreateTableOp | undefined;
}

/** `op.dropTable(name)`: the table, then its enum types (PostgreSQL) when its definition is known. */
export class DropTableOp implements MigrateOp {
  readonly name = "dropTable";
  readonly schema: string | undefined;
  readonly definition: CreateTableOp | undefined;

  constructor(
    readonly tableName: string,
    opts: DropTableOptions = {},
  ) {
    this.schema = opts.schema ?? opts.definition?.schema;
    this.definition = opts.definition;
    Object.freeze(this);
  }

  statements(dialect: Dialect): readonly OpStatement[] {
    const d = this.definition;
    const table = d
      ? scratchTable(d.tableName, d.columns, d.extras)
      : scratchTable(this.tableName, {}, this.schema === undefined ? [] : [{ schema: this.schema }]);
    return new DropTable(table).toStatements(dialect, { enumTypes: d !== undefined });
  }

  reverse(): CreateTableOp {
    if (!this.definition)
      throw new IrreversibleOperationError(
        `dropTable("${this.tableName}") cannot be reversed without the table's definition: pass { definition: new CreateTableOp(…) }, or write the downgrade by hand`,
      );
    return this.definition;
  }

  toTypeScript(): string {
    return `op.dropTable(${args(str(this.tableName), schemaOption(this.schema))})`;
  }
}

/** `op.renameTable(old, new)`. */
export class RenameTableOp implements MigrateOp {
  readonly name = "renameTable";

  constructor(
    readonly oldName: string,
    readonly newName: string,
    readonly schema: string | undefined = undefined,
  ) {
    Object.freeze(this);
  }

  statements(_dialect: Dialect): readonly OpStatement[] {
    return [new RenameTable({ name: this.oldName, schema: this.schema }, this.newName)];
  }

  reverse(): RenameTableOp {
    return new RenameTableOp(this.newName, this.oldName, this.schema);
  }

  toTypeScript(): string {
    return `op.renameTable(${args(str(this.oldName), str(this.newName), schemaOption(this.schema))})`;
  }
}

/** Options of `op.createTableComment`. */
export interface TableCommentOptions {
  readonly schema?: string | undefined;
  /** The comment it replaces (`null`: none), which makes the change reversible. */
  readonly existingComment?: string | null | undefined;
}

/** `op.createTableComment(table, comment)` (`null` removes it). Databases without comments refuse it. */
export class CreateTableCommentOp implements MigrateOp {
  readonly name = "createTableComment";
  readonly schema: string | undefined;
  readonly existingComment: string | null | undefined;

  constructor(
    readonly tableName: string,
    readonly comment: string | null,
    opts: TableCommentOptions = {},
  ) {
    this.schema = opts.schema;
    this.existingComment = opts.existingComment;
    Object.freeze(this);
  }

  statements(_dialect: Dialect): readonly OpStatement[] {
    return [new SetComment({ name: this.tableName, schema: this.schema }, undefined, this.comment ?? undefined)];
  }

  reverse(): CreateTableCommentOp {
    if (this.existingComment === undefined)
      throw new IrreversibleOperationError(
        `createTableComment("${this.tableName}") cannot be reversed without existingComment (null when there was none)`,
      );
    return new CreateTableCommentOp(this.tableName, this.existingComment, {
      schema: this.schema,
      existingComment: this.comment,
    });
  }

  toTypeScript(): string {
    const opts = options({
      schema: this.schema === undefined ? undefined : str(this.schema),
      existingComment:
        this.existingComment === undefined
          ? undefined
          : this.existingComment === null
            ? "null"
            : str(this.existingComment),
    });
    return `op.createTableComment(${args(str(this.tableName), this.comment === null ? "null" : str(this.comment), opts)})`;
  }
}
