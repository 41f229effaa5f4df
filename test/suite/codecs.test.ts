import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import {
  BigInteger,
  Boolean as SqlBoolean,
  DataError,
  Date as SqlDate,
  DateTime,
  Float,
  Integer,
  JSON as SqlJSON,
  LargeBinary,
  Numeric,
  String as SqlString,
  Text,
  Time,
  UUID,
  cast,
  column,
  customType,
  func,
  MetaData,
  select as coreSelect,
  Table,
  text,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { engines, fixtureTypes } from "./support.js";

// Run this file in a zone with DST so that any accidental use of local time would show.
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = "America/New_York";
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const types = {
  i: Integer(),
  big: BigInteger(),
  num: Numeric(20, 2),
  f: Float(),
  b: SqlBoolean(),
  s: SqlString(200),
  t: Text(),
  dt: DateTime(),
  dtz: DateTime({ timezone: true }),
  d: SqlDate(),
  tm: Time(),
  j: SqlJSON<unknown>(),
  u: UUID(),
  bin: LargeBinary(),
};
type Key = keyof typeof types;
const keys = Object.keys(types) as Key[];

const insert = text(
  `insert into codec_t (id, ${keys.join(", ")}) values (:id, ${keys.map((k) => `:${k}`).join(", ")})`,
).bindTypes(types);
const selectWide = text("select num from codec_t where id = :id").columns({ num: Numeric(20, 2) });
const select = text(`select ${keys.join(", ")} from codec_t where id = :id`).columns(types);

/** The test table as Core sees it, for expressions over its columns. */
const codecTable = new Table("codec_t", new MetaData(), { id: column(Integer()).primaryKey(), dt: column(DateTime()) });

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

/** Edge values that must come back identical on every database. */
const cases: Record<string, Partial<Record<Key, unknown>>> = {
  max: {
    i: 2147483647,
    big: 9223372036854775807n,
    num: "9999999999999.99",
    f: Number.MAX_VALUE,
    b: true,
    s: "😀 𝌆 中文 ñ é\u200b\ttab",
    t: "x".repeat(70_000),
    dt: new Date("2024-03-10T07:30:00.123Z"),
    dtz: new Date("2024-03-31T01:30:00.999Z"),
    d: "2024-02-29",
    tm: "23:59:59",
    j: { nested: { list: [1, "two", null, true], emoji: "😀" }, n: 1.5 },
    u: "123e4567-e89b-12d3-a456-426614174000",
    bin: allBytes,
  },
  min: {
    i: -2147483648,
    big: -9223372036854775808n,
    num: "-9999999999999.99",
    f: 0.1 + 0.2,
    b: false,
    s: "",
    t: "",
    dt: new Date("2024-11-03T06:30:00.000Z"),
    dtz: new Date("1970-01-01T00:00:00.000Z"),
    d: "1970-01-01",
    tm: "00:00:00",
    j: [],
    u: "00000000-0000-0000-0000-000000000000",
    bin: new Uint8Array(0),
  },
  nulls: Object.fromEntries(keys.map((k) => [k, null])),
  json_scalars: { j: "a string", num: "0.10", f: 0 },
};

describeEachDialect("codecs", (ctx) => {
  const engine = engines(ctx);

  beforeEach(async () => {
    const ft = fixtureTypes(ctx);
    await ctx.adminQuery("DROP TABLE IF EXISTS codec_t");
    await ctx.adminQuery(
      `CREATE TABLE codec_t (id INTEGER PRIMARY KEY, i INTEGER, big ${ft.bigint}, num ${ft.numeric}, f ${ft.float}, b ${ft.boolean}, ` +
        `s VARCHAR(200), t ${ft.text}, dt ${ft.datetime}, dtz ${ft.datetimetz}, d ${ft.date}, tm ${ft.time}, j ${ft.json}, u ${ft.uuid}, bin ${ft.binary})`,
    );
  });

  for (const [name, values] of Object.entries(cases)) {
    it(`round-trips ${name} values exactly`, async () => {
      const e = engine();
      const params = Object.fromEntries(keys.map((k) => [k, k in values ? values[k] : null]));
      await e.begin(async (conn) => {
        await conn.execute(insert, { id: 1, ...params });
      });
      await using conn = await e.connect();
      const row = (await conn.execute(select, { id: 1 })).one();
      for (const k of keys) {
        const expected = params[k];
        if (expected instanceof Uint8Array) {
          expect(row[k], k).toBeInstanceOf(Uint8Array);
          expect(Buffer.from(row[k] as Uint8Array).equals(Buffer.from(expected)), k).toBe(true);
        } else {
          expect(row[k], k).toEqual(expected);
        }
      }
    });
  }

  it("exact decimals: 0.1 + 0.2 is 0.30 and sums keep every digit", async () => {
    const e = engine();
    await e.begin(async (conn) => {
      await conn.execute(insert, [
        { id: 1, ...Object.fromEntries(keys.map((k) => [k, null])), num: "0.1" },
        { id: 2, ...Object.fromEntries(keys.map((k) => [k, null])), num: "0.2" },
      ]);
    });
    await using conn = await e.connect();
    const sum = text("select sum(num) as total from codec_t").columns({ total: Numeric(20, 2) });
    expect((await conn.execute(sum)).scalarOne()).toBe("0.30");
    const nums = await conn.execute(text("select num from codec_t order by id").columns({ num: Numeric(20, 2) }));
    expect(nums.scalars().all()).toEqual(["0.10", "0.20"]);
  });

  it("empty strings stay empty strings and NULL stays null", async () => {
    const e = engine();
    await e.begin(async (conn) => {
      await conn.execute(insert, [
        { id: 1, ...Object.fromEntries(keys.map((k) => [k, null])), s: "" },
        { id: 2, ...Object.fromEntries(keys.map((k) => [k, null])) },
      ]);
    });
    await using conn = await e.connect();
    const r = await conn.execute(
      text("select s, s is null as s_is_null from codec_t order by id").columns({
        s: SqlString(),
        s_is_null: SqlBoolean(),
      }),
    );
    expect(r.all().map((row) => [row.s, row.s_is_null])).toEqual([
      ["", false],
      [null, true],
    ]);
  });

  it("datetimes are stored as UTC wall-clock time, independent of the host zone", async () => {
    const e = engine();
    const when = new Date("2024-03-10T07:30:00.000Z"); // 02:30 local in New York does not exist that day
    await e.begin(async (conn) => {
      await conn.execute(insert, { id: 1, ...Object.fromEntries(keys.map((k) => [k, null])), dt: when });
    });
    await using conn = await e.connect();
    // The stored text, whatever the database: the first 19 characters of the value cast to a string.
    const asText = func.fn<string>("substr", cast(codecTable.c.dt, SqlString()), 1, 19).label("v");
    const stored = (await conn.execute(coreSelect(asText))).scalarOne();
    expect(stored).toBe("2024-03-10 07:30:00");
  });

  it("decimals keep every digit up to the dialect's exact limit, and beyond it are DataErrors", async () => {
    const e = engine();
    const digits = e.dialect.capabilities.maxDecimalDigits;
    const nulls = Object.fromEntries(keys.map((k) => [k, null]));
    const wide = digits >= 20 ? "-999999999999999999.99" : "-9999999999999.99";
    await e.begin(async (conn) => {
      await conn.execute(insert, { id: 1, ...nulls, num: wide });
    });
    await using conn = await e.connect();
    expect((await conn.execute(selectWide, { id: 1 })).scalarOne()).toBe(wide);
    if (digits < 20) {
      await expect(conn.execute(insert, { id: 2, ...nulls, num: "999999999999999999.99" })).rejects.toThrow(
        new RegExp(`Bind parameter 'num'.*${digits} significant digits`),
      );
    }
  });

  it("a custom type encodes and decodes through its impl", async () => {
    const e = engine();
    const Tags = customType<string[], string>({
      impl: SqlString(200),
      name: "Tags",
      toDriver: (v) => v.join(","),
      fromDriver: (v) => v.split(","),
    });
    await e.begin(async (conn) => {
      await conn.execute(insert.bindTypes({ s: Tags }), {
        id: 1,
        ...Object.fromEntries(keys.map((k) => [k, null])),
        s: ["a", "b"],
      });
    });
    await using conn = await e.connect();
    const raw = (await conn.execute(text("select s from codec_t").columns({ s: SqlString() }))).scalarOne();
    expect(raw).toBe("a,b");
    const tags = (await conn.execute(text("select s from codec_t").columns({ s: Tags }))).scalarOne();
    expect(tags).toEqual(["a", "b"]);
  });

  it("values that do not fit their type are DataErrors raised before sending", async () => {
    const e = engine();
    const sent: string[] = [];
    e.on("beforeExecute", (ev) => {
      sent.push(ev.sql);
    });
    await using conn = await e.connect();
    const base = { id: 1, ...Object.fromEntries(keys.map((k) => [k, null])) };
    const bad: Partial<Record<Key, unknown>>[] = [
      { i: 1.5 },
      { i: 2 ** 53 },
      { big: 2n ** 63n },
      { big: 1.5 },
      { num: "12abc" },
      { num: Number.NaN },
      { b: "yes" },
      { dt: new Date("nonsense") },
      { d: "2024-13" },
      { u: "not-a-uuid" },
      { j: () => 1 },
      { bin: "not bytes" },
    ];
    for (const value of bad) {
      const err = await conn.execute(insert, { ...base, ...value }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(err, JSON.stringify(Object.keys(value))).toBeInstanceOf(DataError);
      expect((err as Error).message).toMatch(/Bind parameter '\w+'/);
    }
    expect(sent).toEqual([]);
  });

  it("an integer column read as Integer() that does not fit a JS number is a DataError, not a rounded value", async () => {
    const e = engine();
    await using conn = await e.connect();
    const stmt = text("select 9223372036854775807 as v").columns({ v: Integer() });
    await expect(conn.execute(stmt)).rejects.toThrow(DataError);
    const ok = text("select 9223372036854775807 as v").columns({ v: BigInteger() });
    expect((await conn.execute(ok)).scalarOne()).toBe(9223372036854775807n);
  });
});
