// Type-level tests for src/result: checked by `tsc` (TypeScript 5.9 and 7), never run (not a *.test.ts file).
import { expectTypeOf } from "vitest";
import {
  type AsyncMappingResult,
  type AsyncResult,
  type AsyncScalarResult,
  type MappingResult,
  type Result,
  type Row,
  type ScalarResult,
  rowKeys,
  rowToArray,
  rowToObject,
} from "../../src/result/index.js";

type Named = { id: number; name: string };
type UserRow = Row<[number, string], Named>;

declare const r: Result<[number, string], Named>;
declare const row: UserRow;

// --- Result accessors ---------------------------------------------------------------------------------
expectTypeOf(r.all()).toEqualTypeOf<UserRow[]>();
expectTypeOf(r.all()[0]!.id).toEqualTypeOf<number>();
expectTypeOf(r.all()[0]![1]).toEqualTypeOf<string>();
expectTypeOf(r.first()).toEqualTypeOf<UserRow | null>();
expectTypeOf(r.one()).toEqualTypeOf<UserRow>();
expectTypeOf(r.oneOrNone()).toEqualTypeOf<UserRow | null>();
expectTypeOf(r.fetchOne()).toEqualTypeOf<UserRow | null>();
expectTypeOf(r.fetchMany(10)).toEqualTypeOf<UserRow[]>();
expectTypeOf(r.partitions(10)).toEqualTypeOf<Generator<UserRow[], void, undefined>>();
expectTypeOf(r.scalar()).toEqualTypeOf<number | null>();
expectTypeOf(r.scalarOne()).toEqualTypeOf<number>();
expectTypeOf(r.scalarOneOrNone()).toEqualTypeOf<number | null>();
expectTypeOf(r.scalars()).toEqualTypeOf<ScalarResult<number>>();
expectTypeOf(r.scalars().all()).toEqualTypeOf<number[]>();
expectTypeOf(r.scalars(1).all()).toEqualTypeOf<string[]>();
expectTypeOf(r.scalars("name").all()).toEqualTypeOf<string[]>();
expectTypeOf(r.mappings()).toEqualTypeOf<MappingResult<Named>>();
expectTypeOf(r.mappings().all()).toEqualTypeOf<{ id: number; name: string }[]>();
expectTypeOf(r.mappings().first()).toEqualTypeOf<Named | null>();
expectTypeOf(r.unique()).toEqualTypeOf<Result<[number, string], Named>>();
expectTypeOf(r.unique((x) => x.id)).toEqualTypeOf<Result<[number, string], Named>>();
expectTypeOf(r.scalars().unique()).toEqualTypeOf<ScalarResult<number>>();
expectTypeOf(r.keys()).toEqualTypeOf<readonly ("id" | "name")[]>();
expectTypeOf(r.rowcount).toEqualTypeOf<number>();
expectTypeOf(r.lastrowid).toEqualTypeOf<number | bigint | undefined>();
expectTypeOf(r.insertedPrimaryKey).toEqualTypeOf<readonly unknown[]>();
expectTypeOf(r.returnsRows).toEqualTypeOf<boolean>();
expectTypeOf(r.closed).toEqualTypeOf<boolean>();
expectTypeOf(r.close()).toEqualTypeOf<void>();
expectTypeOf(r).toExtend<Iterable<UserRow>>();
expectTypeOf(r).toExtend<AsyncIterable<UserRow>>();
expectTypeOf(r.scalars()).toExtend<Iterable<number>>();
for (const [id, name] of r) {
  expectTypeOf(id).toEqualTypeOf<number>();
  expectTypeOf(name).toEqualTypeOf<string>();
}
r.unique((x) => {
  expectTypeOf(x).toEqualTypeOf<UserRow>();
  return x.name;
});
r.scalars(1).unique((s) => {
  expectTypeOf(s).toEqualTypeOf<string>();
  return s;
});
r.mappings().unique((m) => {
  expectTypeOf(m).toEqualTypeOf<Named>();
  return m.id;
});
// @ts-expect-error: no such column
r.scalars("nope");
// @ts-expect-error: scalar views have no scalars()
r.scalars().scalars();

// --- Row ----------------------------------------------------------------------------------------------
expectTypeOf(row[0]).toEqualTypeOf<number>();
expectTypeOf(row[1]).toEqualTypeOf<string>();
expectTypeOf(row.id).toEqualTypeOf<number>();
expectTypeOf(row.name).toEqualTypeOf<string>();
expectTypeOf(row.length).toEqualTypeOf<2>();
const [first, second] = row;
expectTypeOf(first).toEqualTypeOf<number>();
expectTypeOf(second).toEqualTypeOf<string>();
// A spread row is an array of its column types; rowToArray gives the tuple.
expectTypeOf([...row]).toEqualTypeOf<(number | string)[]>();
expectTypeOf(rowToArray(row)).toEqualTypeOf<[number, string]>();
const asTuple: [number, string] = rowToArray(row);
expectTypeOf(asTuple).toEqualTypeOf<[number, string]>();
expectTypeOf(rowToObject(row)).toEqualTypeOf<Named>();
expectTypeOf(rowKeys(row)).toEqualTypeOf<readonly ("id" | "name")[]>();
expectTypeOf(row).toExtend<Iterable<number | string>>();
expectTypeOf(`${row}`).toEqualTypeOf<string>();
// @ts-expect-error: unknown column name
void row.nope;
// @ts-expect-error: rows have no array methods
row.map((v) => v);
// @ts-expect-error: rows have no array methods
row.filter(Boolean);
// @ts-expect-error: rows have no array methods
row.slice(1);
// @ts-expect-error: rows are read-only
row.id = 2;
// @ts-expect-error: rows are read-only
row[0] = 2;

// A column named `length`, `map` or `keys` wins over the tuple's members.
declare const colliding: Row<[number, string, boolean], { length: number; map: string; keys: boolean }>;
expectTypeOf(colliding.length).toEqualTypeOf<number>();
expectTypeOf(colliding.map).toEqualTypeOf<string>();
expectTypeOf(colliding.keys).toEqualTypeOf<boolean>();
expectTypeOf(colliding[1]).toEqualTypeOf<string>();
expectTypeOf(rowToArray(colliding)).toEqualTypeOf<[number, string, boolean]>();
expectTypeOf(rowToObject(colliding)).toEqualTypeOf<{ length: number; map: string; keys: boolean }>();
declare const lengthOnly: Row<[string], { length: string }>;
expectTypeOf(lengthOnly.length).toEqualTypeOf<string>();
// @ts-expect-error: unknown column name
void colliding.filter;
// @ts-expect-error: out of range
void colliding[3];

// Other built-in names are plain columns.
declare const builtins: Row<[string, number, string], { toJSON: string; constructor: number; toString: string }>;
expectTypeOf(builtins.toJSON).toEqualTypeOf<string>();
expectTypeOf(builtins.constructor).toEqualTypeOf<number>();
expectTypeOf(builtins.toString).toEqualTypeOf<string>();

// --- Untyped defaults ---------------------------------------------------------------------------------
declare const untyped: Result;
expectTypeOf(untyped).toEqualTypeOf<Result<unknown[], Record<string, unknown>>>();
expectTypeOf(untyped.all()).toEqualTypeOf<Row<unknown[], Record<string, unknown>>[]>();
expectTypeOf(untyped.one()[0]).toEqualTypeOf<unknown>();
expectTypeOf(untyped.one().anything).toEqualTypeOf<unknown>();
expectTypeOf(untyped.scalar()).toEqualTypeOf<unknown>();
expectTypeOf(untyped.scalars().all()).toEqualTypeOf<unknown[]>();
expectTypeOf(untyped.mappings().all()).toEqualTypeOf<Record<string, unknown>[]>();
expectTypeOf(rowToArray(untyped.one())).toEqualTypeOf<unknown[]>();
expectTypeOf(untyped.keys()).toEqualTypeOf<readonly string[]>();

// --- AsyncResult --------------------------------------------------------------------------------------
declare const a: AsyncResult<[number, string], Named>;
expectTypeOf(a.all()).toEqualTypeOf<Promise<UserRow[]>>();
expectTypeOf(a.first()).toEqualTypeOf<Promise<UserRow | null>>();
expectTypeOf(a.one()).toEqualTypeOf<Promise<UserRow>>();
expectTypeOf(a.oneOrNone()).toEqualTypeOf<Promise<UserRow | null>>();
expectTypeOf(a.fetchOne()).toEqualTypeOf<Promise<UserRow | null>>();
expectTypeOf(a.fetchMany(5)).toEqualTypeOf<Promise<UserRow[]>>();
expectTypeOf(a.partitions(5)).toEqualTypeOf<AsyncGenerator<UserRow[], void, undefined>>();
expectTypeOf(a.scalar()).toEqualTypeOf<Promise<number | null>>();
expectTypeOf(a.scalarOne()).toEqualTypeOf<Promise<number>>();
expectTypeOf(a.scalarOneOrNone()).toEqualTypeOf<Promise<number | null>>();
expectTypeOf(a.scalars()).toEqualTypeOf<AsyncScalarResult<number>>();
expectTypeOf(a.scalars(1).all()).toEqualTypeOf<Promise<string[]>>();
expectTypeOf(a.scalars("id").all()).toEqualTypeOf<Promise<number[]>>();
expectTypeOf(a.mappings()).toEqualTypeOf<AsyncMappingResult<Named>>();
expectTypeOf(a.mappings().all()).toEqualTypeOf<Promise<Named[]>>();
expectTypeOf(a.unique()).toEqualTypeOf<AsyncResult<[number, string], Named>>();
expectTypeOf(a.keys()).toEqualTypeOf<readonly ("id" | "name")[]>();
expectTypeOf(a.close()).toEqualTypeOf<Promise<void>>();
expectTypeOf(a).toExtend<AsyncIterable<UserRow>>();
expectTypeOf(a).toExtend<AsyncDisposable>();
expectTypeOf(r).toExtend<Disposable>();
// @ts-expect-error: a streaming result is not sync-iterable
for (const _ of a);
export async function iterate(): Promise<void> {
  for await (const [id, name] of a) {
    expectTypeOf(id).toEqualTypeOf<number>();
    expectTypeOf(name).toEqualTypeOf<string>();
  }
  for await (const batch of a.scalars().partitions(10)) expectTypeOf(batch).toEqualTypeOf<number[]>();
}
