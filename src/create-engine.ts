/**
 * `createEngine(url, options)`: picks the dialect and driver named by the URL and builds an Engine.
 *
 * ```ts
 * const engine = createEngine("sqlite:///app.db");                       // better-sqlite3, file app.db
 * const pg = createEngine("postgresql://app:secret@localhost:5432/shop");  // pg
 * const my = createEngine("mariadb://root@localhost/shop", { poolSize: 10 }); // mysql2
 * ```
 *
 * The driver package is loaded from where Athanor is installed, unless the application passes the one it
 * loaded (SQLAlchemy's `module=`): `createEngine(url, { module: pg })`.
 */

import { ArgumentError } from "./errors/index.js";
import type { Dialect } from "./dialect/index.js";
import type { Driver, DriverConnectOptions } from "./driver/driver.js";
import { Engine, type EngineOptions } from "./engine/engine.js";
import { type DatabaseUrl, parseUrl } from "./engine/url.js";
import { MySQLDialect } from "./dialects/mysql/index.js";
import { PostgreSQLDialect } from "./dialects/postgresql/index.js";
import { SqliteDialect } from "./dialects/sqlite/index.js";
import { betterSqlite3Driver, betterSqlite3DriverFor } from "./drivers/better-sqlite3.js";
import { mysql2Driver, mysql2DriverFor } from "./drivers/mysql2.js";
import { pgDriver, pgDriverFor } from "./drivers/pg.js";

/** Options of `createEngine`: the engine's, and the driver packages to use. */
export interface CreateEngineOptions extends EngineOptions {
  /**
   * The driver package the application loaded, used instead of the one Athanor would load from its own
   * install location (SQLAlchemy's `module=`): `pg` for PostgreSQL (`import pg from "pg"`), `mysql2` for
   * MySQL / MariaDB (`import mysql from "mysql2"`: the callback API, not `mysql2/promise`), the `Database`
   * class for SQLite (`import Database from "better-sqlite3"`). A value of another shape is an
   * `ArgumentError` naming what was expected.
   *
   * ```ts
   * import pg from "pg";
   * const engine = createEngine("postgresql://app@localhost/shop", { module: pg });
   * ```
   */
  readonly module?: unknown;
  /**
   * PostgreSQL: the `pg-cursor` package the application loaded (`import Cursor from "pg-cursor"`), which
   * `conn.stream()` uses for server-side cursors.
   */
  readonly cursorModule?: unknown;
}

/** A driver adapter, and how to make it over a package the application passes in. */
interface DriverChoice {
  readonly driver: Driver;
  readonly withModule: (module: unknown, cursorModule: unknown) => Driver;
  /** The backend has a `cursorModule` option. */
  readonly cursorModule?: boolean;
}

interface Backend {
  readonly label: string;
  readonly dialect: () => Dialect;
  readonly drivers: Readonly<Record<string, DriverChoice>>;
  readonly defaultDriver: string;
}

const postgresql: Backend = {
  label: "postgresql",
  dialect: () => new PostgreSQLDialect(),
  drivers: { pg: { driver: pgDriver, withModule: pgDriverFor, cursorModule: true } },
  defaultDriver: "pg",
};
const mysql: Backend = {
  label: "mysql / mariadb",
  dialect: () => new MySQLDialect(),
  drivers: { mysql2: { driver: mysql2Driver, withModule: mysql2DriverFor } },
  defaultDriver: "mysql2",
};
const sqlite: Backend = {
  label: "sqlite",
  dialect: () => new SqliteDialect(),
  drivers: { "better-sqlite3": { driver: betterSqlite3Driver, withModule: betterSqlite3DriverFor } },
  defaultDriver: "better-sqlite3",
};

const BACKENDS: Readonly<Record<string, Backend>> = { postgresql, postgres: postgresql, mysql, mariadb: mysql, sqlite };

function supported(): string {
  return [postgresql, mysql, sqlite]
    .map((b) => `${b.label} (drivers: ${Object.keys(b.drivers).join(", ")})`)
    .join("; ");
}

/** Connection options for the driver, from the URL (SQLite: the file path, or `:memory:`). */
function connectOptions(url: DatabaseUrl): DriverConnectOptions {
  if (url.backend === "sqlite") {
    if (url.host) {
      throw new ArgumentError(
        `SQLite URLs have no host: use sqlite:///relative.db, sqlite:////absolute/path.db or sqlite:// (memory); got '${url}'`,
      );
    }
    return { database: url.database ?? ":memory:", query: url.query };
  }
  return {
    host: url.host,
    port: url.port,
    username: url.username,
    password: url.password,
    database: url.database,
    query: url.query,
  };
}

/**
 * Creates an Engine for a database URL. No connection is opened until the first `connect()`.
 * An unknown backend or driver is an `ArgumentError` listing what is supported.
 */
export function createEngine(url: string | DatabaseUrl, options: CreateEngineOptions = {}): Engine {
  const parsed = parseUrl(url);
  const backend = BACKENDS[parsed.backend];
  if (!backend) {
    throw new ArgumentError(`Unknown database '${parsed.backend}' in URL '${parsed}'. Supported: ${supported()}`);
  }
  const driverName = parsed.driver ?? backend.defaultDriver;
  const choice = backend.drivers[driverName];
  if (!choice) {
    throw new ArgumentError(
      `Unknown driver '${driverName}' for ${backend.label} in URL '${parsed}'. Supported: ${supported()}`,
    );
  }
  const { module, cursorModule, ...engineOptions } = options;
  if (cursorModule !== undefined && !choice.cursorModule) {
    throw new ArgumentError(
      `createEngine(url, { cursorModule }) is for PostgreSQL's pg-cursor; the ${driverName} driver streams without one`,
    );
  }
  const driver =
    module === undefined && cursorModule === undefined ? choice.driver : choice.withModule(module, cursorModule);
  return new Engine(parsed, backend.dialect(), driver, connectOptions(parsed), engineOptions);
}
