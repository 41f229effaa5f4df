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
import { sqlHead } from "../util/sql-text.js";
import { bindIndex, isDdl, type StatementNode, statementShape } from "../ast/index.js";
import { ArgumentError, InterfaceError, InvalidRequestError } from "../errors/index.js";
import type { CompiledQuery } from "../compiler/index.js";
import { createAll, dropAll } from "../ddl/index.js";
import { reflectMetadata } from "../reflection/index.js";
import type { Dialect, IsolationLevel } from "../dialect/index.js";
import type { Driver, DriverConnectOptions } from "../driver/driver.js";
import type { AnyTable, CreateAllOptions, MetaData, ReflectOptions } from "../schema/index.js";
import { LRUCache } from "../util/lru.js";
import { Connection, type ConnectionHost, SESSION_ISOLATION } from "./connection.js";
import { type EngineEvents, EventRegistry, type RawConnectionEvent } from "./events.js";
import { consoleLogger, type Logger } from "./logging.js";
import { Pool, PoolEntry } from "./pool.js";
import type { DatabaseUrl } from "./url.js";

/** Options of `createEngine`. Durations are in seconds, as in SQLAlchemy. */
export interface EngineOptions {
  /** Log every statement with its parameters and timing. */
  readonly echo?: boolean;
  /** Where echo lines go (default: stdout). */
  readonly logger?: Logger;
  /** Connections kept open in the pool (default 5). Ignored by SQLite, which keeps one connection. */
  readonly poolSize?: number;
  /** Extra connections allowed beyond `poolSize` under load, closed when returned (default 10). */
  readonly maxOverflow?: number;
  /** Seconds a checkout waits for a free connection before `TimeoutError` (default 30). */
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

interface CacheEntry {
  readonly compiled: CompiledQuery;
  readonly createdAt: number;
  /** Name under which drivers may keep the statement prepared (compiled DML only, not text()). */
  readonly prepareName: string | undefined;
  /** The statement may change the schema (DDL, or text() starting with a DDL keyword). */
  readonly schemaChange: boolean;
}

/** Statements worth preparing on the server: compiled DML (text() and DDL run unprepared). */
const PREPARABLE = new Set(["select", "compoundSelect", "insert", "update", "delete"]);
let preparedSeq = 0;
/** text() whose first keyword (after comments) is a DDL one. */
const DDL_KEYWORD = /^(?:create|alter|drop|truncate|rename|comment)\b/i;

/** True when running `statement` may change the schema (DDL, or text() starting with a DDL keyword). */
function changesSchema(statement: StatementNode): boolean {
  return isDdl(statement) || (statement.kind === "text" && DDL_KEYWORD.test(sqlHead(statement.sql)));
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
  readonly #cache: LRUCache<string, CacheEntry>;
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
    const single = !dialect.capabilities.concurrentConnections;
    this.#single = single;
    // Validated even where the dialect keeps one connection: a bad value is a bad value.
    const poolSize = positiveNumber("poolSize", options.poolSize, 5, true);
    const maxOverflow = positiveNumber("maxOverflow", options.maxOverflow, 10, true);
    this.#poolSize = single ? 1 : poolSize;
    this.#maxOverflow = single ? 0 : maxOverflow;
    const timeout = positiveNumber("poolTimeout", options.poolTimeout, 30);
    const recycle =
      options.poolRecycle === undefined ? undefined : positiveNumber("poolRecycle", options.poolRecycle, 0);
    const isolationLevel = options.isolationLevel;
    if (isolationLevel !== undefined && !dialect.capabilities.isolationLevels.includes(isolationLevel)) {
      throw new ArgumentError(
        `Invalid isolation level '${isolationLevel}' for ${dialect.name}; expected one of ${dialect.capabilities.isolationLevels.join(", ")}`,
      );
    }
    this.#cache = new LRUCache(positiveNumber("compiledCacheSize", options.compiledCacheSize, 500, true));
    const events = this.#events;
    const raw = (entry: PoolEntry): RawConnectionEvent => ({
      serverId: entry.connection.serverId,
      info: entry.info,
      execute: (sql, params = []) => entry.connection.execute(sql, params),
    });
    const translate = (error: unknown): Error =>
      dialect.translateError(error, driver.describeError(error), { hideParameters: true });

    /** The dialect has read the server's version (on the first connection; see `Dialect.initialize`). */
    let initialized = false;
    const cache = this.#cache;
    this.#pool = new Pool({
      size: this.#poolSize,
      maxOverflow: this.#maxOverflow,
      timeoutMs: timeout * 1000,
      recycleMs: recycle === undefined ? undefined : recycle * 1000,
      prePing: options.poolPrePing ?? false,
      describe: () =>
        single
          ? `${dialect.name} keeps a single connection per database, and it is checked out`
          : `pool size ${this.#poolSize}, overflow ${this.#maxOverflow}, all checked out`,
      create: async () => {
        let conn;
        try {
          conn = await driver.connect(connectOptions);
        } catch (error) {
          throw translate(error);
        }
        const entry = new PoolEntry(conn);
        conn.onIdleError((error) => {
          this.#host.logger.info(
            `connection ${conn.serverId ?? ""} lost while idle: ${error instanceof Error ? error.message : String(error)}`,
          );
          this.#pool.discardIdle(entry);
        });
        try {
          if (!initialized) {
            const versionQuery = dialect.serverVersionQuery();
            if (versionQuery !== undefined) {
              const res = await conn.execute(versionQuery, []);
              dialect.initialize(String(res.rows[0]?.[0] ?? ""));
              cache.clear();
            }
            initialized = true;
          }
          for (const definition of dialect.sqlFunctions()) {
            if (!conn.defineFunction) {
              throw new InterfaceError(
                `The ${driver.name} driver cannot define the SQL function ${definition.name}() the ${dialect.name} dialect needs`,
                undefined,
              );
            }
            conn.defineFunction(definition);
          }
          for (const sql of dialect.connectSql()) await conn.execute(sql, []);
          if (isolationLevel !== undefined && isolationLevel !== "AUTOCOMMIT")
            await applyIsolation(entry, isolationLevel);
          if (events.has("connect")) await events.emit("connect", raw(entry));
        } catch (error) {
          await conn.close().catch(() => undefined);
          throw translate(error);
        }
        return entry;
      },
      ping: (entry) => entry.connection.ping(),
      onDiscard: (entry, reason, error) => {
        if (this.#host.echo)
          this.#host.logger.info(
            `discarded connection ${entry.connection.serverId ?? ""}: ${reason}${error instanceof Error ? ` (${error.message})` : ""}`,
          );
      },
    });

    const applyIsolation = async (entry: PoolEntry, level: Exclude<IsolationLevel, "AUTOCOMMIT">): Promise<void> => {
      if (!entry.info.has(SERVER_DEFAULT_ISOLATION)) {
        const res = await entry.connection.execute(dialect.isolationLevelQuery(), []);
        entry.info.set(SERVER_DEFAULT_ISOLATION, dialect.parseIsolationLevel(res.rows[0]?.[0]));
      }
      for (const sql of dialect.setIsolationLevelSql(level)) await entry.connection.execute(sql, []);
      entry.info.set(SESSION_ISOLATION, level);
    };

    const pool = this.#pool;
    this.#host = {
      dialect,
      driver,
      events,
      echo: options.echo ?? false,
      logger: options.logger ?? consoleLogger,
      hideParameters: options.hideParameters ?? false,
      defaultIsolationLevel: isolationLevel,
      compile(statement: StatementNode) {
        const shape = statementShape(statement);
        let hit = cache.get(shape.key);
        let note: string;
        if (hit) {
          note = `cached since ${((Date.now() - hit.createdAt) / 1000).toFixed(3)}s ago`;
        } else {
          const t0 = performance.now();
          const compiled = dialect.createCompiler(bindIndex(shape)).compile(statement);
          hit = {
            compiled,
            createdAt: Date.now(),
            prepareName: PREPARABLE.has(statement.kind) ? `athanor_${++preparedSeq}` : undefined,
            schemaChange: changesSchema(statement),
          };
          cache.set(shape.key, hit);
          note = `generated in ${((performance.now() - t0) / 1000).toFixed(5)}s`;
        }
        const { compiled, prepareName, schemaChange } = hit;
        return { compiled, binds: shape.binds, note, prepareName, key: shape.key, schemaChange };
      },
      schemaChanged() {
        // Statements prepared before a schema change may no longer match it (PostgreSQL refuses one whose
        // result type changed, and inside a transaction that aborts the transaction). Compiling afresh gives
        // every statement a new name, so each connection prepares it again against the new schema.
        cache.clear();
      },
      forget(key: string) {
        // A prepared statement the server refused (e.g. its result type changed after ALTER TABLE): the
        // next execution compiles afresh under a new name, so the server prepares it again.
        cache.delete(key);
      },
      acquire: async () => {
        const entry = await pool.acquire();
        if (events.has("checkout")) await events.emit("checkout", raw(entry));
        return entry;
      },
      release: async (entry) => {
        try {
          if (events.has("checkin")) await events.emit("checkin", raw(entry));
        } finally {
          pool.release(entry);
        }
      },
      restoreIsolation: async (entry) => {
        const current = entry.info.get(SESSION_ISOLATION);
        if (current === undefined) return;
        const target =
          isolationLevel !== undefined && isolationLevel !== "AUTOCOMMIT"
            ? isolationLevel
            : (entry.info.get(SERVER_DEFAULT_ISOLATION) as IsolationLevel);
        if (current === target) return;
        for (const sql of dialect.setIsolationLevelSql(target as Exclude<IsolationLevel, "AUTOCOMMIT">))
          await entry.connection.execute(sql, []);
        entry.info.set(SESSION_ISOLATION, target);
      },
      applyIsolation,
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

  /** Closes every pooled connection. Checked-out connections close when they are returned. */
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

const SERVER_DEFAULT_ISOLATION = "athanor.serverIsolation";
