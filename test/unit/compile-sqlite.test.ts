// Golden SQL and parameters for SQLite: every construct of test/unit/compile-fixtures.ts, compiled by the
// SQLite dialect's compiler, and the NotSupportedError of each construct it refuses.
import { describe, expect, it } from "vitest";
import { node } from "../../src/ast/index.js";
import {
  BigInteger,
  Boolean as SqlBoolean,
  cast,
  compile,
  customType,
  Date as SqlDate,
  DateTime,
  Enum,
  Float,
  Integer,
  JSON as SqlJSON,
  LargeBinary,
  NamedParameter,
  NotSupportedError,
  Numeric,
  select,
  type SqlType,
  String as SqlString,
  Time,
  UUID,
} from "../../src/index.js";
import { insert, SqliteCompiler, SqliteDialect, SqliteInsert } from "../../src/sqlite.js";
import { type CaseName, cases, posts, users } from "./compile-fixtures.js";

const dialect = new SqliteDialect();

type Expected = readonly [sql: string, params: readonly unknown[]] | { readonly refused: string };
const named = (name: string): NamedParameter => new NamedParameter(name);
const refused = (message: string): Expected => ({ refused: message });

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
  offsetOnly: ['SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT -1 OFFSET ?', [5]],
  distinct: ['SELECT DISTINCT "users"."name" FROM "users"', []],
  distinctOn: refused("sqlite has no DISTINCT ON"),
  forUpdate: ['SELECT "users"."id" FROM "users" WHERE "users"."id" = ?', [1]],
  forShare: ['SELECT "users"."id" FROM "users"', []],
  forUpdateNowait: ['SELECT "users"."id" FROM "users"', []],
  forUpdateSkipLocked: ['SELECT "users"."id" FROM "users"', []],
  forUpdateOf: ['SELECT "users"."id", "posts"."id" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id"', []],
  forNoKeyUpdate: ['SELECT "users"."id" FROM "users"', []],
  forKeyShare: ['SELECT "users"."id" FROM "users"', []],
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
    'SELECT "users"."id" FROM "users" UNION SELECT * FROM (SELECT "posts"."user_id" AS "id" FROM "posts" ORDER BY "posts"."user_id" LIMIT ?)',
    [1],
  ],
  intersect: ['SELECT "users"."id" FROM "users" INTERSECT SELECT "posts"."user_id" AS "id" FROM "posts"', []],
  except: ['SELECT "users"."id" FROM "users" EXCEPT SELECT "posts"."user_id" AS "id" FROM "posts"', []],
  window: [
    'SELECT "employees"."name", row_number() OVER (PARTITION BY "employees"."dept" ORDER BY "employees"."salary" DESC) AS "rn", sum("employees"."salary") OVER (PARTITION BY "employees"."dept") AS "total", lag("employees"."name") OVER (ORDER BY "employees"."id") AS "prev", avg("employees"."salary") OVER (ORDER BY "employees"."id" ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS "moving" FROM "employees"',
    [],
  ],
  lateral: refused("sqlite has no LATERAL derived tables"),
  caseExpr: [
    'SELECT CASE WHEN "users"."age" < ? THEN ? WHEN "users"."age" < ? THEN ? ELSE ? END AS "band" FROM "users"',
    [18, "minor", 65, "adult", "senior"],
  ],
  casts: [
    'SELECT CAST("users"."age" AS TEXT) AS "s", CAST("users"."name" AS INTEGER) AS "i", CAST("users"."age" AS NUMERIC) AS "n", CAST("users"."name" AS TEXT) AS "dt", CAST("users"."name" AS TEXT) AS "d" FROM "users"',
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
  now: ["SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS \"ts\"", []],
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
    'SELECT "users"."id" FROM "users" WHERE ("users"."name" LIKE ?) AND ("users"."name" NOT LIKE ?) AND (athanor_casefold("users"."name") LIKE athanor_casefold(?)) AND (athanor_casefold("users"."name") NOT LIKE athanor_casefold(?)) AND ("users"."name" LIKE ? ESCAPE \'!\')',
    ["A%", "%z", "%ann%", "b%", "a!%%"],
  ],
  startsEndsContains: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."name" LIKE ? ESCAPE \'/\') AND ("users"."name" LIKE ? ESCAPE \'/\') AND ("users"."name" LIKE ? ESCAPE \'/\')',
    ["50/%/_off%", "%a//b", "%x/_y%"],
  ],
  arithmetic: [
    'SELECT "users"."age" + ? AS "a", "users"."age" - ? AS "s", "users"."age" * ? AS "m", CAST("users"."age" AS REAL) / ? AS "d" FROM "users" WHERE (("users"."age" % ?) = ?) AND (-"users"."age" < ?)',
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
  jsonOperators: refused("sqlite has no JSON operator ->>"),
  pgDoNothing: ['INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [1, "Ann", 0]],
  pgDoNothingTarget: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT ("email") WHERE "email" IS NOT NULL DO NOTHING',
    [1, "Ann", 0],
  ],
  pgDoUpdate: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "logins" = "users"."logins" + excluded."logins" WHERE "users"."name" <> excluded."name" RETURNING "id"',
    [1, "Ann", 1],
  ],
  pgOnConstraint: refused("sqlite has no ON CONFLICT ON CONSTRAINT"),
  sqliteDoUpdate: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "age" = ?',
    [1, "Ann", 0, 30],
  ],
  sqliteDoNothingFromSelect: [
    'INSERT INTO "posts" ("id", "user_id", "title") SELECT "users"."id", "users"."id", "users"."name" FROM "users" WHERE true ON CONFLICT ("id") DO NOTHING',
    [],
  ],
  mysqlOnDuplicateKey: refused("sqlite has no ON DUPLICATE KEY UPDATE"),
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

describe("SQLite compiler: golden SQL and parameters", () => {
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

describe("SQLite insert(): ON CONFLICT builder", () => {
  const u = users.c;

  it("is wired: the dialect compiles with its own compiler", () => {
    expect(dialect.createCompiler(new Map())).toBeInstanceOf(SqliteCompiler);
  });

  it("updates on any conflict without a target, and keeps its type through returning()", () => {
    const stmt = insert(users).values({ id: 1, name: "Ann" });
    const upsert = stmt.onConflictDoUpdate({ set: { name: stmt.excluded.name } }).returning(u.id);
    expect(upsert).toBeInstanceOf(SqliteInsert);
    expect(compile(upsert, dialect)).toEqual({
      sql: 'INSERT INTO "users" ("id", "name", "logins") VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET "name" = excluded."name" RETURNING "id"',
      params: [1, "Ann", 0],
    });
  });

  it("keeps a SELECT that has a WHERE as it is before ON CONFLICT", () => {
    const stmt = insert(posts)
      .fromSelect(["id", "userId", "title"], select(u.id, u.id, u.name).where(u.age.gt(3)))
      .onConflictDoNothing();
    expect(compile(stmt, dialect).sql).toBe(
      'INSERT INTO "posts" ("id", "user_id", "title") SELECT "users"."id", "users"."id", "users"."name" FROM "users" WHERE "users"."age" > ? ON CONFLICT DO NOTHING',
    );
  });
});

describe("SQLite compiler details", () => {
  const u = users.c;
  const castOf = (type: SqlType) => compile(select(cast(u.age, type).label("c")), dialect).sql;

  it("casts to type affinities, so that text stays text", () => {
    const targets: [SqlType, string][] = [
      [Integer(), "INTEGER"],
      [BigInteger(), "INTEGER"],
      [SqlBoolean(), "INTEGER"],
      [Numeric(10, 2), "NUMERIC"],
      [Float(), "REAL"],
      [SqlString(20), "TEXT"],
      [UUID(), "TEXT"],
      [Enum(["a"]), "TEXT"],
      [SqlJSON(), "TEXT"],
      [DateTime(), "TEXT"],
      [SqlDate(), "TEXT"],
      [Time(), "TEXT"],
      [LargeBinary(), "BLOB"],
      [customType({ impl: SqlString(5), toDriver: (v: string) => v, fromDriver: (v) => v }), "TEXT"],
    ];
    for (const [type, name] of targets) {
      expect(castOf(type), type.toString()).toBe(`SELECT CAST("users"."age" AS ${name}) AS "c" FROM "users"`);
    }
  });

  it("wraps nested compounds in SELECT * FROM (…)", () => {
    const inner = select(u.id).union(select(u.logins.label("id")));
    const outer = node({
      kind: "compoundSelect",
      op: "EXCEPT",
      selects: [inner.toSelectNode(), select(posts.c.userId.label("id")).toSelectNode()],
      orderBy: [],
      limit: undefined,
      offset: undefined,
      ctes: [],
    });
    const stmt = { toStatementNode: () => outer, resultColumns: () => undefined };
    expect(compile(stmt, dialect).sql).toBe(
      'SELECT * FROM (SELECT "users"."id" FROM "users" UNION SELECT "users"."logins" AS "id" FROM "users") EXCEPT SELECT "posts"."user_id" AS "id" FROM "posts"',
    );
    expect(compile(stmt, "postgresql").sql).toBe(
      '(SELECT "users"."id" FROM "users" UNION SELECT "users"."logins" AS "id" FROM "users") EXCEPT SELECT "posts"."user_id" AS "id" FROM "posts"',
    );
  });

  it("states LATERAL as a capability it lacks, FULL JOIN as one it has", () => {
    expect(dialect.capabilities.lateral).toBe(false);
    expect(dialect.capabilities.fullJoin).toBe(true);
  });
});
