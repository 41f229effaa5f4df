// The display API (`compile(stmt, dialect)`, `stmt.compile()`, `String(stmt)`) and the generic dialect it
// uses without one: golden SQL for every construct of test/unit/compile-fixtures.ts (dialect-only constructs
// are written in their usual form, not refused), named parameters, targets, capabilities.
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  BigInteger,
  bindparam,
  Boolean as SqlBoolean,
  compile,
  createEngine,
  DateTime,
  deleteFrom,
  insert,
  Integer,
  literal,
  NamedParameter,
  NotSupportedError,
  select,
  text,
  update,
} from "../../src/index.js";
import { MySQLDialect } from "../../src/mysql.js";
import { PostgreSQLDialect } from "../../src/postgresql.js";
import { SqliteDialect } from "../../src/sqlite.js";
import { type CaseName, cases, posts, users } from "./compile-fixtures.js";

const dialect = undefined;

type Expected = readonly [sql: string, params: readonly unknown[]] | { readonly refused: string };
const named = (name: string): NamedParameter => new NamedParameter(name);

/** Every case's SQL and parameters (a `Record` over the case names: a new case fails to type-check until added). */
const expected: Record<CaseName, Expected> = {
  selectWhere: [
    'SELECT "users"."id", "users"."name" FROM "users" WHERE ("users"."name" = ?) AND ("users"."age" > ?)',
    ["Ann", 18],
  ],
  joinInferred: [
    'SELECT "users"."name", "posts"."title" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"',
    [],
  ],
  joinExplicit: [
    'SELECT "users"."name", "posts"."title" FROM "posts" JOIN "users" ON "posts"."user_id" = "users"."id"',
    [],
  ],
  outerJoin: [
    'SELECT "users"."name", "posts"."title" FROM "users" LEFT OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
    [],
  ],
  fullJoin: [
    'SELECT "users"."name", "posts"."title" FROM "users" FULL OUTER JOIN "posts" ON "posts"."user_id" = "users"."id"',
    [],
  ],
  groupByHaving: [
    'SELECT "users"."name", count("posts"."id") AS "n" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" GROUP BY "users"."name" HAVING count("posts"."id") > ?',
    [2],
  ],
  orderBy: ['SELECT "users"."id" FROM "users" ORDER BY "users"."name" ASC, "users"."age" DESC, "users"."id"', []],
  nullsFirstLast: [
    'SELECT "users"."id" FROM "users" ORDER BY "users"."email" ASC NULLS FIRST, "users"."age" DESC NULLS LAST',
    [],
  ],
  limitOffset: ['SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT ? OFFSET ?', [10, 20]],
  offsetOnly: ['SELECT "users"."id" FROM "users" ORDER BY "users"."id" OFFSET ?', [5]],
  distinct: ['SELECT DISTINCT "users"."name" FROM "users"', []],
  distinctOn: [
    'SELECT DISTINCT ON ("users"."name") "users"."id", "users"."name" FROM "users" ORDER BY "users"."name", "users"."id"',
    [],
  ],
  forUpdate: ['SELECT "users"."id" FROM "users" WHERE "users"."id" = ? FOR UPDATE', [1]],
  forShare: ['SELECT "users"."id" FROM "users" FOR SHARE', []],
  forUpdateNowait: ['SELECT "users"."id" FROM "users" FOR UPDATE NOWAIT', []],
  forUpdateSkipLocked: ['SELECT "users"."id" FROM "users" FOR UPDATE SKIP LOCKED', []],
  forUpdateOf: [
    'SELECT "users"."id", "posts"."id" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" FOR UPDATE OF "users"',
    [],
  ],
  forNoKeyUpdate: ['SELECT "users"."id" FROM "users" FOR NO KEY UPDATE', []],
  forKeyShare: ['SELECT "users"."id" FROM "users" FOR KEY SHARE', []],
  tableAlias: [
    'SELECT "employees"."name", "boss"."name" AS "boss" FROM "employees" JOIN "employees" AS "boss" ON "employees"."manager_id" = "boss"."id"',
    [],
  ],
  scalarSubquery: [
    'SELECT "users"."name", (SELECT count(*) AS "count" FROM "posts" WHERE "posts"."user_id" = "users"."id") AS "posts" FROM "users"',
    [],
  ],
  existsSubquery: [
    'SELECT "users"."name" FROM "users" WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE ("posts"."user_id" = "users"."id") AND ("posts"."score" > ?))',
    [5],
  ],
  notExists: [
    'SELECT "users"."name" FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
    [],
  ],
  inSubquery: [
    'SELECT "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" FROM "posts" WHERE "posts"."score" >= ?)',
    [3],
  ],
  derivedTable: [
    'SELECT "users"."name", "counts"."n" FROM "users" JOIN (SELECT "posts"."user_id", count(*) AS "n" FROM "posts" GROUP BY "posts"."user_id") AS "counts" ON "counts"."user_id" = "users"."id" WHERE "counts"."n" > ?',
    [1],
  ],
  cte: [
    'WITH "rich" AS (SELECT "employees"."id", "employees"."name" FROM "employees" WHERE "employees"."salary" > ?) SELECT "rich"."name" FROM "rich" ORDER BY "rich"."name"',
    ["1000.00"],
  ],
  recursiveCte: [
    'WITH RECURSIVE "chart"("id", "name", "depth") AS (SELECT "employees"."id", "employees"."name", ? AS "depth" FROM "employees" WHERE "employees"."manager_id" IS NULL UNION ALL SELECT "employees"."id", "employees"."name", "chart"."depth" + ? AS "anon" FROM "employees" JOIN "chart" ON "employees"."manager_id" = "chart"."id") SELECT "chart"."name", "chart"."depth" FROM "chart" ORDER BY "chart"."depth"',
    [1, 1],
  ],
  union: [
    'SELECT "users"."name" FROM "users" WHERE "users"."age" < ? UNION SELECT "users"."name" FROM "users" WHERE "users"."age" > ?',
    [18, 65],
  ],
  unionAllOrdered: [
    'SELECT "users"."id" FROM "users" UNION ALL SELECT "posts"."user_id" AS "id" FROM "posts" ORDER BY "id" LIMIT ?',
    [5],
  ],
  unionMemberLimit: [
    'SELECT "users"."id" FROM "users" UNION (SELECT "posts"."user_id" AS "id" FROM "posts" ORDER BY "posts"."user_id" LIMIT ?)',
    [1],
  ],
  intersect: ['SELECT "users"."id" FROM "users" INTERSECT SELECT "posts"."user_id" AS "id" FROM "posts"', []],
  except: ['SELECT "users"."id" FROM "users" EXCEPT SELECT "posts"."user_id" AS "id" FROM "posts"', []],
  window: [
    'SELECT "employees"."name", row_number() OVER (PARTITION BY "employees"."dept" ORDER BY "employees"."salary" DESC) AS "rn", sum("employees"."salary") OVER (PARTITION BY "employees"."dept") AS "total", lag("employees"."name") OVER (ORDER BY "employees"."id") AS "prev", avg("employees"."salary") OVER (ORDER BY "employees"."id" ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS "moving" FROM "employees"',
    [],
  ],
  lateral: [
    'SELECT "users"."name", "top"."title" FROM "users" JOIN LATERAL (SELECT "posts"."title" FROM "posts" WHERE "posts"."user_id" = "users"."id" ORDER BY "posts"."score" DESC LIMIT ?) AS "top" ON ?',
    [1, true],
  ],
  caseExpr: [
    'SELECT CASE WHEN "users"."age" < ? THEN ? WHEN "users"."age" < ? THEN ? ELSE ? END AS "band" FROM "users"',
    [18, "minor", 65, "adult", "senior"],
  ],
  casts: [
    'SELECT CAST("users"."age" AS VARCHAR(10)) AS "s", CAST("users"."name" AS INTEGER) AS "i", CAST("users"."age" AS NUMERIC(8, 2)) AS "n", CAST("users"."name" AS TIMESTAMP(3)) AS "dt", CAST("users"."name" AS DATE) AS "d" FROM "users"',
    [],
  ],
  aggregates: [
    'SELECT count(*) AS "count", count(DISTINCT "users"."name") AS "count_2", sum("users"."age") AS "sum", avg("users"."age") AS "avg", min("users"."age") AS "min", max("users"."age") AS "max" FROM "users"',
    [],
  ],
  scalarFunctions: [
    'SELECT coalesce("users"."email", ?) AS "email", lower("users"."name") AS "lo", upper("users"."name") AS "up", length("users"."name") AS "len", abs("users"."age") AS "abs" FROM "users"',
    ["none"],
  ],
  now: ['SELECT now() AS "ts"', []],
  arbitraryFunction: [
    'SELECT replace("users"."name", ?, ?) AS "r", nullif("users"."age", ?) AS "nullif" FROM "users"',
    ["a", "b", 0],
  ],
  aggregateFilter: [
    'SELECT count(*) FILTER (WHERE "users"."age" > ?) AS "adults", sum("users"."age") FILTER (WHERE "users"."name" <> ?) AS "sum" FROM "users"',
    [18, "x"],
  ],
  andOrNot: [
    'SELECT "users"."id" FROM "users" WHERE (("users"."age" >= ?) AND ("users"."age" <= ?)) OR (NOT ("users"."name" LIKE ?)) OR ("users"."email" IS NULL)',
    [18, 65, "A%"],
  ],
  comparisons: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."id" = ?) AND ("users"."id" <> ?) AND ("users"."id" < ?) AND ("users"."id" <= ?) AND ("users"."id" > ?) AND ("users"."id" >= ?)',
    [1, 2, 3, 4, 5, 6],
  ],
  nullComparisons: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."email" IS NULL) AND ("users"."age" IS NOT NULL) AND ("users"."age" IS NOT NULL)',
    [],
  ],
  inLists: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."id" IN (?, ?, ?)) AND ("users"."name" NOT IN (?)) AND (1 = 0) AND (1 = 1)',
    [1, 2, 3, "a"],
  ],
  between: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."age" BETWEEN ? AND ?) AND ("users"."id" NOT BETWEEN ? AND ?)',
    [18, 65, 1, 2],
  ],
  likes: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."name" LIKE ?) AND ("users"."name" NOT LIKE ?) AND (lower("users"."name") LIKE lower(?)) AND (lower("users"."name") NOT LIKE lower(?)) AND ("users"."name" LIKE ? ESCAPE \'!\')',
    ["A%", "%z", "%ann%", "b%", "a!%%"],
  ],
  startsEndsContains: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."name" LIKE ? ESCAPE \'/\') AND ("users"."name" LIKE ? ESCAPE \'/\') AND ("users"."name" LIKE ? ESCAPE \'/\')',
    ["50/%/_off%", "%a//b", "%x/_y%"],
  ],
  arithmetic: [
    'SELECT "users"."age" + ? AS "a", "users"."age" - ? AS "s", "users"."age" * ? AS "m", CAST("users"."age" AS DOUBLE PRECISION) / ? AS "d" FROM "users" WHERE (("users"."age" % ?) = ?) AND (-"users"."age" < ?)',
    [1, 2, 3, 4, 2, 0, 0],
  ],
  concat: ['SELECT (("users"."name" || ?) || "users"."name") || ? AS "display" FROM "users"', [" <", ">"]],
  distinctFrom: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."email" IS DISTINCT FROM ?) AND ("users"."age" IS NOT DISTINCT FROM ?)',
    ["a@b", null],
  ],
  label: ['SELECT "users"."name" AS "who", "users"."age" + ? AS "next age" FROM "users"', [1]],
  bindparam: ['SELECT "users"."id" FROM "users" WHERE "users"."id" = ?', [named("uid")]],
  bindparamGiven: ['SELECT "users"."id" FROM "users" WHERE "users"."id" = ?', [7]],
  literalValue: ['SELECT ? AS "answer", ? AS "x"', [42, "x"]],
  literalColumn: ['SELECT 1 + 1 AS "two" WHERE 1 = 1', []],
  insertValues: ['INSERT INTO "users" ("id", "name", "email", "logins") VALUES (?, ?, ?, ?)', [1, "Ann", null, 0]],
  insertMany: [
    'INSERT INTO "posts" ("id", "user_id", "title", "score") VALUES (?, ?, ?, ?), (?, ?, ?, ?)',
    [1, 1, "a", null, 2, 1, "b", 3],
  ],
  insertFromSelect: [
    'INSERT INTO "posts" ("id", "user_id", "title") SELECT "users"."id", "users"."id", "users"."name" FROM "users" WHERE "users"."age" > ?',
    [1],
  ],
  insertReturning: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) RETURNING "id", "logins"',
    [1, "Ann", 0],
  ],
  insertExpression: ['INSERT INTO "users" ("id", "name", "logins") VALUES (?, upper(?), ?)', [1, "ann", 0]],
  insertDefaults: ['INSERT INTO "posts" DEFAULT VALUES', []],
  insertFromParams: ['INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?)', [5, "Eve", 0]],
  update: ['UPDATE "users" SET "name" = ?, "age" = "users"."age" + ? WHERE "users"."id" = ?', ["Bo", 1, 2]],
  updateReturning: ['UPDATE "users" SET "name" = ? WHERE "users"."id" = ? RETURNING "id", "name"', ["Bo", 2]],
  updateCorrelated: [
    'UPDATE "users" SET "logins" = (SELECT count(*) AS "count" FROM "posts" WHERE "posts"."user_id" = "users"."id") WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
    [],
  ],
  delete: ['DELETE FROM "posts" WHERE "posts"."score" < ?', [0]],
  deleteReturning: ['DELETE FROM "posts" WHERE "posts"."id" = ? RETURNING "id"', [3]],
  deleteCorrelated: [
    'DELETE FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
    [],
  ],
  jsonOperators: [
    'SELECT ("users"."data" -> ?) ->> ? AS "city", ("users"."data" -> ?) -> CAST(? AS INTEGER) AS "anon" FROM "users" WHERE (CAST("users"."data" AS JSON) @> ?) AND (CAST("users"."data" AS JSON) ? ?) AND (CAST("users"."data" AS JSON) <@ ?)',
    ["address", "city", "tags", 0, { admin: true }, "email", [1, 2]],
  ],
  pgDoNothing: ['INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [1, "Ann", 0]],
  pgDoNothingTarget: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT ("email") WHERE "email" IS NOT NULL DO NOTHING',
    [1, "Ann", 0],
  ],
  pgDoUpdate: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "logins" = "users"."logins" + excluded."logins" WHERE "users"."name" <> excluded."name" RETURNING "id"',
    [1, "Ann", 1],
  ],
  pgOnConstraint: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT ON CONSTRAINT "users_pkey" DO UPDATE SET "name" = excluded."name", "age" = ?',
    [1, "Ann", 0, null],
  ],
  sqliteDoUpdate: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "age" = ?',
    [1, "Ann", 0, 30],
  ],
  sqliteDoNothingFromSelect: [
    'INSERT INTO "posts" ("id", "user_id", "title") SELECT "users"."id", "users"."id", "users"."name" FROM "users" ON CONFLICT ("id") DO NOTHING',
    [],
  ],
  mysqlOnDuplicateKey: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE "name" = VALUES("name"), "logins" = "users"."logins" + ?, "age" = ?',
    [1, "Ann", 0, 2, "Bo", 0, 1, 40],
  ],
  hostileValues: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."name" = ?) AND ("users"."email" LIKE ?) AND ("users"."name" LIKE ? ESCAPE \'/\') AND ("users"."name" LIKE ? ESCAPE \'/\')',
    ["'; DROP TABLE users; --", "%'; DROP TABLE users; --%", "it's 100/%/_\\%", '%"quoted" `ticked`%'],
  ],
  hostileInsert: [
    'INSERT INTO "users" ("id", "name", "email", "logins") VALUES (?, ?, ?, ?)',
    [1, "'; DROP TABLE users; --", "a\\'b", 0],
  ],
  hostileIdentifiers: [
    'SELECT "order"."select", "order"."my ""quoted"" col" AS "la""bel`", "order"."back`tick", "order"."with space", "o""rd`er"."id" FROM "order" JOIN "order" AS "o""rd`er" ON "o""rd`er"."id" = "order"."id" WHERE "order"."select" = ? ORDER BY "order"."with space"',
    ["x"],
  ],
  hostileFunctionName: [
    'SELECT "x(); drop table users; --"("users"."id") AS "x(); drop table users; --" FROM "users"',
    [],
  ],
  hostileUpdate: [
    'UPDATE "order" SET "my ""quoted"" col" = ?, "back`tick" = ? WHERE "order"."select" = ?',
    ["'; DROP TABLE users; --", "`", "'"],
  ],
};

describe("the generic display dialect: golden SQL and parameters", () => {
  it.each(Object.keys(cases) as CaseName[])("%s", (name) => {
    const c = cases[name];
    const want = expected[name];
    const run = () => compile(c.stmt(), dialect, "params" in c ? c.params : undefined);
    if ("refused" in want) {
      expect(run).toThrow(NotSupportedError);
      expect(run).toThrow(want.refused);
    } else {
      const { sql, params } = run();
      expect(sql).toBe(want[0]);
      expect(params).toEqual(want[1]);
    }
  });
});

describe("compile(), stmt.compile() and String(stmt)", () => {
  const u = users.c;
  const stmt = select(u.id).where(u.name.eq("Ann"));

  it("String(stmt) and stmt.toString() write the generic dialect", () => {
    const sql = 'SELECT "users"."id" FROM "users" WHERE "users"."name" = ?';
    expect(String(stmt)).toBe(sql);
    expect(`${stmt}`).toBe(sql);
    expect(String(insert(users).values({ id: 1, name: "Ann" }))).toBe(
      'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?)',
    );
    expect(String(update(users).values({ age: 3 }))).toBe('UPDATE "users" SET "age" = ?');
    expect(String(deleteFrom(users))).toBe('DELETE FROM "users"');
    expect(String(select(u.id).union(select(u.logins.label("id"))))).toBe(
      'SELECT "users"."id" FROM "users" UNION SELECT "users"."logins" AS "id" FROM "users"',
    );
  });

  it("takes a dialect, an engine, an engine's dialect or a dialect name", async () => {
    const engine = createEngine("sqlite://");
    try {
      const expected = { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = ?', params: ["Ann"] };
      expect(stmt.compile(engine)).toEqual(expected);
      expect(stmt.compile(engine.dialect)).toEqual(expected);
      expect(compile(stmt, engine.dialect)).toEqual(expected);
      expect(compile(stmt, "sqlite")).toEqual(expected);
      expect(stmt.compile(new PostgreSQLDialect()).sql).toBe(
        'SELECT "users"."id" FROM "users" WHERE "users"."name" = $1::VARCHAR',
      );
      expect(stmt.compile("mysql").sql).toBe("SELECT `users`.`id` FROM `users` WHERE `users`.`name` = ?");
    } finally {
      await engine.dispose();
    }
  });

  it("shows named parameters by name unless the call gives them", () => {
    const byId = select(u.id).where(u.id.eq(bindparam("uid", Integer())), u.name.eq("x"));
    const shown = compile(byId, "postgresql");
    expect(shown.params).toEqual([new NamedParameter("uid"), "x"]);
    expect(String(shown.params[0])).toBe(":uid");
    expect(JSON.stringify(shown.params)).toBe('[":uid","x"]');
    expect(compile(byId, "postgresql", { uid: 4 }).params).toEqual([4, "x"]);
    expect(compile(text("select :a, :b, :a"), "postgresql", { a: 1 })).toEqual({
      sql: "select $1, $2, $3",
      params: [1, new NamedParameter("b"), 1],
    });
  });

  it("shows values as given, before type codecs", () => {
    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    const shown = compile(select(literal(when, DateTime()).label("t"), literal(2n ** 62n, BigInteger()).label("b")));
    expect(shown.params).toEqual([when, 2n ** 62n]);
    expect(Object.isFrozen(shown) && Object.isFrozen(shown.params)).toBe(true);
  });

  it("refuses an unknown dialect and what is not a statement, with an ArgumentError", () => {
    expect(() => compile(stmt, "oracle" as "mysql")).toThrow(/Unknown dialect 'oracle'/);
    expect(() => compile(stmt, {} as never)).toThrow(ArgumentError);
    expect(() => compile(u.id as never)).toThrow(ArgumentError);
  });

  it("never throws from toString(): a statement that cannot compile reads as a note", () => {
    expect(String(update(users))).toBe("<Update: update(users) has no values to SET; call .values({...})>");
    expect(() => update(users).compile()).toThrow(ArgumentError);
  });

  it("agrees with the dialects' capabilities on LATERAL and FULL JOIN", () => {
    const lateral = select(u.name)
      .join(select(posts.c.title).where(posts.c.userId.eq(u.id)).lateral("t"), literal(true, SqlBoolean()))
      .toStatementNode();
    const full = select(u.name, posts.c.title).fullJoin(posts, posts.c.userId.eq(u.id));
    for (const d of [new PostgreSQLDialect(), new MySQLDialect(), new SqliteDialect()]) {
      const ok = (fn: () => unknown) => {
        try {
          fn();
          return true;
        } catch (error) {
          expect(error).toBeInstanceOf(NotSupportedError);
          return false;
        }
      };
      expect(
        ok(() => compile({ toStatementNode: () => lateral, resultColumns: () => undefined }, d)),
        d.name,
      ).toBe(d.capabilities.lateral);
      expect(
        ok(() => compile(full, d)),
        d.name,
      ).toBe(d.capabilities.fullJoin);
    }
  });
});
