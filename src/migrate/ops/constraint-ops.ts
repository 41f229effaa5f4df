/** Index and constraint operations: create / drop index, add unique / foreign key / check / primary key, drop constraint. */

import type { ConstraintDefNode, ReferentialAction } from "../../ast/index.js";
import {
  AddConstraint,
  checkDef,
  type ConstraintKind,
  constraintRef,
  CreateIndex,
  DropConstraint,
  DropIndex,
  foreignKeyDef,
  indexDefOf,
  primaryKeyDef,
  uniqueDef,
} from "../../ddl/index.js";
import type { Dialect } from "../../dialect/index.js";
import { literalColumn, type SqlExpression } from "../../expr/index.js";
import { IrreversibleOperationError, type MigrateOp, type OpStatement } from "./op.js";
import { args, options, sqlSource, str, strList } from "./render.js";
import { schemaOption } from "./table-ops.js";

/** Options of `op.createIndex`. */
export interface CreateIndexOpOptions {
  readonly schema?: string | undefined;
  readonly unique?: boolean | undefined;
}

/** `op.createIndex(name, table, columns, { unique? })`. */
export class CreateIndexOp implements MigrateOp {
  readonly name = "createIndex";
  readonly columns: readonly string[];

  constructor(
    readonly indexName: string,
    readonly tableName: string,
    columns: readonly string[],
    readonly opts: CreateIndexOpOptions = {},
  ) {
    this.columns = Object.freeze([...columns]);
    indexDefOf(tableName, indexName, columns); // refuses an empty column list now
    Object.freeze(this);
  }

  statements(_dialect: Dialect): readonly OpStatement[] {
    const target = { name: this.tableName, schema: this.opts.schema };
    return [
      new CreateIndex(target, indexDefOf(target, this.indexName, this.columns, { unique: this.opts.unique ?? false })),
    ];
  }

  reverse(): DropIndexOp {
    return new DropIndexOp(this.indexName, this.tableName, { schema: this.opts.schema, definition: this });
  }

  toTypeScript(): string {
    const opts = options({
      schema: this.opts.schema === undefined ? undefined : str(this.opts.schema),
      unique: this.opts.unique ? "true" : undefined,
    });
    return `op.createIndex(${args(str(this.indexName), str(this.tableName), strList(this.columns), opts)})`;
  }
}

/** Options of `op.dropIndex`. */
export interface DropIndexOpOptions {
  readonly schema?: string | undefined;
  /** The index's definition, which makes the drop reversible. */
  readonly definition?: CreateIndexOp | undefined;
}

/** `op.dropIndex(name, table)` (MySQL needs the table). */
export class DropIndexOp implements MigrateOp {
  readonly name = "dropIndex";

  constructor(
    readonly indexName: string,
    readonly tableName: string,
    readonly opts: DropIndexOpOptions = {},
  ) {
    Object.freeze(this);
  }

  statements(_dialect: Dialect): readonly OpStatement[] {
    return [new DropIndex({ name: this.tableName, schema: this.opts.schema }, this.indexName)];
  }

  reverse(): CreateIndexOp {
    if (!this.opts.definition)
      throw new IrreversibleOperationError(
        `dropIndex("${this.indexName}") cannot be reversed without the index's definition: pass { definition: new CreateIndexOp(…) }`,
      );
    return this.opts.definition;
  }

  toTypeScript(): string {
    return `op.dropIndex(${args(str(this.indexName), str(this.tableName), schemaOption(this.opts.schema))})`;
  }
}

/** What the create-constraint operations share: a name, a table, a kind; the drop is their reverse. */
abstract class CreateConstraintOp implements MigrateOp {
  abstract readonly name: string;
  abstract readonly kind: ConstraintKind;

  constructor(
    readonly constraintName: string,
    readonly tableName: string,
    readonly schema: string | undefined,
  ) {}

  /** The constraint's description. */
  protected abstract def(): ConstraintDefNode;

  statements(_dialect: Dialect): readonly OpStatement[] {
    return [new AddConstraint({ name: this.tableName, schema: this.schema }, this.def())];
  }

  reverse(): DropConstraintOp {
    return new DropConstraintOp(this.constraintName, this.tableName, this.kind, {
      schema: this.schema,
      definition: this,
    });
  }

  abstract toTypeScript(): string;
}

/** `op.createUniqueConstraint(name, table, columns)`. */
export class CreateUniqueConstraintOp extends CreateConstraintOp {
  readonly name = "createUniqueConstraint";
  readonly kind = "unique";
  readonly columns: readonly string[];

  constructor(constraintName: string, tableName: string, columns: readonly string[], schema?: string) {
    super(constraintName, tableName, schema);
    this.columns = uniqueDef(constraintName, columns).columns;
    Object.freeze(this);
  }

  protected def() {
    return uniqueDef(this.constraintName, this.columns);
  }

  toTypeScript(): string {
    return `op.createUniqueConstraint(${args(str(this.constraintName), str(this.tableName), strList(this.columns), schemaOption(this.schema))})`;
  }
}

/** `op.createPrimaryKey(name, table, columns)`. */
export class CreatePrimaryKeyOp extends CreateConstraintOp {
  readonly name = "createPrimaryKey";
  readonly kind = "primaryKey";
  readonly columns: readonly string[];

  constructor(constraintName: string, tableName: string, columns: readonly string[], schema?: string) {
    super(constraintName, tableName, schema);
    this.columns = primaryKeyDef(constraintName, columns).columns;
    Object.freeze(this);
  }

  protected def() {
    return primaryKeyDef(this.constraintName, this.columns);
  }

  toTypeScript(): string {
    return `op.createPrimaryKey(${args(str(this.constraintName), str(this.tableName), strList(this.columns), schemaOption(this.schema))})`;
  }
}

/** `op.createCheckConstraint(name, table, condition)`: the condition as SQL text or an expression. */
export class CreateCheckConstraintOp extends CreateConstraintOp {
  readonly name = "createCheckConstraint";
  readonly kind = "check";
  readonly condition: SqlExpression;

  constructor(constraintName: string, tableName: string, condition: SqlExpression | string, schema?: string) {
    super(constraintName, tableName, schema);
    this.condition = typeof condition === "string" ? literalColumn(condition) : condition;
    Object.freeze(this);
  }

  protected def() {
    return checkDef(this.constraintName, this.condition);
  }

  toTypeScript(): string {
    const cond = this.condition.node.kind === "text" ? str(this.condition.node.sql) : sqlSource(this.condition);
    return `op.createCheckConstraint(${args(str(this.constraintName), str(this.tableName), cond, schemaOption(this.schema))})`;
  }
}

/** Options of `op.createForeignKey`. */
export interface CreateForeignKeyOpOptions {
  readonly sourceSchema?: string | undefined;
  readonly referentSchema?: string | undefined;
  readonly onDelete?: ReferentialAction | undefined;
  readonly onUpdate?: ReferentialAction | undefined;
}

/** `op.createForeignKey(name, source, referent, localColumns, remoteColumns, options?)`. */
export class CreateForeignKeyOp extends CreateConstraintOp {
  readonly name = "createForeignKey";
  readonly kind = "foreignKey";
  readonly localColumns: readonly string[];
  readonly remoteColumns: readonly string[];

  constructor(
    constraintName: string,
    source: string,
    readonly referent: string,
    localColumns: readonly string[],
    remoteColumns: readonly string[],
    readonly opts: CreateForeignKeyOpOptions = {},
  ) {
    super(constraintName, source, opts.sourceSchema);
    const def = this.#build(constraintName, localColumns, remoteColumns);
    this.localColumns = def.columns;
    this.remoteColumns = def.refColumns;
    Object.freeze(this);
  }

  #build(name: string, local: readonly string[], remote: readonly string[]) {
    return foreignKeyDef(name, local, this.referent, remote, {
      refSchema: this.opts.referentSchema,
      onDelete: this.opts.onDelete,
      onUpdate: this.opts.onUpdate,
    });
  }

  protected def() {
    return this.#build(this.constraintName, this.localColumns, this.remoteColumns);
  }

  toTypeScript(): string {
    const o = this.opts;
    const opts = options({
      sourceSchema: o.sourceSchema === undefined ? undefined : str(o.sourceSchema),
      referentSchema: o.referentSchema === undefined ? undefined : str(o.referentSchema),
      onDelete: o.onDelete === undefined ? undefined : str(o.onDelete),
      onUpdate: o.onUpdate === undefined ? undefined : str(o.onUpdate),
    });
    return `op.createForeignKey(${args(str(this.constraintName), str(this.tableName), str(this.referent), strList(this.localColumns), strList(this.remoteColumns), opts)})`;
  }
}

/** A constraint created by one of the create-constraint operations. */
export type AnyCreateConstraintOp =
  CreateUniqueConstraintOp | CreatePrimaryKeyOp | CreateCheckConstraintOp | CreateForeignKeyOp;

/** Options of `op.dropConstraint`. */
export interface DropConstraintOpOptions {
  readonly schema?: string | undefined;
  /** The constraint's definition, which makes the drop reversible. */
  readonly definition?: AnyCreateConstraintOp | CreateConstraintOp | undefined;
}

/** `op.dropConstraint(name, table, kind)`: the kind, because MySQL drops each kind with its own words. */
export class DropConstraintOp implements MigrateOp {
  readonly name = "dropConstraint";

  constructor(
    readonly constraintName: string,
    readonly tableName: string,
    readonly kind: ConstraintKind,
    readonly opts: DropConstraintOpOptions = {},
  ) {
    Object.freeze(this);
  }

  statements(_dialect: Dialect): readonly OpStatement[] {
    const target = { name: this.tableName, schema: this.opts.schema };
    return [new DropConstraint(target, constraintRef(this.kind, this.constraintName))];
  }

  reverse(): MigrateOp {
    if (!this.opts.definition)
      throw new IrreversibleOperationError(
        `dropConstraint("${this.constraintName}") cannot be reversed without the constraint's definition: pass { definition: new Create…Op(…) }`,
      );
    return this.opts.definition;
  }

  toTypeScript(): string {
    return `op.dropConstraint(${args(str(this.constraintName), str(this.tableName), str(this.kind), schemaOption(this.opts.schema))})`;
  }
}
