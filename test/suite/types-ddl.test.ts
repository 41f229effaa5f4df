import { beforeAll, expect, it } from "vitest";
import * as t from "../../src/types/index.js";
import { createEngine, text } from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { capabilitiesOf, engines } from "./support.js";

/** One column type: values bound through the engine and the values read back (the bound ones if absent). */
interface TypeCase {
  readonly type: t.SqlType;
  readonly values: readonly unknown[];
  readonly expected?: readonly unknown[];
}

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const Status = t.Enum(["todo", "in progress", "it's", "a\\b", "done"], { name: "suite_status" });

/**
 * Every type with its edge values. Each dialect declares the column with `dialect.typeSql(type)` and must
 * give back exactly `expected`: the same values on every database.
 */
const CASES: Record<string, TypeCase> = {
  Integer: { type: t.Integer(), values: [0, -2147483648, 2147483647] },
  SmallInteger: { type: t.SmallInteger(), values: [-32768, 0, 32767] },
  BigInteger: { type: t.BigInteger(), values: [-(2n ** 63n), 9007199254740993n, 2n ** 63n - 1n] },
  "Numeric()": {
    type: t.Numeric(),
    values: ["0", "1.5", "-123.25", "2.50", "1e3"],
    expected: ["0", "1.5", "-123.25", "2.5", "1000"],
  },
  "Numeric(10)": { type: t.Numeric(10), values: ["1234567890", "-5", 7n], expected: ["1234567890", "-5", "7"] },
  "Numeric(12, 2)": {
    type: t.Numeric(12, 2),
    values: ["0", "1234567890.12", "-0.01", 1.5],
    expected: ["0.00", "1234567890.12", "-0.01", "1.50"],
  },
  "Float()": { type: t.Float(), values: [0, 0.1, -1.5e300, 1.7976931348623157e308] },
  "Float(24)": { type: t.Float(24), values: [0.5, -2.25, 1024] },
  Boolean: { type: t.SqlBoolean(), values: [true, false] },
  "String(20)": { type: t.SqlString(20), values: ["", `it's "q" \\ ünï 😀`, "x".repeat(20)] },
  Text: { type: t.Text(), values: ["", "x".repeat(70_000)] },
  DateTime: {
    type: t.DateTime(),
    values: [new Date("2024-03-10T07:30:00.123Z"), new Date(0), new Date("1999-12-31T23:59:59.999Z")],
  },
  "DateTime(tz)": { type: t.DateTime({ timezone: true }), values: [new Date("2024-03-31T01:30:00.999Z"), new Date(0)] },
  Date: { type: t.SqlDate(), values: ["2024-02-29", "1970-01-01", "9999-12-31"] },
  Time: { type: t.Time(), values: ["23:59:59", "00:00:00.5", "12:34:56.123456"] },
  Interval: {
    type: t.Interval(),
    values: ["P1Y2M3DT4H5M6.789S", "P-1DT2H", "PT0S", { days: 1, hours: 2 }, "PT-0.000001S"],
    expected: ["P1Y2M3DT4H5M6.789S", "P-1DT2H", "PT0S", "P1DT2H", "PT-0.000001S"],
  },
  JSON: { type: t.SqlJSON(), values: [{ a: [1, "x", null], b: { c: true } }, "str", 5, 1.5, [], false] },
  UUID: {
    type: t.UUID(),
    values: ["123E4567-E89B-12D3-A456-426614174000", "00000000-0000-0000-0000-000000000000"],
    expected: ["123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000"],
  },
  Enum: { type: Status, values: ["todo", "in progress", "it's", "a\\b", "done"] },
  LargeBinary: { type: t.LargeBinary(), values: [allBytes, new Uint8Array(0)] },
  "LargeBinary(16)": { type: t.LargeBinary(16), values: [allBytes.slice(0, 16)] },
  "custom over Enum": {
    type: t.customType<boolean, "todo" | "in progress" | "it's" | "a\\b" | "done">({
      impl: Status,
      toDriver: (v) => (v ? "done" : "todo"),
      fromDriver: (v) => v === "done",
    }),
    values: [true, false],
  },
};

/** Binary values compare by content (drivers return Buffers, which are Uint8Arrays). */
const comparable = (v: unknown): unknown => (v instanceof Uint8Array ? [...v] : v);

describeEachDialect("types: DDL names and round trips", (ctx) => {
  const engine = engines(ctx);
  const caps = capabilitiesOf(ctx);
  // Known without connecting, like the capabilities (needed while the tests are being collected).
  const dialect = createEngine(ctx.serverUrl).dialect;

  beforeAll(async () => {
    // The named type an enum column refers to, where enums are named types (created as the DDL layer will).
    if (caps.enumStyle === "named-type") {
      const values = Status.values.map((v) => dialect.quoteString(v)).join(", ");
      await ctx.adminQuery(`CREATE TYPE ${dialect.typeSql(Status)} AS ENUM (${values})`);
    }
  });

  Object.entries(CASES).forEach(([name, { type, values, expected = values }], index) => {
    const unsupported = type instanceof t.IntervalType && !caps.intervalType;
    it.skipIf(unsupported)(`${name} round-trips through ${"`"}typeSql${"`"} columns`, async () => {
      const table = `types_${index}`;
      await ctx.adminQuery(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, v ${dialect.typeSql(type)})`);
      const e = engine();
      const insert = text(`insert into ${table} (id, v) values (:id, :v)`).bindTypes({ v: type });
      await e.begin(async (conn) => {
        await conn.execute(
          insert,
          values.map((v, id) => ({ id, v })),
        );
        await conn.execute(insert, { id: values.length, v: null });
      });
      await using conn = await e.connect();
      const read = text(`select v from ${table} order by id`).columns({ v: type });
      const got = (await conn.execute(read)).scalars().all();
      expect(got.map(comparable)).toEqual([...expected, null].map(comparable));
    });
  });

  it.skipIf(caps.intervalType)("has no interval column type", () => {
    expect(() => dialect.typeSql(t.Interval())).toThrow(/intervalType is false/);
  });

  it("keeps an enum column to its values in the database itself", async () => {
    const type = dialect.typeSql(Status, { table: "enum_guard", column: "v" });
    // Where the dialect's enum is a VARCHAR, the CHECK constraint is what guards it.
    const check = caps.enumStyle === "check" ? `, CHECK (${dialect.enumCheckSql(Status, "v")})` : "";
    await ctx.adminQuery(`CREATE TABLE enum_guard (id INTEGER PRIMARY KEY, v ${type}${check})`);
    const insert = (id: number, v: string): Promise<unknown> =>
      ctx.adminQuery(`INSERT INTO enum_guard (id, v) VALUES (${id}, ${dialect.quoteString(v)})`);
    for (const [i, v] of Status.values.entries()) await insert(i, v);
    await expect(insert(10, "later")).rejects.toThrow();
    const rows = await ctx.adminQuery("SELECT v FROM enum_guard ORDER BY id");
    expect(rows.map((r) => r.v)).toEqual(Status.values);
  });

  it("reads a value the enum does not declare as a DataError", async () => {
    await ctx.adminQuery(
      `CREATE TABLE enum_widen (v ${caps.enumStyle === "inline" ? "ENUM('todo', 'archived')" : "VARCHAR(10)"})`,
    );
    await ctx.adminQuery("INSERT INTO enum_widen (v) VALUES ('archived')");
    const e = engine();
    await using conn = await e.connect();
    await expect(conn.execute(text("select v from enum_widen").columns({ v: Status }))).rejects.toThrow(
      /not one of "todo"/,
    );
  });
});
