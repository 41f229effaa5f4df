// Type-level tests for Connection.scalar / scalars / dialect and Result.columns / tuples / fromRows
// (checked by `npm run typecheck` on TS 5 and 7, never run).
import Database from "better-sqlite3";
import pg from "pg";
import { expectTypeOf } from "vitest";
import {
  column,
  type Connection,
  createEngine,
  type CreateEngineOptions,
  Integer,
  MetaData,
  Result,
  type ScalarResult,
  select,
  String as SqlString,
  Table,
  text,
  type TupleResult,
} from "../../src/index.js";
import type { Dialect } from "../../src/dialect/index.js";

const metadata = new MetaData();
const users = new Table("users", metadata, {
  id: column(Integer()).primaryKey().autoincrement(),
  name: column(SqlString(100)),
  email: column(SqlString(255)).nullable(),
});

declare const conn: Connection;

export async function connectionScalar(): Promise<void> {
  expectTypeOf(await conn.scalar(select(users.c.name))).toEqualTypeOf<string | null>();
  expectTypeOf(await conn.scalar(select(users.c.email).where(users.c.id.eq(1)))).toEqualTypeOf<string | null>();
  expectTypeOf(await conn.scalar(select(users.c.id, users.c.name), { x: 1 })).toEqualTypeOf<number | null>();
  expectTypeOf(await conn.scalar(text("select 1"))).toEqualTypeOf<unknown>();
  expectTypeOf(await conn.scalars(select(users.c.name))).toEqualTypeOf<ScalarResult<string>>();
  expectTypeOf((await conn.scalars(select(users.c.id))).all()).toEqualTypeOf<number[]>();
  expectTypeOf(conn.dialect).toEqualTypeOf<Dialect>();
  // @ts-expect-error: scalar() runs one parameter set, not executemany
  await conn.scalar(text("select :a"), [{ a: 1 }]);
  // @ts-expect-error: plain strings are not statements
  await conn.scalars("select 1");
}

type Named = { id: number; name: string; email: string | null };
declare const r: Result<[number, string, string | null], Named>;

export function resultColumns(): void {
  const byName = r.columns("email", "id");
  expectTypeOf(byName).toEqualTypeOf<Result<[string | null, number], { email: string | null; id: number }>>();
  const [email, id] = byName.one();
  expectTypeOf(email).toEqualTypeOf<string | null>();
  expectTypeOf(id).toEqualTypeOf<number>();
  expectTypeOf(byName.one().email).toEqualTypeOf<string | null>();
  // Positions are typed by position; their names are not known to types.
  const byIndex = r.columns(1, 0);
  expectTypeOf(byIndex).toEqualTypeOf<Result<[string, number], Record<never, never>>>();
  expectTypeOf(r.columns("name", 0).scalars().all()).toEqualTypeOf<string[]>();
  // @ts-expect-error: no such column
  r.columns("nope");
  // @ts-expect-error: not selected by columns()
  void byName.one().name;
}

export function resultTuples(): void {
  expectTypeOf(r.tuples()).toEqualTypeOf<TupleResult<readonly [number, string, string | null]>>();
  const [id, name] = r.tuples().one();
  expectTypeOf(id).toEqualTypeOf<number>();
  expectTypeOf(name).toEqualTypeOf<string>();
  expectTypeOf(
    r
      .tuples()
      .all()
      .map((t) => t[2]),
  ).toEqualTypeOf<(string | null)[]>();
  // @ts-expect-error: tuples are readonly
  r.tuples().one()[0] = 2;
}

export function resultFromRows(): void {
  const typed = Result.fromRows<[number, string], { id: number; name: string }>({
    keys: ["id", "name"],
    rows: [[1, "Ann"]],
  });
  expectTypeOf(typed).toEqualTypeOf<Result<[number, string], { id: number; name: string }>>();
  expectTypeOf(typed.one().name).toEqualTypeOf<string>();
  expectTypeOf(Result.fromRows({ keys: ["x"], rows: [[1]] })).toEqualTypeOf<Result>();
}

export function driverModules(options: CreateEngineOptions): void {
  createEngine("sqlite://", { module: Database, echo: true });
  createEngine("postgresql://u@localhost/db", { module: pg, cursorModule: class Cursor {} });
  createEngine("sqlite://", options);
  // @ts-expect-error: unknown option (a typo of module)
  createEngine("sqlite://", { modules: Database });
}

// The dialect of a connection can be named from the package root.
export function dialectOf(conn: import("../../src/index.js").Connection): import("../../src/index.js").Dialect {
  return conn.dialect;
}
