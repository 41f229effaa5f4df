/**
 * The `mysql2` adapter behind the driver seam, for MySQL and MariaDB.
 *
 * `mysql2` is an optional peer dependency, loaded with a dynamic `import()` on first use. The adapter
 * uses the callback API: statements with parameters run as server-side prepared statements (binary
 * protocol, cached per connection by mysql2), statements without parameters as plain queries (text
 * protocol), and cursors stream rows with the connection paused whenever enough are buffered.
 *
 * Values come back lossless and untouched by the host's time zone, under both protocols: 64-bit
 * integers and decimals as text, DATE / DATETIME / TIMESTAMP / TIME as text, JSON as its text, binary
 * data as `Buffer`; smaller integers and floats as numbers (a `FLOAT` as the shortest decimal that is
 * the same single-precision value, as the text protocol prints it).
 *
 * ```ts
 * const conn = await mysql2Driver.connect({ host: "127.0.0.1", username: "root", database: "app", query: {} });
 * const { rows } = await conn.execute("SELECT id, name FROM users WHERE id = ?", [1]); // [[1, "Ann"]]
 * ```
 */

import { inspect } from "node:util";
import { ArgumentError } from "../errors/index.js";
import { packageLoader, providedModule, wrongModuleError } from "../driver/load-package.js";
import type {
  Driver,
  DriverConnectOptions,
  DriverConnection,
  DriverCursor,
  DriverErrorInfo,
  DriverResult,
} from "../driver/driver.js";
import { Mysql2Cursor, type CursorHost } from "./mysql2-cursor.js";
import { type LongLongFactory, type RawCallback, type RawConnection, toResult, toWireParams } from "./mysql2-values.js";

/** The part of the `mysql2` module the adapter uses. */
interface Mysql2Module {
  createConnection(config: Record<string, unknown>): RawConnection;
  readonly TypedParameter?: { readonly LONGLONG?: LongLongFactory } | undefined;
}

/** How long a graceful close waits for the server to hang up before the socket is destroyed. */
const CLOSE_GRACE_MS = 2000;

// ---------------------------------------------------------------------------------------------------
// Package loading
// ---------------------------------------------------------------------------------------------------

const loadMysql2 = packageLoader("mysql", "mysql2", async () => {
  const mod = (await import("mysql2")) as unknown as { default?: Mysql2Module } & Mysql2Module;
  // mysql2 is CommonJS: its exports (some defined as getters) live on `default`.
  return mod.default ?? mod;
});

/** True for a value shaped like the `mysql2` package (its callback API). */
function isMysql2Module(value: unknown): value is Mysql2Module {
  const mod = value as Partial<Mysql2Module> | null | undefined;
  // `mysql2/promise` has createConnection too, but it resolves a promise-wrapped connection.
  return (
    typeof mod === "object" &&
    mod !== null &&
    typeof mod.createConnection === "function" &&
    !("PromiseConnection" in mod)
  );
}

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

/** Server error numbers after which the connection is gone. */
const DISCONNECT_ERRNOS: ReadonlySet<number> = new Set([1927, 2006, 2013, 4031]);
/** Client-side codes after which the connection is gone. */
const DISCONNECT_CODES: ReadonlySet<string> = new Set(["PROTOCOL_CONNECTION_LOST", "ECONNRESET", "EPIPE"]);
/** ER_MAX_PREPARED_STMT_COUNT_REACHED: the server-wide limit of prepared statements is reached. */
const ER_MAX_PREPARED_STMT_COUNT_REACHED = 1461;
/** Errors after which a statement is retried (see `execute`): ER_UNSUPPORTED_PS, ER_MAX_PREPARED_STMT_COUNT_REACHED. */
const NOT_PREPARABLE_ERRNOS: ReadonlySet<number> = new Set([1295, ER_MAX_PREPARED_STMT_COUNT_REACHED]);

/** What the adapter worked out about each error it let through (with the password already scrubbed). */
const described = new WeakMap<object, DriverErrorInfo>();

interface RawMysqlError {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly sqlState?: unknown;
  readonly sqlMessage?: unknown;
  readonly fatal?: unknown;
}

/** True for errors shaped like mysql2's: a server error packet, or a protocol / fatal client error. */
function looksLikeMysql2Error(error: unknown): error is Error & RawMysqlError {
  if (!(error instanceof Error)) return false;
  const e = error as RawMysqlError;
  if (typeof e.sqlState === "string" && typeof e.errno === "number") return true;
  return typeof e.code === "string" && e.code.startsWith("PROTOCOL_");
}

/** Replaces every occurrence of the password (when there is one) in a message. */
function scrub(message: string, password: string | undefined): string {
  return password ? message.split(password).join("***") : message;
}

/** Builds the seam's description of a mysql2 (or socket) error. */
function describe(error: Error & RawMysqlError, password: string | undefined): DriverErrorInfo {
  const errno = typeof error.errno === "number" && error.errno > 0 ? error.errno : undefined;
  // Server errors carry a SQLSTATE; client and socket errors a code such as PROTOCOL_CONNECTION_LOST.
  const code =
    typeof error.sqlState === "string" ? error.sqlState : typeof error.code === "string" ? error.code : undefined;
  const rawCode = typeof error.code === "string" ? error.code : undefined;
  const disconnect =
    error.fatal === true ||
    (errno !== undefined && DISCONNECT_ERRNOS.has(errno)) ||
    (rawCode !== undefined && DISCONNECT_CODES.has(rawCode));
  return { code, errno, message: scrub(messageOf(error), password), disconnect };
}

/** An error's message; a failed connect to several addresses is an AggregateError with an empty one. */
function messageOf(error: Error): string {
  if (error.message) return error.message;
  if (error instanceof AggregateError)
    return error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join("; ");
  const code = (error as RawMysqlError).code;
  return typeof code === "string" ? code : error.name;
}

/** Records what an error means, so that `describeError` can answer for it; returns the error. */
function register(error: Error, password: string | undefined): Error {
  if (!described.has(error)) described.set(error, describe(error, password));
  return error;
}

// ---------------------------------------------------------------------------------------------------
// Connection options
// ---------------------------------------------------------------------------------------------------

/** Settings the value rules depend on; URL options cannot change them. */
const FIXED_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({
  rowsAsArray: true,
  supportBigNumbers: true,
  bigNumberStrings: true,
  dateStrings: true,
  decimalNumbers: false,
  jsonStrings: true,
  timezone: "Z",
  multipleStatements: false,
  namedPlaceholders: false,
});

/** Prepared statements kept per connection; the server's global `max_prepared_stmt_count` is 16382. */
const DEFAULT_MAX_PREPARED = 256;

function intOption(key: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw new ArgumentError(`mysql2 URL option '${key}' must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function boolOption(key: string, value: string): boolean {
  if (/^(?:1|true|yes|on)$/i.test(value)) return true;
  if (/^(?:0|false|no|off)$/i.test(value)) return false;
  throw new ArgumentError(`mysql2 URL option '${key}' must be true or false, got '${value}'`);
}

/** `ssl=true|required` (verified TLS), `ssl=skip-verify` (TLS without certificate checks), `ssl=false`. */
function sslOption(value: string): Record<string, unknown> | undefined {
  if (/^(?:1|true|yes|on|required|verify)$/i.test(value)) return {};
  if (/^(?:skip-verify|insecure|no-verify)$/i.test(value)) return { rejectUnauthorized: false };
  if (/^(?:0|false|no|off|disabled)$/i.test(value)) return undefined;
  throw new ArgumentError(`mysql2 URL option 'ssl' must be true, skip-verify or false, got '${value}'`);
}

/** URL query options the adapter understands, each applied to the mysql2 config. */
const URL_OPTIONS: Readonly<Record<string, (config: Record<string, unknown>, value: string, key: string) => void>> = {
  connectTimeout: (c, v, k) => (c.connectTimeout = intOption(k, v)),
  ssl: (c, v) => {
    const ssl = sslOption(v);
    if (ssl) c.ssl = ssl;
    else delete c.ssl;
  },
  socketPath: (c, v) => (c.socketPath = v),
  unix_socket: (c, v) => (c.socketPath = v),
  charset: (c, v) => (c.charset = v),
  localAddress: (c, v) => (c.localAddress = v),
  maxPreparedStatements: (c, v, k) => (c.maxPreparedStatements = intOption(k, v)),
  enableKeepAlive: (c, v, k) => (c.enableKeepAlive = boolOption(k, v)),
  keepAliveInitialDelay: (c, v, k) => (c.keepAliveInitialDelay = intOption(k, v)),
};

/** The mysql2 connection config for `options`. */
function buildConfig(options: DriverConnectOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {
    charset: "utf8mb4",
    maxPreparedStatements: DEFAULT_MAX_PREPARED,
  };
  if (options.host !== undefined) config.host = options.host;
  if (options.port !== undefined) config.port = options.port;
  if (options.username !== undefined) config.user = options.username;
  if (options.password !== undefined) config.password = options.password;
  if (options.database !== undefined) config.database = options.database;
  for (const [key, value] of Object.entries(options.query)) {
    const apply = URL_OPTIONS[key];
    if (!apply) {
      throw new ArgumentError(`Unknown mysql2 URL option '${key}'; supported: ${Object.keys(URL_OPTIONS).join(", ")}`);
    }
    apply(config, value, key);
  }
  return { ...config, ...FIXED_CONFIG };
}

// ---------------------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------------------

/** One mysql2 connection behind the seam. Driver handles live in private fields (never enumerable). */
class Mysql2DriverConnection implements DriverConnection {
  readonly #conn: RawConnection;
  readonly #password: string | undefined;
  readonly #longlong: LongLongFactory | undefined;
  readonly #idleListeners = new Set<(error: unknown) => void>();
  readonly #cursorHost: CursorHost;
  #pendingIdleError: Error | undefined;
  #reportedIdleError = false;
  #dead: Error | undefined;
  #closing = false;
  #cursor: Mysql2Cursor | undefined;

  constructor(conn: RawConnection, password: string | undefined, longlong: LongLongFactory | undefined) {
    this.#conn = conn;
    this.#password = password;
    this.#longlong = longlong;
    this.#cursorHost = {
      failed: (error) => this.#failed(error),
      finished: (cursor) => {
        if (this.#cursor === cursor) this.#cursor = undefined;
      },
    };
    // Always listening: an 'error' event without a listener would crash the process.
    conn.on("error", (error) => this.#onConnectionError(error));
  }

  get serverId(): number | undefined {
    return this.#conn.threadId ?? undefined;
  }

  /** Registers a driver error for `describeError` and notes when it left the connection dead. */
  #failed(error: Error): Error {
    register(error, this.#password);
    if (described.get(error)?.disconnect) this.#dead ??= error;
    return error;
  }

  /** Errors mysql2 emits on the connection: a dead socket or a kill, while idle or under a streaming command. */
  #onConnectionError(error: Error): void {
    this.#failed(error);
    // A streaming (event-mode) command hears of a lost connection only through this event.
    const cursor = this.#cursor;
    if (cursor && !cursor.finished) {
      cursor.fail(error);
      return;
    }
    if (this.#closing || this.#reportedIdleError) return;
    if (this.#idleListeners.size === 0) {
      this.#pendingIdleError ??= error;
      return;
    }
    this.#reportIdle(error);
  }

  #reportIdle(error: Error): void {
    this.#reportedIdleError = true;
    for (const listener of this.#idleListeners) listener(error);
  }

  onIdleError(listener: (error: unknown) => void): void {
    this.#idleListeners.add(listener);
    const pending = this.#pendingIdleError;
    if (pending && !this.#reportedIdleError) {
      this.#pendingIdleError = undefined;
      // Delivered asynchronously, like any other idle error.
      queueMicrotask(() => this.#reportIdle(pending));
    }
  }

  /** Fails fast on a connection known to be dead, with an error that says why. */
  #checkAlive(): void {
    if (this.#closing)
      throw register(
        Object.assign(new Error("The connection is closed"), {
          code: "PROTOCOL_CONNECTION_LOST",
          fatal: true,
        }),
        undefined,
      );
    if (this.#dead) {
      const error = Object.assign(
        new Error(`The connection was lost earlier: ${messageOf(this.#dead)}`, {
          cause: this.#dead,
        }),
        {
          code: "PROTOCOL_CONNECTION_LOST",
          fatal: true,
        },
      );
      throw this.#failed(error);
    }
  }

  /** Runs one command with a callback; `prepared` picks the binary protocol. */
  #run(sql: string, params: readonly unknown[], prepared: boolean): Promise<DriverResult> {
    return new Promise<DriverResult>((resolve, reject) => {
      const callback: RawCallback = (error, rows, fields) => {
        if (error) reject(this.#failed(error));
        else resolve(toResult(rows, fields, prepared));
      };
      if (prepared) this.#conn.execute(sql, toWireParams(params, this.#longlong), callback);
      else if (params.length > 0) this.#conn.query(sql, params, callback);
      else this.#conn.query(sql, callback);
    });
  }

  async execute(sql: string, params: readonly unknown[]): Promise<DriverResult> {
    this.#checkAlive();
    if (params.length === 0) return this.#run(sql, params, false);
    try {
      return await this.#run(sql, params, true);
    } catch (error) {
      if (!isNotPreparable(error)) throw error;
      if (this.#evictPrepared(error)) {
        try {
          return await this.#run(sql, params, true);
        } catch (again) {
          if (!isNotPreparable(again)) throw again;
        }
      }
      return this.#run(sql, modeIndependentLiterals(params), false);
    }
  }

  /**
   * After errno 1461 (the server's `max_prepared_stmt_count` reached), closes this connection's cached
   * prepared statements so that the statement can be prepared again; true when it did.
   */
  #evictPrepared(error: unknown): boolean {
    if ((error as RawMysqlError | undefined)?.errno !== ER_MAX_PREPARED_STMT_COUNT_REACHED) return false;
    const cache = (this.#conn as { _statements?: { clear(): void } })._statements;
    if (typeof cache?.clear !== "function") return false;
    cache.clear(); // mysql2 closes each evicted statement on the server (COM_STMT_CLOSE)
    return true;
  }

  #startCursor(sql: string, params: readonly unknown[], prepared: boolean): Mysql2Cursor {
    const command = prepared
      ? this.#conn.execute(sql, toWireParams(params, this.#longlong))
      : params.length > 0
        ? this.#conn.query(sql, params)
        : this.#conn.query(sql);
    const cursor = new Mysql2Cursor(this.#conn, command, prepared, this.#cursorHost);
    this.#cursor = cursor;
    return cursor;
  }

  async openCursor(sql: string, params: readonly unknown[]): Promise<DriverCursor> {
    this.#checkAlive();
    const prepared = params.length > 0;
    let cursor = this.#startCursor(sql, params, prepared);
    try {
      await cursor.ready;
    } catch (error) {
      if (!(prepared && isNotPreparable(error))) throw error;
      cursor = this.#evictPrepared(error)
        ? this.#startCursor(sql, params, true)
        : this.#startCursor(sql, modeIndependentLiterals(params), false);
      try {
        await cursor.ready;
        return cursor;
      } catch (again) {
        if (!isNotPreparable(again)) throw again;
      }
      cursor = this.#startCursor(sql, modeIndependentLiterals(params), false);
      await cursor.ready;
    }
    return cursor;
  }

  async ping(): Promise<void> {
    this.#checkAlive();
    await new Promise<void>((resolve, reject) => {
      this.#conn.ping((error) => (error ? reject(this.#failed(error)) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const conn = this.#conn;
    // A dead connection, or one still streaming rows (QUIT would queue behind them), is simply dropped.
    if (this.#dead || conn.stream.destroyed || (this.#cursor && !this.#cursor.finished)) {
      conn.destroy();
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        conn.destroy();
        resolve();
      }, CLOSE_GRACE_MS);
      timer.unref();
      conn.stream.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      conn.end((error) => {
        if (error) conn.destroy();
      });
    });
  }

  /** What `util.inspect` shows: the server connection id and state, never the config. */
  [inspect.custom](): string {
    return `Mysql2Connection { serverId: ${this.serverId ?? "none"}, ${this.#dead ? "dead" : this.#closing ? "closed" : "open"} }`;
  }
}

/**
 * Parameters for a statement the server would not prepare, written into the text by mysql2 (`toSqlString`
 * values go in as they are) as literals that mean the same whatever the session's SQL mode: strings as
 * `_utf8mb4 X'…'` and binary as `X'…'` (hex, so no quote or backslash rule applies: mysql2's own escaping
 * assumes backslash escapes, which `NO_BACKSLASH_ESCAPES` turns off), numbers and NULL bare.
 */
function modeIndependentLiterals(params: readonly unknown[]): unknown[] {
  return params.map((v) => ({ toSqlString: () => modeIndependentLiteral(v) }));
}

function modeIndependentLiteral(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && Number.isFinite(v)) return Object.is(v, -0) ? "-0e0" : String(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Uint8Array) return `X'${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")}'`;
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return `_utf8mb4 X'${Buffer.from(text, "utf8").toString("hex")}'`;
}

/** True when a prepared statement failed only because the statement cannot be prepared. */
function isNotPreparable(error: unknown): boolean {
  const errno = (error as RawMysqlError | undefined)?.errno;
  return typeof errno === "number" && NOT_PREPARABLE_ERRNOS.has(errno);
}

// ---------------------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------------------

/** The adapter over a `mysql2` package loaded on first use. */
function makeMysql2Driver(loadModule: () => Promise<Mysql2Module>): Driver {
  return Object.freeze({
    name: "mysql2",

    async connect(options: DriverConnectOptions): Promise<DriverConnection> {
      const config = buildConfig(options);
      const mysql = await loadModule();
      const conn = mysql.createConnection(config);
      const password = options.password;
      const longlong = mysql.TypedParameter?.LONGLONG;
      const wrapper = new Mysql2DriverConnection(conn, password, typeof longlong === "function" ? longlong : undefined);
      await new Promise<void>((resolve, reject) => {
        conn.connect((error) => (error ? reject(register(error, password)) : resolve()));
      }).catch((error: unknown) => {
        conn.destroy();
        throw error;
      });
      return wrapper;
    },

    describeError(error: unknown): DriverErrorInfo | undefined {
      if (typeof error !== "object" || error === null) return undefined;
      const known = described.get(error);
      if (known) return known;
      return looksLikeMysql2Error(error) ? describe(error, undefined) : undefined;
    },
  });
}

/**
 * The `mysql2` driver: connects with the value settings above and describes mysql2's errors; `mysql2` is
 * loaded from where Athanor is installed.
 *
 * ```ts
 * const conn = await mysql2Driver.connect({ host: "127.0.0.1", port: 3306, username: "root", database: "app", query: {} });
 * await conn.execute("INSERT INTO users (name) VALUES (?)", ["Ann"]); // { rowCount: 1, lastInsertId: 1, ... }
 * ```
 */
export const mysql2Driver: Driver = makeMysql2Driver(loadMysql2);

/**
 * The `mysql2` adapter over the package the application loaded (`createEngine(url, { module })`): the
 * `mysql2` package itself (`import mysql from "mysql2"`), whose callback API the adapter uses, not
 * `mysql2/promise`. A value of another shape is an `ArgumentError` saying what was expected.
 *
 * ```ts
 * import mysql from "mysql2";
 * const driver = mysql2DriverFor(mysql);
 * ```
 */
export function mysql2DriverFor(module: unknown): Driver {
  const mysql = providedModule(module, isMysql2Module);
  if (!mysql) {
    const promiseApi = typeof module === "object" && module !== null && "PromiseConnection" in module;
    throw wrongModuleError(
      "module",
      "mysql",
      `the 'mysql2' package (import mysql from "mysql2"), with its callback API: an object with createConnection()` +
        (promiseApi ? `. This is 'mysql2/promise': pass the 'mysql2' module instead (the same install)` : ""),
      module,
    );
  }
  return makeMysql2Driver(() => Promise.resolve(mysql));
}
