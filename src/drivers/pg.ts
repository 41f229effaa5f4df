/**
 * The `pg` (node-postgres) adapter behind the driver seam, with `pg-cursor` for server-side cursors.
 *
 * Both packages are optional peer dependencies, loaded with a dynamic `import()` on first use. Values
 * come back lossless and untouched by the host's time zone: 64-bit integers, decimals, timestamps,
 * dates, times, intervals and JSON arrive as the server's text (arrays of them as arrays of text);
 * `bytea` arrives as a `Buffer`; smaller integers, floats and booleans as pg parses them. The parsers
 * are installed per client, so a program's own use of `pg` (and its global `pg.types`) is unaffected.
 *
 * ```ts
 * const conn = await pgDriver.connect({ host: "127.0.0.1", username: "postgres", database: "app", query: {} });
 * const { rows } = await conn.execute("SELECT id, name FROM users WHERE id = $1", [1]); // [[1, "Ann"]]
 * ```
 */

import type * as Pg from "pg";
import { ArgumentError, InvalidRequestError } from "../errors/index.js";
import { packageLoader, providedModule, wrongModuleError } from "../driver/load-package.js";
import type {
  Driver,
  DriverConnectOptions,
  DriverConnection,
  DriverCursor,
  DriverErrorInfo,
  DriverField,
  DriverResult,
  ExecuteOptions,
} from "../driver/driver.js";

/** A COMMIT statement (whose reply may say ROLLBACK). */
const COMMIT = /^\s*(?:COMMIT|END)\b/i;

/** How long a connect waits for the server by default: 10 s, as mysql2's `connectTimeout`. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Most named prepared statements one connection keeps (PostgreSQL holds each until the session ends). */
const MAX_PREPARED_PER_CONNECTION = 1000;

type PgModule = typeof Pg.default;

/** The part of `pg-cursor`'s `Cursor` the adapter uses (the package ships no types). */
interface PgCursorHandle extends Pg.Submittable {
  read(
    rows: number,
    cb: (err: Error | undefined, rows: unknown[][], result: { readonly fields: readonly Pg.FieldDef[] }) => void,
  ): void;
  close(): Promise<void>;
}

/** `pg-cursor`'s constructor. */
type PgCursorClass = new (
  text: string,
  values: unknown[],
  config: { rowMode: "array"; types: Pg.CustomTypesConfig },
) => PgCursorHandle;

/** Rows fetched when a cursor opens, so that its fields are known when `openCursor` resolves. */
const CURSOR_PREFETCH = 1;

// ---------------------------------------------------------------------------------------------------
// Package loading
// ---------------------------------------------------------------------------------------------------

const loadPg = packageLoader("postgresql", "pg", async () => (await import("pg")).default);

/** Name held in a variable so that TypeScript does not look for `pg-cursor` typings (it has none). */
const PG_CURSOR: string = "pg-cursor";

const loadCursor = packageLoader(
  "postgresql",
  "pg-cursor",
  async () => {
    const mod = (await import(PG_CURSOR)) as { default?: unknown };
    return (mod.default ?? mod) as PgCursorClass;
  },
  " for streaming results",
);

/** True for a value shaped like the `pg` package: a `Client` class and the `types` registry. */
function isPgModule(value: unknown): value is PgModule {
  const pg = value as Partial<PgModule> | null | undefined;
  return (
    (typeof pg === "object" || typeof pg === "function") &&
    pg !== null &&
    typeof pg.Client === "function" &&
    typeof pg.types?.getTypeParser === "function"
  );
}

/** True for a value shaped like `pg-cursor`'s `Cursor` class. */
function isCursorClass(value: unknown): value is PgCursorClass {
  return (
    typeof value === "function" && typeof (value as { prototype?: { read?: unknown } }).prototype?.read === "function"
  );
}

// ---------------------------------------------------------------------------------------------------
// Type parsers
// ---------------------------------------------------------------------------------------------------

/**
 * Parses a PostgreSQL array literal (`{1,"a b",NULL,{2,3}}`, optionally prefixed by `[1:2]=`) into
 * nested arrays of element text, with `null` for NULL. Every type this is used for has `,` as delimiter.
 */
export function parseArrayLiteral(text: string): unknown[] {
  let i = 0;
  if (text.startsWith("[")) {
    // Explicit lower bounds: `[0:1]={a,b}`; JS arrays are zero-based, so the decoration is dropped.
    i = text.indexOf("=") + 1;
  }
  const parse = (): unknown[] => {
    const out: unknown[] = [];
    i++; // '{'
    if (text[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      const ch = text[i];
      if (ch === "{") out.push(parse());
      else if (ch === '"') {
        let value = "";
        i++;
        for (let c = text[i]; c !== '"'; c = text[i]) {
          if (c === undefined) throw new SyntaxError(`Unterminated array literal: ${text.slice(0, 60)}`);
          if (c === "\\") i++;
          value += text[i];
          i++;
        }
        i++;
        out.push(value);
      } else {
        let end = i;
        while (end < text.length && text[end] !== "," && text[end] !== "}") end++;
        const raw = text.slice(i, end).trim();
        out.push(raw.toUpperCase() === "NULL" ? null : raw);
        i = end;
      }
      const sep = text[i++];
      if (sep === "}") return out;
      if (sep !== ",") throw new SyntaxError(`Malformed array literal: ${text.slice(0, 60)}`);
    }
  };
  return parse();
}

const keepText = (value: string): string => value;

/**
 * Text-format parsers that replace pg's defaults, by type OID. pg would turn timestamps and dates into
 * host-local `Date`s, numeric arrays into floats and JSON into objects; Athanor decodes those itself.
 */
const TEXT_PARSERS: ReadonlyMap<number, (value: string) => unknown> = new Map<number, (value: string) => unknown>([
  [20, keepText], // int8
  [1700, keepText], // numeric
  [1114, keepText], // timestamp
  [1184, keepText], // timestamptz
  [1082, keepText], // date
  [1083, keepText], // time
  [1266, keepText], // timetz
  [1186, keepText], // interval
  [114, keepText], // json
  [3802, keepText], // jsonb
  [1016, parseArrayLiteral], // int8[]
  [1231, parseArrayLiteral], // numeric[]
  [1115, parseArrayLiteral], // timestamp[]
  [1185, parseArrayLiteral], // timestamptz[]
  [1182, parseArrayLiteral], // date[]
  [1183, parseArrayLiteral], // time[]
  [1270, parseArrayLiteral], // timetz[]
  [1187, parseArrayLiteral], // interval[]
  [199, parseArrayLiteral], // json[]
  [3807, parseArrayLiteral], // jsonb[]
]);

/** The per-client `types` option: Athanor's parsers first, pg's for everything else. */
function clientTypes(pg: PgModule): Pg.CustomTypesConfig {
  const fallback = pg.types.getTypeParser.bind(pg.types) as (oid: number, format?: string) => unknown;
  const getTypeParser = (oid: number, format?: string): unknown =>
    ((format === undefined || format === "text") && TEXT_PARSERS.get(oid)) || fallback(oid, format);
  return { getTypeParser: getTypeParser as Pg.CustomTypesConfig["getTypeParser"] };
}

const typesByModule = new WeakMap<PgModule, Pg.CustomTypesConfig>();

/** One `types` object per loaded pg module, shared by its clients. */
function typesFor(pg: PgModule): Pg.CustomTypesConfig {
  let types = typesByModule.get(pg);
  if (!types) {
    types = clientTypes(pg);
    typesByModule.set(pg, types);
  }
  return types;
}

// ---------------------------------------------------------------------------------------------------
// Connection options
// ---------------------------------------------------------------------------------------------------

const QUERY_OPTIONS = [
  "application_name",
  "client_encoding",
  "connect_timeout",
  "connectTimeout",
  "idle_in_transaction_session_timeout",
  "keepAlive",
  "lock_timeout",
  "options",
  "query_timeout",
  "ssl",
  "sslmode",
  "statement_timeout",
] as const;

function parseMillis(key: string, value: string, scale = 1): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new ArgumentError(`URL option ${key}=${JSON.stringify(value)} must be a non-negative number`);
  return n * scale;
}

function parseFlag(key: string, value: string): boolean {
  const v = value.toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ArgumentError(`URL option ${key}=${JSON.stringify(value)} must be true or false`);
}

/** libpq's `sslmode` as pg's `ssl` option. pg cannot fall back to plain text, so `prefer`/`allow` mean off. */
function sslFromMode(mode: string): Pg.ClientConfig["ssl"] {
  switch (mode) {
    case "disable":
    case "allow":
    case "prefer":
      return false;
    case "require":
      // libpq's `require` encrypts without verifying the certificate.
      return { rejectUnauthorized: false };
    case "verify-ca":
    case "verify-full":
      return true;
    default:
      throw new ArgumentError(
        `URL option sslmode=${JSON.stringify(mode)} is not one of disable, allow, prefer, require, verify-ca, verify-full`,
      );
  }
}

/** Builds pg's client configuration from URL parts; unknown URL options are an error (likely typos). */
function clientConfig(options: DriverConnectOptions, types: Pg.CustomTypesConfig): Pg.ClientConfig {
  const config: Pg.ClientConfig = {
    types,
    // pg waits forever by default (a port that accepts and never answers hangs the checkout); URL options
    // connect_timeout (seconds) or connectTimeout (milliseconds) override this.
    connectionTimeoutMillis: DEFAULT_CONNECT_TIMEOUT_MS,
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
  };
  for (const [key, value] of Object.entries(options.query)) {
    switch (key) {
      case "application_name":
      case "client_encoding":
      case "options":
        config[key] = value;
        break;
      case "connect_timeout":
        config.connectionTimeoutMillis = parseMillis(key, value, 1000); // libpq counts seconds
        break;
      case "connectTimeout":
        config.connectionTimeoutMillis = parseMillis(key, value);
        break;
      case "idle_in_transaction_session_timeout":
      case "lock_timeout":
      case "query_timeout":
      case "statement_timeout":
        config[key] = parseMillis(key, value);
        break;
      case "keepAlive":
        config.keepAlive = parseFlag(key, value);
        break;
      case "ssl":
        config.ssl = parseFlag(key, value);
        break;
      case "sslmode":
        config.ssl = sslFromMode(value);
        break;
      default:
        throw new ArgumentError(
          `Unknown PostgreSQL URL option '${key}'; the pg adapter accepts ${QUERY_OPTIONS.join(", ")}`,
        );
    }
  }
  return config;
}

/** Removes every occurrence of `secret` from an error's message and stack (defence in depth). */
function scrubSecret(error: unknown, secret: string | undefined): void {
  if (!secret || !(error instanceof Error)) return;
  if (error.message.includes(secret)) error.message = error.message.replaceAll(secret, "***");
  if (error.stack?.includes(secret)) error.stack = error.stack.replaceAll(secret, "***");
}

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

/** Socket-level error codes: the connection is gone. */
const SOCKET_ERRORS: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "ERR_STREAM_DESTROYED",
  "ERR_STREAM_WRITE_AFTER_END",
  "ERR_SOCKET_CLOSED",
]);

/** Messages pg (and pg-cursor) raise without a code when the connection is lost or unusable. */
const DISCONNECT_MESSAGE =
  /^(?:Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout expired|The server does not support SSL connections|Connection refused|Received unexpected|Unexpected server response)/;

/** Server errors after which the backend is gone (the server also sends them with severity FATAL). */
const TERMINATING_SQLSTATES: ReadonlySet<string> = new Set(["57P01", "57P02", "57P03", "57P05", "25P03"]);

/** A server error as pg-protocol's `DatabaseError` carries it (duck-typed: pg may be installed twice). */
interface ServerError extends Error {
  readonly code: string;
  readonly severity?: string;
}

function isServerError(error: Error): error is ServerError {
  const e = error as { code?: unknown; severity?: unknown };
  return typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === "string";
}

/** `describeError` for this driver: SQLSTATE for server errors, the socket code for network failures. */
function describePgError(error: unknown): DriverErrorInfo | undefined {
  if (!(error instanceof Error)) return undefined;
  if (isServerError(error)) {
    const fatal = error.severity === "FATAL" || error.severity === "PANIC";
    return { code: error.code, message: error.message, disconnect: fatal || TERMINATING_SQLSTATES.has(error.code) };
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && SOCKET_ERRORS.has(code)) return { code, message: error.message, disconnect: true };
  if (DISCONNECT_MESSAGE.test(error.message)) return { message: error.message, disconnect: true };
  if (error.message === "Query read timeout") return { message: error.message, disconnect: false };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Connection and cursor
// ---------------------------------------------------------------------------------------------------

function toFields(defs: readonly Pg.FieldDef[]): DriverField[] {
  return defs.map((f) => ({ name: f.name, typeId: f.dataTypeID }));
}

/** A pg-cursor read that also yields the result (whose `fields` the first read needs). */
function readCursor(
  cursor: PgCursorHandle,
  count: number,
): Promise<{ rows: unknown[][]; fields: readonly Pg.FieldDef[] }> {
  return new Promise((resolve, reject) => {
    cursor.read(count, (err, rows, result) => (err ? reject(err) : resolve({ rows, fields: result.fields })));
  });
}

/** A `pg-cursor` portal. Holds the connection until exhausted or closed. */
class PgCursor implements DriverCursor {
  readonly fields: readonly DriverField[];
  readonly #cursor: PgCursorHandle;
  readonly #owner: PgConnection;
  #buffer: unknown[][];
  /** The portal has no more rows (pg-cursor closed it and the connection is free). */
  #exhausted: boolean;
  #closing: Promise<void> | undefined;
  #released = false;

  constructor(
    cursor: PgCursorHandle,
    owner: PgConnection,
    fields: readonly DriverField[],
    first: unknown[][],
    exhausted: boolean,
  ) {
    this.#cursor = cursor;
    this.#owner = owner;
    this.fields = fields;
    this.#buffer = first;
    this.#exhausted = exhausted;
    if (exhausted) this.#release();
  }

  async read(count: number): Promise<unknown[][]> {
    if (!Number.isSafeInteger(count) || count < 1)
      throw new ArgumentError(`read(count) needs a positive integer, got ${String(count)}`);
    if (this.#closing) return [];
    let out: unknown[][] = [];
    if (this.#buffer.length > 0) {
      out = this.#buffer.length <= count ? this.#buffer : this.#buffer.slice(0, count);
      this.#buffer = this.#buffer.length <= count ? [] : this.#buffer.slice(count);
    }
    // `count - out.length` is never 0 here: a 0-row Execute would ask the server for every row.
    if (out.length < count && !this.#exhausted) {
      const want = count - out.length;
      let more: unknown[][];
      try {
        more = (await readCursor(this.#cursor, want)).rows;
      } catch (error) {
        this.#exhausted = true;
        this.#owner.noteError(error);
        this.#release();
        throw error;
      }
      if (more.length < want) {
        // The portal ran to completion; pg-cursor has closed it and synced, so the connection is free.
        this.#exhausted = true;
        this.#release();
      }
      out = out.length === 0 ? more : out.concat(more);
    }
    return out;
  }

  close(): Promise<void> {
    this.#closing ??= this.#doClose();
    return this.#closing;
  }

  async #doClose(): Promise<void> {
    this.#buffer = [];
    try {
      // pg-cursor's close waits for the server's ReadyForQuery, which a dead connection never sends.
      if (!this.#exhausted && !this.#owner.isDead) {
        // When the connection dies first, the race settles through `ended` and the cursor's close may reject
        // later: that rejection is observed here, so it can never surface as an unhandled one.
        const closing = this.#cursor.close();
        closing.catch(() => undefined);
        await Promise.race([closing, this.#owner.ended]);
      }
    } finally {
      this.#exhausted = true;
      this.#release();
    }
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#owner.endWork();
  }
}

/** One pg `Client`. The client and its configuration stay in private fields, out of `inspect()`. */
class PgConnection implements DriverConnection {
  readonly serverId: number | undefined;
  readonly #client: Pg.Client;
  readonly #types: Pg.CustomTypesConfig;
  readonly #idleListeners: Array<(error: unknown) => void> = [];
  /** Statements or cursors in flight: an error arriving meanwhile reaches their caller, not the idle listeners. */
  #busy = 0;
  /** Names of the prepared statements this connection has parsed. */
  readonly #prepared = new Set<string>();
  /** pg-cursor keeps its portal open across reads, so nothing else can run until the cursor ends. */
  #cursorOpen = false;
  #dead = false;
  #closing: Promise<void> | undefined;
  readonly #ended: Promise<void>;

  readonly #loadCursor: () => Promise<PgCursorClass>;

  constructor(client: Pg.Client, types: Pg.CustomTypesConfig, loadCursorClass: () => Promise<PgCursorClass>) {
    this.#client = client;
    this.#types = types;
    this.#loadCursor = loadCursorClass;
    this.serverId = (client as unknown as { processID?: number | null }).processID ?? undefined;
    client.on("error", (error) => this.#onClientError(error));
    this.#ended = new Promise((resolve) => client.once("end", () => resolve()));
  }

  /** Settles when the socket has ended, for whatever reason. */
  get ended(): Promise<void> {
    return this.#ended;
  }

  /** True once the connection is known to be unusable. */
  get isDead(): boolean {
    return this.#dead;
  }

  async execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): Promise<DriverResult> {
    this.#assertNoCursor();
    this.#busy++;
    let res: Pg.QueryArrayResult | Pg.QueryArrayResult[];
    // A named (server-side prepared) statement is parsed once per connection; the number of names kept on
    // one connection is bounded, after which statements run unnamed (parsed on each execution).
    let name = options?.prepare;
    if (name !== undefined && !this.#prepared.has(name)) {
      if (this.#prepared.size >= MAX_PREPARED_PER_CONNECTION) name = undefined;
      else this.#prepared.add(name);
    }
    try {
      res = await this.#client.query(
        name === undefined
          ? { text: sql, values: params as unknown[], rowMode: "array" }
          : { name, text: sql, values: params as unknown[], rowMode: "array" },
      );
    } catch (error) {
      this.noteError(error);
      throw error;
    } finally {
      this.#busy--;
    }
    // Without parameters pg uses the simple protocol, which allows several statements; report the last.
    const last = Array.isArray(res) ? res[res.length - 1] : res;
    if (!last) return { fields: [], rows: [], rowCount: null };
    // PostgreSQL answers COMMIT in a failed transaction with ROLLBACK, and no error.
    if (last.command === "ROLLBACK" && COMMIT.test(sql))
      return { fields: [], rows: [], rowCount: null, rolledBack: true };
    return { fields: toFields(last.fields), rows: last.rows, rowCount: last.rowCount };
  }

  async openCursor(sql: string, params: readonly unknown[]): Promise<DriverCursor> {
    this.#assertNoCursor();
    const Cursor = await this.#loadCursor();
    this.#assertNoCursor();
    const cursor = this.#client.query(new Cursor(sql, params as unknown[], { rowMode: "array", types: this.#types }));
    this.#busy++;
    this.#cursorOpen = true;
    let first: { rows: unknown[][]; fields: readonly Pg.FieldDef[] };
    try {
      first = await readCursor(cursor, CURSOR_PREFETCH);
    } catch (error) {
      this.noteError(error);
      this.endWork();
      throw error;
    }
    return new PgCursor(cursor, this, toFields(first.fields), first.rows, first.rows.length < CURSOR_PREFETCH);
  }

  async ping(): Promise<void> {
    await this.execute("SELECT 1", []);
  }

  close(): Promise<void> {
    this.#closing ??= this.#client.end().then(
      () => undefined,
      () => undefined, // already dead: closing is still done
    );
    return this.#closing;
  }

  onIdleError(listener: (error: unknown) => void): void {
    this.#idleListeners.push(listener);
  }

  /** Marks the connection dead when `error` means it is gone. */
  noteError(error: unknown): void {
    if (describePgError(error)?.disconnect) this.#dead = true;
  }

  /** A cursor finished with the connection. */
  endWork(): void {
    this.#busy--;
    this.#cursorOpen = false;
  }

  /** Fails fast where pg would queue the statement behind the cursor's portal and wait forever. */
  #assertNoCursor(): void {
    if (this.#cursorOpen) {
      throw new InvalidRequestError(
        "A cursor is open on this connection: read it to the end or close it before running another statement",
      );
    }
  }

  /**
   * pg emits 'error' when the socket fails or the server ends the session. The listener is always
   * installed: an 'error' event without one would crash the process.
   */
  #onClientError(error: Error): void {
    const first = !this.#dead;
    this.#dead = true;
    // Only the first sign of death is news (a kill produces a FATAL message, then "terminated").
    if (!first || this.#closing || this.#busy > 0) return;
    for (const listener of this.#idleListeners) {
      try {
        listener(error);
      } catch (listenerError) {
        // A failing listener must not turn a dead connection into a process crash.
        process.emitWarning(`athanor: an onIdleError listener threw: ${String(listenerError)}`);
      }
    }
  }
}

/** The adapter over a `pg` package and a `pg-cursor` class, each loaded on first use. */
function makePgDriver(loadPgModule: () => Promise<PgModule>, loadCursorClass: () => Promise<PgCursorClass>): Driver {
  return {
    name: "pg",
    async connect(options: DriverConnectOptions): Promise<DriverConnection> {
      const pg = await loadPgModule();
      const types = typesFor(pg);
      const client = new pg.Client(clientConfig(options, types));
      // Until the connection exists, pg reports failures through connect(); this keeps a stray 'error'
      // event (e.g. a socket error racing the handshake) from crashing the process.
      const swallow = (): void => {};
      client.on("error", swallow);
      try {
        await client.connect();
      } catch (error) {
        // The swallowing listener stays: the failed client may still report its socket's end.
        scrubSecret(error, options.password);
        void client.end().catch(swallow);
        throw error;
      }
      client.off("error", swallow);
      return new PgConnection(client, types, loadCursorClass);
    },
    describeError: describePgError,
  };
}

/**
 * The `pg` driver adapter (PostgreSQL), for `postgresql://` and `postgresql+pg://` URLs; `pg` and
 * `pg-cursor` are loaded from where Athanor is installed.
 *
 * ```ts
 * const conn = await pgDriver.connect({ host: "localhost", username: "app", database: "app", query: { sslmode: "require" } });
 * await conn.execute("SELECT $1::int + 1", [41]); // rows: [[42]]
 * ```
 */
export const pgDriver: Driver = makePgDriver(loadPg, loadCursor);

/**
 * The `pg` adapter over packages the application loaded (`createEngine(url, { module, cursorModule })`):
 * `module` is the `pg` package, `cursorModule` the `pg-cursor` package (for `conn.stream()`); either may be
 * left out, and is then loaded from where Athanor is installed. A value of the wrong shape is an
 * `ArgumentError` saying what was expected.
 *
 * ```ts
 * import pg from "pg";
 * import Cursor from "pg-cursor";
 * const driver = pgDriverFor(pg, Cursor);
 * ```
 */
export function pgDriverFor(module: unknown, cursorModule?: unknown): Driver {
  let loadPgModule = loadPg;
  if (module !== undefined) {
    const pg = providedModule(module, isPgModule);
    if (!pg) {
      throw wrongModuleError(
        "module",
        "postgresql",
        `the 'pg' package (import pg from "pg"): an object with a Client class and types.getTypeParser()`,
        module,
      );
    }
    loadPgModule = () => Promise.resolve(pg);
  }
  let loadCursorClass = loadCursor;
  if (cursorModule !== undefined) {
    const Cursor = providedModule(cursorModule, isCursorClass);
    if (!Cursor) {
      throw wrongModuleError(
        "cursorModule",
        "postgresql",
        `the 'pg-cursor' package (import Cursor from "pg-cursor"): a class with a read() method`,
        cursorModule,
      );
    }
    loadCursorClass = () => Promise.resolve(Cursor);
  }
  return makePgDriver(loadPgModule, loadCursorClass);
}
