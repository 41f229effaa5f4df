// Injection: on every dialect, hostile strings reach the database only as parameters, never in the SQL
// text; identifiers (reserved words, quotes, backticks, spaces) and function names are quoted; LIKE
// helpers escape wildcards inside the parameter.
import { describe, expect, it } from "vitest";
import { compile, type CompileTarget, func, type FunctionCall, select, text } from "../../src/index.js";
import { MySQLDialect } from "../../src/mysql.js";
import { PostgreSQLDialect } from "../../src/postgresql.js";
import { SqliteDialect } from "../../src/sqlite.js";
import { type CaseName, cases, HOSTILE, users, weird } from "./compile-fixtures.js";

const dialects: [string, CompileTarget][] = [
  ["postgresql", new PostgreSQLDialect()],
  ["mysql", new MySQLDialect()],
  ["sqlite", new SqliteDialect()],
  ["generic", undefined],
];

/** A string parameter that would change the statement if it were pasted into the SQL (one character may be a quote of the SQL itself). */
const dangerous = (v: unknown): v is string => typeof v === "string" && v.length >= 3 && /['"`;\\%]|--/.test(v);

describe.each(dialects)("%s: injection", (_name, dialect) => {
  it("keeps every dangerous string of every statement out of the SQL text", () => {
    let checked = 0;
    for (const name of Object.keys(cases) as CaseName[]) {
      const c = cases[name];
      let compiled;
      try {
        compiled = compile(c.stmt(), dialect);
      } catch {
        continue; // a construct this dialect refuses (checked by the golden tests)
      }
      for (const param of compiled.params.filter(dangerous)) {
        expect(compiled.sql, `${name}: ${param}`).not.toContain(param);
        checked++;
      }
      expect(compiled.sql, name).not.toMatch(/DROP TABLE/);
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it("passes hostile values through as parameters, unchanged", () => {
    const { params } = compile(cases.hostileInsert.stmt(), dialect);
    expect(params).toEqual([1, HOSTILE, "a\\'b", 0]);
    const viaText = compile(text("select * from users where name = :name"), dialect, { name: HOSTILE });
    expect(viaText.params).toEqual([HOSTILE]);
    expect(viaText.sql).not.toContain("DROP");
  });

  it("escapes LIKE wildcards and the escape character inside the parameter", () => {
    const { sql, params } = compile(select(users.c.id).where(users.c.name.startsWith("100%_a/b")), dialect);
    expect(params).toEqual(["100/%/_a//b%"]);
    expect(sql).toMatch(/LIKE (\?|\$1::VARCHAR) ESCAPE '\/'$/);
  });

  it("quotes a function name that is not a plain identifier", () => {
    const hostile = (func as unknown as Record<string, (...a: unknown[]) => FunctionCall<unknown>>)[
      "count(*) from users; --"
    ]!;
    const { sql } = compile(select(hostile(users.c.id).label("n")), dialect);
    expect(sql.startsWith("SELECT count(*) from users")).toBe(false);
    expect(sql).toMatch(/^SELECT ["`]count\(\*\) from users; --["`]\(/);
  });
});

describe("identifier quoting", () => {
  it("doubles the dialect's quote character inside identifiers", () => {
    const stmt = select(weird.c.select, weird.c.quoted, weird.c.tick, weird.c.spaced);
    expect(compile(stmt, "postgresql").sql).toBe(
      'SELECT "order"."select", "order"."my ""quoted"" col", "order"."back`tick", "order"."with space" FROM "order"',
    );
    expect(compile(stmt, "sqlite").sql).toBe(compile(stmt, "postgresql").sql);
    expect(compile(stmt, "mysql").sql).toBe(
      'SELECT `order`.`select`, `order`.`my "quoted" col`, `order`.`back``tick`, `order`.`with space` FROM `order`',
    );
  });

  it("writes an ESCAPE character as a string literal, backslashes escaped on MySQL and in E'…' on PostgreSQL", () => {
    const stmt = select(users.c.id).where(
      users.c.name.like("a\\%", { escape: "\\" }),
      users.c.name.like("b", { escape: "'" }),
    );
    expect(compile(stmt, "postgresql").sql).toBe(
      `SELECT "users"."id" FROM "users" WHERE ("users"."name" LIKE $1::VARCHAR ESCAPE E'\\\\') AND ("users"."name" LIKE $2::VARCHAR ESCAPE '''')`,
    );
    expect(compile(stmt, "mysql").sql).toBe(
      "SELECT `users`.`id` FROM `users` WHERE (`users`.`name` LIKE ? ESCAPE '\\\\') AND (`users`.`name` LIKE ? ESCAPE '''')",
    );
  });
});
