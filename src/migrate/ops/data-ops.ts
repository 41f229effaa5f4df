/** Data operations: run a statement (`op.execute`), insert rows (`op.bulkInsert`). */

import type { Dialect } from "../../dialect/index.js";
import { NotSupportedError } from "../../errors/index.js";
import { text, TextClause } from "../../expr/index.js";
import { insert } from "../../query/index.js";
import type { ColumnBuilder } from "../../schema/index.js";
import { IrreversibleOperationError, type MigrateOp, type OpStatement, scratchTable } from "./op.js";
import { args, columnsSource, options, str, valueSource } from "./render.js";

/** Options of `op.execute`. */
export interface ExecuteOpOptions {
  /** The statement undoing this one, which makes it reversible. */
  readonly reverse?: OpStatement | string | undefined;
}

/** `op.execute(statement)`: any Core statement, or SQL text (run as `text()`). */
export class ExecuteOp implements MigrateOp {
  readonly name = "execute";
  readonly statement: OpStatement;
  readonly undo: OpStatement | undefined;

  constructor(statement: OpStatement | string, opts: ExecuteOpOptions = {}) {
    this.statement = typeof statement === "string" ? text(statement) : statement;
    this.undo = typeof opts.reverse === "string" ? text(opts.reverse) : opts.reverse;
    Object.freeze(this);
  }

  statements(_dialect: Dialect): readonly OpStatement[] {
    return [this.statement];
  }

  reverse(): ExecuteOp {
    if (!this.undo)
      throw new IrreversibleOperationError(
        "execute() cannot be reversed without the statement undoing it: pass { reverse: … }",
      );
    return new ExecuteOp(this.undo, { reverse: this.statement });
  }

  /** SQL text renders as it is; another Core statement has no TypeScript source. */
  toTypeScript(): string {
    const source = (s: OpStatement) => {
      if (!(s instanceof TextClause))
        throw new NotSupportedError("Only SQL text (text() or a string) renders as TypeScript in op.execute");
      return str(s.node.sql);
    };
    const opts = this.undo === undefined ? undefined : options({ reverse: source(this.undo) });
    return `op.execute(${args(source(this.statement), opts)})`;
  }
}

/** `op.bulkInsert(table, columns, rows)`: rows inserted into a table described by the columns they set. */
export class BulkInsertOp implements MigrateOp {
  readonly name = "bulkInsert";
  readonly rows: readonly Readonly<Record<string, unknown>>[];

  constructor(
    readonly tableName: string,
    readonly columns: Readonly<Record<string, ColumnBuilder>>,
    rows: readonly Readonly<Record<string, unknown>>[],
    readonly schema: string | undefined = undefined,
  ) {
    this.rows = Object.freeze(rows.map((r) => Object.freeze({ ...r })));
    Object.freeze(this);
  }

  statements(_dialect: Dialect): readonly OpStatement[] {
    if (this.rows.length === 0) return [];
    const extras = this.schema === undefined ? [] : [{ schema: this.schema }];
    const table = scratchTable(this.tableName, this.columns, extras);
    return [insert(table).values(this.rows as Record<string, unknown>[])];
  }

  reverse(): MigrateOp {
    throw new IrreversibleOperationError(
      `bulkInsert("${this.tableName}") cannot be reversed: delete the rows with op.execute(…) in the downgrade`,
    );
  }

  toTypeScript(): string {
    const rows = `[${this.rows.map(valueSource).join(", ")}]`;
    const opts = this.schema === undefined ? undefined : options({ schema: str(this.schema) });
    return `op.bulkInsert(${args(str(this.tableName), columnsSource(this.columns), rows, opts)})`;
  }
}
