/**
 * The mysql2 adapter and the MySQL dialect, exercised directly on the real server (MariaDB here; MySQL 8
 * where the code differs): SQL hooks, execution, sessions and transactions, cursors (bounded memory),
 * error classification, killed connections. Values are in `mysql-values.test.ts`.
 */

import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { mysql2Driver } from "../../src/drivers/mysql2.js";
import type { DriverConnection } from "../../src/driver/driver.js";
import {
  ArgumentError,
  CheckViolationError,
  DataError,
  type DBAPIError,
  ForeignKeyViolationError,
  InterfaceError,
  NotNullViolationError,
  OperationalError,
  ProgrammingError,
  UniqueViolationError,
} from "../../src/errors/index.js";
import { dialect, drain, failure, HOST, PORT, untypedRow, useScratchDatabase } from "./mysql-support.js";

const ctx = useScratchDatabase();
const connect = ctx.connect.bind(ctx);

describe("dialect SQL hooks", () => {
  it("uses ? placeholders, backticks, MySQL transaction statements and honest capabilities", () => {
    expect(dialect.name).toBe("mysql");
    expect(dialect.placeholder(0)).toBe("?");
    expect(dialect.placeholder(7)).toBe("?");
    expect(dialect.quoteIdentifier("my`table")).toBe("`my``table`");
    expect(dialect.savepointSql("sp`1")).toBe("SAVEPOINT `sp``1`");
    expect(dialect.releaseSavepointSql("sp")).toBe("RELEASE SAVEPOINT `sp`");
    expect(dialect.rollbackToSavepointSql("sp")).toBe("ROLLBACK TO SAVEPOINT `sp`");
    expect(dialect.setIsolationLevelSql("READ COMMITTED")).toEqual([
      "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
    ]);
    expect(dialect.defaultIsolationLevel).toBe("REPEATABLE READ");
    expect(dialect.capabilities).toMatchObject({
      savepoints: true,
      isolationLevels: ["AUTOCOMMIT", "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"],
      concurrentConnections: true,
      transactionalDdl: false,
      lastrowid: true,
      killConnection: true,
      maxParameters: 65535,
      maxDecimalDigits: 65,
      returning: { insert: true, update: false, delete: true },
    });
  });
});

describe("connect and execute", () => {
  it("returns array rows with fields, rowCount and the connection id", async () => {
    const conn = await connect();
    const r = await conn.execute("SELECT 1 AS one, 'x' AS two, ? AS three", ["p"]);
    expect(untypedRow(r)).toEqual([1, "x", "p"]);
    expect(r.fields.map((f) => f.name)).toEqual(["one", "two", "three"]);
    expect(r.rowCount).toBe(1);
    const id = await conn.execute("SELECT CONNECTION_ID()", []);
    expect(Number(id.rows[0]?.[0])).toBe(conn.serverId);
    await conn.ping();
  });

  it("gives affected (matched) rows for DML and lastInsertId after INSERT", async () => {
    const conn = await connect();
    const ddl = await conn.execute("CREATE TABLE ids (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))", []);
    expect(ddl.rowCount).toBe(0);
    expect(ddl.lastInsertId).toBeUndefined();
    expect(await conn.execute("INSERT INTO ids (v) VALUES (?)", ["a"])).toMatchObject({ rowCount: 1, lastInsertId: 1 });
    // Multi-row INSERT: MySQL reports the first generated id.
    expect(await conn.execute("INSERT INTO ids (v) VALUES (?), (?)", ["b", "c"])).toMatchObject({
      rowCount: 2,
      lastInsertId: 2,
    });
    const big = await conn.execute("INSERT INTO ids (id, v) VALUES (?, ?)", [2n ** 62n, "big"]);
    expect(big.lastInsertId).toBe(2n ** 62n);
    // FOUND_ROWS: an UPDATE that changes nothing still reports the rows it matched (the ORM relies on it).
    const up = await conn.execute("UPDATE ids SET v = v WHERE id <= ?", [2]);
    expect(up.rowCount).toBe(2);
    expect(up.lastInsertId).toBeUndefined();
    expect((await conn.execute("DELETE FROM ids WHERE v = ?", ["nothing"])).rowCount).toBe(0);
    const sel = await conn.execute("SELECT id FROM ids ORDER BY id", []);
    expect(sel.rowCount).toBe(4);
    expect(sel.lastInsertId).toBeUndefined();
  });

  it("runs sessions in UTC and strict mode after connectSql", async () => {
    const conn = await connect();
    const r = await conn.execute("SELECT @@SESSION.time_zone, @@SESSION.sql_mode", []);
    expect(r.rows[0]?.[0]).toBe("+00:00");
    expect(String(r.rows[0]?.[1]).split(",")).toContain("STRICT_ALL_TABLES");
    expect(String(r.rows[0]?.[1]).split(",")).toContain("NO_AUTO_VALUE_ON_ZERO");
  });

  it("reads and sets the isolation level on MySQL and MariaDB alike", async () => {
    const conn = await connect();
    const read = async (): Promise<string> =>
      dialect.parseIsolationLevel((await conn.execute(dialect.isolationLevelQuery(), [])).rows[0]?.[0]);
    expect(await read()).toBe("REPEATABLE READ");
    for (const level of ["READ UNCOMMITTED", "READ COMMITTED", "SERIALIZABLE"] as const) {
      for (const sql of dialect.setIsolationLevelSql(level)) await conn.execute(sql, []);
      expect(await read()).toBe(level);
    }
  });

  it("runs transactions with savepoints", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE sp (v INT) ENGINE=InnoDB", []);
    await conn.execute(dialect.beginSql(), []);
    await conn.execute("INSERT INTO sp VALUES (?)", [1]);
    await conn.execute(dialect.savepointSql("sp 1"), []);
    await conn.execute("INSERT INTO sp VALUES (?)", [2]);
    await conn.execute(dialect.rollbackToSavepointSql("sp 1"), []);
    await conn.execute(dialect.releaseSavepointSql("sp 1"), []);
    await conn.execute(dialect.commitSql(), []);
    await conn.execute(dialect.beginSql(), []);
    await conn.execute("INSERT INTO sp VALUES (?)", [3]);
    await conn.execute(dialect.rollbackSql(), []);
    expect((await conn.execute("SELECT v FROM sp", [])).rows).toEqual([[1]]);
  });

  it("falls back to a plain query for statements that cannot be prepared", async () => {
    if (!ctx.isMariaDb) return; // EXECUTE IMMEDIATE is MariaDB's
    const conn = await connect();
    const r = await conn.execute("EXECUTE IMMEDIATE ?", ["SELECT 42 AS answer"]);
    expect(r.rows).toEqual([[42]]);
    const cursor = await conn.openCursor("EXECUTE IMMEDIATE ?", ["SELECT 7 AS n UNION ALL SELECT 8"]);
    expect(cursor.fields.map((f) => f.name)).toEqual(["n"]);
    expect(await drain(cursor, 1)).toEqual([[7], [8]]);
  });

  it("keeps working past the prepared-statement cache size", async () => {
    const conn = await connect({ maxPreparedStatements: "4" });
    for (let i = 0; i < 30; i++) {
      const r = await conn.execute(`SELECT ${i % 10} AS n, ? AS p`, [i]);
      expect(r.rows.map((_, k) => untypedRow(r, k))).toEqual([[i % 10, i]]);
    }
  });

  it("reports a refused connection as an operational error", async () => {
    const err = await failure(mysql2Driver.connect({ host: "127.0.0.1", port: 1, username: "root", query: {} }));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it("rejects unknown and malformed URL options", async () => {
    await expect(
      mysql2Driver.connect({ host: HOST, port: PORT, username: "root", query: { nope: "1" } }),
    ).rejects.toThrow(ArgumentError);
    await expect(
      mysql2Driver.connect({ host: HOST, port: PORT, username: "root", query: { connectTimeout: "soon" } }),
    ).rejects.toThrow(ArgumentError);
  });
});

/** Calls the V8 garbage collector (exposed at run time, so no Node flag is needed). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("cursors", () => {
  it("streams in batches with fields known at open, then frees the connection", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE c10 (n INT, s VARCHAR(10))", []);
    for (let i = 1; i <= 10; i++) await conn.execute("INSERT INTO c10 VALUES (?, ?)", [i, `r${i}`]);
    const cursor = await conn.openCursor("SELECT n, s FROM c10 WHERE n > ? ORDER BY n", [0]);
    expect(cursor.fields.map((f) => f.name)).toEqual(["n", "s"]);
    expect(await cursor.read(3)).toEqual([
      [1, "r1"],
      [2, "r2"],
      [3, "r3"],
    ]);
    expect(await cursor.read(100)).toHaveLength(7);
    expect(await cursor.read(3)).toEqual([]);
    await cursor.close();
    await cursor.close();
    expect((await conn.execute("SELECT COUNT(*) FROM c10", [])).rows).toEqual([["10"]]);
    const empty = await conn.openCursor("SELECT n FROM c10 WHERE n < 0", []);
    expect(empty.fields.map((f) => f.name)).toEqual(["n"]);
    expect(await empty.read(5)).toEqual([]);
  });

  it("closes early (dropping the rest) and leaves the connection usable", async () => {
    const conn = await connect();
    const cursor = await conn.openCursor("SELECT seq FROM seq_1_to_50000 WHERE seq > ?", [0]).catch(async () =>
      // Not MariaDB: a recursive CTE makes the rows.
      conn.openCursor(
        "WITH RECURSIVE s (seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM s WHERE seq < 50000) SELECT seq FROM s WHERE seq > ?",
        [0],
      ),
    );
    expect((await cursor.read(5)).map((r) => Number(r[0]))).toEqual([1, 2, 3, 4, 5]);
    await cursor.close();
    expect((await conn.execute("SELECT ? AS ok", ["yes"])).rows).toEqual([["yes"]]);
  });

  it("reports a failing statement when the cursor opens", async () => {
    const conn = await connect();
    const err = await failure(conn.openCursor("SELECT * FROM no_such_table WHERE a = ?", [1]));
    expect(err).toBeInstanceOf(ProgrammingError);
    expect((await conn.execute("SELECT 1", [])).rows).toEqual([[1]]);
  });

  it("reads 200k rows in bounded memory", async () => {
    const conn = await connect();
    await conn.execute("CREATE TABLE digits (d INT)", []);
    await conn.execute("INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)", []);
    const ROWS = 200_000;
    const PAYLOAD = 200;
    const sql =
      "SELECT a.d + 10 * b.d + 100 * c.d + 1000 * d.d + 10000 * e.d + 100000 * f.d AS n, REPEAT('x', ?) AS payload " +
      "FROM digits a, digits b, digits c, digits d, digits e, digits f LIMIT ?";
    collectGarbage();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let batches = 0;
    const cursor = await conn.openCursor(sql, [PAYLOAD, ROWS]);
    for (let rows = await cursor.read(1000); rows.length > 0; rows = await cursor.read(1000)) {
      count += rows.length;
      expect((rows[0]?.[1] as string).length).toBe(PAYLOAD);
      if (batches++ % 20 === 0) {
        // A slow reader: the server could send far more rows meanwhile, were the connection not paused.
        await new Promise((resolve) => setTimeout(resolve, 100));
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
    }
    await cursor.close();
    expect(count).toBe(ROWS);
    // Buffering every row would hold at least ROWS × PAYLOAD bytes of strings (40 MB) on the heap.
    expect(peak).toBeLessThan((ROWS * PAYLOAD) / 4);
  });
});

describe("error classification", () => {
  async function schema(conn: DriverConnection): Promise<void> {
    await conn.execute("DROP TABLE IF EXISTS child, parent", []);
    await conn.execute(
      "CREATE TABLE parent (id INT PRIMARY KEY, code VARCHAR(5) UNIQUE, n TINYINT, CHECK (n >= 0)) ENGINE=InnoDB",
      [],
    );
    await conn.execute(
      "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB",
      [],
    );
    await conn.execute("INSERT INTO parent (id, code, n) VALUES (1, 'a', 1)", []);
    await conn.execute("INSERT INTO child (id, parent_id) VALUES (1, 1)", []);
  }

  it("classifies constraint violations", async () => {
    const conn = await connect();
    await schema(conn);
    const cases: [string, unknown[], new (...a: never[]) => Error][] = [
      ["INSERT INTO parent (id, code) VALUES (?, ?)", [2, "a"], UniqueViolationError],
      ["INSERT INTO parent (id, code) VALUES (?, ?)", [1, "b"], UniqueViolationError],
      ["INSERT INTO child (id, parent_id) VALUES (?, ?)", [2, 99], ForeignKeyViolationError],
      ["DELETE FROM parent WHERE id = ?", [1], ForeignKeyViolationError],
      ["INSERT INTO child (id, parent_id) VALUES (?, ?)", [3, null], NotNullViolationError],
      ["INSERT INTO child (id) VALUES (?)", [4], NotNullViolationError],
      ["INSERT INTO parent (id, n) VALUES (?, ?)", [5, -1], CheckViolationError],
    ];
    for (const [sql, params, cls] of cases) {
      const err = await failure(conn.execute(sql, params), sql);
      expect(err, sql).toBeInstanceOf(cls);
      // DBAPIError.code is the errno on MySQL (the SQLSTATE 23000 covers every integrity error).
      expect(err.code, sql).toMatch(/^\d{4}$/);
      expect(err.connectionInvalidated).toBe(false);
      expect(err.message).toContain(sql);
    }
  });

  it("classifies bad SQL and bad data", async () => {
    const conn = await connect();
    await schema(conn);
    const cases: [string, unknown[], new (...a: never[]) => Error, number][] = [
      ["SELEC 1", [], ProgrammingError, 1064],
      ["SELECT * FROM no_such_table WHERE id = ?", [1], ProgrammingError, 1146],
      ["SELECT no_such_column FROM parent", [], ProgrammingError, 1054],
      ["SELECT no_such_function(?)", [1], ProgrammingError, 1305],
      ["INSERT INTO parent (id, n) VALUES (?, ?)", [6, 1000], DataError, 1264],
      ["INSERT INTO parent (id, code) VALUES (?, ?)", [7, "too long"], DataError, 1406],
      ["INSERT INTO parent (id, n) VALUES (?, ?)", [8, "abc"], DataError, 1366],
      ["INSERT INTO parent (id, n) VALUES (?, 1 / 0)", [9], DataError, 1365],
      ["SELECT CAST(? AS SIGNED) + CAST(? AS SIGNED)", [9223372036854775807n, 1n], DataError, 1690],
    ];
    for (const [sql, params, cls, errno] of cases) {
      let caught: unknown;
      await conn.execute(sql, params).catch((e: unknown) => (caught = e));
      expect(mysql2Driver.describeError(caught), sql).toMatchObject({ errno, disconnect: false });
      expect(dialect.translateError(caught, mysql2Driver.describeError(caught), { sql }), sql).toBeInstanceOf(cls);
    }
  });

  it("classifies a deadlock and a lock wait timeout as operational", async () => {
    const a = await connect();
    const b = await connect();
    await a.execute("CREATE TABLE locks (id INT PRIMARY KEY, v INT) ENGINE=InnoDB", []);
    await a.execute("INSERT INTO locks VALUES (1, 0), (2, 0)", []);
    await a.execute("START TRANSACTION", []);
    await b.execute("START TRANSACTION", []);
    await a.execute("UPDATE locks SET v = 1 WHERE id = ?", [1]);
    await b.execute("UPDATE locks SET v = 2 WHERE id = ?", [2]);
    const first = a.execute("UPDATE locks SET v = 1 WHERE id = ?", [2]);
    // Give `a`'s statement time to block first, so that `b`'s closes the cycle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const results = await Promise.allSettled([first, b.execute("UPDATE locks SET v = 2 WHERE id = ?", [1])]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    const deadlock = dialect.translateError(
      rejected[0]!.reason,
      mysql2Driver.describeError(rejected[0]!.reason),
      {},
    ) as DBAPIError;
    expect(deadlock).toBeInstanceOf(OperationalError);
    expect(mysql2Driver.describeError(rejected[0]!.reason)?.errno).toBe(1213);
    await a.execute("ROLLBACK", []);
    await b.execute("ROLLBACK", []);

    await b.execute("SET SESSION innodb_lock_wait_timeout = 1", []);
    await a.execute("START TRANSACTION", []);
    await a.execute("UPDATE locks SET v = 3 WHERE id = ?", [1]);
    const timeout = await failure(b.execute("UPDATE locks SET v = 4 WHERE id = ?", [1]));
    expect(timeout).toBeInstanceOf(OperationalError);
    expect(mysql2Driver.describeError(timeout.original)?.errno).toBe(1205);
    await a.execute("ROLLBACK", []);
  });

  it("describes only mysql2 errors and never shows the password", async () => {
    expect(mysql2Driver.describeError(new Error("other"))).toBeUndefined();
    expect(mysql2Driver.describeError("text")).toBeUndefined();
    // A user of this test's own, with a password, dropped at the end.
    const user = `athanor_h_my_u${randomBytes(4).toString("hex")}`;
    const password = `pw-${randomBytes(8).toString("hex")}`;
    await ctx.admin.execute(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`, []);
    try {
      await ctx.admin.execute(`GRANT ALL ON ${dialect.quoteIdentifier(ctx.db)}.* TO '${user}'@'%'`, []);
      const conn = await connect({}, { username: user, password });
      expect((await conn.execute("SELECT CURRENT_USER()", [])).rows[0]?.[0]).toMatch(user);
      expect(inspect(conn, { depth: 10, showHidden: true })).not.toContain(password);
      expect(JSON.stringify(Object.entries(conn))).not.toContain(password);
      const wrong = `${password}-wrong`;
      let caught: unknown;
      await mysql2Driver
        .connect({ host: HOST, port: PORT, username: user, password: wrong, database: ctx.db, query: {} })
        .catch((e: unknown) => (caught = e));
      const info = mysql2Driver.describeError(caught);
      expect(info?.errno).toBe(1045);
      expect(info?.message).not.toContain(wrong);
      const err = dialect.translateError(caught, info, {});
      expect(err).toBeInstanceOf(OperationalError);
      expect(`${err.message} ${inspect(err)}`).not.toContain(wrong);
    } finally {
      await ctx.admin.execute(`DROP USER IF EXISTS '${user}'@'%'`, []);
    }
  });

  it("reports a parameter mysql2 refuses as an interface error", async () => {
    const conn = await connect();
    const err = await failure(conn.execute("SELECT ?", [undefined]));
    expect(err).toBeInstanceOf(InterfaceError);
  });
});

describe("killed connections", () => {
  async function kill(conn: DriverConnection): Promise<void> {
    await ctx.admin.execute(`KILL ${Number(conn.serverId)}`, []);
  }

  it("reports a kill during a statement as a lost connection", async () => {
    const conn = await connect();
    // `failure` attaches its handler now: the statement fails while the KILL is still being awaited.
    const running = failure(conn.execute("SELECT SLEEP(30)", []));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await kill(conn);
    const err = await running;
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.connectionInvalidated).toBe(true);
    expect(mysql2Driver.describeError(err.original)?.disconnect).toBe(true);
    // Later calls fail at once, also as a lost connection.
    const again = await failure(conn.execute("SELECT ?", [1]));
    expect(again).toBeInstanceOf(OperationalError);
    expect(again.connectionInvalidated).toBe(true);
    expect((await failure(conn.ping())).connectionInvalidated).toBe(true);
    await conn.close();
  });

  it("reports a kill while idle to onIdleError without crashing", async () => {
    const conn = await connect();
    const heard = new Promise<unknown>((resolve) => conn.onIdleError(resolve));
    await kill(conn);
    const error = await heard;
    const err = dialect.translateError(error, mysql2Driver.describeError(error), {}) as DBAPIError;
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.connectionInvalidated).toBe(true);
    expect((await failure(conn.execute("SELECT 1", []))).connectionInvalidated).toBe(true);
    await conn.close();
  });

  it("keeps an idle kill for a listener registered later", async () => {
    const conn = await connect();
    await kill(conn);
    // Without a listener the error is held (and the process does not crash). Wait until the server has
    // ended the session without sending anything on the connection (a command would receive the error).
    for (;;) {
      const r = await ctx.admin.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?", [
        conn.serverId,
      ]);
      if (Number(r.rows[0]?.[0]) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const heard = await new Promise<unknown>((resolve) => conn.onIdleError(resolve));
    expect(mysql2Driver.describeError(heard)?.disconnect).toBe(true);
    await conn.close();
  });

  it("fails a cursor whose connection is killed mid-stream", async () => {
    const conn = await connect();
    const cursor = await conn
      .openCursor("SELECT seq, SLEEP(0.001) FROM seq_1_to_100000 WHERE seq > ?", [0])
      .catch(async () =>
        conn.openCursor(
          "WITH RECURSIVE s (seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM s WHERE seq < 100000) SELECT seq, SLEEP(0.001) FROM s WHERE seq > ?",
          [0],
        ),
      );
    expect(await cursor.read(1)).toHaveLength(1);
    await kill(conn);
    const err = await failure(drain(cursor, 100));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.connectionInvalidated).toBe(true);
    await cursor.close();
    await conn.close();
  });
});
