/** Column operations: add, drop, alter (type, nullability, server default, comment, name). */

import { AddColumn, AlterColumn, columnDef, DropColumn, RenameColumn } from "../../ddl/index.js";
import type { Dialect } from "../../dialect/index.js";
import { ArgumentError } from "../../errors/index.js";
import type { SqlExpression } from "../../expr/index.js";
import { column, type ColumnBuilder } from "../../schema/index.js";
import type { SqlType } from "../../types/index.js";
import { IrreversibleOperationError, type MigrateOp, type OpStatement } from "./op.js";
import { args, columnSource, options, sqlSource, str, typeSource } from "./render.js";
import { schemaOption } from "./table-ops.js";

/** `op.addColumn(table, name, column(...))`. Constraints and indexes are operations of their own. */
export class AddColumnOp implements MigrateOp {
  readonly name = "addColumn";

  constructor(
    readonly tableName: string,
    readonly columnName: string,
    readonly column: ColumnBuilder,
    readonly schema: string | undefined = undefined,
  ) {
    columnDef(columnName, column); // refuses constraints now rather than when the migration runs
    Object.freeze(this);
  }

  statements(dialect: Dialect): readonly OpStatement[] {
    const target = { name: this.tableName, schema: this.schema };
    return new AddColumn(target, columnDef(this.columnName, this.column)).toStatements(dialect);
  }

  reverse(): DropColumnOp {
    return new DropColumnOp(this.tableName, this.columnName, { schema: this.schema, column: this.column });
  }

  toTypeScript(): string {
    return `op.addColumn(${args(str(this.tableName), str(this.columnName), columnSource(this.column), schemaOption(this.schema))})`;
  }
}

/** Options of `op.dropColumn`. */
export interface DropColumnOptions {
  readonly schema?: string | undefined;
  /** The dropped column's definition, which makes the drop reversible. */
  readonly column?: ColumnBuilder | undefined;
}

/** `op.dropColumn(table, name)`. */
export class DropColumnOp implements MigrateOp {
  readonly name = "dropColumn";
  readonly schema: string | undefined;
  readonly column: ColumnBuilder | undefined;

  constructor(
    readonly tableName: string,
    readonly columnName: string,
    opts: DropColumnOptions = {},
  ) {
    this.schema = opts.schema;
    this.column = opts.column;
    Object.freeze(this);
  }

  /** DROP COLUMN, and (PostgreSQL) the enum type its `column` brought with it. */
  statements(dialect: Dialect): readonly OpStatement[] {
    const drop = new DropColumn({ name: this.tableName, schema: this.schema }, this.columnName);
    const column = this.column === undefined ? undefined : columnDef(this.columnName, this.column);
    return column === undefined ? drop.toStatements(dialect) : drop.toStatements(dialect, { column });
  }

  reverse(): AddColumnOp {
    if (!this.column)
      throw new IrreversibleOperationError(
        `dropColumn("${this.tableName}", "${this.columnName}") cannot be reversed without the column: pass { column: column(...) }`,
      );
    return new AddColumnOp(this.tableName, this.columnName, this.column, this.schema);
  }

  toTypeScript(): string {
    const opts = options({
      schema: this.schema === undefined ? undefined : str(this.schema),
      column: this.column === undefined ? undefined : columnSource(this.column),
    });
    return `op.dropColumn(${args(str(this.tableName), str(this.columnName), opts)})`;
  }
}

/** A server default: an expression, a string value, or `null` for none. */
export type ServerDefault = SqlExpression | string | null;

/**
 * What `op.alterColumn` changes (each left out stays) and what the column is now. MySQL restates the
 * whole column, so the column's type and nullability must be known: `existingType` unless `type` changes,
 * `existingNullable` unless `nullable` does; the `existing*` values also make the change reversible.
 */
export interface AlterColumnOpOptions {
  readonly schema?: string | undefined;
  readonly type?: SqlType | undefined;
  readonly nullable?: boolean | undefined;
  readonly serverDefault?: ServerDefault | undefined;
  readonly comment?: string | null | undefined;
  /** Renames the column (after the other changes). */
  readonly newName?: string | undefined;
  /** PostgreSQL: how old values become the new type (`USING`). */
  readonly using?: SqlExpression | undefined;
  readonly existingType?: SqlType | undefined;
  readonly existingNullable?: boolean | undefined;
  readonly existingServerDefault?: ServerDefault | undefined;
  readonly existingComment?: string | null | undefined;
}

/** `op.alterColumn(table, column, { type?, nullable?, serverDefault?, comment?, newName?, existing… })`. */
export class AlterColumnOp implements MigrateOp {
  readonly name = "alterColumn";
  readonly options: AlterColumnOpOptions;

  constructor(
    readonly tableName: string,
    readonly columnName: string,
    opts: AlterColumnOpOptions,
  ) {
    this.options = Object.freeze({ ...opts });
    const changes = this.#changes();
    if (changes.length === 0 && opts.newName === undefined)
      throw new ArgumentError(
        `alterColumn("${tableName}", "${columnName}") changes nothing: give type, nullable, serverDefault, comment or newName`,
      );
    if (changes.length > 0) {
      if (opts.type === undefined && opts.existingType === undefined)
        throw new ArgumentError(
          `alterColumn("${tableName}", "${columnName}") needs existingType (MySQL restates the whole column)`,
        );
      if (opts.nullable === undefined && opts.existingNullable === undefined)
        throw new ArgumentError(
          `alterColumn("${tableName}", "${columnName}") needs existingNullable (MySQL restates the whole column)`,
        );
    }
    Object.freeze(this);
  }

  /** The parts that change. */
  #changes(): ("type" | "nullable" | "serverDefault" | "comment")[] {
    const o = this.options;
    return (["type", "nullable", "serverDefault", "comment"] as const).filter((k) => o[k] !== undefined);
  }

  /** The column as it will be: the changes over what it is. */
  #newColumn(): ColumnBuilder {
    const o = this.options;
    let b: ColumnBuilder = column((o.type ?? o.existingType) as SqlType);
    if (o.nullable ?? o.existingNullable) b = b.nullable();
    const def = o.serverDefault !== undefined ? o.serverDefault : o.existingServerDefault;
    if (def !== undefined && def !== null) b = b.serverDefault(def);
    const comment = o.comment !== undefined ? o.comment : o.existingComment;
    if (comment !== undefined && comment !== null) b = b.comment(comment);
    return b;
  }

  statements(dialect: Dialect): readonly OpStatement[] {
    const o = this.options;
    const target = { name: this.tableName, schema: o.schema };
    const changes = this.#changes();
    const out: OpStatement[] = [];
    if (changes.length > 0) {
      const def = columnDef(this.columnName, this.#newColumn());
      out.push(...new AlterColumn(target, def, { changes, using: o.using }).toStatements(dialect));
    }
    if (o.newName !== undefined) out.push(new RenameColumn(target, this.columnName, o.newName));
    return out;
  }

  /** The change back: each changed part needs its `existing*` value. */
  reverse(): AlterColumnOp {
    const o = this.options;
    const missing = (
      [
        ["type", "existingType"],
        ["nullable", "existingNullable"],
        ["serverDefault", "existingServerDefault"],
        ["comment", "existingComment"],
      ] as const
    ).filter(([k, e]) => o[k] !== undefined && o[e] === undefined);
    if (missing.length > 0)
      throw new IrreversibleOperationError(
        `alterColumn("${this.tableName}", "${this.columnName}") cannot be reversed without ${missing.map(([, e]) => e).join(", ")}`,
      );
    const pick = <V>(changed: V | undefined, existing: V | undefined) => (changed === undefined ? undefined : existing);
    return new AlterColumnOp(this.tableName, o.newName ?? this.columnName, {
      schema: o.schema,
      type: pick(o.type, o.existingType),
      nullable: pick(o.nullable, o.existingNullable),
      serverDefault: pick(o.serverDefault, o.existingServerDefault),
      comment: pick(o.comment, o.existingComment),
      newName: o.newName === undefined ? undefined : this.columnName,
      existingType: o.type ?? o.existingType,
      existingNullable: o.nullable ?? o.existingNullable,
      existingServerDefault: o.serverDefault !== undefined ? o.serverDefault : o.existingServerDefault,
      existingComment: o.comment !== undefined ? o.comment : o.existingComment,
    });
  }

  toTypeScript(): string {
    const o = this.options;
    const nullable = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? "null" : str(s));
    const dflt = (d: ServerDefault | undefined) => (d === undefined ? undefined : d === null ? "null" : sqlSource(d));
    const opts = options({
      schema: o.schema === undefined ? undefined : str(o.schema),
      type: o.type === undefined ? undefined : typeSource(o.type),
      nullable: o.nullable === undefined ? undefined : String(o.nullable),
      serverDefault: dflt(o.serverDefault),
      comment: nullable(o.comment),
      newName: o.newName === undefined ? undefined : str(o.newName),
      using: o.using === undefined ? undefined : sqlSource(o.using),
      existingType: o.existingType === undefined ? undefined : typeSource(o.existingType),
      existingNullable: o.existingNullable === undefined ? undefined : String(o.existingNullable),
      existingServerDefault: dflt(o.existingServerDefault),
      existingComment: nullable(o.existingComment),
    });
    return `op.alterColumn(${args(str(this.tableName), str(this.columnName), opts)})`;
  }
}
