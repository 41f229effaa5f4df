// Planning executions without a connection (what Migrate's offline mode and the ORM's flush build on):
// CompiledCache and planStatement with a dialect alone.
import { describe, expect, it } from "vitest";
import { ArgumentError, bindparam, Integer, select, text } from "../../src/index.js";
import { CompiledCache, planStatement } from "../../src/engine/index.js";
import { PostgreSQLDialect } from "../../src/postgresql.js";
import { SqliteDialect } from "../../src/sqlite.js";
import { users } from "./compile-fixtures.js";

const byName = (name: string) => select(users.c.id).where(users.c.name.eq(name));

describe("CompiledCache", () => {
  it("compiles a structure once: other values hit the cache, another structure compiles", () => {
    const cache = new CompiledCache(new PostgreSQLDialect(), 10);
    const first = cache.compile(byName("Ann").toStatementNode());
    expect(first.compiled.sql).toBe('SELECT "users"."id" FROM "users" WHERE "users"."name" = $1::VARCHAR');
    expect(first.note).toMatch(/^generated in /);
    const again = cache.compile(byName("Bo").toStatementNode());
    expect(again.compiled).toBe(first.compiled);
    expect(again.note).toMatch(/^cached since /);
    expect(again.binds.map((b) => b.value)).toEqual(["Bo"]);
    const other = cache.compile(select(users.c.name).toStatementNode());
    expect(other.key).not.toBe(first.key);
    expect(cache.size).toBe(2);
  });

  it("names compiled DML for preparing, not text(); flags what may change the schema", () => {
    const cache = new CompiledCache(new SqliteDialect(), 10);
    expect(cache.compile(byName("Ann").toStatementNode()).prepareName).toMatch(/^athanor_\d+$/);
    const ddl = cache.compile(text("create table t (x int)").toStatementNode());
    expect(ddl.prepareName).toBeUndefined();
    expect(ddl.schemaChange).toBe(true);
    expect(cache.compile(text("select 1").toStatementNode()).schemaChange).toBe(false);
  });

  it("forget() drops one statement, clear() all; size 0 caches nothing", () => {
    const cache = new CompiledCache(new SqliteDialect(), 10);
    const { key, prepareName } = cache.compile(byName("Ann").toStatementNode());
    cache.compile(select(users.c.name).toStatementNode());
    cache.forget(key);
    expect(cache.size).toBe(1);
    const recompiled = cache.compile(byName("Ann").toStatementNode());
    expect(recompiled.note).toMatch(/^generated in /);
    expect(recompiled.prepareName).not.toBe(prepareName);
    cache.clear();
    expect(cache.size).toBe(0);
    const none = new CompiledCache(new SqliteDialect(), 0);
    none.compile(byName("Ann").toStatementNode());
    expect(none.size).toBe(0);
  });
});

describe("planStatement", () => {
  const dialect = new PostgreSQLDialect();

  it("compiles and binds with a dialect and a cache, no connection", () => {
    const plan = planStatement(byName("Ann"), [undefined], dialect, new CompiledCache(dialect, 10));
    expect(plan.runs).toHaveLength(1);
    expect(plan.runs[0]!.compiled.sql).toBe('SELECT "users"."id" FROM "users" WHERE "users"."name" = $1::VARCHAR');
    expect(plan.runs[0]!.bound).toEqual([["Ann"]]);
    expect(plan.columns?.map((c) => c.key)).toEqual(["id"]);
    expect(plan.finish).toBeUndefined();
  });

  it("binds every parameter set of an executemany through the types' codecs", () => {
    const stmt = select(users.c.id).where(users.c.age.gt(bindparam("age", Integer())));
    const plan = planStatement(stmt, [{ age: 1 }, { age: 2 }], dialect, new CompiledCache(dialect, 10));
    expect(plan.runs[0]!.bound).toEqual([[1], [2]]);
  });

  it("fails before anything runs: a missing value, a plain string, too many parameters", () => {
    const cache = new CompiledCache(dialect, 10);
    expect(() => planStatement(text("select :a"), [{}], dialect, cache)).toThrow(
      /A value is required for bind parameter 'a'/,
    );
    expect(() => planStatement("select 1" as never, [undefined], dialect, cache)).toThrow(ArgumentError);
    const many = select(users.c.id).where(users.c.id.in(Array.from({ length: 70000 }, (_, i) => i)));
    expect(() => planStatement(many, [undefined], dialect, cache)).toThrow(/takes at most 65535/);
  });
});
