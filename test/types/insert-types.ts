// Type-level tests for executing INSERTs: the parameter sets of `conn.execute(insert(t), rows)` are typed
// rows of the table, other statements keep named `Params`, and `insertedPrimaryKey(s)` are typed from the
// table's primary key. Checked by `npm run typecheck` (TypeScript 5.9 and 7); never run.
import { expectTypeOf } from "vitest";
import {
  bindparam,
  column,
  type Connection,
  Integer,
  insert,
  MetaData,
  primaryKeyConstraint,
  select,
  String as SqlString,
  Table,
  text,
  UUID,
} from "../../src/index.js";
import { insert as pgInsert } from "../../src/postgresql.js";

const metadata = new MetaData();

const users = new Table("users", metadata, {
  id: column(Integer()).primaryKey(),
  name: column(SqlString(100)),
  email: column(SqlString(255)).nullable(),
  role: column(SqlString(20)).default("member"),
});
const docs = new Table("docs", metadata, {
  id: column(UUID())
    .primaryKey()
    .default(() => "00000000-0000-0000-0000-000000000000"),
  title: column(SqlString(50)),
});
const pairs = new Table("pairs", metadata, {
  a: column(Integer()).primaryKey().autoincrement(false),
  b: column(SqlString(5)).primaryKey(),
});
const tagged = new Table(
  "tagged",
  metadata,
  { a: column(Integer()), b: column(Integer()) },
  primaryKeyConstraint(["a", "b"]),
);

declare const conn: Connection;

export async function executemanyParams(): Promise<void> {
  await conn.execute(insert(users), [{ name: "Ann" }, { name: "Bo", email: null, role: "admin" }]);
  await conn.execute(insert(users), { name: "Ann" });
  // An optional column may be given as undefined (left out, its default applies).
  await conn.execute(insert(users), [{ name: "Ann", email: undefined }]);
  await conn.execute(insert(users), [{ name: users.c.name.concat("!") }]);
  // Dialect inserts (upserts) take the same rows.
  await conn.execute(pgInsert(users).onConflictDoNothing(), [{ name: "Ann" }]);

  // @ts-expect-error: name is required
  await conn.execute(insert(users), [{ email: "a@example.com" }]);
  // @ts-expect-error: no such column
  await conn.execute(insert(users), [{ name: "Ann", nmae: "x" }]);
  // @ts-expect-error: wrong value type
  await conn.execute(insert(users), { name: 5 });
  // @ts-expect-error: a required column cannot be undefined
  await conn.execute(insert(users), [{ name: undefined }]);
  // @ts-expect-error: null for a NOT NULL column
  await conn.execute(insert(users), [{ name: null }]);

  // Other statements keep named parameters.
  await conn.execute(text("select :x"), { x: 1 });
  await conn.execute(text("insert into t values (:a)"), [{ a: 1 }, { a: 2 }]);
  await conn.execute(select(users.c.id).where(users.c.id.eq(bindparam("id", Integer()))), { id: 1 });
}

export async function insertedKeys(): Promise<void> {
  const one = await conn.execute(insert(users).values({ name: "Ann" }));
  expectTypeOf(one.insertedPrimaryKey).toEqualTypeOf<readonly [number]>();
  const [id] = one.insertedPrimaryKey;
  expectTypeOf(id).toEqualTypeOf<number>();

  const many = await conn.execute(insert(users).returnPrimaryKeys(), [{ name: "Ann" }, { name: "Bo" }]);
  expectTypeOf(many.insertedPrimaryKeys).toEqualTypeOf<readonly (readonly [number])[]>();

  const returning = await conn.execute(insert(docs).returning(docs.c.title), [{ title: "x" }]);
  expectTypeOf(returning.insertedPrimaryKeys).toEqualTypeOf<readonly (readonly [string])[]>();

  // Several key columns: their value types (their order is not visible to TypeScript).
  const pair = await conn.execute(insert(pairs).values({ a: 1, b: "x" }));
  expectTypeOf(pair.insertedPrimaryKey).toEqualTypeOf<readonly (number | string)[]>();
  // A key declared on the table: untyped.
  const t = await conn.execute(insert(tagged).values({ a: 1, b: 2 }));
  expectTypeOf(t.insertedPrimaryKey).toEqualTypeOf<readonly unknown[]>();
  // Other statements: untyped.
  const r = await conn.execute(select(users.c.id));
  expectTypeOf(r.insertedPrimaryKey).toEqualTypeOf<readonly unknown[]>();

  // @ts-expect-error: the key is a number
  const s: string = one.insertedPrimaryKey[0];
  void s;
}
