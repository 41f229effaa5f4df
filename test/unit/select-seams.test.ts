// Core's extension seams without a database: bad protocol objects and plugins fail where they are written, with
// typed errors that say what was expected (the behaviour on live databases is in test/suite/core-seams.test.ts).
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  clauseElement,
  column,
  Integer,
  MetaData,
  type Select,
  select,
  type StatementPlugin,
  String as SqlString,
  Table,
  update,
} from "../../src/index.js";

const employees = new Table("employees", new MetaData(), {
  id: column(Integer()).primaryKey(),
  name: column(SqlString(50)),
});
const e = employees.c;

describe("core seams", () => {
  it("bad protocol objects are clear ArgumentErrors", () => {
    expect(() => select({ [clauseElement]: () => 42 } as never)).toThrow(ArgumentError);
    expect(() => select(e.name).from({ [clauseElement]: () => e.name } as never)).toThrow(
      /from\(\) takes a table, alias, subquery or CTE; got a Column/,
    );
    const loop: { [clauseElement](): unknown } = { [clauseElement]: () => loop };
    expect(() => select(e.name).where(loop as never)).toThrow(/did not lead to a Core element after 16 steps/);
    expect(() => select(e.name).groupBy({} as never)).toThrow(/groupBy\(\) takes SQL expressions/);
    expect(() => update({ [clauseElement]: () => e.name } as never)).toThrow(/update\(\) takes a table; got/);
    expect(() => select(e.name).options({} as never)).toThrow(/options\(\) takes statement options/);
  });

  it("a plugin that compiles to a statement it would compile again is refused", () => {
    const plugin: StatementPlugin<Select> = { name: "loop", compile: (stmt) => stmt.where(e.id.eq(1)) };
    expect(() => select(e.name).withPlugin(plugin).toStatementNode()).toThrow(/would compile again/);
  });
});
