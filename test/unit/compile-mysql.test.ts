// Golden SQL and parameters for MySQL: every construct of test/unit/compile-fixtures.ts, compiled by the
// MySQL dialect's compiler, and the NotSupportedError of each construct it refuses.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ArgumentError,
  BigInteger,
  Boolean as SqlBoolean,
  cast,
  compile,
  customType,
  Date as SqlDate,
  DateTime,
  Enum,
  Float,
  func,
  Integer,
  Interval,
  JSON as SqlJSON,
  LargeBinary,
  NamedParameter,
  NotSupportedError,
  Numeric,
  select,
  type SqlType,
  String as SqlString,
  Text,
  Time,
  UUID,
  type SqlExpression,
} from "../../src/index.js";
import { insert, MySQLCompiler, MySQLDialect, MySQLInsert } from "../../src/mysql.js";
import { type CaseName, cases, users } from "./compile-fixtures.js";

const dialect = new MySQLDialect();

type Expected = readonly [sql: string, params: readonly unknown[]] | { readonly refused: string };
const named = (name: string): NamedParameter => new NamedParameter(name);
const refused = (message: string): Expected => ({ refused: message });

/** Every case's SQL and parameters (a `Record` over the case names: a new case fails to type-check until added). */
const expected: Record<CaseName, Expected> = {
  selectWhere: [
    "SELECT `users`.`id`, `users`.`name` FROM `users` WHERE (`users`.`name` = ?) AND (`users`.`age` > ?)",
    ["Ann", 18],
  ],
  joinInferred: [
    "SELECT `users`.`name`, `posts`.`title` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id`",
    [],
  ],
  joinExplicit: [
    "SELECT `users`.`name`, `posts`.`title` FROM `posts` JOIN `users` ON `posts`.`user_id` = `users`.`id`",
    [],
  ],
  outerJoin: [
    "SELECT `users`.`name`, `posts`.`title` FROM `users` LEFT OUTER JOIN `posts` ON `posts`.`user_id` = `users`.`id`",
    [],
  ],
  fullJoin: refused("mysql has no FULL OUTER JOIN"),
  groupByHaving: [
    "SELECT `users`.`name`, count(`posts`.`id`) AS `n` FROM `users` JOIN `posts` ON `posts`.`user_id` = `users`.`id` GROUP BY `users`.`name` HAVING count(`posts`.`id`) > ?",
    [2],
  ],
  orderBy: ["SELECT `users`.`id` FROM `users` ORDER BY `users`.`name` ASC, `users`.`age` DESC, `users`.`id`", []],
  nullsFirstLast: [
    "SELECT `users`.`id` FROM `users` ORDER BY `users`.`email` IS NULL DESC, `users`.`email` ASC, `users`.`age` IS NULL ASC, `users`.`age` DESC",
    [],
  ],
  limitOffset: ["SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT ? OFFSET ?", [10, 20]],
  offsetOnly: ["SELECT `users`.`id` FROM `users` ORDER BY `users`.`id` LIMIT 18446744073709551615 OFFSET ?", [5]],
  distinct: ["SELECT DISTINCT `users`.`name` FROM `users`", []],
  distinctOn: refused("mysql has no DISTINCT ON"),
  forUpdate: ["SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? FOR UPDATE", [1]],
  forShare: ["SELECT `users`.`id` FROM `users` LOCK IN SHARE MODE", []],
  forUpdateNowait: ["SELECT `users`.`id` FROM `users` FOR UPDATE NOWAIT", []],
  forUpdateSkipLocked: ["SELECT `users`.`id` FROM `users` FOR UPDATE SKIP LOCKED", []],
  forUpdateOf: refused("mysql / MariaDB has no FOR UPDATE OF"),
  forNoKeyUpdate: refused("mysql has no FOR NO KEY UPDATE"),
  forKeyShare: refused("mysql has no FOR KEY SHARE"),
  tableAlias: [
    "SELECT `employees`.`name`, `boss`.`name` AS `boss` FROM `employees` JOIN `employees` AS `boss` ON `employees`.`manager_id` = `boss`.`id`",
    [],
  ],
  scalarSubquery: [
    "SELECT `users`.`name`, (SELECT count(*) AS `count` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`) AS `posts` FROM `users`",
    [],
  ],
  existsSubquery: [
    "SELECT `users`.`name` FROM `users` WHERE EXISTS (SELECT `posts`.`id` FROM `posts` WHERE (`posts`.`user_id` = `users`.`id`) AND (`posts`.`score` > ?))",
    [5],
  ],
  notExists: [
    "SELECT `users`.`name` FROM `users` WHERE NOT EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)",
    [],
  ],
  inSubquery: [
    "SELECT `users`.`name` FROM `users` WHERE `users`.`id` IN (SELECT `posts`.`user_id` FROM `posts` WHERE `posts`.`score` >= ?)",
    [3],
  ],
  derivedTable: [
    "SELECT `users`.`name`, `counts`.`n` FROM `users` JOIN (SELECT `posts`.`user_id`, count(*) AS `n` FROM `posts` GROUP BY `posts`.`user_id`) AS `counts` ON `counts`.`user_id` = `users`.`id` WHERE `counts`.`n` > ?",
    [1],
  ],
  cte: [
    "WITH `rich` AS (SELECT `employees`.`id`, `employees`.`name` FROM `employees` WHERE `employees`.`salary` > ?) SELECT `rich`.`name` FROM `rich` ORDER BY `rich`.`name`",
    ["1000.00"],
  ],
  recursiveCte: [
    "WITH RECURSIVE `chart`(`id`, `name`, `depth`) AS (SELECT `employees`.`id`, `employees`.`name`, ? AS `depth` FROM `employees` WHERE `employees`.`manager_id` IS NULL UNION ALL SELECT `employees`.`id`, `employees`.`name`, `chart`.`depth` + ? AS `anon` FROM `employees` JOIN `chart` ON `employees`.`manager_id` = `chart`.`id`) SELECT `chart`.`name`, `chart`.`depth` FROM `chart` ORDER BY `chart`.`depth`",
    [1, 1],
  ],
  union: [
    "SELECT `users`.`name` FROM `users` WHERE `users`.`age` < ? UNION SELECT `users`.`name` FROM `users` WHERE `users`.`age` > ?",
    [18, 65],
  ],
  unionAllOrdered: [
    "SELECT `users`.`id` FROM `users` UNION ALL SELECT `posts`.`user_id` AS `id` FROM `posts` ORDER BY `id` LIMIT ?",
    [5],
  ],
  unionMemberLimit: [
    "SELECT `users`.`id` FROM `users` UNION (SELECT `posts`.`user_id` AS `id` FROM `posts` ORDER BY `posts`.`user_id` LIMIT ?)",
    [1],
  ],
  intersect: ["SELECT `users`.`id` FROM `users` INTERSECT SELECT `posts`.`user_id` AS `id` FROM `posts`", []],
  except: ["SELECT `users`.`id` FROM `users` EXCEPT SELECT `posts`.`user_id` AS `id` FROM `posts`", []],
  window: [
    "SELECT `employees`.`name`, row_number() OVER (PARTITION BY `employees`.`dept` ORDER BY `employees`.`salary` DESC) AS `rn`, sum(`employees`.`salary`) OVER (PARTITION BY `employees`.`dept`) AS `total`, lag(`employees`.`name`) OVER (ORDER BY `employees`.`id`) AS `prev`, avg(`employees`.`salary`) OVER (ORDER BY `employees`.`id` ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS `moving` FROM `employees`",
    [],
  ],
  lateral: refused("mysql / MariaDB has no LATERAL derived tables"),
  caseExpr: [
    "SELECT CASE WHEN `users`.`age` < ? THEN ? WHEN `users`.`age` < ? THEN ? ELSE ? END AS `band` FROM `users`",
    [18, "minor", 65, "adult", "senior"],
  ],
  casts: [
    "SELECT CAST(`users`.`age` AS CHAR) AS `s`, CAST(`users`.`name` AS SIGNED) AS `i`, CAST(`users`.`age` AS DECIMAL(8, 2)) AS `n`, CAST(`users`.`name` AS DATETIME(3)) AS `dt`, CAST(`users`.`name` AS DATE) AS `d` FROM `users`",
    [],
  ],
  aggregates: [
    "SELECT count(*) AS `count`, count(DISTINCT `users`.`name`) AS `count_2`, sum(`users`.`age`) AS `sum`, avg(`users`.`age`) AS `avg`, min(`users`.`age`) AS `min`, max(`users`.`age`) AS `max` FROM `users`",
    [],
  ],
  scalarFunctions: [
    "SELECT coalesce(`users`.`email`, ?) AS `email`, lower(`users`.`name`) AS `lo`, upper(`users`.`name`) AS `up`, CHAR_LENGTH(`users`.`name`) AS `len`, abs(`users`.`age`) AS `abs` FROM `users`",
    ["none"],
  ],
  now: ["SELECT CURRENT_TIMESTAMP(3) AS `ts`", []],
  arbitraryFunction: [
    "SELECT replace(`users`.`name`, ?, ?) AS `r`, nullif(`users`.`age`, ?) AS `nullif` FROM `users`",
    ["a", "b", 0],
  ],
  aggregateFilter: [
    "SELECT count(CASE WHEN `users`.`age` > ? THEN 1 END) AS `adults`, sum(CASE WHEN `users`.`name` <> ? THEN `users`.`age` END) AS `sum` FROM `users`",
    [18, "x"],
  ],
  andOrNot: [
    "SELECT `users`.`id` FROM `users` WHERE ((`users`.`age` >= ?) AND (`users`.`age` <= ?)) OR (NOT (`users`.`name` LIKE ?)) OR (`users`.`email` IS NULL)",
    [18, 65, "A%"],
  ],
  comparisons: [
    "SELECT `users`.`id` FROM `users` WHERE (`users`.`id` = ?) AND (`users`.`id` <> ?) AND (`users`.`id` < ?) AND (`users`.`id` <= ?) AND (`users`.`id` > ?) AND (`users`.`id` >= ?)",
    [1, 2, 3, 4, 5, 6],
  ],
  nullComparisons: [
    "SELECT `users`.`id` FROM `users` WHERE (`users`.`email` IS NULL) AND (`users`.`age` IS NOT NULL) AND (`users`.`age` IS NOT NULL)",
    [],
  ],
  inLists: [
    "SELECT `users`.`id` FROM `users` WHERE (`users`.`id` IN (?, ?, ?)) AND (`users`.`name` NOT IN (?)) AND (1 = 0) AND (1 = 1)",
    [1, 2, 3, "a"],
  ],
  between: [
    "SELECT `users`.`id` FROM `users` WHERE (`users`.`age` BETWEEN ? AND ?) AND (`users`.`id` NOT BETWEEN ? AND ?)",
    [18, 65, 1, 2],
  ],
  likes: [
    "SELECT `users`.`id` FROM `users` WHERE (`users`.`name` LIKE ?) AND (`users`.`name` NOT LIKE ?) AND (lower(`users`.`name`) LIKE lower(?)) AND (lower(`users`.`name`) NOT LIKE lower(?)) AND (`users`.`name` LIKE ? ESCAPE '!')",
    ["A%", "%z", "%ann%", "b%", "a!%%"],
  ],
  startsEndsContains: [
    "SELECT `users`.`id` FROM `users` WHERE (`users`.`name` LIKE ? ESCAPE '/') AND (`users`.`name` LIKE ? ESCAPE '/') AND (`users`.`name` LIKE ? ESCAPE '/')",
    ["50/%/_off%", "%a//b", "%x/_y%"],
  ],
  arithmetic: [
    "SELECT `users`.`age` + ? AS `a`, `users`.`age` - ? AS `s`, `users`.`age` * ? AS `m`, CAST(`users`.`age` AS DOUBLE) / ? AS `d` FROM `users` WHERE ((`users`.`age` % ?) = ?) AND (-`users`.`age` < ?)",
    [1, 2, 3, 4, 2, 0, 0],
  ],
  concat: ["SELECT concat(`users`.`name`, ?, `users`.`name`, ?) AS `display` FROM `users`", [" <", ">"]],
  distinctFrom: [
    "SELECT `users`.`id` FROM `users` WHERE (NOT (`users`.`email` <=> ?)) AND (`users`.`age` <=> ?)",
    ["a@b", null],
  ],
  label: ["SELECT `users`.`name` AS `who`, `users`.`age` + ? AS `next age` FROM `users`", [1]],
  bindparam: ["SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ?", [named("uid")]],
  bindparamGiven: ["SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ?", [7]],
  literalValue: ["SELECT ? AS `answer`, ? AS `x`", [42, "x"]],
  literalColumn: ["SELECT 1 + 1 AS `two` WHERE 1 = 1", []],
  insertValues: ["INSERT INTO `users` (`id`, `name`, `email`, `logins`) VALUES (?, ?, ?, ?)", [1, "Ann", null, 0]],
  insertMany: [
    "INSERT INTO `posts` (`id`, `user_id`, `title`, `score`) VALUES (?, ?, ?, ?), (?, ?, ?, ?)",
    [1, 1, "a", null, 2, 1, "b", 3],
  ],
  insertFromSelect: [
    "INSERT INTO `posts` (`id`, `user_id`, `title`) SELECT `users`.`id`, `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`age` > ?",
    [1],
  ],
  insertReturning: [
    "INSERT INTO `users` (`id`, `name`, `logins`) VALUES (?, ?, ?) RETURNING `id`, `logins`",
    [1, "Ann", 0],
  ],
  insertExpression: ["INSERT INTO `users` (`id`, `name`, `logins`) VALUES (?, upper(?), ?)", [1, "ann", 0]],
  insertDefaults: ["INSERT INTO `posts` () VALUES ()", []],
  insertFromParams: ["INSERT INTO `users` (`id`, `name`, `logins`) VALUES (?, ?, ?)", [5, "Eve", 0]],
  update: ["UPDATE `users` SET `name` = ?, `age` = `users`.`age` + ? WHERE `users`.`id` = ?", ["Bo", 1, 2]],
  updateReturning: refused("mysql does not support RETURNING on UPDATE"),
  updateCorrelated: [
    "UPDATE `users` SET `logins` = (SELECT count(*) AS `count` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`) WHERE EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)",
    [],
  ],
  delete: ["DELETE FROM `posts` WHERE `posts`.`score` < ?", [0]],
  deleteReturning: ["DELETE FROM `posts` WHERE `posts`.`id` = ? RETURNING `id`", [3]],
  deleteCorrelated: [
    "DELETE FROM `users` WHERE NOT EXISTS (SELECT `posts`.`id` FROM `posts` WHERE `posts`.`user_id` = `users`.`id`)",
    [],
  ],
  jsonOperators: refused("mysql has no JSON operator ->>"),
  pgDoNothing: refused("mysql has no INSERT … ON CONFLICT"),
  pgDoNothingTarget: refused("mysql has no INSERT … ON CONFLICT"),
  pgDoUpdate: refused("mysql has no INSERT … ON CONFLICT"),
  pgOnConstraint: refused("mysql has no INSERT … ON CONFLICT"),
  sqliteDoUpdate: refused("mysql has no INSERT … ON CONFLICT"),
  sqliteDoNothingFromSelect: refused("mysql has no INSERT … ON CONFLICT"),
  mysqlOnDuplicateKey: [
    "INSERT INTO `users` (`id`, `name`, `logins`) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `logins` = `users`.`logins` + ?, `age` = ?",
    [1, "Ann", 0, 2, "Bo", 0, 1, 40],
  ],
  hostileValues: [
    "SELECT `users`.`id` FROM `users` WHERE (`users`.`name` = ?) AND (`users`.`email` LIKE ?) AND (`users`.`name` LIKE ? ESCAPE '/') AND (`users`.`name` LIKE ? ESCAPE '/')",
    ["'; DROP TABLE users; --", "%'; DROP TABLE users; --%", "it's 100/%/_\\%", '%"quoted" `ticked`%'],
  ],
  hostileInsert: [
    "INSERT INTO `users` (`id`, `name`, `email`, `logins`) VALUES (?, ?, ?, ?)",
    [1, "'; DROP TABLE users; --", "a\\'b", 0],
  ],
  hostileIdentifiers: [
    'SELECT `order`.`select`, `order`.`my "quoted" col` AS `la"bel```, `order`.`back``tick`, `order`.`with space`, `o"rd``er`.`id` FROM `order` JOIN `order` AS `o"rd``er` ON `o"rd``er`.`id` = `order`.`id` WHERE `order`.`select` = ? ORDER BY `order`.`with space`',
    ["x"],
  ],
  hostileFunctionName: [
    "SELECT `x(); drop table users; --`(`users`.`id`) AS `x(); drop table users; --` FROM `users`",
    [],
  ],
  hostileUpdate: [
    'UPDATE `order` SET `my "quoted" col` = ?, `back``tick` = ? WHERE `order`.`select` = ?',
    ["'; DROP TABLE users; --", "`", "'"],
  ],
};

describe("MySQL compiler: golden SQL and parameters", () => {
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

describe("MySQL insert(): ON DUPLICATE KEY UPDATE builder", () => {
  const u = users.c;

  it("is wired: the dialect compiles with its own compiler", () => {
    expect(dialect.createCompiler(new Map())).toBeInstanceOf(MySQLCompiler);
  });

  it("takes set as a function of the inserted row, keeps its type through returning(), immutably", () => {
    const base = insert(users).values({ id: 1, name: "Ann" });
    const stmt = base.onDuplicateKeyUpdate((row) => ({ name: row.name, email: row.email })).returning(u.id);
    expect(base.state.upsert).toBeUndefined();
    expect(stmt).toBeInstanceOf(MySQLInsert);
    expect(compile(stmt, dialect)).toEqual({
      sql: "INSERT INTO `users` (`id`, `name`, `logins`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `email` = VALUES(`email`) RETURNING `id`",
      params: [1, "Ann", 0],
    });
    expectTypeOf(stmt.inserted.logins).toEqualTypeOf<SqlExpression<number>>();
  });

  it("refuses an empty update and unknown columns", () => {
    const stmt = insert(users).values({ id: 1, name: "Ann" });
    expect(() => stmt.onDuplicateKeyUpdate({})).toThrow(ArgumentError);
    expect(() => stmt.onDuplicateKeyUpdate({ nope: 1 } as never)).toThrow(/has no column 'nope'/);
  });
});

describe("MySQL compiler details", () => {
  const u = users.c;
  const castOf = (type: SqlType) => compile(select(cast(u.age, type).label("c")), dialect).sql;

  it("casts to the target names MySQL accepts", () => {
    const targets: [SqlType, string][] = [
      [Integer(), "SIGNED"],
      [BigInteger(), "SIGNED"],
      [SqlBoolean(), "SIGNED"],
      [Numeric(), "DECIMAL(65, 30)"],
      [Numeric(12), "DECIMAL(12, 0)"],
      [Float(), "DOUBLE"],
      [SqlString(20), "CHAR"],
      [Text(), "CHAR"],
      [UUID(), "CHAR"],
      [Enum(["a", "b"]), "CHAR"],
      [SqlJSON(), "CHAR"],
      [DateTime({ timezone: true }), "DATETIME(3)"],
      [SqlDate(), "DATE"],
      [Time(), "TIME(6)"],
      [LargeBinary(), "BINARY"],
      [customType({ impl: BigInteger(), toDriver: (v: bigint) => v, fromDriver: (v) => v }), "SIGNED"],
    ];
    for (const [type, name] of targets) {
      expect(castOf(type), type.toString()).toBe(`SELECT CAST(\`users\`.\`age\` AS ${name}) AS \`c\` FROM \`users\``);
    }
    expect(() => castOf(Interval())).toThrow(NotSupportedError);
  });

  it("repeats a NULLS FIRST expression's parameters in text order", () => {
    const stmt = select(u.id).orderBy(func.coalesce(u.age, 5).asc().nullsFirst());
    expect(compile(stmt, dialect)).toEqual({
      sql: "SELECT `users`.`id` FROM `users` ORDER BY coalesce(`users`.`age`, ?) IS NULL DESC, coalesce(`users`.`age`, ?) ASC",
      params: [5, 5],
    });
  });

  it("emulates FILTER inside DISTINCT and multi-argument aggregates, repeating the condition per argument", () => {
    const stmt = select(func.countDistinct(u.name).filter(u.age.gt(1)), func.count().filter(u.age.lt(9)));
    expect(compile(stmt, dialect)).toEqual({
      sql: "SELECT count(DISTINCT CASE WHEN `users`.`age` > ? THEN `users`.`name` END) AS `count`, count(CASE WHEN `users`.`age` < ? THEN 1 END) AS `count_2` FROM `users`",
      params: [1, 9],
    });
  });

  it("states LATERAL and FULL JOIN as capabilities it lacks", () => {
    expect(dialect.capabilities.lateral).toBe(false);
    expect(dialect.capabilities.fullJoin).toBe(false);
  });
});
