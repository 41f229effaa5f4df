// Type-level tests for Core's expression language: typed rows from select lists, nullability, derived tables,
// INSERT / UPDATE values and RETURNING, and the misuses that must not compile. Checked by `npm run typecheck`
// (TypeScript 5.9 and 7); never run (not a *.test.ts file).
import { expectTypeOf } from "vitest";
import {
  and,
  Boolean as SqlBoolean,
  case_,
  checkConstraint,
  index,
  cast,
  column,
  compile,
  type CompiledStatement,
  type Connection,
  DateTime,
  deleteFrom,
  func,
  insert,
  Integer,
  literal,
  MetaData,
  Numeric,
  or,
  select,
  String as SqlString,
  Table,
  update,
} from "../../src/index.js";
import type { Row, RowNamed, RowTuple } from "../../src/result/index.js";
import { JSONB, jsonb } from "../../src/postgresql.js";

const metadata = new MetaData();

const users = new Table("users", metadata, {
  id: column(Integer()).primaryKey().autoincrement(),
  name: column(SqlString(100)),
  email: column(SqlString(255)).nullable(),
  active: column(SqlBoolean()).default(true),
  balance: column(Numeric(12, 2)),
  createdAt: column(DateTime(), { name: "created_at" }).serverDefault(func.now()),
});

const posts = new Table("posts", metadata, {
  id: column(Integer()).primaryKey().autoincrement(),
  userId: column(Integer(), { name: "user_id" }).references(() => users.c.id),
  title: column(SqlString(200)),
  score: column(Integer()).nullable(),
});

declare const conn: Connection;

/**
 * `A` and `B` are mutually assignable. Rows from `Connection.execute` are `Row<T & readonly unknown[], N>`,
 * equivalent to `Row<T, N>` but not identical to it, so `toEqualTypeOf<Row<…>>` cannot be used (reported).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// --- columns ----------------------------------------------------------------------------------------
expectTypeOf(users.c.id.__value).toEqualTypeOf<number>();
expectTypeOf(users.c.email.__value).toEqualTypeOf<string | null>();
expectTypeOf(users.c.balance.__value).toEqualTypeOf<string>();
expectTypeOf(users.c.createdAt.key).toEqualTypeOf<"createdAt">();
expectTypeOf(users.c.name.__table).toEqualTypeOf<"users">();

export async function selectRows(): Promise<void> {
  // The brief's example: a column and a labelled count.
  const stmt = select(users.c.id, func.count(posts.c.id).label("n")).join(posts).groupBy(users.c.id);
  const row = (await conn.execute(stmt)).one();
  expectTypeOf<Same<typeof row, Row<[number, number], { id: number; n: number }>>>().toEqualTypeOf<true>();
  expectTypeOf(row.id).toEqualTypeOf<number>();
  expectTypeOf(row.n).toEqualTypeOf<number>();
  expectTypeOf(row[0]).toEqualTypeOf<number>();
  const [id, n] = row;
  expectTypeOf(id).toEqualTypeOf<number>();
  expectTypeOf(n).toEqualTypeOf<number>();
  // @ts-expect-error: not selected
  void row.name;

  // Nullable columns and aggregates of them give `T | null`.
  const nullable = (
    await conn.execute(select(users.c.email, posts.c.score, func.max(posts.c.title).label("top")))
  ).all()[0];
  if (nullable) {
    expectTypeOf(nullable.email).toEqualTypeOf<string | null>();
    expectTypeOf(nullable.score).toEqualTypeOf<number | null>();
    expectTypeOf(nullable.top).toEqualTypeOf<string | null>();
  }

  // Scalars and mappings follow the select list.
  expectTypeOf((await conn.execute(select(users.c.name))).scalars().all()).toEqualTypeOf<string[]>();
  expectTypeOf((await conn.execute(select(users.c.email))).scalarOneOrNone()).toEqualTypeOf<string | null>();
  expectTypeOf((await conn.execute(select(users.c.id, users.c.name))).mappings().one()).toEqualTypeOf<{
    id: number;
    name: string;
  }>();
}

export async function wholeTables(): Promise<void> {
  // Selecting a table gives its row type by column key.
  const row = (await conn.execute(select(users))).one();
  expectTypeOf<RowNamed<typeof row>>().toEqualTypeOf<{
    readonly id: number;
    readonly name: string;
    readonly email: string | null;
    readonly active: boolean;
    readonly balance: string;
    readonly createdAt: Date;
  }>();
  expectTypeOf(row.createdAt).toEqualTypeOf<Date>();
  // An alias has the same columns, qualified by the alias name.
  const author = users.alias("author");
  expectTypeOf(author.c.email.__value).toEqualTypeOf<string | null>();
  expectTypeOf(author.c.name.__table).toEqualTypeOf<"author">();
  const joined = (
    await conn.execute(select(posts.c.title, author.c.name).join(author, posts.c.userId.eq(author.c.id)))
  ).one();
  expectTypeOf(joined.name).toEqualTypeOf<string>();
}

export async function expressions(): Promise<void> {
  const row = (
    await conn.execute(
      select(
        users.c.id.add(1).label("next"),
        users.c.name.concat("!").label("shout"),
        func.lower(users.c.email).label("lower"),
        func.coalesce(posts.c.score, 0).label("score"),
        cast(users.c.id, SqlString()).label("idText"),
        literal(5, Integer()).label("five"),
        case_([[users.c.active.eq(true), "yes"]], { else: "no" }).label("flag"),
        users.c.name.eq("Ann").label("isAnn"),
        func.rowNumber().over({ partitionBy: users.c.active, orderBy: users.c.id.desc() }).label("rn"),
      ),
    )
  ).one();
  expectTypeOf(row.next).toEqualTypeOf<number>();
  expectTypeOf(row.shout).toEqualTypeOf<string>();
  expectTypeOf(row.lower).toEqualTypeOf<string | null>();
  expectTypeOf(row.idText).toEqualTypeOf<string>();
  expectTypeOf(row.five).toEqualTypeOf<number>();
  expectTypeOf(row.flag).toEqualTypeOf<string>();
  expectTypeOf(row.isAnn).toEqualTypeOf<boolean>();
  expectTypeOf(row.rn).toEqualTypeOf<number>();
  // Criteria compose.
  select(users.c.id).where(and(users.c.active.eq(true), or(users.c.name.ilike("a%"), users.c.email.isNull())));
}

export async function derivedTables(): Promise<void> {
  const counts = select(posts.c.userId, func.count().label("n")).groupBy(posts.c.userId).subquery("counts");
  expectTypeOf(counts.c.n.__value).toEqualTypeOf<number>();
  expectTypeOf(counts.c.userId.__value).toEqualTypeOf<number>();
  expectTypeOf(counts.c.n.__table).toEqualTypeOf<"counts">();
  // @ts-expect-error: not a column of the subquery
  void counts.c.title;
  const row = (await conn.execute(select(users.c.name, counts.c.n).join(counts, counts.c.userId.eq(users.c.id)))).one();
  expectTypeOf<Same<typeof row, Row<[string, number], { name: string; n: number }>>>().toEqualTypeOf<true>();

  const active = select(users.c.id, users.c.email).where(users.c.active.eq(true)).cte("active_users");
  expectTypeOf(active.c.email.__value).toEqualTypeOf<string | null>();
  expectTypeOf((await conn.execute(select(active.c.id))).scalars().all()).toEqualTypeOf<number[]>();

  const both = select(users.c.name)
    .where(users.c.active.eq(true))
    .union(select(users.c.name).where(users.c.id.lt(3)));
  const unionRow = (await conn.execute(both)).one();
  expectTypeOf<RowTuple<typeof unionRow>>().toExtend<[string]>();
  expectTypeOf(unionRow.name).toEqualTypeOf<string>();
}

export async function insertValues(): Promise<void> {
  // Required: name and balance (id autoincrements, email is nullable, active has a default, createdAt a
  // server default).
  insert(users).values({ name: "Ann", balance: "0.00" });
  insert(users).values([
    { name: "Ann", balance: "1.00", email: null },
    { name: "Bo", balance: "2.00", active: false, email: "bo@example.com" },
  ]);
  insert(users).values({ name: users.c.name.concat("x"), balance: "0" });
  // @ts-expect-error: name is required
  insert(users).values({ balance: "0.00" });
  // @ts-expect-error: no such column
  insert(users).values({ name: "Ann", balance: "0.00", nope: 1 });
  // @ts-expect-error: wrong value type (name is a string)
  insert(users).values({ name: 5, balance: "0.00" });
  // @ts-expect-error: null for a NOT NULL column
  insert(users).values({ name: null, balance: "0.00" });
  // @ts-expect-error: fromSelect names columns by key
  insert(posts).fromSelect(["nope"], select(users.c.id));

  const returned = (
    await conn.execute(insert(users).values({ name: "Ann", balance: "0" }).returning(users.c.id, users.c.createdAt))
  ).one();
  expectTypeOf<Same<typeof returned, Row<[number, Date], { id: number; createdAt: Date }>>>().toEqualTypeOf<true>();
  // Without RETURNING there are no row types to speak of.
  const plain = await conn.execute(insert(users).values({ name: "Ann", balance: "0" }));
  expectTypeOf(plain.rowcount).toEqualTypeOf<number>();
}

export async function updateAndDelete(): Promise<void> {
  // Partial: any subset of columns, values or expressions.
  update(users).values({ name: "Ann" });
  update(users).values({ email: null, balance: "3.50" }).where(users.c.id.eq(1));
  update(users).values({ name: users.c.name.concat("!") });
  // @ts-expect-error: wrong value type
  update(users).values({ active: "yes" });
  // @ts-expect-error: no such column
  update(users).values({ nope: 1 });
  // @ts-expect-error: null for a NOT NULL column
  update(users).values({ name: null });

  const updated = (
    await conn.execute(update(users).values({ active: false }).returning(users.c.id, users.c.active))
  ).all();
  expectTypeOf<Same<typeof updated, Row<[number, boolean], { id: number; active: boolean }>[]>>().toEqualTypeOf<true>();
  const deleted = (await conn.execute(deleteFrom(posts).where(posts.c.score.lt(0)).returning(posts.c.title))).scalars();
  expectTypeOf(deleted.all()).toEqualTypeOf<string[]>();
}

export function misuse(): void {
  // @ts-expect-error: comparing a string column with a number
  users.c.name.eq(5);
  // @ts-expect-error: comparing a number column with a string
  users.c.id.gt("5");
  // @ts-expect-error: in() with values of the wrong type
  users.c.id.in(["a", "b"]);
  // @ts-expect-error: between with the wrong type
  users.c.id.between("a", "z");
  // @ts-expect-error: ilike on a number column
  users.c.id.ilike("%1%");
  // @ts-expect-error: like / startsWith on a boolean column
  users.c.active.startsWith("t");
  // @ts-expect-error: an unknown column
  void users.c.nope;
  // @ts-expect-error: add on a string column
  users.c.name.add(1);
  // @ts-expect-error: multiplying a number column by a string
  users.c.id.mul("2");
  // @ts-expect-error: concat on a number column
  users.c.id.concat("x");
  // @ts-expect-error: where() takes boolean expressions, not values
  select(users.c.id).where(users.c.name);
  // @ts-expect-error: comparing columns of different types
  users.c.id.eq(users.c.name);
}

// --- nullable operands, subqueries and arbitrary functions --------------------------------------------
export async function nullableOperands(): Promise<void> {
  // Arithmetic with a nullable operand is nullable; with a non-null one it keeps the type.
  expectTypeOf(posts.c.id.add(posts.c.score).__value).toEqualTypeOf<number | null>();
  expectTypeOf(posts.c.id.add(1).__value).toEqualTypeOf<number>();
  // A scalar subquery (`T | null`) compares with a non-null column and sets one in update().
  const maxScore = select(func.max(posts.c.score)).scalarSubquery();
  select(posts.c.id).where(posts.c.id.gt(maxScore));
  update(posts).values({ id: maxScore });
  // in() takes a subquery over a nullable column.
  select(users.c.id).where(users.c.id.in(select(posts.c.score)));
  // union() of selects whose columns are named differently.
  const names = select(users.c.name).union(select(posts.c.title));
  expectTypeOf((await conn.execute(names)).scalars().all()).toEqualTypeOf<string[]>();
  // func.fn is always callable and typed by its type argument; coalesce is non-null with a non-null argument.
  expectTypeOf(func.fn<string>("replace", users.c.name, "a", "b").__value).toEqualTypeOf<string>();
  expectTypeOf(func.coalesce(posts.c.score, 0).__value).toEqualTypeOf<number>();
  expectTypeOf(func.coalesce(posts.c.score, users.c.email).__value).toEqualTypeOf<number | string | null>();
  // True division is nullable-number; intDiv keeps the integer type.
  expectTypeOf(posts.c.id.intDiv(2).__value).toEqualTypeOf<number | null>();
}

// --- CHECK and index callbacks get the table's typed columns ------------------------------------------
export function typedCallbacks(): void {
  new Table(
    "typed_cb",
    new MetaData(),
    { qty: column(Integer()), label: column(SqlString(20)).nullable() },
    checkConstraint((c) => c.qty.ge(0)),
    index("ix_typed_cb_label", [(c) => func.lower(c.label)], { where: (c) => c.qty.gt(0) }),
    // @ts-expect-error: no such column
    checkConstraint((c) => c.nope.ge(0)),
    // @ts-expect-error: a string column compared with a number
    checkConstraint((c) => c.label.eq(1)),
  );
}

// --- JSON and JSONB columns carry their value type ----------------------------------------------------
export async function jsonColumns(conn: Connection): Promise<void> {
  const docs = new Table("docs", new MetaData(), {
    id: column(Integer()).primaryKey(),
    body: column(JSONB<{ tags: string[] }>()),
    extra: column(JSONB()).nullable(),
  });
  const row = (await conn.execute(select(docs.c.body, docs.c.extra))).one();
  expectTypeOf(row.body).toEqualTypeOf<{ tags: string[] }>();
  expectTypeOf(row.extra).toEqualTypeOf<unknown>();
  insert(docs).values({ id: 1, body: { tags: ["a"] } });
  // @ts-expect-error: tags must be strings
  insert(docs).values({ id: 1, body: { tags: [1] } });
  expectTypeOf(jsonb(docs.c.body).contains({ tags: ["a"] }).__value).toEqualTypeOf<boolean>();
}

// --- compile() with literalBinds: the options are typed, and the result is a CompiledStatement --------
export function literalBindsOption(): void {
  const t = new Table("lb", new MetaData(), { id: column(Integer()).primaryKey() });
  const stmt = select(t.c.id).where(t.c.id.eq(1));
  expectTypeOf(stmt.compile("postgresql", undefined, { literalBinds: true })).toEqualTypeOf<CompiledStatement>();
  expectTypeOf(compile(stmt, "mysql", { id: 1 }, { literalBinds: true }).sql).toEqualTypeOf<string>();
  // @ts-expect-error: literalBinds is a boolean
  stmt.compile("sqlite", undefined, { literalBinds: "yes" });
  // @ts-expect-error: no such option
  compile(stmt, "sqlite", undefined, { inline: true });
}
