// Type-level tests for the migration operations and `op.*`: checked by `tsc` (TypeScript 5.9 and 7), never run.
import { expectTypeOf } from "vitest";
import { AlterColumn, column, Integer, String as SqlString } from "../../src/index.js";
import {
  type CreateTableOp,
  DropTableOp,
  type MigrateOp,
  type Operations,
  RenameTableOp,
} from "../../src/migrate/ops/index.js";

declare const op: Operations;

// Every op method returns a promise the revision awaits.
expectTypeOf(op.createTable("t", { id: column(Integer()).primaryKey() })).toEqualTypeOf<Promise<void>>();
expectTypeOf(op.dropConstraint("fk", "t", "foreignKey")).toEqualTypeOf<Promise<void>>();
// @ts-expect-error -- a constraint kind is one of four words
void op.dropConstraint("fk", "t", "foreign");
// @ts-expect-error -- alterColumn takes its changes as options
void op.alterColumn("t", "c");
// @ts-expect-error -- a column is a column builder, not a type
void op.addColumn("t", "c", SqlString(10));
// @ts-expect-error -- AlterColumn's changes are named parts of a column
void new AlterColumn("t", "c", { changes: ["length"] });

// reverse() is typed by what it returns: a drop reverses to a create, a rename to a rename.
expectTypeOf(new DropTableOp("t").reverse()).toEqualTypeOf<CreateTableOp>();
expectTypeOf(new RenameTableOp("a", "b").reverse()).toEqualTypeOf<RenameTableOp>();
expectTypeOf<RenameTableOp>().toExtend<MigrateOp>();
