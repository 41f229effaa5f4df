// Type-level tests for text(), Connection.execute and createEngine (checked by `npm run typecheck` on TS 5 and 7).
import { expectTypeOf } from "vitest";
import {
  BigInteger,
  Boolean as SqlBoolean,
  DateTime,
  Integer,
  JSON as SqlJSON,
  Numeric,
  String as SqlString,
  createEngine,
  customType,
  text,
  type Connection,
  type IsolationLevel,
} from "../../src/index.js";
import * as t from "../../src/types/index.js";

declare const conn: Connection;

export async function typedText(): Promise<void> {
  const stmt = text("select id, name, big, price, ok, at, meta from t").columns({
    id: Integer(),
    name: SqlString(),
    big: BigInteger(),
    price: Numeric(10, 2),
    ok: SqlBoolean(),
    at: DateTime(),
    meta: SqlJSON<{ tags: string[] }>(),
  });
  const result = await conn.execute(stmt);
  const row = result.one();
  expectTypeOf(row.id).toEqualTypeOf<number | null>();
  expectTypeOf(row.name).toEqualTypeOf<string | null>();
  expectTypeOf(row.big).toEqualTypeOf<bigint | null>();
  expectTypeOf(row.price).toEqualTypeOf<string | null>();
  expectTypeOf(row.ok).toEqualTypeOf<boolean | null>();
  expectTypeOf(row.at).toEqualTypeOf<Date | null>();
  expectTypeOf(row.meta).toEqualTypeOf<{ tags: string[] } | null>();
  expectTypeOf(result.mappings().one().name).toEqualTypeOf<string | null>();
  // @ts-expect-error: no such column
  void row.nope;
}

export async function untypedText(): Promise<void> {
  const row = (await conn.execute(text("select 1 as x"))).one();
  expectTypeOf(row.x).toEqualTypeOf<unknown>();
  // @ts-expect-error: plain strings are not statements
  await conn.execute("select 1");
}

export async function params(): Promise<void> {
  await conn.execute(text("select :a"), { a: 1 });
  await conn.execute(text("insert into t values (:a)"), [{ a: 1 }, { a: 2 }]);
  // @ts-expect-error: parameters are an object, not positional
  await conn.execute(text("select :a"), [1, 2]);
}

export function engineOptions(): void {
  createEngine("sqlite://", { poolSize: 1, echo: true, isolationLevel: "SERIALIZABLE" });
  // @ts-expect-error: not an isolation level
  createEngine("sqlite://", { isolationLevel: "SNAPSHOT" });
  // @ts-expect-error: unknown option
  createEngine("sqlite://", { poolsize: 1 });
  expectTypeOf<"AUTOCOMMIT">().toExtend<IsolationLevel>();
}

export function typeNamespace(): void {
  // The namespace import does not shadow the global String.
  const s: string = String(1);
  expectTypeOf(t.String(10)).toEqualTypeOf<t.StringType>();
  expectTypeOf(s).toBeString();
  const Point = customType<{ x: number; y: number }, string>({
    impl: SqlString(),
    toDriver: (p) => `${p.x},${p.y}`,
    fromDriver: (v) => {
      const [x = 0, y = 0] = v.split(",").map(Number);
      return { x, y };
    },
  });
  expectTypeOf<t.JsTypeOf<typeof Point>>().toEqualTypeOf<{ x: number; y: number }>();
}
