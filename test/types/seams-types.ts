// Type-level tests for Core's extension seams: outer joins make the optional side nullable, protocol objects
// (`[clauseElement]`) type like what they stand for, `SelectsAs` types an entity-like item, and builder methods
// keep a Select subclass. Checked by `npm run typecheck` (TypeScript 5.9 and 7); never run.
import { expectTypeOf } from "vitest";
import {
  clauseElement,
  column,
  type Connection,
  func,
  Integer,
  JoinTarget,
  MetaData,
  Select,
  select,
  type SelectsAs,
  String as SqlString,
  Table,
  update,
} from "../../src/index.js";
import type { Row } from "../../src/result/index.js";

const metadata = new MetaData();
const users = new Table("users", metadata, {
  id: column(Integer()).primaryKey(),
  name: column(SqlString(100)),
});
const tasks = new Table("tasks", metadata, {
  id: column(Integer()).primaryKey(),
  title: column(SqlString(100)),
  assigneeId: column(Integer())
    .nullable()
    .references(() => users.c.id),
});

declare const conn: Connection;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// --- outer joins: the optional side's columns are nullable ------------------------------------------
export async function outerJoins(): Promise<void> {
  const left = (await conn.execute(select(tasks.c.title, users.c.name).outerJoin(users))).one();
  expectTypeOf(left.title).toEqualTypeOf<string>();
  expectTypeOf(left.name).toEqualTypeOf<string | null>();
  expectTypeOf<
    Same<typeof left, Row<[string, string | null], { title: string; name: string | null }>>
  >().toEqualTypeOf<true>();

  // An inner join keeps the types; a computed expression is not from the joined table.
  const inner = (await conn.execute(select(tasks.c.title, users.c.name).join(users))).one();
  expectTypeOf(inner.name).toEqualTypeOf<string>();
  const counted = (
    await conn.execute(select(users.c.name, func.count(tasks.c.id).label("n")).outerJoin(tasks).groupBy(users.c.id))
  ).one();
  expectTypeOf(counted.n).toEqualTypeOf<number>();
  expectTypeOf(counted.name).toEqualTypeOf<string>();

  // An alias is its own source: only its columns become nullable.
  const boss = users.alias("boss");
  const aliased = (
    await conn.execute(
      select(users.c.name, boss.c.name.label("bossName"), boss.c.id).outerJoin(boss, boss.c.id.eq(users.c.id)),
    )
  ).one();
  expectTypeOf(aliased.name).toEqualTypeOf<string>();
  expectTypeOf(aliased.id).toEqualTypeOf<number | null>();

  // A full join: every table's columns are nullable.
  const full = (await conn.execute(select(tasks.c.title, users.c.name).fullJoin(users))).one();
  expectTypeOf(full.title).toEqualTypeOf<string | null>();
  expectTypeOf(full.name).toEqualTypeOf<string | null>();

  // Whole tables selected: the named row's optional side is nullable.
  const whole = (await conn.execute(select(tasks, users).outerJoin(users))).one();
  expectTypeOf(whole.title).toEqualTypeOf<string>();
  expectTypeOf(whole.name).toEqualTypeOf<string | null>();

  // Later builder calls keep the nullability.
  const chained = (
    await conn.execute(select(tasks.c.title, users.c.name).outerJoin(users).where(tasks.c.id.gt(1)).limit(5))
  ).one();
  expectTypeOf(chained.name).toEqualTypeOf<string | null>();
}

// --- protocol objects ------------------------------------------------------------------------------
/** An entity-like class: stands for its table, selects as its instances under its name. */
class User {
  declare static readonly __selectValue: User;
  declare static readonly __selectKey: "User";
  static [clauseElement]() {
    return users;
  }
  static readonly id = { [clauseElement]: () => users.c.id };
  id = 0;
}
const assignee = { [clauseElement]: () => new JoinTarget(users, tasks.c.assigneeId.eq(users.c.id)) };

export async function protocolObjects(): Promise<void> {
  expectTypeOf<typeof User>().toMatchTypeOf<SelectsAs<User, "User">>();
  const row = (await conn.execute(select(User, tasks.c.title))).one();
  expectTypeOf(row.User).toEqualTypeOf<User>();
  expectTypeOf(row.title).toEqualTypeOf<string>();
  expectTypeOf<Same<typeof row, Row<[User, string], { User: User; title: string }>>>().toEqualTypeOf<true>();

  // An attribute standing for a column types like the column, in select lists and comparisons.
  const ids = (await conn.execute(select(User.id))).scalars().all();
  expectTypeOf(ids).toEqualTypeOf<number[]>();
  select(tasks.c.title).where(tasks.c.assigneeId.eq(User.id));
  // @ts-expect-error: a number column compared with a string column's stand-in
  select(tasks.c.title).where(tasks.c.title.eq(User.id));

  // A relationship-like join target: an outer join through it makes the target's columns nullable.
  const viaRel = (await conn.execute(select(tasks.c.title, users.c.name).outerJoin(assignee))).one();
  expectTypeOf(viaRel.name).toEqualTypeOf<string | null>();

  // DML targets.
  update(User).values({ name: "x" });
  // @ts-expect-error: no such column
  update(User).values({ nope: 1 });
}

// --- a subclass of Select survives builder methods -------------------------------------------------------
class Paged<T extends readonly unknown[], N extends object, S> extends Select<T, N, S> {
  page(n: number): this {
    return this.limit(10).offset((n - 1) * 10);
  }
}
export async function subclass(): Promise<void> {
  const stmt = new Paged(select(users.c.id)).where(users.c.id.gt(1)).orderBy(users.c.id).page(2);
  const row = (await conn.execute(stmt)).one();
  expectTypeOf<Same<typeof row, Row<[number], { id: number }>>>().toEqualTypeOf<true>();
  expectTypeOf(stmt.page).toBeFunction();
}
