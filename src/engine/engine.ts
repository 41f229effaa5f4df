/**
 * Engine: a dialect, a driver, a connection pool and the compiled-statement cache.
 *
 * ```ts
 * const engine = createEngine("postgresql://app@localhost/shop", { poolSize: 10 });
 * await engine.begin(async (conn) => {
 *   await conn.execute(text("update stock set n = n - 1 where id = :id"), { id: 7 });
 * }); // BEGIN … COMMIT, or ROLLBACK and rethrow
 * await engine.dispose();
 * ```
 */

import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import { ArgumentError, InvalidRequestError } from "../errors/index.js";
import { createAll, dropAll } from "../ddl/index.js";
import { reflectMetadata } from "../reflection/index.js";
import type { Dialect, IsolationLevel } from "../dialect/index.js";
import type { Driver, DriverConnectOptions } from "../driver/driver.js";
import type { AnyTable, CreateAllOptions, MetaData, ReflectOptions } from "../schema/index.js";
import { CompiledCache } from "./compiled-cache.js";
import { Connection, type ConnectionHost } from "./connection.js";
import { connectionFactory, rawConnectionEvent } from "./connection-factory.js";
import { type EngineEvents, EventRegistry } from "./events.js";
import { applyIsolation, checkIsolationLevel, restoreIsolation } from "./isolation.js";
import { consoleLogger, type Logger } from "./logging.js";
import { Pool, type PoolOptions } from "./pool.js";
import type { DatabaseUrl } from "./url.js";

/** Options of `createEngine`. Durations are in seconds, as in SQLAlchemy. */
export interface EngineOptions {
  /** Log every statement with its parameters and timing. */
  readonly echo?: boolean;
  /** Where echo lines go (default: stdout). */
  readonly logger?: Logger;
  /** Connections kept open in the pool (default 5). Ignored by SQLite, which keeps one connection. */
  readonly poolSize?: number;
  /** Extra connections allowed beyond `poolSize` under load, closed when returned while `poolSize` sit idle (default 10). */
  readonly maxOverflow?: number;
  /** Seconds a checkout may take, waiting for a free connection and pre-pinging it, before `TimeoutError` (default 30). */
  readonly poolTimeout?: number;
  /** Replace connections older than this many seconds (default: never). */
  readonly poolRecycle?: number;
  /** Test each connection with a round trip at checkout and replace it if dead (default false). */
  readonly poolPrePing?: boolean;
  /** Isolation level of every connection (default: the database's). */
  readonly isolationLevel?: IsolationLevel;
  /** Keep bind parameters out of error messages and logs. */
  readonly hideParameters?: boolean;
  /** Compiled statements kept in the LRU cache (default 500; 0 disables). */
  readonly compiledCacheSize?: number;
}

/** Status of the engine's pool. */
export interface PoolStatus {
  readonly size: number;
  readonly maxOverflow: number;
  readonly checkedOut: number;
  readonly idle: number;
  readonly total: number;
}

function positiveNumber(name: string, value: unknown, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new ArgumentError(
      `Engine option ${name} must be a non-negative ${integer ? "integer" : "number"}, got ${inspect(value)}`,
    );
  }
  return value;
}

/** Engine options, validated, with their defaults. */
interface ResolvedOptions {
  /** The dialect keeps one connection per database (SQLite). */
  readonly single: boolean;
  readonly pool: Pick<PoolOptions, "size" | "maxOverflow" | "timeoutMs" | "recycleMs" | "prePing">;
  readonly isolationLevel: IsolationLevel | undefined;
  readonly compiledCacheSize: number;
  readonly echo: boolean;
  readonly logger: Logger;
  readonly hideParameters: boolean;
}

/** Validates the options (an invalid value is an `ArgumentError`) and applies the defaults. */
function resolveOptions(dialect: Dialect, options: EngineOptions): ResolvedOptions {
  const single = !dialect.capabilities.concurrentConnections;
  // Validated even where the dialect keeps one connection: a bad value is a bad value.
  const poolSize = positiveNumber("poolSize", options.poolSize, 5, true);
  const maxOverflow = positiveNumber("maxOverflow", options.maxOverflow, 10, true);
  const timeout = positiveNumber("poolTimeout", options.poolTimeout, 30);
  const recycle = options.poolRecycle === undefined ? undefined : positiveNumber("poolRecycle", options.poolRecycle, 0);
  if (options.isolationLevel !== undefined) checkIsolationLevel(dialect, options.isolationLevel);
  return {
    single,
    pool: {
      size: single ? 1 : poolSize,
      maxOverflow: single ? 0 : maxOverflow,
      timeoutMs: timeout * 1000,
      recycleMs: recycle === undefined ? undefined : recycle * 1000,
      prePing: options.poolPrePing ?? false,
    },
    isolationLevel: options.isolationLevel,
    compiledCacheSize: positiveNumber("compiledCacheSize", options.compiledCacheSize, 500, true),
    echo: options.echo ?? false,
    logger: options.logger ?? consoleLogger,
    hideParameters: options.hideParameters ?? false,
  };
}

/** A begin() body running on a single-connection engine's only connection; `held` until the body settles. */
interface Holding {
  readonly engine: Engine;
  held: boolean;
}
/** The begin() bodies the current async context runs inside (work they start later inherits it too). */
const holdingOnly = new AsyncLocalStorage<readonly Holding[]>();

/** The source of connections for a database. Create with `createEngine(url, options)`. */
export class Engine {
  /** The URL; its password is masked whenever it is shown. */
  readonly url: DatabaseUrl;
  readonly dialect: Dialect;
  readonly driver: Driver;
  readonly #events = new EventRegistry();
  readonly #pool: Pool;
  readonly #cache: CompiledCache;
  readonly #host: ConnectionHost;
  readonly #poolSize: number;
  /** The dialect keeps one connection per database (SQLite). */
  readonly #single: boolean;
  readonly #maxOverflow: number;

  /** @internal Use `createEngine`. */
  constructor(
    url: DatabaseUrl,
    dialect: Dialect,
    driver: Driver,
    connectOptions: DriverConnectOptions,
    options: EngineOptions = {},
  ) {
    this.url = url;
    this.dialect = dialect;
    this.driver = driver;
    const settings = resolveOptions(dialect, options);
    this.#single = settings.single;
    this.#poolSize = settings.pool.size;
    this.#maxOverflow = settings.pool.maxOverflow;
    this.#cache = new CompiledCache(dialect, settings.compiledCacheSize);
    this.#pool = this.#createPool(settings, connectOptions);
    this.#host = this.#connectionHost(settings);
  }

  /** The pool, opening connections through `connectionFactory` and logging discarded ones when echoing. */
  #createPool(settings: ResolvedOptions, connectOptions: DriverConnectOptions): Pool {
    const { dialect, driver } = this;
    const cache = this.#cache;
    return new Pool({
      ...settings.pool,
      describe: () =>
        settings.single
          ? `${dialect.name} keeps a single connection per database, and it is checked out`
          : `pool size ${this.#poolSize}, overflow ${this.#maxOverflow}, all checked out`,
      create: connectionFactory({
        dialect,
        driver,
        connectOptions,
        isolationLevel: settings.isolationLevel,
        events: this.#events,
        onInitialized: () => cache.clear(),
        onIdleError: (entry, error) => {
          settings.logger.info(
            `connection ${entry.connection.serverId ?? ""} lost while idle: ${error instanceof Error ? error.message : String(error)}`,
          );
          this.#pool.discardIdle(entry);
        },
      }),
      ping: (entry) => entry.connection.ping(),
      onReclaim: (entry) => {
        const where = entry.checkedOutAt?.stack?.split("\n").slice(1).join("\n");
        settings.logger.info(
          `dispose() closed connection ${entry.connection.serverId ?? ""}, checked out and never closed ` +
            `(close connections when done: await using / engine.begin). ` +
            (where ? `It was checked out at:\n${where}` : "Run with echo: true to log where it was checked out."),
        );
      },
      onDiscard: (entry, reason, error) => {
        if (settings.echo)
          settings.logger.info(
            `discarded connection ${entry.connection.serverId ?? ""}: ${reason}${error instanceof Error ? ` (${error.message})` : ""}`,
          );
      },
    });
  }

  /** What this engine's connections use: the dialect, the compiled cache, pool checkout/checkin, isolation. */
  #connectionHost(settings: ResolvedOptions): ConnectionHost {
    const { dialect, driver } = this;
    const events = this.#events;
    const pool = this.#pool;
    const cache = this.#cache;
    const isolationLevel = settings.isolationLevel;
    return {
      dialect,
      driver,
      events,
      echo: settings.echo,
      logger: settings.logger,
      hideParameters: settings.hideParameters,
      defaultIsolationLevel: isolationLevel,
      compiler: cache,
      // Statements prepared before a schema change may no longer match it (PostgreSQL refuses one whose
      // result type changed, and inside a transaction that aborts the transaction): compile afresh.
      schemaChanged: () => cache.clear(),
      // A prepared statement the server refused: the next execution compiles it again under a new name.
      forget: (key) => cache.forget(key),
      acquire: async () => {
        const entry = await pool.acquire();
        if (settings.echo) entry.checkedOutAt = new Error("checked out here");
        if (events.has("checkout")) await events.emit("checkout", rawConnectionEvent(entry));
        return entry;
      },
      release: async (entry) => {
        try {
          if (events.has("checkin")) await events.emit("checkin", rawConnectionEvent(entry));
        } finally {
          pool.release(entry);
        }
      },
      restoreIsolation: (entry) => restoreIsolation(dialect, entry, isolationLevel),
      applyIsolation: (entry, level) => applyIsolation(dialect, entry, level),
    };
  }

  /** Checks a connection out of the pool. Close it when done (`await using` does). */
  async connect(): Promise<Connection> {
    if (this.#single && this.#pool.idle === 0 && holdingOnly.getStore()?.some((h) => h.held && h.engine === this)) {
      throw new InvalidRequestError(
        `This ${this.dialect.name} engine keeps a single connection, and this code runs inside engine.begin(), ` +
          "which holds it: a nested engine.connect() or engine.begin() would wait for it forever. Use the " +
          "connection begin() passed in, and conn.beginNested() for a nested transaction",
      );
    }
    const entry = await this.#host.acquire();
    return new Connection(this.#host, entry);
  }

  /**
   * Runs `body` in a transaction on a fresh connection: commits when it resolves, rolls back and rethrows
   * when it rejects, and returns the connection to the pool either way.
   */
  async begin<T>(body: (conn: Connection) => Promise<T>): Promise<T> {
    const conn = await this.connect();
    try {
      let value: T;
      if (this.#single) {
        // The body holds this engine's only connection: remember it, so a nested connect() fails at once.
        const holding: Holding = { engine: this, held: true };
        try {
          value = await holdingOnly.run([...(holdingOnly.getStore() ?? []), holding], () => body(conn));
        } finally {
          holding.held = false;
        }
      } else value = await body(conn);
      await conn.commit();
      return value;
    } catch (error) {
      await conn.rollback().catch(() => undefined);
      throw error;
    } finally {
      await conn.close();
    }
  }

  /** Adds an event listener (see `EngineEvents`). */
  on<K extends keyof EngineEvents>(event: K, listener: EngineEvents[K]): this {
    this.#events.on(event, listener);
    return this;
  }

  /** Removes an event listener. */
  off<K extends keyof EngineEvents>(event: K, listener: EngineEvents[K]): this {
    this.#events.off(event, listener);
    return this;
  }

  /** Pool counters. */
  poolStatus(): PoolStatus {
    return {
      size: this.#poolSize,
      maxOverflow: this.#maxOverflow,
      checkedOut: this.#pool.checkedOut,
      idle: this.#pool.idle,
      total: this.#pool.total,
    };
  }

  /** Compiled statements currently cached. */
  get compiledCacheSize(): number {
    return this.#cache.size;
  }

  /**
   * Creates the tables of `metadata` in dependency order, in one transaction where DDL is transactional
   * (`metadata.createAll(engine)` calls this). See `createAll` in `ddl/`.
   *
   * ```ts
   * await engine.createAll(metadata, { tables: [users, posts], checkFirst: true });
   * ```
   */
  createAll(metadata: MetaData, options: CreateAllOptions = {}): Promise<void> {
    return createAll(this, metadata, options);
  }

  /** Reflects the database's tables into `metadata` (`metadata.reflect(engine)` calls this). */
  reflect(metadata: MetaData, options: ReflectOptions = {}): Promise<AnyTable[]> {
    return reflectMetadata(this, metadata, options);
  }

  /** Drops the tables of `metadata` in reverse dependency order (`metadata.dropAll(engine)` calls this). */
  dropAll(metadata: MetaData, options: CreateAllOptions = {}): Promise<void> {
    return dropAll(this, metadata, options);
  }

  /**
   * Closes every connection: idle ones, and checked-out ones never closed (each logged as a warning, with
   * where it was checked out under `echo`), so that nothing stays open on the server or keeps the process alive.
   */
  async dispose(): Promise<void> {
    await this.#pool.dispose();
    this.#cache.clear();
  }

  /** `await using engine = createEngine(...)` disposes the engine at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  toString(): string {
    return `Engine(${this.url.render()})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
