/**
 * What every migration operation is: frozen data that gives the Core statements running it on a dialect,
 * its reverse where it has one, and its TypeScript source (for autogenerate).
 */

import type { Dialect } from "../../dialect/index.js";
import { InvalidRequestError } from "../../errors/index.js";
import type { Executable } from "../../expr/index.js";
import { type AnyTable, column, type ColumnBuilder, MetaData, Table, type TableExtra } from "../../schema/index.js";
import { Integer } from "../../types/index.js";

/** Any statement an operation runs. */
export type OpStatement = Executable<readonly unknown[], object>;

/** A migration operation (Alembic's `MigrateOperation`). */
export interface MigrateOp {
  /** The op's name in `op.*` (`"createTable"`). */
  readonly name: string;
  /** The Core statements that run the operation on `dialect`, in order. */
  statements(dialect: Dialect): readonly OpStatement[];
  /** The operation undoing this one; IrreversibleOperationError when it cannot be known. */
  reverse(): MigrateOp;
  /** The call in a revision file: `op.createTable("tasks", { … })`. */
  toTypeScript(): string;
}

/** An operation that cannot be reversed from what it holds (a dropped table without its definition). */
export class IrreversibleOperationError extends InvalidRequestError {}

/**
 * A `Table` described by an operation, in a MetaData of its own (default naming convention). Tables its
 * foreign keys name as `"table.column"` are stood in for by stubs: a foreign key needs only their names.
 */
export function scratchTable(
  name: string,
  columns: Readonly<Record<string, ColumnBuilder>>,
  extras: readonly TableExtra[],
): AnyTable {
  const md = new MetaData();
  const options = extras.find((e) => e.kind === undefined);
  const full = options?.schema === undefined ? name : `${options.schema}.${name}`;
  const refs = new Map<string, Set<string>>();
  const note = (target: string) => {
    const dot = target.lastIndexOf(".");
    if (dot < 0 || target.slice(0, dot) === full || target.slice(0, dot) === name) return;
    const table = target.slice(0, dot);
    refs.set(table, (refs.get(table) ?? new Set()).add(target.slice(dot + 1)));
  };
  for (const b of Object.values(columns))
    for (const r of b.spec.references) if (typeof r.target === "string") note(r.target);
  for (const e of extras)
    if (e.kind === "foreignKey" && typeof e.refColumns !== "function")
      for (const r of e.refColumns) if (typeof r === "string") note(r);
  for (const [table, cols] of refs) {
    const dot = table.indexOf(".");
    const stubColumns = Object.fromEntries([...cols].map((c) => [c, column(Integer())]));
    if (dot < 0) new Table(table, md, stubColumns);
    else new Table(table.slice(dot + 1), md, stubColumns, { schema: table.slice(0, dot) });
  }
  return new Table(name, md, columns, ...extras);
}
