/**
 * `createEngine(url, options)`: picks the dialect and driver named by the URL and builds an Engine.
 *
 * ```ts
 * const engine = createEngine("sqlite:///app.db");                       // better-sqlite3, file app.db
 * const pg = createEngine("postgresql://app:secret@localhost:5432/shop");  // pg
 * const my = createEngine("mariadb://root@localhost/shop", { poolSize: 10 }); // mysql2
 * ```
 */

import { ArgumentError } from "./errors/index.js";
import type { Dialect } from "./dialect/index.js";
import type { Driver, DriverConnectOptions } from "./driver/driver.js";
import { Engine, type EngineOptions } from "./engine/engine.js";
import { type DatabaseUrl, parseUrl } from "./engine/url.js";
import { MySQLDialect } from "./dialects/mysql/index.js";
import { PostgreSQLDialect } from "./dialects/postgresql/index.js";
import { SqliteDialect } from "./dialects/sqlite/index.js";
import { betterSqlite3Driver } from "./drivers/better-sqlite3.js";
import { mysql2Driver } from "./drivers/mysql2.js";
import { pgDriver } from "./drivers/pg.js";

interface Backend {
  readonly label: string;
  readonly dialect: () => Dialect;
  readonly drivers: Readonly<Record<string, Driver>>;
  readonly defaultDriver: string;
}

const postgresql: Backend = {
  label: "postgresql",
  dialect: () => new PostgreSQLDialect(),
  drivers: { pg: pgDriver },
  defaultDriver: "pg",
};
const mysql: Backend = {
  label: "mysql / mariadb",
  dialect: () => new MySQLDialect(),
  drivers: { mysql2: mysql2Driver },
  defaultDriver: "mysql2",
};
const sqlite: Backend = {
  label: "sqlite",
  dialect: () => new SqliteDialect(),
  drivers: { "better-sqlite3": betterSqlite3Driver },
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
export function createEngine(url: string | DatabaseUrl, options: EngineOptions = {}): Engine {
  const parsed = parseUrl(url);
  const backend = BACKENDS[parsed.backend];
  if (!backend) {
    throw new ArgumentError(`Unknown database '${parsed.backend}' in URL '${parsed}'. Supported: ${supported()}`);
  }
  const driverName = parsed.driver ?? backend.defaultDriver;
  const driver = backend.drivers[driverName];
  if (!driver) {
    throw new ArgumentError(
      `Unknown driver '${driverName}' for ${backend.label} in URL '${parsed}'. Supported: ${supported()}`,
    );
  }
  return new Engine(parsed, backend.dialect(), driver, connectOptions(parsed), options);
}
