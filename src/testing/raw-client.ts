/**
 * A minimal client over each raw driver, for the test harness only: probing servers, creating and
 * dropping scratch databases, and `adminQuery`. It deliberately bypasses Athanor's engine so that the
 * harness works (and can set up fixtures) whatever state the engine is in.
 */

import { parseUrl } from "../engine/url.js";
import { DriverNotInstalledError } from "../errors/index.js";
import type { TestDialect } from "./servers.js";

/** One open raw connection. */
export interface RawClient {
  /**
   * Runs one statement with positional parameters (`$1` on PostgreSQL, `?` elsewhere) and returns its rows
   * as objects keyed by column name; an empty array for statements that return no rows.
   */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Closes the connection; idempotent. */
  close(): Promise<void>;
}

/** Options for `openRawClient`. */
export interface RawClientOptions {
  /** How long to wait for the server to accept the connection (ignored by SQLite). */
  readonly connectTimeoutMs?: number;
}

/** The parts of a server URL the raw drivers need. */
export interface ServerUrlParts {
  readonly host: string;
  readonly port: number | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly database: string | undefined;
}

/**
 * Splits a `postgresql://` or `mysql://` URL (with or without a `+driver` suffix) into connection parameters.
 *
 * @example
 * parseServerUrl("postgresql://postgres@127.0.0.1:5432/test");
 * // { host: "127.0.0.1", port: 5432, user: "postgres", password: undefined, database: "test" }
 */
export function parseServerUrl(url: string): ServerUrlParts {
  const parsed = parseUrl(url);
  return {
    host: parsed.host ?? "localhost",
    port: parsed.port,
    user: parsed.username,
    password: parsed.password,
    database: parsed.database,
  };
}

/**
 * The file a `sqlite://` URL names: `sqlite:///rel.db` is relative, `sqlite:////abs.db` absolute, and
 * `sqlite://` (nothing after the slashes) is an in-memory database (`:memory:`).
 *
 * @example
 * sqlitePath("sqlite:////tmp/a.db"); // "/tmp/a.db"
 */
export function sqlitePath(url: string): string {
  const parsed = parseUrl(url);
  if (parsed.backend !== "sqlite") throw new TypeError(`not a sqlite:// URL: ${parsed}`);
  return parsed.database ?? ":memory:";
}

/** Opens a raw driver connection to the database `url` names. */
export async function openRawClient(
  dialect: TestDialect,
  url: string,
  options: RawClientOptions = {},
): Promise<RawClient> {
  const timeout = options.connectTimeoutMs ?? 10_000;
  switch (dialect) {
    case "postgresql":
      return openPg(url, timeout);
    case "mysql":
      return openMysql(url, timeout);
    case "sqlite":
      return openSqlite(url);
  }
}

/** Imports an optional driver package, turning "not installed" into `DriverNotInstalledError`. */
async function loadDriver<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new DriverNotInstalledError(`the test harness needs the "${name}" package: npm install --save-dev ${name}`);
    }
    throw error;
  }
}

async function openPg(url: string, timeoutMs: number): Promise<RawClient> {
  const pg = (await loadDriver("pg", () => import("pg"))).default;
  const parts = parseServerUrl(url);
  const client = new pg.Client({
    host: parts.host,
    port: parts.port ?? 5432,
    user: parts.user,
    password: parts.password,
    database: parts.database,
    connectionTimeoutMillis: timeoutMs,
    application_name: "athanor-testing",
  });
  // An idle client whose backend dies (e.g. `DROP DATABASE ... WITH (FORCE)` from another test) emits
  // "error"; without a listener Node would crash the worker. The next query reports the failure instead.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  let closed = false;
  return {
    async query(sql, params = []) {
      const result = await client.query({ text: sql, values: [...params] });
      return result.rows as Record<string, unknown>[];
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.end();
    },
  };
}

async function openMysql(url: string, timeoutMs: number): Promise<RawClient> {
  const mysql = await loadDriver("mysql2", () => import("mysql2/promise"));
  const parts = parseServerUrl(url);
  const connection = await mysql.createConnection({
    host: parts.host,
    port: parts.port ?? 3306,
    ...(parts.user === undefined ? {} : { user: parts.user }),
    ...(parts.password === undefined ? {} : { password: parts.password }),
    ...(parts.database === undefined ? {} : { database: parts.database }),
    connectTimeout: timeoutMs,
  });
  // Same reason as for pg: a connection killed while idle must not crash the worker.
  connection.on("error", () => {});
  let closed = false;
  return {
    async query(sql, params = []) {
      const [rows] = await connection.query(sql, [...params]);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    async close() {
      if (closed) return;
      closed = true;
      await connection.end();
    },
  };
}

async function openSqlite(url: string): Promise<RawClient> {
  const Database = (await loadDriver("better-sqlite3", () => import("better-sqlite3"))).default;
  const db = new Database(sqlitePath(url));
  return {
    async query(sql, params = []) {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
