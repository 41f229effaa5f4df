/**
 * The better-sqlite3 adapter and the SQLite dialect, exercised directly on real databases (memory and
 * temp files): execution, every wire type, untyped values, cursors, error classification.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SqliteDialect } from "../../src/dialects/sqlite/index.js";
import { betterSqlite3Driver } from "../../src/drivers/better-sqlite3.js";
import type { Driver, DriverConnection, DriverConnectOptions } from "../../src/driver/driver.js";
import { Engine, parseUrl } from "../../src/engine/index.js";
import { text } from "../../src/index.js";
import {
  ArgumentError,
  CheckViolationError,
  DataError,
  type DBAPIError,
  ForeignKeyViolationError,
  IntegrityError,
  InterfaceError,
  InvalidRequestError,
  NotNullViolationError,
  NotSupportedError,
  OperationalError,
  ProgrammingError,
  UniqueViolationError,
} from "../../src/errors/index.js";
import * as t from "../../src/types/index.js";

const dialect = new SqliteDialect();
let dir: string;
const open: DriverConnection[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "athanor-sqlite-"));
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function connect(database = ":memory:", query: Record<string, string> = {}): Promise<DriverConnection> {
  const options: DriverConnectOptions = { database, query };
  const conn = await betterSqlite3Driver.connect(options);
  open.push(conn);
  return conn;
}

/** Runs `action`, which must fail, and returns the error translated as the engine will. */
async function failure(action: Promise<unknown>, sql?: string): Promise<Error> {
  let caught: unknown;
  try {
    await action;
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected the statement to fail").toBeDefined();
  return dialect.translateError(caught, betterSqlite3Driver.describeError(caught), { sql });
}

describe("connect and execute", () => {
  it("runs a query and returns array rows, fields and rowCount", async () => {
    const conn = await connect();
    const r = await conn.execute("SELECT 1 AS one, 'x' AS two, ? AS three", ["p"]);
    expect(r.rows).toEqual([[1n, "x", "p"]]);
    expect(r.fields.map((f) => f.name)).toEqual(["one", "two", "three"]);
    expect(r.fields[0]?.typeId).toBeUndefined();
    expect(r.rowCount).toBe(1);
    expect(conn.serverId).toBeUndefined();
  });

  it("reports declared types as typeId", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE t (a INTEGER, b VARCHAR(10), c DATETIME)", []);
    const r = await conn.execute("SELECT a, b, c, a + 1 AS d FROM t", []);
    expect(r.fields).toEqual([
      { name: "a", typeId: "INTEGER" },
      { name: "b", typeId: "VARCHAR(10)" },
      { name: "c", typeId: "DATETIME" },
      { name: "d", typeId: undefined },
    ]);
    expect(r.rows).toEqual([]);
    expect(r.rowCount).toBe(0);
  });

  it("gives affected rows for DML and lastInsertId after INSERT only", async () => {
    const conn = await connect();
    const ddl = await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", []);
    expect(ddl.rowCount).toBe(0);
    expect(ddl.lastInsertId).toBeUndefined();
    const i1 = await conn.execute("INSERT INTO t (v) VALUES (?)", ["a"]);
    expect(i1).toMatchObject({ rowCount: 1, lastInsertId: 1 });
    const i2 = await conn.execute("/* c */ INSERT INTO t (v) VALUES (?), (?)", ["b", "c"]);
    expect(i2).toMatchObject({ rowCount: 2, lastInsertId: 3 });
    const big = await conn.execute("INSERT INTO t (id, v) VALUES (?, ?)", [2n ** 62n, "big"]);
    expect(big.lastInsertId).toBe(2n ** 62n);
    const up = await conn.execute("UPDATE t SET v = v || '!' WHERE id <= ?", [2]);
    expect(up.rowCount).toBe(2);
    expect(up.lastInsertId).toBeUndefined();
    const del = await conn.execute("DELETE FROM t WHERE v = ?", ["nothing"]);
    expect(del.rowCount).toBe(0);
    const ret = await conn.execute("INSERT INTO t (v) VALUES (?) RETURNING id, v", ["r"]);
    expect(ret.rows).toEqual([[2n ** 62n + 1n, "r"]]);
    expect(ret.rowCount).toBe(1);
  });

  it("re-describes a cached SELECT * after the table changes", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE t (a INTEGER)", []);
    await conn.execute("INSERT INTO t VALUES (1)", []);
    expect((await conn.execute("SELECT * FROM t", [])).fields.map((f) => f.name)).toEqual(["a"]);
    await conn.execute("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'", []);
    const r = await conn.execute("SELECT * FROM t", []);
    expect(r.fields.map((f) => f.name)).toEqual(["a", "b"]);
    expect(r.rows).toEqual([[1n, "x"]]);
  });

  it("keeps working past the statement cache size", async () => {
    const conn = await connect();
    for (let i = 0; i < 450; i++) {
      const r = await conn.execute(`SELECT ${i % 300} AS n, ?`, [dialect.bindUntyped(i)]);
      expect(r.rows).toEqual([[BigInt(i % 300), BigInt(i)]]);
    }
  });

  it("opens files in WAL mode with foreign keys on and the busy timeout from the URL", async () => {
    const file = join(dir, "pragmas.db");
    const conn = await connect(file, { timeout: "1234" });
    expect((await conn.execute("PRAGMA journal_mode", [])).rows).toEqual([["wal"]]);
    expect((await conn.execute("PRAGMA foreign_keys", [])).rows).toEqual([[1n]]);
    expect((await conn.execute("PRAGMA busy_timeout", [])).rows).toEqual([[1234n]]);
    const mem = await connect();
    expect((await mem.execute("PRAGMA foreign_keys", [])).rows).toEqual([[1n]]);
    expect((await mem.execute("PRAGMA busy_timeout", [])).rows).toEqual([[5000n]]);
    const none = await betterSqlite3Driver.connect({ query: {} });
    open.push(none);
    expect((await none.execute("PRAGMA database_list", [])).rows[0]?.[2]).toBe("");
  });

  it("opens read-only with mode=ro or readonly, and refuses unknown options", async () => {
    const file = join(dir, "ro.db");
    const rw = await connect(file);
    await rw.execute("CREATE TABLE t (a INTEGER)", []);
    await rw.execute("INSERT INTO t VALUES (7)", []);
    for (const query of [{ mode: "ro" }, { readonly: "true" }]) {
      const ro = await connect(file, query);
      expect((await ro.execute("SELECT a FROM t", [])).rows).toEqual([[7n]]);
      const err = await failure(ro.execute("INSERT INTO t VALUES (8)", []));
      expect(err).toBeInstanceOf(OperationalError);
      expect((err as DBAPIError).code).toMatch(/^SQLITE_READONLY/);
    }
    const missing = await failure(connect(join(dir, "missing.db"), { mode: "ro" }));
    expect(missing).toBeInstanceOf(OperationalError);
    await expect(connect(":memory:", { readonly: "1" })).rejects.toBeInstanceOf(ArgumentError);
    await expect(connect(":memory:", { user: "x" })).rejects.toThrow(/Unknown SQLite option 'user'/);
    await expect(connect(":memory:", { timeout: "soon" })).rejects.toBeInstanceOf(ArgumentError);
    const noDir = await failure(connect(join(dir, "no", "such", "dir.db")));
    expect(noDir).toBeInstanceOf(OperationalError);
    // The message names the file it could not open.
    expect(noDir.message).toContain(join(dir, "no", "such", "dir.db"));
    expect(missing.message).toContain(join(dir, "missing.db"));
  });

  it("keeps driver handles out of inspect output", async () => {
    const conn = await connect(join(dir, "inspect.db"));
    expect(inspect(conn, { showHidden: true, depth: 5 })).not.toContain("inspect.db");
  });
});

describe("wire types", () => {
  const columns = {
    int: ["INTEGER", t.Integer()],
    small: ["SMALLINT", t.SmallInteger()],
    big: ["BIGINT", t.BigInteger()],
    num: ["NUMERIC(10, 2)", t.Numeric(10, 2)],
    num0: ["NUMERIC(19, 0)", t.Numeric(19, 0)],
    flt: ["REAL", t.Float()],
    bool: ["BOOLEAN", t.SqlBoolean()],
    str: ["VARCHAR(50)", t.SqlString(50)],
    txt: ["TEXT", t.Text()],
    ts: ["DATETIME", t.DateTime()],
    tstz: ["DATETIME", t.DateTime({ timezone: true })],
    day: ["DATE", t.SqlDate()],
    tod: ["TIME", t.Time()],
    doc: ["JSON", t.SqlJSON()],
    uid: ["CHAR(36)", t.UUID()],
    bin: ["BLOB", t.LargeBinary()],
  } as const;
  const names = Object.keys(columns) as (keyof typeof columns)[];

  const samples: Record<keyof typeof columns, { input: unknown; expected: unknown }[]> = {
    int: [
      { input: 2147483647, expected: 2147483647 },
      { input: -5, expected: -5 },
    ],
    small: [
      { input: -32768, expected: -32768 },
      { input: 0, expected: 0 },
    ],
    big: [
      { input: 2n ** 63n - 1n, expected: 2n ** 63n - 1n },
      { input: -(2n ** 63n), expected: -(2n ** 63n) },
    ],
    num: [
      { input: "12345678.90", expected: "12345678.90" },
      { input: "-0.5", expected: "-0.50" },
    ],
    num0: [
      { input: "9223372036854775807", expected: "9223372036854775807" },
      { input: "-12", expected: "-12" },
    ],
    flt: [
      { input: 0.1, expected: 0.1 },
      { input: -1.5e300, expected: -1.5e300 },
    ],
    bool: [
      { input: true, expected: true },
      { input: false, expected: false },
    ],
    str: [
      { input: "héllo ✓", expected: "héllo ✓" },
      { input: "", expected: "" },
    ],
    txt: [
      { input: "x".repeat(10_000), expected: "x".repeat(10_000) },
      { input: "0123", expected: "0123" },
    ],
    ts: [
      { input: new Date("2024-03-10T02:30:00.123Z"), expected: new Date("2024-03-10T02:30:00.123Z") },
      { input: new Date("1969-12-31T23:59:59.999Z"), expected: new Date("1969-12-31T23:59:59.999Z") },
    ],
    tstz: [
      { input: new Date("2024-06-01T12:00:00.001Z"), expected: new Date("2024-06-01T12:00:00.001Z") },
      { input: "2024-06-01T14:00:00+02:00", expected: new Date("2024-06-01T12:00:00.000Z") },
    ],
    day: [
      { input: "2024-02-29", expected: "2024-02-29" },
      { input: new Date("2001-01-01T00:00:00Z"), expected: "2001-01-01" },
    ],
    tod: [
      { input: "23:59:59.5", expected: "23:59:59.5" },
      { input: "00:00:00", expected: "00:00:00" },
    ],
    doc: [
      { input: { a: [1, "two", null], b: { c: true } }, expected: { a: [1, "two", null], b: { c: true } } },
      { input: [1.5], expected: [1.5] },
    ],
    uid: [
      { input: "123E4567-E89B-12D3-A456-426614174000", expected: "123e4567-e89b-12d3-a456-426614174000" },
      { input: "00000000-0000-0000-0000-000000000000", expected: "00000000-0000-0000-0000-000000000000" },
    ],
    bin: [
      { input: new Uint8Array([0, 1, 254, 255]), expected: new Uint8Array([0, 1, 254, 255]) },
      { input: Buffer.alloc(0), expected: new Uint8Array() },
    ],
  };

  it("round-trips every type through bind, insert, select and result", async () => {
    const conn = await connect();
    await conn.execute(
      `CREATE TABLE w (i INTEGER PRIMARY KEY, ${names.map((n) => `${n} ${columns[n][0]}`).join(", ")})`,
      [],
    );
    for (let row = 0; row < 3; row++) {
      // The third row is all NULLs.
      const values = names.map((n) =>
        row < 2
          ? dialect.processors(columns[n][1]).bind(samples[n][row]?.input)
          : dialect.processors(columns[n][1]).bind(null),
      );
      await conn.execute(`INSERT INTO w (i, ${names.join(", ")}) VALUES (?, ${names.map(() => "?").join(", ")})`, [
        row,
        ...values,
      ]);
    }
    const r = await conn.execute(`SELECT ${names.join(", ")} FROM w ORDER BY i`, []);
    expect(r.rows).toHaveLength(3);
    for (let row = 0; row < 3; row++) {
      names.forEach((n, col) => {
        const decoded = dialect.processors(columns[n][1]).result(r.rows[row]?.[col]);
        const expected = row < 2 ? samples[n][row]?.expected : null;
        if (expected instanceof Uint8Array) expect(new Uint8Array(decoded as Uint8Array), n).toEqual(expected);
        else expect(decoded, `${n} row ${row}`).toEqual(expected);
      });
    }
  });

  it("stores integers and booleans as INTEGER and timestamps as naive UTC text", async () => {
    const conn = await connect();
    const bool = dialect.processors(t.SqlBoolean()).bind(true);
    const int = dialect.processors(t.Integer()).bind(7);
    const ts = dialect.processors(t.DateTime()).bind(new Date("2024-01-02T03:04:05.006Z"));
    const r = await conn.execute("SELECT ?, typeof(?), ?, typeof(?), ? / 2, ?, typeof(?)", [
      bool,
      bool,
      int,
      int,
      int,
      ts,
      ts,
    ]);
    expect(r.rows).toEqual([[1n, "integer", 7n, "integer", 3n, "2024-01-02 03:04:05.006", "text"]]);
    // A JS number bound as is would be REAL, and a TEXT column would keep it as '7.0'.
    await conn.execute("CREATE TABLE s (v TEXT)", []);
    await conn.execute("INSERT INTO s VALUES (?), (?)", [int, dialect.bindUntyped(7)]);
    expect((await conn.execute("SELECT v FROM s", [])).rows).toEqual([["7"], ["7"]]);
    expect(
      (await conn.execute("SELECT ?, typeof(?)", [dialect.bindUntyped(2.5), dialect.bindUntyped(2.5)])).rows,
    ).toEqual([[2.5, "real"]]);
  });

  it("round-trips JSON scalars that NUMERIC affinity stores as numbers", async () => {
    const conn = await connect();
    const json = dialect.processors(t.SqlJSON());
    await conn.execute("CREATE TABLE j (i INTEGER PRIMARY KEY, v JSON)", []);
    const values = [5, 1.5, -0.25, "5", true, [], 9007199254740993n.toString()];
    for (const [i, v] of values.entries()) await conn.execute("INSERT INTO j VALUES (?, ?)", [BigInt(i), json.bind(v)]);
    const r = await conn.execute("SELECT v, typeof(v) FROM j ORDER BY i", []);
    expect(r.rows.map((row) => row[1])).toContain("integer");
    expect(r.rows.map((row) => json.result(row[0]))).toEqual(values);
    const untyped = dialect.untypedResult(r.fields[0]!);
    expect(r.rows.map((row) => untyped?.(row[0]))).toEqual(values);
  });

  it("refuses decimals SQLite cannot hold exactly, and NaN", async () => {
    const num = dialect.processors(t.Numeric(30, 10));
    expect(num.bind("123456789012.345")).toBe(123456789012.345);
    expect(num.bind("1234567890123456")).toBe(1234567890123456n);
    expect(() => num.bind("1234567890.1234567")).toThrow(DataError);
    expect(() => num.bind("99999999999999999999")).toThrow(/15 significant digits/);
    expect(() => dialect.processors(t.Float()).bind(Number.NaN)).toThrow(DataError);
    const conn = await connect();
    await conn.execute("CREATE TABLE n (v NUMERIC(30, 10))", []);
    await conn.execute("INSERT INTO n VALUES (?), (?)", [num.bind("0.000000123"), num.bind("1e20")]);
    const r = await conn.execute("SELECT v FROM n", []);
    expect(r.rows.map((row) => num.result(row[0]))).toEqual(["0.0000001230", "100000000000000000000.0000000000"]);
  });
});

describe("untyped values", () => {
  it("decodes integers, timestamps, decimals and JSON by declared type", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE u (i INTEGER, ts DATETIME, d DATE, n DECIMAL(10, 2), j JSON, s TEXT)", []);
    const params = ["2024-01-02 03:04:05.678", "2024-01-02", 12.5, '{"a":[1,2]}', "plain"].map((v) =>
      dialect.bindUntyped(v),
    );
    await conn.execute("INSERT INTO u VALUES (?, ?, ?, ?, ?, ?)", [dialect.bindUntyped(2n ** 60n), ...params]);
    await conn.execute("INSERT INTO u VALUES (?, NULL, NULL, ?, NULL, NULL)", [
      dialect.bindUntyped(42),
      dialect.bindUntyped(7),
    ]);
    const r = await conn.execute("SELECT i, ts, d, n, j, s, i + 0 AS expr, 3 AS small FROM u ORDER BY rowid", []);
    const decoders = r.fields.map((f) => dialect.untypedResult(f));
    const decoded = r.rows.map((row) => row.map((v, i) => (v === null ? null : (decoders[i]?.(v) ?? v))));
    expect(decoded).toEqual([
      [2n ** 60n, new Date("2024-01-02T03:04:05.678Z"), "2024-01-02", "12.5", { a: [1, 2] }, "plain", 2n ** 60n, 3],
      [42, null, null, "7", null, null, 42, 3],
    ]);
  });

  it("binds untyped booleans, bigints, dates, bytes and objects", async () => {
    const conn = await connect();
    const params = [true, 2n ** 63n - 1n, new Date("2020-05-06T07:08:09.010Z"), new Uint8Array([1, 2]), { k: [1] }].map(
      (v) => dialect.bindUntyped(v),
    );
    const r = await conn.execute("SELECT ?, ?, ?, ?, ?, typeof(?)", [...params, params[1]]);
    expect(r.rows).toEqual([
      [1n, 2n ** 63n - 1n, "2020-05-06 07:08:09.010", Buffer.from([1, 2]), '{"k":[1]}', "integer"],
    ]);
    expect(() => dialect.bindUntyped(2n ** 63n)).toThrow(DataError);
    expect(() => dialect.bindUntyped(Number.NaN)).toThrow(DataError);
  });
});

describe("transactions", () => {
  it("sets and reads isolation levels", async () => {
    const conn = await connect();
    const level = async () =>
      dialect.parseIsolationLevel((await conn.execute(dialect.isolationLevelQuery(), [])).rows[0]?.[0]);
    expect(await level()).toBe(dialect.defaultIsolationLevel);
    for (const sql of dialect.setIsolationLevelSql("READ UNCOMMITTED")) await conn.execute(sql, []);
    expect(await level()).toBe("READ UNCOMMITTED");
    for (const sql of dialect.setIsolationLevelSql("SERIALIZABLE")) await conn.execute(sql, []);
    expect(await level()).toBe("SERIALIZABLE");
    expect(() => dialect.setIsolationLevelSql("READ COMMITTED")).toThrow(NotSupportedError);
  });

  it("runs transactions, savepoints and transactional DDL", async () => {
    const conn = await connect();
    await conn.execute(dialect.beginSql(), []);
    await conn.execute("CREATE TABLE s (a INTEGER)", []);
    await conn.execute("INSERT INTO s VALUES (1)", []);
    await conn.execute(dialect.savepointSql("sp 1"), []);
    await conn.execute("INSERT INTO s VALUES (2)", []);
    await conn.execute(dialect.rollbackToSavepointSql("sp 1"), []);
    await conn.execute(dialect.releaseSavepointSql("sp 1"), []);
    await conn.execute(dialect.commitSql(), []);
    expect((await conn.execute("SELECT a FROM s", [])).rows).toEqual([[1n]]);
    await conn.execute(dialect.beginSql(), []);
    await conn.execute("DROP TABLE s", []);
    await conn.execute(dialect.rollbackSql(), []);
    expect((await conn.execute("SELECT count(*) FROM s", [])).rows).toEqual([[1n]]);
  });
});

describe("cursors", () => {
  it("reads in batches with fields known at open", async () => {
    const conn = await connect();
    const cursor = await conn.openCursor(
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ?) SELECT n, 'row' || n AS label FROM c",
      [25],
    );
    expect(cursor.fields.map((f) => f.name)).toEqual(["n", "label"]);
    const batches: number[] = [];
    const all: unknown[][] = [];
    for (;;) {
      const rows = await cursor.read(10);
      if (rows.length === 0) break;
      batches.push(rows.length);
      all.push(...rows);
    }
    expect(batches).toEqual([10, 10, 5]);
    expect(all[24]).toEqual([25n, "row25"]);
    expect(await cursor.read(10)).toEqual([]);
    await cursor.close();
    // An exhausted cursor frees the connection without close().
    expect((await conn.execute("SELECT 1", [])).rows).toEqual([[1n]]);
  });

  it("refuses other statements while a cursor is open and frees the connection on close", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE c (a INTEGER)", []);
    await conn.execute("INSERT INTO c VALUES (1), (2), (3)", []);
    const cursor = await conn.openCursor("SELECT a FROM c ORDER BY a", []);
    expect(await cursor.read(1)).toEqual([[1n]]);
    await expect(conn.execute("INSERT INTO c VALUES (4)", [])).rejects.toThrow(InvalidRequestError);
    await expect(conn.openCursor("SELECT 1", [])).rejects.toThrow(/cursor is open/);
    await expect(cursor.read(0)).rejects.toBeInstanceOf(ArgumentError);
    await cursor.close();
    await cursor.close();
    expect(await cursor.read(5)).toEqual([]);
    expect((await conn.execute("INSERT INTO c VALUES (4)", [])).rowCount).toBe(1);
    // The same SQL can stream again after its statement was released.
    const again = await conn.openCursor("SELECT a FROM c ORDER BY a", []);
    expect(await again.read(10)).toEqual([[1n], [2n], [3n], [4n]]);
    await again.close();
  });

  it("handles empty results, row-less statements and close() of the connection with a cursor open", async () => {
    const conn = await connect();
    const empty = await conn.openCursor("SELECT 1 AS x WHERE 0", []);
    expect(empty.fields.map((f) => f.name)).toEqual(["x"]);
    expect(await empty.read(5)).toEqual([]);
    const ddl = await conn.openCursor("CREATE TABLE z (a INTEGER)", []);
    expect(ddl.fields).toEqual([]);
    expect(await ddl.read(5)).toEqual([]);
    expect((await conn.execute("SELECT count(*) FROM z", [])).rows).toEqual([[0n]]);
    const c2 = await betterSqlite3Driver.connect({ database: ":memory:", query: {} });
    const streaming = await c2.openCursor("SELECT 1 UNION ALL SELECT 2", []);
    expect(await streaming.read(1)).toEqual([[1n]]);
    await c2.close();
    expect(await streaming.read(1)).toEqual([]);
  });

  it("reports an error raised mid-stream and frees the connection", async () => {
    const conn = await connect();
    const cursor = await conn.openCursor(
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT CASE WHEN n = 3 THEN json('{bad') ELSE n END FROM c",
      [],
    );
    expect(await cursor.read(1)).toEqual([[1n]]);
    const err = await failure(cursor.read(10));
    expect(err).toBeInstanceOf(DataError);
    expect((await conn.execute("SELECT 2", [])).rows).toEqual([[2n]]);
  });

  it("streams 1,000,000 rows in bounded memory", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const conn = await connect();
    const cursor = await conn.openCursor(
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000) SELECT n, 'label number ' || n AS label FROM c",
      [],
    );
    gc();
    const base = process.memoryUsage().heapUsed;
    let count = 0;
    let sum = 0n;
    let peak = 0;
    for (;;) {
      const rows = await cursor.read(1000);
      if (rows.length === 0) break;
      count += rows.length;
      for (const row of rows) sum += row[0] as bigint;
      if (count % 100_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
    }
    expect(count).toBe(1_000_000);
    expect(sum).toBe(500000500000n);
    // Buffering 1M rows of [bigint, ~20-char string] would take well over 100 MB of heap.
    expect(peak).toBeLessThan(20 * 1024 * 1024);
  });
});

describe("errors", () => {
  async function schema(): Promise<DriverConnection> {
    const conn = await connect();
    await conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE)", []);
    await conn.execute(
      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id), qty INTEGER CHECK (qty > 0))",
      [],
    );
    await conn.execute("CREATE TABLE strict_t (n INTEGER) STRICT", []);
    await conn.execute("INSERT INTO parent VALUES (1, 'a')", []);
    return conn;
  }

  it("classifies constraint violations", async () => {
    const conn = await schema();
    const cases: [string, unknown[], abstract new (...args: never[]) => Error, string][] = [
      ["INSERT INTO parent VALUES (2, 'a')", [], UniqueViolationError, "SQLITE_CONSTRAINT_UNIQUE"],
      ["INSERT INTO parent VALUES (1, 'b')", [], UniqueViolationError, "SQLITE_CONSTRAINT_PRIMARYKEY"],
      ["INSERT INTO child VALUES (1, 99, 1)", [], ForeignKeyViolationError, "SQLITE_CONSTRAINT_FOREIGNKEY"],
      ["INSERT INTO child VALUES (1, NULL, 1)", [], NotNullViolationError, "SQLITE_CONSTRAINT_NOTNULL"],
      ["INSERT INTO child VALUES (1, 1, 0)", [], CheckViolationError, "SQLITE_CONSTRAINT_CHECK"],
    ];
    for (const [sql, params, Cls, code] of cases) {
      const err = await failure(conn.execute(sql, params), sql);
      expect(err, sql).toBeInstanceOf(Cls);
      expect(err).toBeInstanceOf(IntegrityError);
      expect((err as DBAPIError).code).toBe(code);
      expect((err as DBAPIError).sql).toBe(sql);
      expect((err as DBAPIError).connectionInvalidated).toBe(false);
    }
    await conn.execute(
      "CREATE TRIGGER no_z BEFORE INSERT ON parent WHEN NEW.code = 'z' BEGIN SELECT RAISE(ABORT, 'no z'); END",
      [],
    );
    const trig = await failure(conn.execute("INSERT INTO parent VALUES (5, 'z')", []));
    expect(trig.constructor).toBe(IntegrityError);
  });

  it("classifies programming errors", async () => {
    const conn = await schema();
    const cases: [string, unknown[]][] = [
      ["SELEC 1", []],
      ["SELECT * FROM no_such_table", []],
      ["SELECT no_such_column FROM parent", []],
      ["SELECT no_such_function(1)", []],
      ["SELECT ?", []],
      ["SELECT 1", [1]],
      ["SELECT 1; SELECT 2", []],
      ["", []],
    ];
    for (const [sql, params] of cases) {
      const err = await failure(conn.execute(sql, params), sql);
      expect(err, sql).toBeInstanceOf(ProgrammingError);
      expect((err as DBAPIError).connectionInvalidated).toBe(false);
    }
  });

  it("classifies data errors", async () => {
    const conn = await schema();
    const cases: [string, unknown[]][] = [
      ["INSERT INTO strict_t VALUES (?)", ["not a number"]],
      ["SELECT sum(v) FROM (SELECT 9223372036854775807 AS v UNION ALL SELECT 1)", []],
      ["SELECT json(?)", ["{bad"]],
      ["SELECT ?", [2n ** 64n]],
      ["SELECT ?", [true]],
    ];
    for (const [sql, params] of cases) {
      const err = await failure(conn.execute(sql, params), sql);
      expect(err, sql).toBeInstanceOf(DataError);
    }
  });

  it("classifies lock contention as OperationalError", async () => {
    const file = join(dir, "locks.db");
    const a = await connect(file, { timeout: "0" });
    const b = await connect(file, { timeout: "0" });
    await a.execute("CREATE TABLE l (a INTEGER)", []);
    await a.execute("BEGIN IMMEDIATE", []);
    await a.execute("INSERT INTO l VALUES (1)", []);
    const err = await failure(b.execute("INSERT INTO l VALUES (2)", []));
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as DBAPIError).code).toBe("SQLITE_BUSY");
    await a.execute("COMMIT", []);
    expect((await b.execute("INSERT INTO l VALUES (2)", [])).rowCount).toBe(1);
  });

  it("ignores errors that did not come from the driver", () => {
    expect(betterSqlite3Driver.describeError(new TypeError("The database connection is not open"))).toBeUndefined();
    expect(betterSqlite3Driver.describeError("nope")).toBeUndefined();
    expect(dialect.translateError(new Error("other"), undefined, {})).toBeInstanceOf(InterfaceError);
  });
});

describe("closed connections", () => {
  it("reports a closed database as a disconnect", async () => {
    const conn = await betterSqlite3Driver.connect({ database: join(dir, "closed.db"), query: {} });
    await conn.execute("SELECT 1", []);
    conn.onIdleError(() => {
      throw new Error("SQLite never reports idle errors");
    });
    await conn.ping();
    await conn.close();
    await conn.close();
    for (const action of [
      conn.execute("SELECT 1", []),
      conn.execute("SELECT 2", []),
      conn.openCursor("SELECT 3", []),
      conn.ping(),
    ]) {
      let caught: unknown;
      await action.catch((e: unknown) => {
        caught = e;
      });
      const info = betterSqlite3Driver.describeError(caught);
      expect(info?.disconnect).toBe(true);
      const err = dialect.translateError(caught, info, { sql: "SELECT 1" });
      expect(err).toBeInstanceOf(OperationalError);
      expect((err as DBAPIError).connectionInvalidated).toBe(true);
    }
  });
});

describe("SQL functions the dialect needs", () => {
  it("an engine defines athanor_casefold on each connection, and refuses a driver that cannot", async () => {
    const url = parseUrl("sqlite://");
    const engine = new Engine(url, new SqliteDialect(), betterSqlite3Driver, { query: {} });
    try {
      await using conn = await engine.connect();
      const folded = await conn.execute(text("select athanor_casefold('ÄÖÜ Straße') as f"));
      expect(folded.scalar()).toBe("äöü straße");
    } finally {
      await engine.dispose();
    }
    // A driver without defineFunction (say, a future adapter): the first checkout says what is missing.
    const limited: Driver = {
      name: "limited-sqlite",
      describeError: betterSqlite3Driver.describeError,
      async connect(options) {
        const conn = await betterSqlite3Driver.connect(options);
        return {
          execute: (sql, params, opts) => conn.execute(sql, params, opts),
          openCursor: (sql, params) => conn.openCursor(sql, params),
          ping: () => conn.ping(),
          close: () => conn.close(),
          onIdleError: (listener) => conn.onIdleError(listener),
          serverId: undefined,
        };
      },
    };
    const refused = new Engine(url, new SqliteDialect(), limited, { query: {} });
    try {
      await expect(refused.connect()).rejects.toThrow(
        /The limited-sqlite driver cannot define the SQL function athanor_casefold\(\) the sqlite dialect needs/,
      );
      await expect(refused.connect()).rejects.toBeInstanceOf(InterfaceError);
    } finally {
      await refused.dispose();
    }
  });
});
