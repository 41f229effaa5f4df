// The statements the golden compile tests (test/unit/compile-*.test.ts) check on every dialect: one per
// construct of the expression language and the dialect constructs, built on a small schema.
import {
  and,
  bindparam,
  case_,
  cast,
  column,
  DateTime,
  deleteFrom,
  desc,
  exists,
  type Executable,
  func,
  type FunctionCall,
  insert,
  Integer,
  JSON as SqlJSON,
  literal,
  literalColumn,
  MetaData,
  not,
  Numeric,
  or,
  type Params,
  select,
  type SqlExpression,
  Boolean as SqlBoolean,
  String as SqlString,
  Table,
  update,
  Date as SqlDate,
} from "../../src/index.js";
import { insert as mysqlInsert } from "../../src/mysql.js";
import { insert as pgInsert, jsonb } from "../../src/postgresql.js";
import { insert as sqliteInsert } from "../../src/sqlite.js";

export const metadata = new MetaData();

export const users = new Table("users", metadata, {
  id: column(Integer()).primaryKey(),
  name: column(SqlString(100)),
  email: column(SqlString(255)).nullable(),
  age: column(Integer()).nullable(),
  logins: column(Integer()).default(0),
  data: column(SqlJSON()).nullable(),
});

export const posts = new Table("posts", metadata, {
  id: column(Integer()).primaryKey(),
  userId: column(Integer(), { name: "user_id" }).references(() => users.c.id),
  title: column(SqlString(200)),
  score: column(Integer()).nullable(),
});

export const employees = new Table("employees", metadata, {
  id: column(Integer()).primaryKey(),
  name: column(SqlString(100)),
  dept: column(SqlString(50)),
  salary: column(Numeric(10, 2)),
  managerId: column(Integer(), { name: "manager_id" }).nullable(),
});

/** Identifiers that need quoting: a reserved word, embedded quotes and backticks, a space. */
export const weird = new Table("order", metadata, {
  id: column(Integer()).primaryKey(),
  select: column(SqlString(50), { name: "select" }),
  quoted: column(SqlString(50), { name: 'my "quoted" col' }),
  tick: column(SqlString(50), { name: "back`tick" }),
  spaced: column(SqlString(50), { name: "with space" }),
});

/** `func.<name>` for a function the namespace does not type (`func.fn` is the always-typed form). */
const anyFunc =
  (name: string) =>
  (...args: unknown[]): FunctionCall<unknown> =>
    func.fn(name, ...args);

/** One statement to compile; `params` are the named parameters passed to `compile`. */
export interface Case {
  readonly stmt: () => Executable<readonly unknown[], object>;
  readonly params?: Params;
}

const u = users.c;
const p = posts.c;
const e = employees.c;

/** A hostile string: quotes, a statement terminator and a comment. */
export const HOSTILE = "'; DROP TABLE users; --";

export const cases = {
  // ---- SELECT ----
  selectWhere: { stmt: () => select(u.id, u.name).where(u.name.eq("Ann"), u.age.gt(18)) },
  joinInferred: { stmt: () => select(u.name, p.title).join(posts) },
  joinExplicit: { stmt: () => select(u.name, p.title).from(posts).join(users, p.userId.eq(u.id)) },
  outerJoin: { stmt: () => select(u.name, p.title).outerJoin(posts) },
  fullJoin: { stmt: () => select(u.name, p.title).fullJoin(posts, p.userId.eq(u.id)) },
  groupByHaving: {
    stmt: () => select(u.name, func.count(p.id).label("n")).join(posts).groupBy(u.name).having(func.count(p.id).gt(2)),
  },
  orderBy: { stmt: () => select(u.id).orderBy(u.name.asc(), desc(u.age), u.id) },
  nullsFirstLast: { stmt: () => select(u.id).orderBy(u.email.asc().nullsFirst(), u.age.desc().nullsLast()) },
  limitOffset: { stmt: () => select(u.id).orderBy(u.id).limit(10).offset(20) },
  offsetOnly: { stmt: () => select(u.id).orderBy(u.id).offset(5) },
  distinct: { stmt: () => select(u.name).distinct() },
  distinctOn: { stmt: () => select(u.id, u.name).distinctOn(u.name).orderBy(u.name, u.id) },
  forUpdate: { stmt: () => select(u.id).where(u.id.eq(1)).forUpdate() },
  forShare: { stmt: () => select(u.id).forUpdate({ share: true }) },
  forUpdateNowait: { stmt: () => select(u.id).forUpdate({ nowait: true }) },
  forUpdateSkipLocked: { stmt: () => select(u.id).forUpdate({ skipLocked: true }) },
  forUpdateOf: {
    stmt: () =>
      select(u.id, p.id)
        .join(posts)
        .forUpdate({ of: [users] }),
  },
  forNoKeyUpdate: { stmt: () => select(u.id).forUpdate({ keyShare: true }) },
  forKeyShare: { stmt: () => select(u.id).forUpdate({ share: true, keyShare: true }) },
  tableAlias: {
    stmt: () => {
      const boss = employees.alias("boss");
      return select(e.name, boss.c.name.label("boss")).join(boss, e.managerId.eq(boss.c.id));
    },
  },
  scalarSubquery: {
    stmt: () =>
      select(u.name, select(func.count()).from(posts).where(p.userId.eq(u.id)).scalarSubquery().label("posts")),
  },
  existsSubquery: { stmt: () => select(u.name).where(exists(select(p.id).where(p.userId.eq(u.id), p.score.gt(5)))) },
  notExists: { stmt: () => select(u.name).where(not(select(p.id).where(p.userId.eq(u.id)).exists())) },
  inSubquery: { stmt: () => select(u.name).where(u.id.in(select(p.userId).where(p.score.ge(3)))) },
  derivedTable: {
    stmt: () => {
      const counts = select(p.userId, func.count().label("n")).groupBy(p.userId).subquery("counts");
      return select(u.name, counts.c.n).join(counts, counts.c.userId.eq(u.id)).where(counts.c.n.gt(1));
    },
  },
  cte: {
    stmt: () => {
      const rich = select(e.id, e.name).where(e.salary.gt("1000.00")).cte("rich");
      return select(rich.c.name).orderBy(rich.c.name);
    },
  },
  recursiveCte: {
    stmt: () => {
      const anchor = select(e.id, e.name, literal(1, Integer()).label("depth")).where(e.managerId.isNull());
      const chart = anchor.cte("chart", { recursive: true });
      const tree = chart.unionAll(select(e.id, e.name, chart.c.depth.add(1)).join(chart, e.managerId.eq(chart.c.id)));
      return select(tree.c.name, tree.c.depth).orderBy(tree.c.depth);
    },
  },
  union: {
    stmt: () =>
      select(u.name)
        .where(u.age.lt(18))
        .union(select(u.name).where(u.age.gt(65))),
  },
  unionAllOrdered: {
    stmt: () =>
      select(u.id)
        .unionAll(select(p.userId.label("id")))
        .orderBy(u.id)
        .limit(5),
  },
  unionMemberLimit: {
    stmt: () => select(u.id).union(select(p.userId.label("id")).orderBy(p.userId).limit(1)),
  },
  intersect: { stmt: () => select(u.id).intersect(select(p.userId.label("id"))) },
  except: { stmt: () => select(u.id).except(select(p.userId.label("id"))) },
  window: {
    stmt: () =>
      select(
        e.name,
        func.rowNumber().over({ partitionBy: e.dept, orderBy: e.salary.desc() }).label("rn"),
        func.sum(e.salary).over({ partitionBy: e.dept }).label("total"),
        func.lag(e.name).over({ orderBy: e.id }).label("prev"),
        func.avg(e.salary).over({ orderBy: e.id, frame: "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW" }).label("moving"),
      ),
  },
  lateral: {
    stmt: () => {
      const top = select(p.title).where(p.userId.eq(u.id)).orderBy(p.score.desc()).limit(1).lateral("top");
      return select(u.name, top.c.title).join(top, literal(true, SqlBoolean()));
    },
  },
  caseExpr: {
    stmt: () =>
      select(
        case_(
          [
            [u.age.lt(18), "minor"],
            [u.age.lt(65), "adult"],
          ],
          { else: "senior" },
        ).label("band"),
      ),
  },
  casts: {
    stmt: () =>
      select(
        cast(u.age, SqlString(10)).label("s"),
        cast(u.name, Integer()).label("i"),
        cast(u.age, Numeric(8, 2)).label("n"),
        cast(u.name, DateTime()).label("dt"),
        cast(u.name, SqlDate()).label("d"),
      ),
  },
  aggregates: {
    stmt: () =>
      select(
        func.count(),
        func.countDistinct(u.name),
        func.sum(u.age),
        func.avg(u.age),
        func.min(u.age),
        func.max(u.age),
      ),
  },
  scalarFunctions: {
    stmt: () =>
      select(
        func.coalesce(u.email, "none").label("email"),
        func.lower(u.name).label("lo"),
        func.upper(u.name).label("up"),
        func.length(u.name).label("len"),
        func.abs(u.age).label("abs"),
      ),
  },
  now: { stmt: () => select(func.now().label("ts")) },
  arbitraryFunction: {
    stmt: () => select(anyFunc("replace")(u.name, "a", "b").label("r"), anyFunc("nullif")(u.age, 0)),
  },
  aggregateFilter: {
    stmt: () => select(func.count().filter(u.age.gt(18)).label("adults"), func.sum(u.age).filter(u.name.ne("x"))),
  },
  andOrNot: {
    stmt: () => select(u.id).where(or(and(u.age.ge(18), u.age.le(65)), not(u.name.like("A%")), u.email.isNull())),
  },
  comparisons: {
    stmt: () => select(u.id).where(u.id.eq(1), u.id.ne(2), u.id.lt(3), u.id.le(4), u.id.gt(5), u.id.ge(6)),
  },
  nullComparisons: { stmt: () => select(u.id).where(u.email.eq(null), u.age.ne(null), u.age.isNotNull()) },
  inLists: { stmt: () => select(u.id).where(u.id.in([1, 2, 3]), u.name.notIn(["a"]), u.id.in([]), u.id.notIn([])) },
  between: { stmt: () => select(u.id).where(u.age.between(18, 65), u.id.notBetween(1, 2)) },
  likes: {
    stmt: () =>
      select(u.id).where(
        u.name.like("A%"),
        u.name.notLike("%z"),
        u.name.ilike("%ann%"),
        u.name.notIlike("b%"),
        u.name.like("a!%%", { escape: "!" }),
      ),
  },
  startsEndsContains: {
    stmt: () => select(u.id).where(u.name.startsWith("50%_off"), u.name.endsWith("a/b"), u.name.contains("x_y")),
  },
  arithmetic: {
    stmt: () =>
      select(u.age.add(1).label("a"), u.age.sub(2).label("s"), u.age.mul(3).label("m"), u.age.div(4).label("d")).where(
        u.age.mod(2).eq(0),
        u.age.neg().lt(0),
      ),
  },
  concat: { stmt: () => select(u.name.concat(" <").concat(u.name).concat(">").label("display")) },
  distinctFrom: { stmt: () => select(u.id).where(u.email.isDistinctFrom("a@b"), u.age.isNotDistinctFrom(null)) },
  label: { stmt: () => select(u.name.label("who"), u.age.add(1).label("next age")) },
  bindparam: { stmt: () => select(u.id).where(u.id.eq(bindparam("uid", Integer()))) },
  bindparamGiven: { stmt: () => select(u.id).where(u.id.eq(bindparam("uid", Integer()))), params: { uid: 7 } },
  literalValue: { stmt: () => select(literal(42, Integer()).label("answer"), literal("x").label("x")) },
  literalColumn: {
    stmt: () => select(literalColumn("1 + 1", Integer()).label("two")).where(literalColumn("1 = 1", SqlBoolean())),
  },
  // ---- INSERT / UPDATE / DELETE ----
  insertValues: { stmt: () => insert(users).values({ id: 1, name: "Ann", email: null }) },
  insertMany: {
    stmt: () =>
      insert(posts).values([
        { id: 1, userId: 1, title: "a" },
        { id: 2, userId: 1, title: "b", score: 3 },
      ]),
  },
  insertFromSelect: {
    stmt: () => insert(posts).fromSelect(["id", "userId", "title"], select(u.id, u.id, u.name).where(u.age.gt(1))),
  },
  insertReturning: { stmt: () => insert(users).values({ id: 1, name: "Ann" }).returning(u.id, u.logins) },
  insertExpression: { stmt: () => insert(users).values({ id: 1, name: func.upper("ann") }) },
  insertDefaults: { stmt: () => insert(posts) },
  insertFromParams: { stmt: () => insert(users), params: { id: 5, name: "Eve" } },
  update: {
    stmt: () =>
      update(users)
        .values({ name: "Bo", age: u.age.add(1) })
        .where(u.id.eq(2)),
  },
  updateReturning: { stmt: () => update(users).values({ name: "Bo" }).where(u.id.eq(2)).returning(u.id, u.name) },
  updateCorrelated: {
    stmt: () =>
      update(users)
        .values({
          logins: select(func.count()).from(posts).where(p.userId.eq(u.id)).scalarSubquery() as SqlExpression<number>,
        })
        .where(exists(select(p.id).where(p.userId.eq(u.id)))),
  },
  delete: { stmt: () => deleteFrom(posts).where(p.score.lt(0)) },
  deleteReturning: { stmt: () => deleteFrom(posts).where(p.id.eq(3)).returning(p.id) },
  deleteCorrelated: {
    stmt: () => deleteFrom(users).where(not(exists(select(p.id).where(p.userId.eq(u.id))))),
  },
  // ---- dialect constructs ----
  jsonOperators: {
    stmt: () =>
      select(jsonb(u.data).get("address").getText("city").label("city"), jsonb(u.data).get("tags").get(0)).where(
        jsonb(u.data).contains({ admin: true }),
        jsonb(u.data).hasKey("email"),
        jsonb(u.data).containedBy([1, 2]),
      ),
  },
  pgDoNothing: { stmt: () => pgInsert(users).values({ id: 1, name: "Ann" }).onConflictDoNothing() },
  pgDoNothingTarget: {
    stmt: () =>
      pgInsert(users)
        .values({ id: 1, name: "Ann" })
        .onConflictDoNothing({ target: "email", targetWhere: u.email.isNotNull() }),
  },
  pgDoUpdate: {
    stmt: () => {
      const stmt = pgInsert(users).values({ id: 1, name: "Ann", logins: 1 });
      return stmt
        .onConflictDoUpdate({
          target: [u.id],
          set: { name: stmt.excluded.name, logins: u.logins.add(stmt.excluded.logins) },
          where: u.name.ne(stmt.excluded.name),
        })
        .returning(u.id);
    },
  },
  pgOnConstraint: {
    stmt: () =>
      pgInsert(users)
        .values({ id: 1, name: "Ann" })
        .onConflictDoUpdate({ constraint: "users_pkey", set: (row) => ({ name: row.name, age: null }) }),
  },
  sqliteDoUpdate: {
    stmt: () => {
      const stmt = sqliteInsert(users).values({ id: 1, name: "Ann" });
      return stmt.onConflictDoUpdate({ target: "id", set: { name: stmt.excluded.name, age: 30 } });
    },
  },
  sqliteDoNothingFromSelect: {
    stmt: () =>
      sqliteInsert(posts)
        .fromSelect(["id", "userId", "title"], select(u.id, u.id, u.name))
        .onConflictDoNothing({ target: ["id"] }),
  },
  mysqlOnDuplicateKey: {
    stmt: () => {
      const stmt = mysqlInsert(users).values([
        { id: 1, name: "Ann" },
        { id: 2, name: "Bo" },
      ]);
      return stmt.onDuplicateKeyUpdate({ name: stmt.inserted.name, logins: u.logins.add(1), age: 40 });
    },
  },
  // ---- injection ----
  hostileValues: {
    stmt: () =>
      select(u.id).where(
        u.name.eq(HOSTILE),
        u.email.like(`%${HOSTILE}%`),
        u.name.startsWith("it's 100%_\\"),
        u.name.contains('"quoted" `ticked`'),
      ),
  },
  hostileInsert: { stmt: () => insert(users).values({ id: 1, name: HOSTILE, email: "a\\'b" }) },
  hostileIdentifiers: {
    stmt: () => {
      const w = weird.c;
      const alias = weird.alias('o"rd`er');
      return select(w.select, w.quoted.label('la"bel`'), w.tick, w.spaced, alias.c.id)
        .join(alias, alias.c.id.eq(w.id))
        .where(w.select.eq("x"))
        .orderBy(w.spaced);
    },
  },
  hostileFunctionName: { stmt: () => select(anyFunc("x(); drop table users; --")(u.id)) },
  hostileUpdate: { stmt: () => update(weird).values({ quoted: HOSTILE, tick: "`" }).where(weird.c.select.eq("'")) },
} satisfies Record<string, Case>;

/** The case names. */
export type CaseName = keyof typeof cases;
