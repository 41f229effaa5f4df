/**
 * Opening pooled connections: what the pool calls to create one. A new driver connection gets the
 * dialect's one-time initialisation (the server's version, on the first connection), the SQL functions
 * and session SQL the dialect needs, the engine's isolation level and the `connect` event; a failure at any
 * step closes it and surfaces as a typed error.
 */

import type { Dialect, IsolationLevel } from "../dialect/index.js";
import type { Driver, DriverConnectOptions, DriverConnection } from "../driver/driver.js";
import { InterfaceError } from "../errors/index.js";
import type { EventRegistry, RawConnectionEvent } from "./events.js";
import { applyIsolation } from "./isolation.js";
import { PoolEntry } from "./pool.js";

/** What opening connections for an engine needs. */
export interface ConnectionFactoryOptions {
  readonly dialect: Dialect;
  readonly driver: Driver;
  readonly connectOptions: DriverConnectOptions;
  /** The engine's isolation level, set on every new connection (AUTOCOMMIT sets nothing). */
  readonly isolationLevel: IsolationLevel | undefined;
  readonly events: EventRegistry;
  /** The dialect has read the server's version: what was compiled before may differ now. */
  onInitialized(): void;
  /** The connection failed while idle in the pool. */
  onIdleError(entry: PoolEntry, error: unknown): void;
}

/** The raw connection as pool events see it. */
export function rawConnectionEvent(entry: PoolEntry): RawConnectionEvent {
  return {
    serverId: entry.connection.serverId,
    info: entry.info,
    execute: (sql, params = []) => entry.connection.execute(sql, params),
  };
}

/** A driver error raised while connecting, as a typed error (parameters are never shown: there are none to show). */
export function translateConnectError(dialect: Dialect, driver: Driver, error: unknown): Error {
  return dialect.translateError(error, driver.describeError(error), { hideParameters: true });
}

/** Returns the pool's `create`: opens and initialises one connection per call. */
export function connectionFactory(options: ConnectionFactoryOptions): () => Promise<PoolEntry> {
  const { dialect, driver, connectOptions, isolationLevel, events } = options;
  /** The dialect has read the server's version (on the first connection; see `Dialect.initialize`). */
  let initialized = false;
  return async () => {
    let conn: DriverConnection;
    try {
      conn = await driver.connect(connectOptions);
    } catch (error) {
      throw translateConnectError(dialect, driver, error);
    }
    const entry = new PoolEntry(conn);
    conn.onIdleError((error) => options.onIdleError(entry, error));
    try {
      if (!initialized) {
        const versionQuery = dialect.serverVersionQuery();
        if (versionQuery !== undefined) {
          const res = await conn.execute(versionQuery, []);
          dialect.initialize(String(res.rows[0]?.[0] ?? ""));
          options.onInitialized();
        }
        initialized = true;
      }
      defineSqlFunctions(dialect, driver, conn);
      for (const sql of dialect.connectSql()) await conn.execute(sql, []);
      if (isolationLevel !== undefined && isolationLevel !== "AUTOCOMMIT")
        await applyIsolation(dialect, entry, isolationLevel);
      if (events.has("connect")) await events.emit("connect", rawConnectionEvent(entry));
    } catch (error) {
      await conn.close().catch(() => undefined);
      throw translateConnectError(dialect, driver, error);
    }
    return entry;
  };
}

/** Defines the SQL functions the dialect needs (SQLite's case folding) on a new connection. */
function defineSqlFunctions(dialect: Dialect, driver: Driver, conn: DriverConnection): void {
  for (const definition of dialect.sqlFunctions()) {
    if (!conn.defineFunction) {
      throw new InterfaceError(
        `The ${driver.name} driver cannot define the SQL function ${definition.name}() the ${dialect.name} dialect needs`,
        undefined,
      );
    }
    conn.defineFunction(definition);
  }
}
