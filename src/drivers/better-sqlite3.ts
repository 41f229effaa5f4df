/**
 * The `better-sqlite3` adapter behind the driver seam (`sqlite://` URLs).
 *
 * better-sqlite3 is synchronous: every call below completes before its promise is returned (except that a
 * statement first lets the event loop turn after 10 ms of continuous work, see `YIELD_INTERVAL_MS`). Values come
 * back raw and lossless: every statement runs with `safeIntegers(true)`, so INTEGER values are `bigint`
 * (the types and `normaliseInteger` turn them into numbers where safe), REAL values are numbers, TEXT is
 * a string and BLOB a Buffer. Rows are arrays (`stmt.raw(true)`).
 *
 * ```ts
 * const conn = await betterSqlite3Driver.connect({ database: ":memory:", query: {} });
 * const { rows } = await conn.execute("SELECT ? + 1", [41n]); // [[42n]]
 * ```
 */

import { resolve as resolvePath } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type {
  Driver,
  DriverConnectOptions,
  DriverConnection,
  DriverCursor,
  DriverErrorInfo,
  DriverField,
  SqlFunctionDefinition,
  DriverResult,
} from "../driver/driver.js";
import { ArgumentError, InvalidRequestError } from "../errors/index.js";
import { packageLoader, providedModule, wrongModuleError } from "../driver/load-package.js";
import { LRUCache } from "../util/lru.js";
import { sqlHead } from "../util/sql-text.js";

type DatabaseConstructor = typeof BetterSqlite3;
type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** Prepared statements kept per connection, keyed by SQL text. */
const STATEMENT_CACHE_SIZE = 200;
/** Busy timeout (ms) when the URL gives no `timeout`. */
const DEFAULT_BUSY_TIMEOUT_MS = 5000;
/** The message better-sqlite3 uses for every call on a closed database. */
const NOT_OPEN_MESSAGE = "The database connection is not open";

/** The `SqliteError` classes of the better-sqlite3 modules in use (Athanor's own, and any passed in). */
const sqliteErrorClasses = new Set<DatabaseConstructor["SqliteError"]>();

/**
 * Errors raised by better-sqlite3 calls. Besides `SqliteError` (which carries a result code) the driver
 * throws plain `TypeError`/`RangeError`s (bad parameter count, closed database…); recording them here is
 * how `describeError` tells those apart from unrelated errors of the same class.
 */
const driverErrors = new WeakSet<object>();

/** Runs one driver call, recording any error it throws as a driver error. */
function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (typeof error === "object" && error !== null) driverErrors.add(error);
    throw error;
  }
}

/**
 * Longest run of SQLite work, in milliseconds, before a statement first lets the event loop turn (one
 * `setImmediate`): better-sqlite3 never returns to the loop, so a long loop of statements would hold off
 * timers, I/O and signal handlers (a SIGTERM handler) for as long as it runs. The cost is a clock read per
 * statement and one loop turn per 10 ms of work; the price is that a statement's promise may settle a loop
 * turn later, so other callbacks can run between two statements of the same loop.
 */
const YIELD_INTERVAL_MS = 10;
let lastYield = performance.now();

/** Lets the event loop turn when SQLite work has held it for `YIELD_INTERVAL_MS`. */
function dueToYield(): boolean {
  return performance.now() - lastYield > YIELD_INTERVAL_MS;
}

async function yieldToEventLoop(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

/** Loads `better-sqlite3` on first use; a missing package becomes `DriverNotInstalledError`. */
const loadModule = packageLoader("sqlite", "better-sqlite3", async () => {
  const loaded = ((await import("better-sqlite3")) as { default: DatabaseConstructor }).default;
  sqliteErrorClasses.add(loaded.SqliteError);
  return loaded;
});

/** True for a value shaped like better-sqlite3's `Database` class. */
function isDatabaseClass(value: unknown): value is DatabaseConstructor {
  return (
    typeof value === "function" &&
    typeof (value as { prototype?: { prepare?: unknown } }).prototype?.prepare === "function"
  );
}

/** True when `error` is a `SqliteError` of a better-sqlite3 module in use. */
function isSqliteError(error: object): boolean {
  for (const cls of sqliteErrorClasses) if (error instanceof cls) return true;
  return false;
}

/** What `connect` derives from the URL. */
interface SqliteConnectSettings {
  readonly filename: string;
  readonly memory: boolean;
  readonly readonly: boolean;
  readonly fileMustExist: boolean;
  readonly timeout: number;
}

const KNOWN_QUERY_OPTIONS = ["timeout", "mode", "readonly"];

/** Parses a boolean query option (`readonly=1`, `readonly=true`…). */
function parseFlag(name: string, value: string): boolean {
  switch (value.toLowerCase()) {
    case "1":
    case "true":
    case "yes":
    case "on":
    case "":
      return true;
    case "0":
    case "false":
    case "no":
    case "off":
      return false;
    default:
      throw new ArgumentError(`SQLite option '${name}' must be true or false, got '${value}'`);
  }
}

/** Reads the filename and the URL query options (`timeout`, `mode`, `readonly`). */
function settingsFrom(options: DriverConnectOptions): SqliteConnectSettings {
  const query = options.query;
  for (const key of Object.keys(query)) {
    if (!KNOWN_QUERY_OPTIONS.includes(key)) {
      throw new ArgumentError(
        `Unknown SQLite option '${key}'; supported options are ${KNOWN_QUERY_OPTIONS.join(", ")}`,
      );
    }
  }
  // `sqlite://` (no path) means an in-memory database, as in SQLAlchemy.
  const filename = options.database === undefined || options.database === "" ? ":memory:" : options.database;
  const memory = filename === ":memory:";

  let timeout = DEFAULT_BUSY_TIMEOUT_MS;
  if (query["timeout"] !== undefined) {
    timeout = Number(query["timeout"]);
    if (!Number.isSafeInteger(timeout) || timeout < 0) {
      throw new ArgumentError(
        `SQLite option 'timeout' must be a non-negative number of milliseconds, got '${query["timeout"]}'`,
      );
    }
  }

  let readonly = false;
  let fileMustExist = false;
  const mode = query["mode"];
  if (mode !== undefined) {
    // SQLite URI modes: ro = read-only, rw = read-write (file must exist), rwc = read-write-create.
    if (mode === "ro") readonly = fileMustExist = true;
    else if (mode === "rw") fileMustExist = true;
    else if (mode !== "rwc") throw new ArgumentError(`SQLite option 'mode' must be ro, rw or rwc, got '${mode}'`);
  }
  if (query["readonly"] !== undefined && parseFlag("readonly", query["readonly"])) readonly = fileMustExist = true;
  if (readonly && memory) throw new ArgumentError("An in-memory SQLite database cannot be opened read-only");
  return { filename, memory, readonly, fileMustExist, timeout };
}

/** Field list from better-sqlite3's column descriptions; `typeId` is the declared type, if any. */
function toFields(columns: readonly BetterSqlite3.ColumnDefinition[]): DriverField[] {
  return columns.map((c) => ({ name: c.name, typeId: c.type ?? undefined }));
}

/** A rowid as a number when it is safe, else the bigint. */
function rowid(value: number | bigint): number | bigint {
  return typeof value === "bigint" &&
    value >= BigInt(Number.MIN_SAFE_INTEGER) &&
    value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * Whether a statement is an INSERT/REPLACE, whose `lastInsertRowid` is meaningful (SQLite leaves the
 * previous insert's rowid in place after UPDATE or DELETE). Leading comments are skipped; a `WITH`
 * prefix counts when the statement contains INSERT or REPLACE.
 */
function isInsert(sql: string): boolean {
  const head = sqlHead(sql);
  if (/^(?:INSERT|REPLACE)\b/i.test(head)) return true;
  return /^WITH\b/i.test(head) && /\b(?:INSERT|REPLACE)\b/i.test(head);
}

/** A cached prepared statement and what is known about it. */
interface PreparedEntry {
  readonly stmt: Statement;
  readonly reader: boolean;
  readonly insert: boolean;
}

/** The cursor currently streaming on a connection. */
class BetterSqlite3Cursor implements DriverCursor {
  readonly fields: readonly DriverField[];
  #iterator: IterableIterator<unknown> | undefined;
  #first: unknown[] | undefined;
  readonly #release: () => void;

  constructor(
    fields: readonly DriverField[],
    iterator: IterableIterator<unknown> | undefined,
    first: unknown[] | undefined,
    release: () => void,
  ) {
    this.fields = fields;
    this.#iterator = iterator;
    this.#first = first;
    this.#release = release;
    if (!iterator) release();
  }

  async read(count: number): Promise<unknown[][]> {
    if (!Number.isSafeInteger(count) || count < 1)
      throw new ArgumentError(`Cursor read count must be a positive integer, got ${count}`);
    const it = this.#iterator;
    if (!it) return [];
    const out: unknown[][] = [];
    if (this.#first) {
      out.push(this.#first);
      this.#first = undefined;
    }
    try {
      while (out.length < count) {
        const next = call(() => it.next());
        if (next.done) {
          this.#finish();
          break;
        }
        out.push(next.value as unknown[]);
      }
    } catch (error) {
      this.#finish();
      throw error;
    }
    return out;
  }

  async close(): Promise<void> {
    const it = this.#iterator;
    if (!it) return;
    try {
      // Resets the statement; without it the connection stays busy and refuses other statements.
      it.return?.();
    } finally {
      this.#finish();
    }
  }

  /** Marks the cursor exhausted and frees its connection. */
  #finish(): void {
    if (!this.#iterator) return;
    this.#iterator = undefined;
    this.#first = undefined;
    this.#release();
  }
}

/** One open SQLite database handle. */
class BetterSqlite3Connection implements DriverConnection {
  readonly #db: Database;
  readonly #statements = new LRUCache<string, PreparedEntry>(STATEMENT_CACHE_SIZE);
  #cursor: BetterSqlite3Cursor | undefined;

  constructor(db: Database) {
    this.#db = db;
  }

  /** SQLite has no server process. */
  get serverId(): undefined {
    return undefined;
  }

  async execute(sql: string, params: readonly unknown[]): Promise<DriverResult> {
    if (dueToYield()) await yieldToEventLoop();
    this.#assertNoCursor();
    const { stmt, reader, insert } = this.#prepare(sql);
    const args = params as unknown[];
    if (reader) {
      const rows = call(() => stmt.all(...args)) as unknown[][];
      // Columns are read after running: SQLite re-prepares a statement whose schema changed on its first
      // step, so only now do they describe the rows just returned (e.g. `SELECT *` after ADD COLUMN).
      const first = rows[0];
      if (first === undefined) return { fields: toFields(stmt.columns()), rows, rowCount: 0 };
      // Describing the columns costs more than a small query itself: done only if asked (typed statements
      // declare their columns), and asked before the statement runs again.
      let fields: readonly DriverField[] | undefined;
      return {
        get fields() {
          return (fields ??= toFields(stmt.columns()));
        },
        width: first.length,
        rows,
        rowCount: rows.length,
      };
    }
    const run = call(() => stmt.run(...args));
    if (insert && run.changes > 0)
      return { fields: [], rows: [], rowCount: run.changes, lastInsertId: rowid(run.lastInsertRowid) };
    return { fields: [], rows: [], rowCount: run.changes };
  }

  async openCursor(sql: string, params: readonly unknown[]): Promise<DriverCursor> {
    this.#assertNoCursor();
    const { stmt, reader } = this.#prepare(sql);
    const args = params as unknown[];
    if (!reader) {
      // A statement that returns no rows: run it and hand back an exhausted cursor.
      call(() => stmt.run(...args));
      return new BetterSqlite3Cursor([], undefined, undefined, () => {});
    }
    const iterator = call(() => stmt.iterate(...args));
    let first: IteratorResult<unknown>;
    try {
      // Fetching the first row makes SQLite (re-)prepare now, so `columns()` is accurate and errors in
      // the first step surface from openCursor rather than from the first read.
      first = call(() => iterator.next());
    } catch (error) {
      iterator.return?.();
      throw error;
    }
    const fields = toFields(stmt.columns());
    if (first.done) return new BetterSqlite3Cursor(fields, undefined, undefined, () => {});
    const cursor: BetterSqlite3Cursor = new BetterSqlite3Cursor(fields, iterator, first.value as unknown[], () => {
      if (this.#cursor === cursor) this.#cursor = undefined;
    });
    this.#cursor = cursor;
    return cursor;
  }

  defineFunction(definition: SqlFunctionDefinition): void {
    // Deterministic, so SQLite may use it in WHERE clauses as it would a built-in; safeIntegers as for reads.
    call(() => this.#db.function(definition.name, { deterministic: true, safeIntegers: true }, definition.fn as never));
  }

  async ping(): Promise<void> {
    // Throws better-sqlite3's own "not open" error on a closed database, which describeError flags as
    // a disconnect. Reads are allowed while a cursor streams, so no cursor check here.
    const { stmt } = this.#prepare("SELECT 1");
    call(() => stmt.get());
  }

  async close(): Promise<void> {
    // better-sqlite3 refuses to close while a statement is iterating.
    await this.#cursor?.close();
    this.#statements.clear();
    // Closing an already closed database is a no-op in better-sqlite3.
    call(() => this.#db.close());
  }

  /** SQLite has no server that could drop an idle connection, so the listener is never called. */
  onIdleError(_listener: (error: unknown) => void): void {}

  #assertNoCursor(): void {
    if (this.#cursor) {
      throw new InvalidRequestError(
        "A cursor is open on this SQLite connection; read it to the end or close() it before running another statement",
      );
    }
  }

  #prepare(sql: string): PreparedEntry {
    let entry = this.#statements.get(sql);
    if (!entry) {
      const stmt = call(() => this.#db.prepare<unknown[], unknown>(sql));
      // Without safeIntegers, INTEGER values beyond 2^53 would silently lose precision.
      stmt.safeIntegers(true);
      if (stmt.reader) stmt.raw(true);
      entry = { stmt, reader: stmt.reader, insert: isInsert(sql) };
      this.#statements.set(sql, entry);
    }
    return entry;
  }
}

/** Opens a database with the `Database` class `load` gives, and applies the per-connection pragmas. */
async function connectWith(
  load: () => Promise<DatabaseConstructor>,
  options: DriverConnectOptions,
): Promise<DriverConnection> {
  const settings = settingsFrom(options);
  const Sqlite = await load();
  let db: Database;
  try {
    db = call(
      () =>
        new Sqlite(settings.filename, {
          readonly: settings.readonly,
          fileMustExist: settings.fileMustExist,
          timeout: settings.timeout,
        }),
    );
  } catch (error) {
    // better-sqlite3 does not say which file it could not open.
    if (error instanceof Error && !settings.memory) error.message += ` (${resolvePath(settings.filename)})`;
    throw error;
  }
  try {
    db.defaultSafeIntegers(true);
    // WAL lets readers run while one connection writes; a read-only handle cannot change the journal
    // mode and a memory database has no WAL.
    if (!settings.memory && !settings.readonly) call(() => db.pragma("journal_mode = WAL"));
    call(() => db.pragma("foreign_keys = ON"));
  } catch (error) {
    db.close();
    throw error;
  }
  return new BetterSqlite3Connection(db);
}

/** Describes errors better-sqlite3 raised: SqliteErrors by result code, its own TypeErrors by message. */
function describeError(error: unknown): DriverErrorInfo | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const fromSqlite = isSqliteError(error);
  if (!fromSqlite && !driverErrors.has(error)) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  const code = fromSqlite ? (error as { code?: unknown }).code : undefined;
  return {
    code: typeof code === "string" ? code : undefined,
    message,
    disconnect: message.includes(NOT_OPEN_MESSAGE),
  };
}

/**
 * The `better-sqlite3` driver. `DriverConnectOptions.database` is the file name (`:memory:`, or none,
 * for an in-memory database). URL options: `timeout` (busy timeout in ms, default 5000), `mode`
 * (`ro`, `rw`, `rwc`) and `readonly`. Files are opened with `journal_mode=WAL`; every connection has
 * `foreign_keys=ON`.
 *
 * ```ts
 * const conn = await betterSqlite3Driver.connect({ database: "app.db", query: { timeout: "10000" } });
 * ```
 */
export const betterSqlite3Driver: Driver = {
  name: "better-sqlite3",
  connect: (options) => connectWith(loadModule, options),
  describeError,
};

/**
 * The `better-sqlite3` adapter over the package the application loaded (`createEngine(url, { module })`):
 * its `Database` class (`import Database from "better-sqlite3"`). A value of another shape is an
 * `ArgumentError` saying what was expected.
 *
 * ```ts
 * import Database from "better-sqlite3";
 * const driver = betterSqlite3DriverFor(Database);
 * ```
 */
export function betterSqlite3DriverFor(module: unknown): Driver {
  const Sqlite = providedModule(module, isDatabaseClass);
  if (!Sqlite) {
    throw wrongModuleError(
      "module",
      "sqlite",
      `the 'better-sqlite3' package (import Database from "better-sqlite3"): its Database class`,
      module,
    );
  }
  if (typeof Sqlite.SqliteError === "function") sqliteErrorClasses.add(Sqlite.SqliteError);
  const load = (): Promise<DatabaseConstructor> => Promise.resolve(Sqlite);
  return { name: "better-sqlite3", connect: (options) => connectWith(load, options), describeError };
}
