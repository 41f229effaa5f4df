/**
 * MySQL / MariaDB values through the mysql2 adapter: every wire type written with the dialect's bind
 * processors and read back through the text protocol, the binary protocol and cursors; untyped results
 * and binds.
 */

import { describe, expect, it } from "vitest";
import type { DriverResult } from "../../src/driver/driver.js";
import { DataError } from "../../src/errors/index.js";
import * as t from "../../src/types/index.js";
import { dialect, drain, untypedRow, useScratchDatabase } from "./mysql-support.js";

const ctx = useScratchDatabase();
const connect = ctx.connect.bind(ctx);

/** One wire-type case: the column DDL, the SQL type, values to write and the values expected back. */
interface WireCase {
  readonly name: string;
  readonly ddl: string;
  readonly type: t.SqlType;
  readonly values: readonly unknown[];
  readonly expected?: readonly unknown[];
}

const yesNo = t.customType<"yes" | "no", boolean>({
  impl: t.SqlBoolean(),
  name: "YesNo",
  toDriver: (v) => v === "yes",
  fromDriver: (b) => (b ? "yes" : "no"),
});

const WIRE_CASES: readonly WireCase[] = [
  { name: "integer", ddl: "INT", type: t.Integer(), values: [0, 1, -1, 2147483647, -2147483648] },
  { name: "smallint", ddl: "SMALLINT", type: t.SmallInteger(), values: [32767, -32768] },
  {
    name: "bigint",
    ddl: "BIGINT",
    type: t.BigInteger(),
    values: [0n, 9007199254740993n, -(2n ** 63n), 2n ** 63n - 1n],
  },
  {
    name: "numeric",
    ddl: "DECIMAL(30, 10)",
    type: t.Numeric(30, 10),
    values: ["0", "12345678901234567890.1234567890", "-0.0000000001", 1.5],
    expected: ["0.0000000000", "12345678901234567890.1234567890", "-0.0000000001", "1.5000000000"],
  },
  { name: "double", ddl: "DOUBLE", type: t.Float(), values: [0, 1.1, -2.5e-300, 1.7976931348623157e308, 0.1 + 0.2] },
  // FLOAT is single precision: values with at most six significant digits survive the text protocol too.
  { name: "float32", ddl: "FLOAT", type: t.Float(), values: [1.1, 0.5, -2.25, 123456] },
  { name: "boolean", ddl: "TINYINT(1)", type: t.SqlBoolean(), values: [true, false] },
  {
    name: "string",
    ddl: "VARCHAR(100)",
    type: t.SqlString(100),
    values: ["", "hello", "emoji 😀 ünïcödé", "quote ' \" \\ ?"],
  },
  { name: "text", ddl: "MEDIUMTEXT", type: t.Text(), values: ["x".repeat(100_000)] },
  {
    name: "datetime",
    ddl: "DATETIME(3)",
    type: t.DateTime(),
    values: [
      new Date(0),
      new Date("2024-02-29T23:59:59.999Z"),
      new Date("1000-01-01T00:00:00.000Z"),
      new Date("9999-12-31T23:59:59.999Z"),
    ],
  },
  {
    name: "datetime_tz",
    ddl: "DATETIME(3)",
    type: t.DateTime({ timezone: true }),
    values: [new Date("2024-06-01T12:34:56.789Z")],
  },
  {
    name: "timestamp",
    ddl: "TIMESTAMP(3) NULL",
    type: t.DateTime(),
    values: [
      new Date("2038-01-19T03:14:07.999Z"),
      new Date("1970-01-01T00:00:01.000Z"),
      new Date("2024-03-31T01:30:00.500Z"),
    ],
  },
  {
    name: "date",
    ddl: "DATE",
    type: t.SqlDate(),
    values: ["2024-02-29", "1000-01-01", "9999-12-31", new Date("2024-05-06T23:59:00Z")],
    expected: ["2024-02-29", "1000-01-01", "9999-12-31", "2024-05-06"],
  },
  { name: "time", ddl: "TIME", type: t.Time(), values: ["00:00:00", "23:59:59", "12:34:56"] },
  {
    name: "time3",
    ddl: "TIME(3)",
    type: t.Time(),
    values: ["12:34:56.500", "01:02:03.123", "10:00:00"],
    expected: ["12:34:56.5", "01:02:03.123", "10:00:00"],
  },
  {
    name: "json",
    ddl: "JSON",
    type: t.SqlJSON(),
    values: [{ a: [1, 2.5, "x"], b: null, c: { d: true } }, [1, 2, 3], "str", 42, false],
  },
  {
    name: "uuid",
    ddl: "CHAR(36)",
    type: t.UUID(),
    values: ["123E4567-E89B-12D3-A456-426614174000"],
    expected: ["123e4567-e89b-12d3-a456-426614174000"],
  },
  {
    name: "blob",
    ddl: "BLOB",
    type: t.LargeBinary(),
    values: [Buffer.from([0, 1, 2, 255]), new Uint8Array([]), Buffer.alloc(1000, 7)],
  },
  { name: "varbinary", ddl: "VARBINARY(16)", type: t.LargeBinary(16), values: [new Uint8Array([97, 0, 98])] },
  { name: "custom", ddl: "TINYINT(1)", type: yesNo, values: ["yes", "no"] },
];

/** Normalises binary values so that a Buffer and a Uint8Array with the same bytes compare equal. */
function comparable(values: readonly unknown[]): unknown[] {
  return values.map((v) => (v instanceof Uint8Array ? [...v] : v));
}

describe("wire types", () => {
  for (const c of WIRE_CASES) {
    it(`round-trips ${c.name} (${c.ddl}) through both protocols and a cursor`, async () => {
      const conn = await connect();
      const table = dialect.quoteIdentifier(`wt_${c.name}`);
      await conn.execute(`CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, v ${c.ddl})`, []);
      const { bind, result } = dialect.processors(c.type);
      for (const value of [...c.values, null]) await conn.execute(`INSERT INTO ${table} (v) VALUES (?)`, [bind(value)]);
      const expected = comparable([...(c.expected ?? c.values), null]);
      const decode = (r: DriverResult | unknown[][]): unknown[] =>
        comparable(("rows" in r ? r.rows : r).map((row) => result(row[0])));
      // Text protocol (no parameters), binary protocol (prepared), and a streaming cursor on each.
      expect(decode(await conn.execute(`SELECT v FROM ${table} ORDER BY id`, []))).toEqual(expected);
      expect(decode(await conn.execute(`SELECT v FROM ${table} WHERE id > ? ORDER BY id`, [0]))).toEqual(expected);
      expect(decode(await drain(await conn.openCursor(`SELECT v FROM ${table} ORDER BY id`, []), 2))).toEqual(expected);
      expect(
        decode(await drain(await conn.openCursor(`SELECT v FROM ${table} WHERE id > ? ORDER BY id`, [0]), 2)),
      ).toEqual(expected);
    });
  }

  it("returns the shortest decimal of a single-precision FLOAT under the binary protocol", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE f32 (v FLOAT)", []);
    for (const v of [0.1234567, 3.4028234663852886e38, 1 / 3]) await conn.execute("INSERT INTO f32 VALUES (?)", [v]);
    const r = await conn.execute("SELECT v FROM f32 WHERE v IS NOT NULL OR ? = 1", [1]);
    expect(r.rows.map((row) => row[0])).toEqual([0.1234567, 3.4028235e38, 0.33333334]);
  });

  it("compares BIGINT columns with bigint parameters exactly", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE bigs (v BIGINT)", []);
    await conn.execute(
      "INSERT INTO bigs VALUES (9007199254740992), (9007199254740993), (9223372036854775806), (9223372036854775807)",
      [],
    );
    const bind = dialect.processors(t.BigInteger()).bind;
    for (const v of [9007199254740993n, 9223372036854775806n]) {
      const r = await conn.execute("SELECT v FROM bigs WHERE v = ?", [bind(v)]);
      expect(r.rows).toEqual([[v.toString()]]);
    }
    // Integers go as 64-bit integer parameters (MySQL 8 refuses a DOUBLE for LIMIT ?).
    const limited = await conn.execute("SELECT v, ? AS p FROM bigs ORDER BY v LIMIT ?", [
      dialect.bindUntyped(5),
      dialect.bindUntyped(1),
    ]);
    expect(limited.rows).toEqual([["9007199254740992", "5"]]);
    expect(limited.fields[1]?.typeId).toBe(8);
  });

  it("refuses MySQL's zero date for DateTime instead of inventing a Date", async () => {
    const conn = await connect();
    await conn.execute("SET SESSION sql_mode = ''", []);
    await conn.execute("CREATE TABLE zd (v DATETIME(3))", []);
    await conn.execute("INSERT INTO zd VALUES ('0000-00-00 00:00:00')", []);
    const r = await conn.execute("SELECT v FROM zd", []);
    expect(() => dialect.processors(t.DateTime()).result(r.rows[0]?.[0])).toThrow(DataError);
    expect(dialect.untypedResult(r.fields[0]!)?.(r.rows[0]?.[0])).toBe("0000-00-00 00:00:00.000");
  });
});

describe("untyped values", () => {
  const UNTYPED_SQL =
    "SELECT CAST(? AS SIGNED) AS small_big, CAST(? AS SIGNED) AS huge, COUNT(*) AS n, CAST(1.50 AS DECIMAL(5,2)) AS dec_, " +
    "CAST('2024-02-29 12:34:56.789' AS DATETIME(3)) AS dt, CAST('2024-02-29' AS DATE) AS d, CAST('12:30:00.500' AS TIME(3)) AS tm, " +
    "JSON_OBJECT('k', 1, 'l', JSON_ARRAY(true, null)) AS js, UNHEX('00FF') AS bin, CAST(1 AS UNSIGNED) > 0 AS flag, 'text' AS s, 2.5e0 AS dbl";

  for (const prepared of [false, true]) {
    it(`decodes untyped results by the driver's field types (${prepared ? "binary" : "text"} protocol)`, async () => {
      const conn = await connect();
      const params = ["42", "9223372036854775807"];
      // The text protocol takes no parameters: inline them for that run.
      const r = prepared
        ? await conn.execute(UNTYPED_SQL, params)
        : await conn.execute(UNTYPED_SQL.replace("?", "42").replace("?", "9223372036854775807"), []);
      const row = untypedRow(r);
      expect(row).toEqual([
        42,
        9223372036854775807n,
        1,
        "1.50",
        new Date("2024-02-29T12:34:56.789Z"),
        "2024-02-29",
        "12:30:00.5",
        { k: 1, l: [true, null] },
        Buffer.from([0, 255]),
        1,
        "text",
        2.5,
      ]);
      expect(dialect.untypedResult(r.fields[1]!)?.(null)).toBeNull();
    });
  }

  it("binds untyped values by their JS type", async () => {
    const conn = await connect();
    const values = [
      true,
      false,
      9223372036854775807n,
      new Date("2024-01-02T03:04:05.678Z"),
      new Uint8Array([1, 2]),
      { a: [1] },
      "s",
      1.5,
      null,
    ];
    const bound = values.map((v) => dialect.bindUntyped(v));
    expect(bound).toEqual([
      1,
      0,
      9223372036854775807n,
      "2024-01-02 03:04:05.678",
      Buffer.from([1, 2]),
      '{"a":[1]}',
      "s",
      1.5,
      null,
    ]);
    const r = await conn.execute(
      "SELECT ?, ?, ?, CAST(? AS DATETIME(3)), ?, JSON_EXTRACT(?, '$.a[0]'), ?, ?, ?",
      bound,
    );
    const row = untypedRow(r);
    expect(row).toEqual([
      1,
      0,
      9223372036854775807n,
      new Date("2024-01-02T03:04:05.678Z"),
      Buffer.from([1, 2]),
      row[5],
      "s",
      1.5,
      null,
    ]);
    expect(Number(row[5])).toBe(1);
  });
});
