/**
 * Throw-away databases for tests: one fresh, empty database per test file and dialect, so that test files
 * can run in parallel (and beside other users of the same servers) without seeing each other's tables.
 */

import { randomBytes } from "node:crypto";
import { access, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { openRawClient, type RawClient } from "./raw-client.js";
import type { TestDialect } from "./servers.js";

/** Prefix of every scratch database name (and SQLite file name), so that leftovers are easy to find. */
export const SCRATCH_PREFIX = "athanor_t_";

/** A scratch database that exists until `drop()` is called. */
export interface ScratchDatabase {
  readonly dialect: TestDialect;
  /** The database name (PostgreSQL, MySQL) or the absolute file path (SQLite). */
  readonly name: string;
  /** A connection URL for the scratch database, with the same scheme, credentials and options as the server's. */
  readonly url: string;
  /** The URL of the server it lives on (`sqlite://` for SQLite). */
  readonly serverUrl: string;
  /** Runs one statement on the scratch database through the raw driver (a new connection per call). */
  adminQuery(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Drops the database, ending any sessions still connected to it; idempotent. */
  drop(): Promise<void>;
}

/** SQLite's side files: a leftover `-wal` next to a new database of the same name would be replayed. */
const SQLITE_SIDE_FILES = ["", "-wal", "-shm", "-journal"];

/** SQLSTATE for "source database is being accessed by other users", raised by concurrent CREATE DATABASE. */
const PG_OBJECT_IN_USE = "55006";

/**
 * Creates an empty database on the server `serverUrl` names (ignored for SQLite, which gets a file in the
 * temp directory).
 *
 * @example
 * const db = await createScratchDatabase("postgresql", "postgresql://postgres@127.0.0.1:5432/test");
 * db.url; // "postgresql://postgres@127.0.0.1:5432/athanor_t_3f9a0c1b2d4e"
 * await db.drop();
 */
export async function createScratchDatabase(dialect: TestDialect, serverUrl: string): Promise<ScratchDatabase> {
  const suffix = randomBytes(6).toString("hex");
  switch (dialect) {
    case "sqlite":
      return createSqlite(join(tmpdir(), `athanor-${suffix}.db`));
    case "postgresql":
    case "mysql":
      return createOnServer(dialect, serverUrl, `${SCRATCH_PREFIX}${suffix}`);
  }
}

/** Runs `work` on a fresh raw connection to `url`, always closing it. */
async function withClient<T>(dialect: TestDialect, url: string, work: (client: RawClient) => Promise<T>): Promise<T> {
  const client = await openRawClient(dialect, url);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/** Returns `serverUrl` with its database replaced by `database`, keeping scheme, credentials and query. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.href;
}

async function createOnServer(
  dialect: "postgresql" | "mysql",
  serverUrl: string,
  name: string,
): Promise<ScratchDatabase> {
  // Names are generated here ([a-z0-9_] only), so quoting them without escaping is safe.
  const quoted = dialect === "postgresql" ? `"${name}"` : `\`${name}\``;
  await withClient(dialect, serverUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quoted}`);
        return;
      } catch (error) {
        // Two CREATE DATABASE statements copying template1 at the same moment can collide; retrying is safe.
        const code = (error as { code?: unknown }).code;
        if (code !== PG_OBJECT_IN_USE || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  });
  const url = withDatabase(serverUrl, name);
  let dropped = false;
  return {
    dialect,
    name,
    url,
    serverUrl,
    adminQuery: (sql, params) => withClient(dialect, url, (client) => client.query(sql, params)),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(dialect, serverUrl, async (client) => {
        if (dialect === "postgresql") {
          await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
          return;
        }
        // MariaDB has no FORCE: a test that left a transaction open would hold a metadata lock and make
        // DROP DATABASE wait forever, so end the sessions still using the database first.
        const sessions = await client.query(
          "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()",
          [name],
        );
        for (const session of sessions) {
          await client.query(`KILL CONNECTION ${Number(session["id"])}`).catch(() => {});
        }
        await client.query(`DROP DATABASE IF EXISTS ${quoted}`);
      });
    },
  };
}

async function createSqlite(path: string): Promise<ScratchDatabase> {
  const url = `sqlite:///${path}`;
  // Opening the file creates it, so the database exists (empty) as soon as this returns.
  await withClient("sqlite", url, (client) => client.query("PRAGMA user_version"));
  let dropped = false;
  return {
    dialect: "sqlite",
    name: path,
    url,
    serverUrl: "sqlite://",
    adminQuery: (sql, params) => withClient("sqlite", url, (client) => client.query(sql, params)),
    async drop() {
      if (dropped) return;
      dropped = true;
      await Promise.all(SQLITE_SIDE_FILES.map((side) => rm(`${path}${side}`, { force: true })));
    },
  };
}

/**
 * Whether a database exists on a server: by name on PostgreSQL and MySQL, as a file for SQLite (`name` is then
 * the path). Used to check that scratch databases are really removed.
 */
export async function databaseExists(dialect: TestDialect, serverUrl: string, name: string): Promise<boolean> {
  switch (dialect) {
    case "sqlite":
      return access(name).then(
        () => true,
        () => false,
      );
    case "postgresql":
      return withClient(dialect, serverUrl, async (client) => {
        const rows = await client.query("SELECT 1 AS found FROM pg_database WHERE datname = $1", [name]);
        return rows.length > 0;
      });
    case "mysql":
      return withClient(dialect, serverUrl, async (client) => {
        const rows = await client.query("SELECT 1 AS found FROM information_schema.schemata WHERE schema_name = ?", [
          name,
        ]);
        return rows.length > 0;
      });
  }
}
