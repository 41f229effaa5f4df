// Smaller defects of issue 8 (#12), without a database: how text() SQL is read (backslashes per dialect, a
// NUL in the SQL), parameter names that Object.prototype has, and a string given to orderBy().
import { describe, expect, it } from "vitest";
import { ArgumentError, column, compile, Integer, MetaData, select, Table, text } from "../../src/index.js";
import { parseTextBinds } from "../../src/compiler/index.js";

const dollar = (i: number): string => `$${i + 1}`;

describe("text() SQL: what a backslash means in a string", () => {
  it("PostgreSQL ('e-strings'): a backslash escapes only in E'…' strings", () => {
    expect(parseTextBinds("select '\\' as a, :x as b", dollar, "e-strings")).toEqual({
      sql: "select '\\' as a, $1 as b",
      names: ["x"],
    });
    expect(parseTextBinds("select E'\\'', e'\\\\', :x, te'\\' as a, :y", dollar, "e-strings")).toEqual({
      sql: "select E'\\'', e'\\\\', $1, te'\\' as a, $2",
      names: ["x", "y"],
    });
  });

  it("standard SQL and SQLite ('literal'): a backslash is a character", () => {
    expect(parseTextBinds("select '\\', :x", dollar, "literal").names).toEqual(["x"]);
  });

  it("MySQL ('escape'): a backslash escapes the quote", () => {
    expect(parseTextBinds("select '\\', :x'", dollar, "escape").names).toEqual([]);
    expect(parseTextBinds("select '\\\\', :x", dollar, "escape").names).toEqual(["x"]);
  });

  it("each dialect compiles text() with its own rule", () => {
    const stmt = text("select '\\' as a, :x as b");
    expect(compile(stmt, "postgresql").sql).toBe("select '\\' as a, $1 as b");
    expect(compile(stmt, "sqlite").sql).toBe("select '\\' as a, ? as b");
  });

  it("a NUL in the SQL does not move the parameters (no marker character)", () => {
    const { sql, params } = compile(text("select :a, '\u0000', :b"), "postgresql", { a: 1, b: 2 });
    expect(sql).toBe("select $1, '\u0000', $2");
    expect(params).toEqual([1, 2]);
  });
});

describe("parameters named like Object.prototype's properties", () => {
  it("text(':__proto__') or ':constructor' with {} is a missing parameter, not the prototype", () => {
    for (const name of ["__proto__", "constructor", "toString"]) {
      expect(() => compile(text(`select :${name}`), "postgresql", {}, { literalBinds: true }), name).toThrow(
        ArgumentError,
      );
    }
  });
});

describe("orderBy() with a plain string", () => {
  const t = new Table("ob_t", new MetaData(), { id: column(Integer()) });
  it("is a typed ArgumentError saying what it takes", () => {
    expect(() => select(t.c.id).orderBy("id" as never)).toThrow(ArgumentError);
    expect(() => select(t.c.id).orderBy("id" as never)).toThrow(/orderBy\(\) takes SQL expressions/);
    expect(() =>
      select(t.c.id)
        .union(select(t.c.id))
        .orderBy("id" as never),
    ).toThrow(ArgumentError);
  });
});
