/**
 * The pg adapter and the PostgreSQL dialect, directly on a real PostgreSQL (no engine): connections,
 * statements, every wire type, untyped values, cursors, error classification and killed connections.
 */

import { inspect } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseArrayLiteral, pgDriver } from "../../src/drivers/pg.js";
import { packageLoader } from "../../src/driver/load-package.js";
import { PostgreSQLDialect } from "../../src/dialects/postgresql/index.js";
import type { DriverConnection, DriverConnectOptions } from "../../src/driver/driver.js";
import type { IsolationLevel } from "../../src/dialect/dialect.js";
import {
  ArgumentError,
  CheckViolationError,
  DataError,
  type DBAPIError,
  DriverNotInstalledError,
  ForeignKeyViolationError,
  IntegrityError,
  InterfaceError,
  InvalidRequestError,
  NotNullViolationError,
  OperationalError,
  ProgrammingError,
  UniqueViolationError,
} from "../../src/errors/index.js";
import * as t from "../../src/types/index.js";

const dialect = new PostgreSQLDialect();
const DB = `athanor_h_pg_${process.pid}`;
const PASSWORD = "pw-Never-Shown-7781";
const base: DriverConnectOptions = {
  host: "127.0.0.1",
  port: 5432,
  username: "postgres",
  password: PASSWORD,
  query: {},
};

const opened: DriverConnection[] = [];

/** A connection to the scratch database, set up as the engine will (connectSql). */
async function connect(database = DB): Promise<DriverConnection> {
  const conn = await pgDriver.connect({ ...base, database });
  opened.push(conn);
  for (const sql of dialect.connectSql()) await conn.execute(sql, []);
  return conn;
}

/** Runs `fn`, expecting it to fail; returns the translated error. */
async function failure(fn: () => Promise<unknown>, sql = "(test)"): Promise<DBAPIError> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a failure").toBeDefined();
  return dialect.translateError(caught, pgDriver.describeError(caught), { sql }) as DBAPIError;
}

let admin: DriverConnection;
let conn: DriverConnection;

beforeAll(async () => {
  admin = await pgDriver.connect({ ...base, database: "test" });
  await admin.execute(`DROP DATABASE IF EXISTS ${dialect.quoteIdentifier(DB)}`, []);
  await admin.execute(`CREATE DATABASE ${dialect.quoteIdentifier(DB)}`, []);
  conn = await connect();
});

afterAll(async () => {
  for (const c of opened) await c.close();
  await admin.execute(`DROP DATABASE IF EXISTS ${dialect.quoteIdentifier(DB)} WITH (FORCE)`, []);
  await admin.close();
});

describe("dialect hooks", () => {
  test("placeholders, quoting and capabilities", () => {
    expect(dialect.name).toBe("postgresql");
    expect([0, 1, 9].map((i) => dialect.placeholder(i))).toEqual(["$1", "$2", "$10"]);
    expect(dialect.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(dialect.capabilities).toMatchObject({
      savepoints: true,
      transactionalDdl: true,
      lastrowid: false,
      killConnection: true,
      maxParameters: 65535,
    });
    expect(dialect.capabilities.isolationLevels).toHaveLength(5);
    expect(dialect.defaultIsolationLevel).toBe("READ COMMITTED");
  });

  test("sessions run in UTC after connectSql", async () => {
    const { rows } = await conn.execute("SHOW TimeZone", []);
    expect(rows).toEqual([["UTC"]]);
  });

  test("isolation levels round-trip through SET SESSION CHARACTERISTICS and SHOW", async () => {
    const c = await connect();
    const levels = dialect.capabilities.isolationLevels.filter(
      (l): l is Exclude<IsolationLevel, "AUTOCOMMIT"> => l !== "AUTOCOMMIT",
    );
    for (const level of levels) {
      for (const sql of dialect.setIsolationLevelSql(level)) await c.execute(sql, []);
      const { rows } = await c.execute(dialect.isolationLevelQuery(), []);
      expect(dialect.parseIsolationLevel(rows[0]?.[0])).toBe(level);
    }
    const { rows } = await (await connect()).execute(dialect.isolationLevelQuery(), []);
    expect(dialect.parseIsolationLevel(rows[0]?.[0])).toBe(dialect.defaultIsolationLevel);
  });

  test("transaction and savepoint SQL", async () => {
    await conn.execute("CREATE TABLE tx_t (v int)", []);
    await conn.execute(dialect.beginSql(), []);
    await conn.execute("INSERT INTO tx_t VALUES (1)", []);
    await conn.execute(dialect.savepointSql("sp 1"), []);
    await conn.execute("INSERT INTO tx_t VALUES (2)", []);
    await conn.execute(dialect.rollbackToSavepointSql("sp 1"), []);
    await conn.execute(dialect.releaseSavepointSql("sp 1"), []);
    await conn.execute(dialect.commitSql(), []);
    await conn.execute(dialect.beginSql(), []);
    await conn.execute("INSERT INTO tx_t VALUES (3)", []);
    await conn.execute(dialect.rollbackSql(), []);
    expect((await conn.execute("SELECT v FROM tx_t", [])).rows).toEqual([[1]]);
  });
});

describe("connection", () => {
  test("serverId is the backend pid; ping works", async () => {
    const { rows } = await conn.execute("SELECT pg_backend_pid()", []);
    expect(conn.serverId).toBe(rows[0]?.[0]);
    await expect(conn.ping()).resolves.toBeUndefined();
  });

  test("the password appears nowhere on the connection object", () => {
    expect(inspect(conn, { depth: 10, showHidden: true })).not.toContain(PASSWORD);
    expect(JSON.stringify(conn)).not.toContain(PASSWORD);
    expect(Object.keys(conn)).toEqual(["serverId"]);
  });

  test("URL options are applied; unknown ones are rejected", async () => {
    const c = await pgDriver.connect({
      ...base,
      database: DB,
      query: { application_name: "athanor-test", statement_timeout: "12345" },
    });
    opened.push(c);
    const { rows } = await c.execute(
      "SELECT current_setting('application_name'), current_setting('statement_timeout')",
      [],
    );
    expect(rows).toEqual([["athanor-test", "12345ms"]]);
    await expect(pgDriver.connect({ ...base, database: DB, query: { sslmod: "disable" } })).rejects.toBeInstanceOf(
      ArgumentError,
    );
    await expect(
      pgDriver.connect({ ...base, database: DB, query: { statement_timeout: "soon" } }),
    ).rejects.toBeInstanceOf(ArgumentError);
  });

  test("close is idempotent and does not throw", async () => {
    const c = await connect();
    await c.close();
    await c.close();
    const err = await failure(() => c.execute("SELECT 1", []));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.connectionInvalidated).toBe(true);
  });
});

describe("execute", () => {
  test("positional parameters, fields, rowCount and no lastInsertId", async () => {
    await conn.execute("CREATE TABLE ex_t (id serial PRIMARY KEY, name text NOT NULL, n int)", []);
    const ins = await conn.execute("INSERT INTO ex_t (name, n) VALUES ($1, $2), ($3, $4)", ["a", 1, "b", 2]);
    expect(ins.rowCount).toBe(2);
    expect(ins.fields).toEqual([]);
    expect(ins.rows).toEqual([]);
    expect(ins.lastInsertId).toBeUndefined();

    const ret = await conn.execute("INSERT INTO ex_t (name) VALUES ($1) RETURNING id, name", ["c"]);
    expect(ret.rows).toEqual([[3, "c"]]);
    expect(ret.rowCount).toBe(1);

    const sel = await conn.execute("SELECT id, name AS label, n FROM ex_t WHERE id <= $1 ORDER BY id", [2]);
    expect(sel.fields).toEqual([
      { name: "id", typeId: 23 },
      { name: "label", typeId: 25 },
      { name: "n", typeId: 23 },
    ]);
    expect(sel.rows).toEqual([
      [1, "a", 1],
      [2, "b", 2],
    ]);
    expect(sel.rowCount).toBe(2);

    expect((await conn.execute("UPDATE ex_t SET n = n + 1 WHERE n IS NOT NULL", [])).rowCount).toBe(2);
    expect((await conn.execute("DELETE FROM ex_t WHERE id = $1", [3])).rowCount).toBe(1);
    expect((await conn.execute("SELECT * FROM ex_t WHERE false", [])).rowCount).toBe(0);
  });

  test("duplicate column names stay apart in array rows", async () => {
    const { fields, rows } = await conn.execute("SELECT 1 AS x, 2 AS x", []);
    expect(fields.map((f) => f.name)).toEqual(["x", "x"]);
    expect(rows).toEqual([[1, 2]]);
  });

  test("several statements without parameters report the last", async () => {
    const { rows, fields } = await conn.execute("SELECT 1 AS a; SELECT 'two' AS b", []);
    expect(fields.map((f) => f.name)).toEqual(["b"]);
    expect(rows).toEqual([["two"]]);
  });
});

/** One wire type: the column DDL, the SqlType, and JS values that must come back identical. */
interface WireCase {
  readonly ddl: string;
  readonly type: t.SqlType;
  readonly values: readonly unknown[];
  /** The JS type of the raw driver value. */
  readonly raw: string;
  /** What JS value comes back for each input when it is normalised (default: the input). */
  readonly expected?: readonly unknown[];
}

const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const WIRE: Record<string, WireCase> = {
  integer: { ddl: "INTEGER", type: t.Integer(), values: [0, -2147483648, 2147483647], raw: "number" },
  smallint: { ddl: "SMALLINT", type: t.SmallInteger(), values: [-32768, 32767], raw: "number" },
  bigint: {
    ddl: "BIGINT",
    type: t.BigInteger(),
    values: [-(2n ** 63n), 2n ** 63n - 1n, 9007199254740993n, 0n],
    raw: "string",
  },
  numeric: {
    ddl: "NUMERIC(30, 6)",
    type: t.Numeric(30, 6),
    values: ["123456789012345678901234.123456", "-0.000001", "1e3", 0.5],
    expected: ["123456789012345678901234.123456", "-0.000001", "1000.000000", "0.500000"],
    raw: "string",
  },
  float: { ddl: "DOUBLE PRECISION", type: t.Float(), values: [0.1, -1.5e300, 5e-324, 0], raw: "number" },
  boolean: { ddl: "BOOLEAN", type: t.Boolean(), values: [true, false], raw: "boolean" },
  string: {
    ddl: "VARCHAR(100)",
    type: t.String(100),
    values: ["", "héllo wörld ✓", 'it\'s "quoted"', "\\x00 not binary"],
    raw: "string",
  },
  text: { ddl: "TEXT", type: t.Text(), values: ["x".repeat(100_000)], raw: "string" },
  datetime: {
    ddl: "TIMESTAMP(3)",
    type: t.DateTime(),
    values: [
      new Date(Date.UTC(2024, 2, 10, 2, 30, 0, 123)),
      new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999)),
      new Date(Date.UTC(2038, 0, 19, 3, 14, 8, 1)),
    ],
    raw: "string",
  },
  datetimeTz: {
    ddl: "TIMESTAMP(3) WITH TIME ZONE",
    type: t.DateTime({ timezone: true }),
    values: [new Date(Date.UTC(2024, 9, 27, 1, 30, 0, 500)), new Date(Date.UTC(1900, 0, 1, 0, 0, 0, 0))],
    raw: "string",
  },
  date: { ddl: "DATE", type: t.SqlDate(), values: ["2024-02-29", "1970-01-01", "0001-01-01"], raw: "string" },
  time: { ddl: "TIME(3)", type: t.Time(), values: ["00:00:00", "23:59:59.999", "12:30:00.5"], raw: "string" },
  json: {
    ddl: "JSON",
    type: t.SqlJSON(),
    values: [{ a: [1, "x", null, { b: true }], n: 1.5 }, [1, 2], "str", 0],
    raw: "string",
  },
  jsonb: { ddl: "JSONB", type: t.SqlJSON(), values: [{ nested: { deep: ["ü", -1e-7] } }, true], raw: "string" },
  uuid: {
    ddl: "UUID",
    type: t.UUID(),
    values: ["123E4567-E89B-12D3-A456-426614174000", "00000000-0000-0000-0000-000000000000"],
    expected: ["123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000"],
    raw: "string",
  },
  binary: {
    ddl: "BYTEA",
    type: t.LargeBinary(),
    values: [bytes, new Uint8Array([0, 1, 2]), Buffer.alloc(0)],
    expected: [bytes, Buffer.from([0, 1, 2]), Buffer.alloc(0)],
    raw: "object",
  },
  custom: {
    ddl: "TIMESTAMP(3)",
    type: t.customType<number, Date>({
      impl: t.DateTime(),
      toDriver: (ms) => new Date(ms),
      fromDriver: (d) => d.getTime(),
    }),
    values: [1_700_000_000_123],
    raw: "string",
  },
};

describe("wire types", () => {
  test.each(Object.entries(WIRE))("%s round-trips through bind → insert → select → result", async (name, c) => {
    const table = dialect.quoteIdentifier(`wire_${name}`);
    await conn.execute(`CREATE TABLE ${table} (i int PRIMARY KEY, v ${c.ddl})`, []);
    const p = dialect.processors(c.type);
    for (const [i, v] of c.values.entries()) {
      await conn.execute(`INSERT INTO ${table} (i, v) VALUES ($1, $2)`, [i, p.bind(v)]);
    }
    await conn.execute(`INSERT INTO ${table} (i, v) VALUES ($1, $2)`, [c.values.length, p.bind(null)]);
    const { rows } = await conn.execute(`SELECT v FROM ${table} ORDER BY i`, []);
    const raw = rows.map((r) => r[0]);
    expect(raw.at(-1)).toBeNull();
    for (const v of raw.slice(0, -1)) expect(typeof v).toBe(c.raw);
    const decoded = raw.map((v) => p.result(v));
    expect(decoded).toEqual([...(c.expected ?? c.values), null]);
  });

  test("naive timestamps hold UTC wall-clock time; timestamptz is the same instant", async () => {
    const d = new Date(Date.UTC(2024, 2, 31, 1, 2, 3, 45));
    const naive = dialect.processors(t.DateTime()).bind(d);
    const zoned = dialect.processors(t.DateTime({ timezone: true })).bind(d);
    expect(naive).toBe("2024-03-31 01:02:03.045");
    expect(zoned).toBe("2024-03-31T01:02:03.045Z");
    const { rows } = await conn.execute(
      "SELECT $1::timestamp(3)::text, $2::timestamptz(3) = $3::timestamp(3) AT TIME ZONE 'UTC'",
      [naive, zoned, naive],
    );
    expect(rows).toEqual([["2024-03-31 01:02:03.045", true]]);
  });

  test("typed results refuse what they cannot hold instead of losing it", () => {
    expect(() => dialect.processors(t.Integer()).result("9007199254740993")).toThrow(DataError);
    expect(() => dialect.processors(t.DateTime()).result("2024-01-01 00:00:00.123456")).toThrow(DataError);
  });

  test("arrays of lossy types arrive as arrays of text", async () => {
    const { rows } = await conn.execute(
      "SELECT ARRAY[9223372036854775807, NULL]::int8[], ARRAY[1.10, 2]::numeric[], ARRAY['2024-01-01 10:00:00.5']::timestamp[], ARRAY[['{\"a\": 1}', 'null']]::jsonb[], '[0:1]={1,2}'::int8[], '{}'::date[], ARRAY[1,2]::int4[]",
      [],
    );
    expect(rows[0]).toEqual([
      ["9223372036854775807", null],
      ["1.10", "2"],
      ["2024-01-01 10:00:00.5"],
      [['{"a": 1}', "null"]],
      ["1", "2"],
      [],
      [1, 2],
    ]);
  });
});

describe("untyped values", () => {
  test("results are decoded by the field's type", async () => {
    const { fields, rows } = await conn.execute(
      `SELECT 9007199254740993::int8, 42::int8, 1.50::numeric, '2024-01-02 03:04:05.678'::timestamp,
              '2024-01-02 03:04:05.678+02'::timestamptz, '2024-01-02 03:04:05.678912'::timestamp, 'infinity'::timestamp,
              '2024-01-02'::date, '12:00'::time, '{"a": 1}'::json, '{"b": [1]}'::jsonb,
              ARRAY[1, 9007199254740993]::int8[], ARRAY['2024-01-01 00:00:00', NULL]::timestamp[], ARRAY['{"x": 1}']::jsonb[],
              '\\x0102'::bytea, 5::int4, 2.5::float8, true, 'text'`,
      [],
    );
    const decoded = rows[0]!.map((v, i) => {
      const f = dialect.untypedResult(fields[i]!);
      return v === null || !f ? v : f(v);
    });
    expect(decoded).toEqual([
      9007199254740993n,
      42,
      "1.50",
      new Date("2024-01-02T03:04:05.678Z"),
      new Date("2024-01-02T01:04:05.678Z"),
      new Date("2024-01-02T03:04:05.678Z"),
      "infinity",
      "2024-01-02",
      "12:00:00",
      { a: 1 },
      { b: [1] },
      [1, 9007199254740993n],
      [new Date("2024-01-01T00:00:00Z"), null],
      [{ x: 1 }],
      Buffer.from([1, 2]),
      5,
      2.5,
      true,
      "text",
    ]);
  });

  test("binds are converted by JS type", async () => {
    const d = new Date(Date.UTC(2001, 1, 3, 4, 5, 6, 789));
    const params = [true, 2n ** 62n, d, d, { a: [1] }, new Uint8Array([9, 8]), null, "s", 1.25].map((v) =>
      dialect.bindUntyped(v),
    );
    const { rows } = await conn.execute(
      "SELECT $1::boolean, $2::int8::text, $3::timestamptz = '2001-02-03 04:05:06.789+00', $4::timestamp(3)::text, $5::jsonb -> 'a', $6::bytea, $7::int, $8::text, $9::float8",
      params,
    );
    expect(rows[0]).toEqual([
      true,
      String(2n ** 62n),
      true,
      "2001-02-03 04:05:06.789",
      "[1]",
      Buffer.from([9, 8]),
      null,
      "s",
      1.25,
    ]);
  });
});

/** The V8 garbage collector, exposed at run time so that heap measurements count live data only. */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe("cursors", () => {
  test("reads in batches; fields are known before the first read", async () => {
    const cursor = await conn.openCursor(
      "SELECT g AS n, g::int8 * 1000000000000 AS big FROM generate_series(1, $1::int) g",
      [10],
    );
    expect(cursor.fields).toEqual([
      { name: "n", typeId: 23 },
      { name: "big", typeId: 20 },
    ]);
    const batches: unknown[][][] = [];
    for (let batch = await cursor.read(4); batch.length > 0; batch = await cursor.read(4)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat()[9]).toEqual([10, "10000000000000"]);
    expect(await cursor.read(4)).toEqual([]);
    await cursor.close();
    await cursor.close();
    expect((await conn.execute("SELECT 1", [])).rows).toEqual([[1]]);
  });

  test("an empty result and a statement without rows", async () => {
    const empty = await conn.openCursor("SELECT 1 AS a WHERE false", []);
    expect(empty.fields.map((f) => f.name)).toEqual(["a"]);
    expect(await empty.read(10)).toEqual([]);
    await empty.close();
    await conn.execute("CREATE TABLE cur_dml (v int)", []);
    const dml = await conn.openCursor("INSERT INTO cur_dml VALUES (1)", []);
    expect(dml.fields).toEqual([]);
    expect(await dml.read(10)).toEqual([]);
    await dml.close();
    expect((await conn.execute("SELECT count(*) FROM cur_dml", [])).rows).toEqual([["1"]]);
  });

  test("closing early frees the connection, also inside a transaction", async () => {
    await conn.execute("BEGIN", []);
    const cursor = await conn.openCursor("SELECT g FROM generate_series(1, 1000) g", []);
    expect(await cursor.read(3)).toEqual([[1], [2], [3]]);
    await cursor.close();
    expect(await cursor.read(3)).toEqual([]);
    expect((await conn.execute("SELECT 'after'", [])).rows).toEqual([["after"]]);
    await conn.execute("COMMIT", []);
    await expect(cursor.read(0)).rejects.toBeInstanceOf(ArgumentError);
  });

  test("another statement while a cursor is open fails fast instead of waiting behind it", async () => {
    const cursor = await conn.openCursor("SELECT g FROM generate_series(1, 10) g", []);
    await expect(conn.execute("SELECT 1", [])).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(conn.openCursor("SELECT 1", [])).rejects.toBeInstanceOf(InvalidRequestError);
    expect(await cursor.read(100)).toHaveLength(10);
    expect((await conn.execute("SELECT 'free'", [])).rows).toEqual([["free"]]);
    await cursor.close();
  });

  test("errors surface when opening, and the connection stays usable", async () => {
    const syntax = await failure(() => conn.openCursor("SELEC 1", []));
    expect(syntax).toBeInstanceOf(ProgrammingError);
    expect(syntax.code).toBe("42601");
    const cursor = await conn.openCursor("SELECT 1 / (g - 3) FROM generate_series(1, 5) g", []);
    expect(await cursor.read(1)).toEqual([[0]]);
    const late = await failure(() => cursor.read(5));
    expect(late).toBeInstanceOf(DataError);
    expect(late.code).toBe("22012");
    await cursor.close();
    expect((await conn.execute("SELECT 2", [])).rows).toEqual([[2]]);
  });

  test("200k rows stream in bounded memory", async () => {
    const gc = exposeGc();
    const sql = "SELECT g, repeat('x', 200) || g::text AS pad FROM generate_series(1, $1::int) g";
    const c = await connect();

    // What buffering costs: the retained heap of 20k buffered rows, times ten.
    gc();
    const before = process.memoryUsage().heapUsed;
    const sample = await c.execute(sql, [20_000]);
    gc();
    const bufferAll = (process.memoryUsage().heapUsed - before) * 10;
    expect(sample.rows).toHaveLength(20_000);
    expect(bufferAll).toBeGreaterThan(40 * 1024 * 1024);

    gc();
    const baseline = process.memoryUsage().heapUsed;
    const cursor = await c.openCursor(sql, [200_000]);
    let count = 0;
    let sum = 0;
    let peak = 0;
    for (let batch = await cursor.read(1000), i = 0; batch.length > 0; batch = await cursor.read(1000), i++) {
      count += batch.length;
      for (const row of batch) sum += row[0] as number;
      if (i % 20 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    await cursor.close();
    expect(count).toBe(200_000);
    expect(sum).toBe((200_000 * 200_001) / 2);
    expect(peak).toBeLessThan(bufferAll / 10);
  });
});

describe("error classification", () => {
  beforeAll(async () => {
    await conn.execute(
      "CREATE TABLE parent (id int PRIMARY KEY, email varchar(5) UNIQUE, age int NOT NULL CHECK (age >= 0))",
      [],
    );
    await conn.execute("CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id))", []);
    await conn.execute("INSERT INTO parent VALUES (1, 'a@b', 30)", []);
  });

  const cases: ReadonlyArray<[string, string, readonly unknown[], new (...args: never[]) => DBAPIError, string]> = [
    ["unique", "INSERT INTO parent VALUES ($1, $2, $3)", [2, "a@b", 1], UniqueViolationError, "23505"],
    ["primary key", "INSERT INTO parent VALUES ($1, $2, $3)", [1, "z", 1], UniqueViolationError, "23505"],
    ["foreign key", "INSERT INTO child VALUES ($1, $2)", [1, 99], ForeignKeyViolationError, "23503"],
    ["not null", "INSERT INTO parent VALUES ($1, $2, $3)", [3, "c", null], NotNullViolationError, "23502"],
    ["check", "INSERT INTO parent VALUES ($1, $2, $3)", [4, "d", -1], CheckViolationError, "23514"],
    ["syntax", "SELEC 1", [], ProgrammingError, "42601"],
    ["unknown table", "SELECT * FROM no_such_table", [], ProgrammingError, "42P01"],
    ["unknown column", "SELECT no_such_column FROM parent", [], ProgrammingError, "42703"],
    ["unknown function", "SELECT no_such_function(1)", [], ProgrammingError, "42883"],
    ["out of range", "SELECT $1::int + 1", [2147483647], DataError, "22003"],
    ["bad input", "SELECT $1::int", ["abc"], DataError, "22P02"],
    ["division by zero", "SELECT 1 / $1::int", [0], DataError, "22012"],
    ["string too long", "INSERT INTO parent VALUES ($1, $2, $3)", [5, "toolong", 1], DataError, "22001"],
  ];

  test.each(cases)("%s", async (_name, sql, params, Cls, code) => {
    const err = await failure(() => conn.execute(sql, params), sql);
    expect(err).toBeInstanceOf(Cls);
    expect(err.code).toBe(code);
    expect(err.sql).toBe(sql);
    expect(err.connectionInvalidated).toBe(false);
    expect(err.message).toContain(`(postgresql ${code})`);
    expect(pgDriver.describeError(err.original)).toMatchObject({ code, disconnect: false });
    expect((await conn.execute("SELECT 1", [])).rows).toEqual([[1]]);
  });

  test("an integrity error without its own class is an IntegrityError", async () => {
    await conn.execute("CREATE TABLE excl (r int4range, EXCLUDE USING gist (r WITH &&))", []);
    await conn.execute("INSERT INTO excl VALUES ('[1,5)')", []);
    const err = await failure(() => conn.execute("INSERT INTO excl VALUES ('[3,7)')", []));
    expect(err.constructor).toBe(IntegrityError);
    expect(err.code).toBe("23P01");
  });

  test("deadlock → OperationalError", async () => {
    const a = await connect();
    const b = await connect();
    await a.execute("CREATE TABLE dl (id int PRIMARY KEY, v int)", []);
    await a.execute("INSERT INTO dl VALUES (1, 0), (2, 0)", []);
    for (const c of [a, b]) {
      await c.execute("SET deadlock_timeout = '50ms'", []);
      await c.execute("BEGIN", []);
    }
    await a.execute("UPDATE dl SET v = 1 WHERE id = 1", []);
    await b.execute("UPDATE dl SET v = 1 WHERE id = 2", []);
    const results = await Promise.allSettled([
      a.execute("UPDATE dl SET v = 2 WHERE id = 2", []),
      b.execute("UPDATE dl SET v = 2 WHERE id = 1", []),
    ]);
    for (const c of [a, b]) await c.execute("ROLLBACK", []);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    const err = await failure(() => Promise.reject(rejected[0]!.reason as Error));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.code).toBe("40P01");
    expect(err.connectionInvalidated).toBe(false);
  });

  test("lock timeout and serialization failure → OperationalError", async () => {
    const a = await connect();
    const b = await connect();
    await a.execute("CREATE TABLE lt (id int PRIMARY KEY, v int)", []);
    await a.execute("INSERT INTO lt VALUES (1, 0)", []);

    await a.execute("BEGIN", []);
    await a.execute("UPDATE lt SET v = 1 WHERE id = 1", []);
    await b.execute("SET lock_timeout = '50ms'", []);
    const lock = await failure(() => b.execute("UPDATE lt SET v = 2 WHERE id = 1", []));
    await a.execute("ROLLBACK", []);
    expect(lock).toBeInstanceOf(OperationalError);
    expect(lock.code).toBe("55P03");

    await b.execute("BEGIN ISOLATION LEVEL REPEATABLE READ", []);
    await b.execute("SELECT * FROM lt", []);
    await a.execute("UPDATE lt SET v = 3 WHERE id = 1", []);
    const serial = await failure(() => b.execute("UPDATE lt SET v = 4 WHERE id = 1", []));
    await b.execute("ROLLBACK", []);
    expect(serial).toBeInstanceOf(OperationalError);
    expect(serial.code).toBe("40001");
  });

  test("connection failures are operational and never show the password", async () => {
    const refused = await failure(() => pgDriver.connect({ ...base, port: 1, database: DB }));
    expect(refused).toBeInstanceOf(OperationalError);
    expect(refused.code).toBe("ECONNREFUSED");
    const noDb = await failure(() => pgDriver.connect({ ...base, database: "athanor_h_pg_does_not_exist" }));
    expect(noDb).toBeInstanceOf(OperationalError);
    expect(noDb.code).toBe("3D000");
    for (const err of [refused, noDb]) {
      expect(err.connectionInvalidated).toBe(true);
      expect(`${err.message}\n${err.stack ?? ""}\n${inspect(err, { depth: 5 })}`).not.toContain(PASSWORD);
      expect(String((err.original as Error).message)).not.toContain(PASSWORD);
    }
  });

  test("errors from elsewhere are not this driver's", () => {
    expect(pgDriver.describeError(new Error("something else"))).toBeUndefined();
    expect(pgDriver.describeError("a string")).toBeUndefined();
    expect(pgDriver.describeError(new TypeError("x"))).toBeUndefined();
    expect(dialect.translateError(new Error("odd"), undefined, {})).toBeInstanceOf(InterfaceError);
  });
});

describe("killed connections", () => {
  test("a kill during a statement is a disconnect", async () => {
    const victim = await connect();
    // The failure is observed from the start: the kill may reject the statement before the admin's reply arrives.
    const running = failure(() => victim.execute("SELECT pg_sleep(30)", []));
    // Wait until the statement is running on the server, then kill its backend.
    for (;;) {
      const { rows } = await admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'",
        [victim.serverId],
      );
      if (rows[0]?.[0] === "1") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await admin.execute("SELECT pg_terminate_backend($1)", [victim.serverId]);
    const err = await running;
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.code).toBe("57P01");
    expect(err.connectionInvalidated).toBe(true);
    const after = await failure(() => victim.execute("SELECT 1", []));
    expect(after).toBeInstanceOf(OperationalError);
    expect(after.connectionInvalidated).toBe(true);
    await expect(victim.ping()).rejects.toThrow();
    await expect(victim.close()).resolves.toBeUndefined();
  });

  test("an idle kill reaches onIdleError without crashing the process", async () => {
    const victim = await connect();
    const seen: unknown[] = [];
    const idle = new Promise<unknown>((resolve) =>
      victim.onIdleError((error) => {
        seen.push(error);
        resolve(error);
      }),
    );
    await admin.execute("SELECT pg_terminate_backend($1)", [victim.serverId]);
    const error = await idle;
    const info = pgDriver.describeError(error);
    expect(info?.disconnect).toBe(true);
    const translated = dialect.translateError(error, info, {}) as DBAPIError;
    expect(translated).toBeInstanceOf(OperationalError);
    expect(translated.connectionInvalidated).toBe(true);
    const next = await failure(() => victim.execute("SELECT 1", []));
    expect(next.connectionInvalidated).toBe(true);
    expect(seen).toHaveLength(1);
    await expect(victim.close()).resolves.toBeUndefined();
  });

  test("a kill while a cursor is open fails the next read as a disconnect", async () => {
    const victim = await connect();
    let idleCalls = 0;
    victim.onIdleError(() => idleCalls++);
    const cursor = await victim.openCursor("SELECT g FROM generate_series(1, 100000) g", []);
    expect(await cursor.read(10)).toHaveLength(10);
    await admin.execute("SELECT pg_terminate_backend($1)", [victim.serverId]);
    let err: DBAPIError | undefined;
    // Rows already sent before the kill may still be read; the failure follows.
    for (let i = 0; i < 100_000 && !err; i++) {
      try {
        if ((await cursor.read(1000)).length === 0) break;
      } catch (error) {
        err = dialect.translateError(error, pgDriver.describeError(error), {}) as DBAPIError;
      }
    }
    expect(err).toBeInstanceOf(OperationalError);
    expect(err?.connectionInvalidated).toBe(true);
    await expect(cursor.close()).resolves.toBeUndefined();
    await expect(victim.close()).resolves.toBeUndefined();
    expect(idleCalls).toBe(0);
  });
});

describe("package loading", () => {
  test("a missing driver package is a DriverNotInstalledError naming what to install", async () => {
    const missing = "athanor-no-such-driver-package";
    const err = await packageLoader("postgresql", missing, () => import(missing))().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverNotInstalledError);
    expect((err as Error).message).toBe(
      `The postgresql dialect needs the '${missing}' package: npm install ${missing}`,
    );
    const other = new Error("boom inside the package");
    await expect(packageLoader("postgresql", "pg", () => Promise.reject(other))()).rejects.toBe(other);
    let calls = 0;
    const flaky = packageLoader("postgresql", "pg", async () => {
      if (++calls === 1) throw other;
      return import("pg");
    });
    await expect(flaky()).rejects.toBe(other);
    await expect(flaky()).resolves.toHaveProperty("default.Client");
    expect(await flaky()).toBe(await flaky());
    expect(calls).toBe(2);
  });

  test("parseArrayLiteral", () => {
    expect(parseArrayLiteral("{}")).toEqual([]);
    expect(parseArrayLiteral('{1,NULL,"NULL","a \\"b\\" \\\\c",{x,{y}}}')).toEqual([
      "1",
      null,
      "NULL",
      'a "b" \\c',
      ["x", ["y"]],
    ]);
    expect(parseArrayLiteral("[2:3]={7,8}")).toEqual(["7", "8"]);
    expect(() => parseArrayLiteral('{"open')).toThrow(SyntaxError);
  });
});
