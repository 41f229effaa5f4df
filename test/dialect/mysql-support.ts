/**
 * Shared setup for the mysql2 adapter tests: a scratch database (prefix `athanor_h_my_`) per test file on
 * the MySQL / MariaDB server, connections with the dialect's session settings, closed after each test.
 */

import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { MySQLDialect } from "../../src/dialects/mysql/index.js";
import { mysql2Driver } from "../../src/drivers/mysql2.js";
import type { DriverConnection, DriverCursor, DriverResult } from "../../src/driver/driver.js";
import type { DBAPIError } from "../../src/errors/index.js";

/** The dialect under test. */
export const dialect = new MySQLDialect();
/** The server (MariaDB 10.11 on this machine). */
export const HOST = process.env.ATHANOR_MYSQL_HOST ?? "127.0.0.1";
export const PORT = Number(process.env.ATHANOR_MYSQL_PORT ?? 3306);

/** What a test file gets from `useScratchDatabase`. */
export interface MysqlTestContext {
  /** The scratch database's name. */
  readonly db: string;
  /** A connection to the server's `test` database, open for the whole file. */
  readonly admin: DriverConnection;
  readonly isMariaDb: boolean;
  /** A connection to the scratch database with the dialect's session settings, closed after the test. */
  connect(query?: Record<string, string>, auth?: { username: string; password?: string }): Promise<DriverConnection>;
}

/** Registers the hooks that create and drop a scratch database for the calling test file. */
export function useScratchDatabase(): MysqlTestContext {
  const db = `athanor_h_my_${randomBytes(5).toString("hex")}`;
  const open: DriverConnection[] = [];
  let admin: DriverConnection | undefined;
  let isMariaDb = false;
  beforeAll(async () => {
    admin = await mysql2Driver.connect({ host: HOST, port: PORT, username: "root", database: "test", query: {} });
    await admin.execute(`CREATE DATABASE ${dialect.quoteIdentifier(db)} CHARACTER SET utf8mb4`, []);
    isMariaDb = /mariadb/i.test(String((await admin.execute("SELECT VERSION()", [])).rows[0]?.[0]));
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close();
  });
  afterAll(async () => {
    await admin?.execute(`DROP DATABASE IF EXISTS ${dialect.quoteIdentifier(db)}`, []);
    await admin?.close();
  });
  return {
    db,
    get admin(): DriverConnection {
      if (!admin) throw new Error("the admin connection opens in beforeAll");
      return admin;
    },
    get isMariaDb(): boolean {
      return isMariaDb;
    },
    async connect(query = {}, auth = { username: "root" }) {
      const conn = await mysql2Driver.connect({ host: HOST, port: PORT, ...auth, database: db, query });
      open.push(conn);
      for (const sql of dialect.connectSql()) await conn.execute(sql, []);
      return conn;
    },
  };
}

/** Runs `action`, which must fail, and returns the error translated as the engine will. */
export async function failure(action: Promise<unknown>, sql?: string): Promise<DBAPIError> {
  let caught: unknown;
  try {
    await action;
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected the statement to fail").toBeDefined();
  return dialect.translateError(caught, mysql2Driver.describeError(caught), { sql }) as DBAPIError;
}

/** Reads a cursor to the end in batches of `batch`. */
export async function drain(cursor: DriverCursor, batch: number): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (let rows = await cursor.read(batch); rows.length > 0; rows = await cursor.read(batch)) out.push(...rows);
  return out;
}

/** Row `index` of a result decoded as untyped values (by the driver's field types). */
export function untypedRow(result: DriverResult, index = 0): unknown[] {
  const row = result.rows[index] ?? [];
  return row.map((v, i) => {
    const field = result.fields[i];
    const decode = field ? dialect.untypedResult(field) : undefined;
    return decode ? decode(v) : v;
  });
}
