// Golden SQL and parameters for PostgreSQL: every construct of test/unit/compile-fixtures.ts, compiled by the
// PostgreSQL dialect's compiler, and the NotSupportedError of each construct it refuses.
import { describe, expect, expectTypeOf, it } from "vitest";
import { statementShape, type StatementNode } from "../../src/ast/index.js";
import {
  ArgumentError,
  compile,
  literal,
  literalColumn,
  NamedParameter,
  NotSupportedError,
  select,
  type SqlExpression,
} from "../../src/index.js";
import {
  insert,
  jsonb,
  type JsonbExpression,
  PostgreSQLCompiler,
  PostgreSQLDialect,
  PostgreSQLInsert,
} from "../../src/postgresql.js";
import { type CaseName, cases, posts, users } from "./compile-fixtures.js";

const dialect = new PostgreSQLDialect();

type Expected = readonly [sql: string, params: readonly unknown[]] | { readonly refused: string };
const named = (name: string): NamedParameter => new NamedParameter(name);
const refused = (message: string): Expected => ({ refused: message });

/** Every case's SQL and parameters (a `Record` over the case names: a new case fails to type-check until added). */
const expected: Record<CaseName, Expected> = {
  selectWhere: [
    'SELECT "users"."id", "users"."name" FROM "users" WHERE ("users"."name" = $1::VARCHAR) AND ("users"."age" > $2::INTEGER)',
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
    'SELECT "users"."name", count("posts"."id") AS "n" FROM "users" JOIN "posts" ON "posts"."user_id" = "users"."id" GROUP BY "users"."name" HAVING count("posts"."id") > $1::INTEGER',
    [2],
  ],
  orderBy: ['SELECT "users"."id" FROM "users" ORDER BY "users"."name" ASC, "users"."age" DESC, "users"."id"', []],
  nullsFirstLast: [
    'SELECT "users"."id" FROM "users" ORDER BY "users"."email" ASC NULLS FIRST, "users"."age" DESC NULLS LAST',
    [],
  ],
  limitOffset: [
    'SELECT "users"."id" FROM "users" ORDER BY "users"."id" LIMIT $1::INTEGER OFFSET $2::INTEGER',
    [10, 20],
  ],
  offsetOnly: ['SELECT "users"."id" FROM "users" ORDER BY "users"."id" OFFSET $1::INTEGER', [5]],
  distinct: ['SELECT DISTINCT "users"."name" FROM "users"', []],
  distinctOn: [
    'SELECT DISTINCT ON ("users"."name") "users"."id", "users"."name" FROM "users" ORDER BY "users"."name", "users"."id"',
    [],
  ],
  forUpdate: ['SELECT "users"."id" FROM "users" WHERE "users"."id" = $1::INTEGER FOR UPDATE', [1]],
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
    'SELECT "users"."name" FROM "users" WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE ("posts"."user_id" = "users"."id") AND ("posts"."score" > $1::INTEGER))',
    [5],
  ],
  notExists: [
    'SELECT "users"."name" FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
    [],
  ],
  inSubquery: [
    'SELECT "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" FROM "posts" WHERE "posts"."score" >= $1::INTEGER)',
    [3],
  ],
  derivedTable: [
    'SELECT "users"."name", "counts"."n" FROM "users" JOIN (SELECT "posts"."user_id", count(*) AS "n" FROM "posts" GROUP BY "posts"."user_id") AS "counts" ON "counts"."user_id" = "users"."id" WHERE "counts"."n" > $1::INTEGER',
    [1],
  ],
  cte: [
    'WITH "rich" AS (SELECT "employees"."id", "employees"."name" FROM "employees" WHERE "employees"."salary" > $1::NUMERIC) SELECT "rich"."name" FROM "rich" ORDER BY "rich"."name"',
    ["1000.00"],
  ],
  recursiveCte: [
    'WITH RECURSIVE "chart"("id", "name", "depth") AS (SELECT "employees"."id", "employees"."name", $1::INTEGER AS "depth" FROM "employees" WHERE "employees"."manager_id" IS NULL UNION ALL SELECT "employees"."id", "employees"."name", "chart"."depth" + $2::INTEGER AS "anon" FROM "employees" JOIN "chart" ON "employees"."manager_id" = "chart"."id") SELECT "chart"."name", "chart"."depth" FROM "chart" ORDER BY "chart"."depth"',
    [1, 1],
  ],
  union: [
    'SELECT "users"."name" FROM "users" WHERE "users"."age" < $1::INTEGER UNION SELECT "users"."name" FROM "users" WHERE "users"."age" > $2::INTEGER',
    [18, 65],
  ],
  unionAllOrdered: [
    'SELECT "users"."id" FROM "users" UNION ALL SELECT "posts"."user_id" AS "id" FROM "posts" ORDER BY "id" LIMIT $1::INTEGER',
    [5],
  ],
  unionMemberLimit: [
    'SELECT "users"."id" FROM "users" UNION (SELECT "posts"."user_id" AS "id" FROM "posts" ORDER BY "posts"."user_id" LIMIT $1::INTEGER)',
    [1],
  ],
  intersect: ['SELECT "users"."id" FROM "users" INTERSECT SELECT "posts"."user_id" AS "id" FROM "posts"', []],
  except: ['SELECT "users"."id" FROM "users" EXCEPT SELECT "posts"."user_id" AS "id" FROM "posts"', []],
  window: [
    'SELECT "employees"."name", row_number() OVER (PARTITION BY "employees"."dept" ORDER BY "employees"."salary" DESC) AS "rn", sum("employees"."salary") OVER (PARTITION BY "employees"."dept") AS "total", lag("employees"."name") OVER (ORDER BY "employees"."id") AS "prev", avg("employees"."salary") OVER (ORDER BY "employees"."id" ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS "moving" FROM "employees"',
    [],
  ],
  lateral: [
    'SELECT "users"."name", "top"."title" FROM "users" JOIN LATERAL (SELECT "posts"."title" FROM "posts" WHERE "posts"."user_id" = "users"."id" ORDER BY "posts"."score" DESC LIMIT $1::INTEGER) AS "top" ON $2::BOOLEAN',
    [1, true],
  ],
  caseExpr: [
    'SELECT CASE WHEN "users"."age" < $1::INTEGER THEN $2 WHEN "users"."age" < $3::INTEGER THEN $4 ELSE $5 END AS "band" FROM "users"',
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
    'SELECT coalesce("users"."email", $1) AS "email", lower("users"."name") AS "lo", upper("users"."name") AS "up", length("users"."name") AS "len", abs("users"."age") AS "abs" FROM "users"',
    ["none"],
  ],
  now: ['SELECT CURRENT_TIMESTAMP(3) AS "ts"', []],
  arbitraryFunction: [
    'SELECT replace("users"."name", $1, $2) AS "r", nullif("users"."age", $3) AS "nullif" FROM "users"',
    ["a", "b", 0],
  ],
  aggregateFilter: [
    'SELECT count(*) FILTER (WHERE "users"."age" > $1::INTEGER) AS "adults", sum("users"."age") FILTER (WHERE "users"."name" <> $2::VARCHAR) AS "sum" FROM "users"',
    [18, "x"],
  ],
  andOrNot: [
    'SELECT "users"."id" FROM "users" WHERE (("users"."age" >= $1::INTEGER) AND ("users"."age" <= $2::INTEGER)) OR (NOT ("users"."name" LIKE $3::VARCHAR)) OR ("users"."email" IS NULL)',
    [18, 65, "A%"],
  ],
  comparisons: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."id" = $1::INTEGER) AND ("users"."id" <> $2::INTEGER) AND ("users"."id" < $3::INTEGER) AND ("users"."id" <= $4::INTEGER) AND ("users"."id" > $5::INTEGER) AND ("users"."id" >= $6::INTEGER)',
    [1, 2, 3, 4, 5, 6],
  ],
  nullComparisons: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."email" IS NULL) AND ("users"."age" IS NOT NULL) AND ("users"."age" IS NOT NULL)',
    [],
  ],
  inLists: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."id" IN ($1::INTEGER, $2::INTEGER, $3::INTEGER)) AND ("users"."name" NOT IN ($4::VARCHAR)) AND (1 = 0) AND (1 = 1)',
    [1, 2, 3, "a"],
  ],
  between: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."age" BETWEEN $1::INTEGER AND $2::INTEGER) AND ("users"."id" NOT BETWEEN $3::INTEGER AND $4::INTEGER)',
    [18, 65, 1, 2],
  ],
  likes: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."name" LIKE $1::VARCHAR) AND ("users"."name" NOT LIKE $2::VARCHAR) AND ("users"."name" ILIKE $3::VARCHAR) AND ("users"."name" NOT ILIKE $4::VARCHAR) AND ("users"."name" LIKE $5::VARCHAR ESCAPE \'!\')',
    ["A%", "%z", "%ann%", "b%", "a!%%"],
  ],
  startsEndsContains: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."name" LIKE $1::VARCHAR ESCAPE \'/\') AND ("users"."name" LIKE $2::VARCHAR ESCAPE \'/\') AND ("users"."name" LIKE $3::VARCHAR ESCAPE \'/\')',
    ["50/%/_off%", "%a//b", "%x/_y%"],
  ],
  arithmetic: [
    'SELECT "users"."age" + $1::INTEGER AS "a", "users"."age" - $2::INTEGER AS "s", "users"."age" * $3::INTEGER AS "m", CAST("users"."age" AS DOUBLE PRECISION) / $4::INTEGER AS "d" FROM "users" WHERE (("users"."age" % $5::INTEGER) = $6::INTEGER) AND (-"users"."age" < $7::INTEGER)',
    [1, 2, 3, 4, 2, 0, 0],
  ],
  concat: [
    'SELECT (("users"."name" || $1::VARCHAR) || "users"."name") || $2::VARCHAR AS "display" FROM "users"',
    [" <", ">"],
  ],
  distinctFrom: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."email" IS DISTINCT FROM $1::VARCHAR) AND ("users"."age" IS NOT DISTINCT FROM $2::INTEGER)',
    ["a@b", null],
  ],
  label: ['SELECT "users"."name" AS "who", "users"."age" + $1::INTEGER AS "next age" FROM "users"', [1]],
  bindparam: ['SELECT "users"."id" FROM "users" WHERE "users"."id" = $1::INTEGER', [named("uid")]],
  bindparamGiven: ['SELECT "users"."id" FROM "users" WHERE "users"."id" = $1::INTEGER', [7]],
  literalValue: ['SELECT $1::INTEGER AS "answer", $2::VARCHAR AS "x"', [42, "x"]],
  literalColumn: ['SELECT 1 + 1 AS "two" WHERE 1 = 1', []],
  insertValues: [
    'INSERT INTO "users" ("id", "name", "email", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::VARCHAR, $4::INTEGER)',
    [1, "Ann", null, 0],
  ],
  insertMany: [
    'INSERT INTO "posts" ("id", "user_id", "title", "score") VALUES ($1::INTEGER, $2::INTEGER, $3::VARCHAR, $4::INTEGER), ($5::INTEGER, $6::INTEGER, $7::VARCHAR, $8::INTEGER)',
    [1, 1, "a", null, 2, 1, "b", 3],
  ],
  insertFromSelect: [
    'INSERT INTO "posts" ("id", "user_id", "title") SELECT "users"."id", "users"."id", "users"."name" FROM "users" WHERE "users"."age" > $1::INTEGER',
    [1],
  ],
  insertReturning: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER) RETURNING "id", "logins"',
    [1, "Ann", 0],
  ],
  insertExpression: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, upper($2), $3::INTEGER)',
    [1, "ann", 0],
  ],
  insertDefaults: ['INSERT INTO "posts" DEFAULT VALUES', []],
  insertFromParams: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER)',
    [5, "Eve", 0],
  ],
  update: [
    'UPDATE "users" SET "name" = $1::VARCHAR, "age" = "users"."age" + $2::INTEGER WHERE "users"."id" = $3::INTEGER',
    ["Bo", 1, 2],
  ],
  updateReturning: [
    'UPDATE "users" SET "name" = $1::VARCHAR WHERE "users"."id" = $2::INTEGER RETURNING "id", "name"',
    ["Bo", 2],
  ],
  updateCorrelated: [
    'UPDATE "users" SET "logins" = (SELECT count(*) AS "count" FROM "posts" WHERE "posts"."user_id" = "users"."id") WHERE EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
    [],
  ],
  delete: ['DELETE FROM "posts" WHERE "posts"."score" < $1::INTEGER', [0]],
  deleteReturning: ['DELETE FROM "posts" WHERE "posts"."id" = $1::INTEGER RETURNING "id"', [3]],
  deleteCorrelated: [
    'DELETE FROM "users" WHERE NOT EXISTS (SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")',
    [],
  ],
  jsonOperators: [
    'SELECT ("users"."data" -> $1::VARCHAR) ->> $2::VARCHAR AS "city", ("users"."data" -> $3::VARCHAR) -> CAST($4::INTEGER AS INTEGER) AS "anon" FROM "users" WHERE (CAST("users"."data" AS JSONB) @> $5::JSONB) AND (CAST("users"."data" AS JSONB) ? $6::VARCHAR) AND (CAST("users"."data" AS JSONB) <@ $7::JSONB)',
    ["address", "city", "tags", 0, { admin: true }, "email", [1, 2]],
  ],
  pgDoNothing: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER) ON CONFLICT DO NOTHING',
    [1, "Ann", 0],
  ],
  pgDoNothingTarget: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER) ON CONFLICT ("email") WHERE "email" IS NOT NULL DO NOTHING',
    [1, "Ann", 0],
  ],
  pgDoUpdate: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "logins" = "users"."logins" + excluded."logins" WHERE "users"."name" <> excluded."name" RETURNING "id"',
    [1, "Ann", 1],
  ],
  pgOnConstraint: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER) ON CONFLICT ON CONSTRAINT "users_pkey" DO UPDATE SET "name" = excluded."name", "age" = $4::INTEGER',
    [1, "Ann", 0, null],
  ],
  sqliteDoUpdate: [
    'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "age" = $4::INTEGER',
    [1, "Ann", 0, 30],
  ],
  sqliteDoNothingFromSelect: [
    'INSERT INTO "posts" ("id", "user_id", "title") SELECT "users"."id", "users"."id", "users"."name" FROM "users" ON CONFLICT ("id") DO NOTHING',
    [],
  ],
  mysqlOnDuplicateKey: refused("postgresql has no ON DUPLICATE KEY UPDATE"),
  hostileValues: [
    'SELECT "users"."id" FROM "users" WHERE ("users"."name" = $1::VARCHAR) AND ("users"."email" LIKE $2::VARCHAR) AND ("users"."name" LIKE $3::VARCHAR ESCAPE \'/\') AND ("users"."name" LIKE $4::VARCHAR ESCAPE \'/\')',
    ["'; DROP TABLE users; --", "%'; DROP TABLE users; --%", "it's 100/%/_\\%", '%"quoted" `ticked`%'],
  ],
  hostileInsert: [
    'INSERT INTO "users" ("id", "name", "email", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::VARCHAR, $4::INTEGER)',
    [1, "'; DROP TABLE users; --", "a\\'b", 0],
  ],
  hostileIdentifiers: [
    'SELECT "order"."select", "order"."my ""quoted"" col" AS "la""bel`", "order"."back`tick", "order"."with space", "o""rd`er"."id" FROM "order" JOIN "order" AS "o""rd`er" ON "o""rd`er"."id" = "order"."id" WHERE "order"."select" = $1::VARCHAR ORDER BY "order"."with space"',
    ["x"],
  ],
  hostileFunctionName: [
    'SELECT "x(); drop table users; --"("users"."id") AS "x(); drop table users; --" FROM "users"',
    [],
  ],
  hostileUpdate: [
    'UPDATE "order" SET "my ""quoted"" col" = $1::VARCHAR, "back`tick" = $2::VARCHAR WHERE "order"."select" = $3::VARCHAR',
    ["'; DROP TABLE users; --", "`", "'"],
  ],
};

describe("PostgreSQL compiler: golden SQL and parameters", () => {
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

describe("PostgreSQL insert(): ON CONFLICT builder", () => {
  const u = users.c;

  it("is wired: the dialect compiles with its own compiler", () => {
    expect(dialect.createCompiler(new Map())).toBeInstanceOf(PostgreSQLCompiler);
  });

  it("keeps its type and upsert through values(), returning() and fromSelect(), immutably", () => {
    const base = insert(users).values({ id: 1, name: "Ann" });
    const upsert = base.onConflictDoNothing({ target: [u.id] });
    expect(base.state.upsert).toBeUndefined();
    const later = upsert.values({ id: 2, name: "Bo" }).returning(u.id);
    expect(later).toBeInstanceOf(PostgreSQLInsert);
    expect(compile(later, dialect).sql).toBe(
      'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER) ON CONFLICT ("id") DO NOTHING RETURNING "id"',
    );
    expectTypeOf(later.excluded.name).toEqualTypeOf<SqlExpression<string>>();
    expectTypeOf(later.excluded.email).toEqualTypeOf<SqlExpression<string | null>>();
  });

  it("takes its rows from the execution parameters, like Core's insert()", () => {
    const stmt = insert(users).onConflictDoUpdate({ target: "id", set: (row) => ({ name: row.name }) });
    expect(compile(stmt, dialect, { id: 3, name: "Cy" })).toEqual({
      sql: 'INSERT INTO "users" ("id", "name", "logins") VALUES ($1::INTEGER, $2::VARCHAR, $3::INTEGER) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name"',
      params: [3, "Cy", 0],
    });
  });

  it("refuses what PostgreSQL would refuse, and unknown columns, with an ArgumentError", () => {
    const stmt = insert(users).values({ id: 1, name: "Ann" });
    expect(() => stmt.onConflictDoUpdate({ set: { name: "x" } })).toThrow(/needs a target/);
    expect(() => stmt.onConflictDoNothing({ target: [u.id], constraint: "users_pkey" })).toThrow(ArgumentError);
    expect(() => stmt.onConflictDoNothing({ targetWhere: u.age.gt(1) })).toThrow(/targetWhere needs target/);
    expect(() => stmt.onConflictDoUpdate({ target: [u.id], set: {} })).toThrow(/no columns to set/);
    expect(() => stmt.onConflictDoUpdate({ target: [u.id], set: { nope: 1 } as never })).toThrow(
      /has no column 'nope'/,
    );
    expect(() => stmt.onConflictDoNothing({ target: [posts.c.id] })).toThrow(/columns of 'users'/);
  });

  it("gives each upsert structure its own cache key, and equal structures one key", () => {
    const key = (s: { toStatementNode(): StatementNode }) => statementShape(s.toStatementNode()).key;
    const make = (name: string) =>
      insert(users)
        .values({ id: 1, name })
        .onConflictDoUpdate({ target: [u.id], set: { name: "x" } });
    expect(key(make("a"))).toBe(key(make("b")));
    const variants = [
      make("a"),
      insert(users)
        .values({ id: 1, name: "a" })
        .onConflictDoNothing({ target: [u.id] }),
      insert(users).values({ id: 1, name: "a" }).onConflictDoNothing({ constraint: "users_pkey" }),
      insert(users)
        .values({ id: 1, name: "a" })
        .onConflictDoUpdate({ target: [u.id], set: { email: "x" } }),
      insert(users)
        .values({ id: 1, name: "a" })
        .onConflictDoUpdate({ target: [u.id], set: (row) => ({ email: row.email }) }),
    ];
    expect(new Set(variants.map(key)).size).toBe(variants.length);
  });
});

describe("literal() types and arithmetic on untyped expressions", () => {
  const pg = new PostgreSQLDialect();
  const u = users.c;
  it("infers a literal's type from its value, as SQLAlchemy does", () => {
    const stmt = select(
      literal(7).label("i"),
      literal(2 ** 40).label("f"),
      literal(1.5).label("g"),
      literal(10n).label("b"),
      literal("s").label("s"),
      literal(true).label("t"),
      literal(new Date(0)).label("d"),
      literal({ a: 1 }).label("o"),
    );
    expect(compile(stmt, pg).sql).toBe(
      'SELECT $1::INTEGER AS "i", $2::DOUBLE PRECISION AS "f", $3::DOUBLE PRECISION AS "g", $4::BIGINT AS "b", ' +
        '$5::VARCHAR AS "s", $6::BOOLEAN AS "t", $7::TIMESTAMPTZ AS "d", $8 AS "o"',
    );
    expect(stmt.resultColumns().map((c) => String(c.type))).toEqual([
      "Integer",
      "Float",
      "Float",
      "BigInteger",
      "String",
      "Boolean",
      "DateTime({ timezone: true })",
      "undefined",
    ]);
  });

  it("arithmetic on an untyped expression takes the other operand's type, never a boolean", () => {
    // An expression of unknown SQL type (as TypeScript sees it, a number), e.g. a function's result.
    const untyped = literalColumn("x") as unknown as SqlExpression<number>;
    expect(String(untyped.add(1).type)).toBe("undefined");
    expect(String(untyped.add(u.age).type)).toBe("Integer");
    expect(String(untyped.mul(2).type)).not.toBe("Boolean");
    expect(String(untyped.intDiv(2).type)).not.toBe("Boolean");
    expect(String(untyped.eq(1).type)).toBe("Boolean");
  });
});

describe("the statement cache key", () => {
  const key = (s: { toStatementNode(): StatementNode }) => statementShape(s.toStatementNode()).key;
  const u = users.c;

  it("is memoised per statement and never shared with a statement derived from it", () => {
    const base = select(u.id).union(select(posts.c.id));
    const first = key(base);
    expect(key(base)).toBe(first);
    const derived = [base.limit(5), base.offset(5), base.orderBy(u.id)];
    for (const d of derived) expect(key(d)).not.toBe(first);
    expect(new Set(derived.map(key)).size).toBe(derived.length);
    expect(key(base)).toBe(first);
    const one = select(u.id).where(u.id.eq(1));
    const k1 = key(one);
    expect(key(one.where(u.name.eq("a")))).not.toBe(k1);
    expect(key(select(u.id).where(u.id.eq(2)))).toBe(k1);
  });
});

describe("PostgreSQL jsonb() helpers", () => {
  it("type their results: JSON for ->, text for ->>, booleans for the tests", () => {
    const body = jsonb(users.c.data);
    expectTypeOf(body.get("a")).toEqualTypeOf<JsonbExpression<unknown>>();
    expectTypeOf(body.getText("a")).toEqualTypeOf<SqlExpression<string | null>>();
    expectTypeOf(body.contains({ a: 1 })).toEqualTypeOf<SqlExpression<boolean>>();
    expect(compile(select(body.getText("a").label("a")), dialect).sql).toBe(
      'SELECT "users"."data" ->> $1::VARCHAR AS "a" FROM "users"',
    );
  });

  it("bind a key given as an expression as is", () => {
    const stmt = select(users.c.id).where(jsonb(users.c.data).getText(users.c.name).eq("x"));
    expect(compile(stmt, dialect)).toEqual({
      sql: 'SELECT "users"."id" FROM "users" WHERE ("users"."data" ->> "users"."name") = $1::VARCHAR',
      params: ["x"],
    });
  });
});
