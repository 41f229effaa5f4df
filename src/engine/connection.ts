/**
 * Connection: one pooled database connection with SQLAlchemy 2.0 "commit as you go" semantics.
 *
 * ```ts
 * await using conn = await engine.connect();
 * await conn.execute(text("insert into t (x) values (:x)"), { x: 1 }); // BEGIN (implicit) + INSERT
 * await conn.commit();                                                // COMMIT
 * ```
 * A transaction begins implicitly with the first statement (unless the isolation level is AUTOCOMMIT);
 * `commit()` / `rollback()` end it; `close()` (or leaving an `await using` block) rolls back whatever
 * was not committed and returns the connection to the pool.
 */

import { inspect } from "node:util";
import { ArgumentError, DataError, InternalError, InvalidRequestError, ResourceClosedError } from "../errors/index.js";
import type { BindNode, StatementNode } from "../ast/index.js";
import type { CompiledQuery } from "../compiler/index.js";
import type { Dialect, IsolationLevel, Processor } from "../dialect/index.js";
import type { Driver, DriverCursor, DriverField, DriverResult } from "../driver/driver.js";
import {
  type Executable,
  type ExecutionPlan,
  isExecutable,
  type Params,
  type ParamsOf,
  pluginOf,
  type ResultColumn,
} from "../expr/index.js";
import { AsyncResult, Result } from "../result/index.js";
import type { EventRegistry } from "./events.js";
import { type Logger, renderParams } from "./logging.js";
import type { PoolEntry } from "./pool.js";

export type { Params };

/** Statements ready to run: compiled SQL with the driver values of each parameter set. */
interface Plan {
  readonly runs: readonly {
    readonly compiled: CompiledQuery;
    readonly note: string;
    readonly bound: readonly unknown[][];
    readonly prepareName: string | undefined;
    readonly key: string;
    readonly schemaChange: boolean;
  }[];
  readonly columns: readonly ResultColumn[] | undefined;
  /** Puts the rows of an INSERT's executions in parameter order and reads its primary keys. */
  readonly finish: ExecutionPlan["finish"];
}

/** Per-connection options (SQLAlchemy's `execution_options`). */
export interface ExecutionOptions {
  /** Isolation level for this connection's next transactions; reset when the connection is returned. */
  readonly isolationLevel?: IsolationLevel;
  /** Rows fetched per round trip by `stream()` (default 1000). */
  readonly yieldPer?: number;
}

/** What a Connection needs from its Engine. */
export interface ConnectionHost {
  readonly dialect: Dialect;
  readonly driver: Driver;
  readonly events: EventRegistry;
  readonly echo: boolean;
  readonly logger: Logger;
  readonly hideParameters: boolean;
  readonly defaultIsolationLevel: IsolationLevel | undefined;
  /**
   * Compiles a statement (cached by structure). `binds` are the statement's bind nodes in shape order;
   * `note` is the echo annotation (`generated in …` / `cached since …`).
   */
  compile(statement: StatementNode): {
    compiled: CompiledQuery;
    binds: readonly BindNode[];
    note: string;
    prepareName: string | undefined;
    key: string;
    schemaChange: boolean;
  };
  /** Drops a compiled statement from the cache (its prepared form became invalid). */
  forget(key: string): void;
  /** A statement that may have changed the schema ran: statements prepared before it are renamed. */
  schemaChanged(): void;
  acquire(): Promise<PoolEntry>;
  release(entry: PoolEntry): Promise<void>;
  /** The session isolation level `entry` should be returned with. */
  restoreIsolation(entry: PoolEntry): Promise<void>;
  applyIsolation(entry: PoolEntry, level: Exclude<IsolationLevel, "AUTOCOMMIT">): Promise<void>;
}

/** The row tuple type of a statement. */
type RowTuple<S> = S extends Executable<infer T extends readonly unknown[], object> ? T : unknown[];
/** The primary key values an INSERT statement reports (`readonly unknown[]` for other statements). */
type InsertedKey<S> = S extends { readonly __primaryKey?: infer K extends readonly unknown[] } ? K : readonly unknown[];
/** The named row type of a statement. */
type RowNamed<S> = S extends Executable<readonly unknown[], infer N extends object> ? N : Record<string, unknown>;

/** A SAVEPOINT, from `conn.beginNested()`. */
export class NestedTransaction implements AsyncDisposable {
  readonly name: string;
  readonly #conn: Connection;
  #active = true;

  /** @internal */
  constructor(conn: Connection, name: string) {
    this.#conn = conn;
    this.name = name;
  }

  /** True until committed, rolled back, or ended by an enclosing commit/rollback. */
  get isActive(): boolean {
    return this.#active;
  }

  /** `RELEASE SAVEPOINT`: keeps the work done since the savepoint (and ends inner savepoints). */
  async commit(): Promise<void> {
    this.#ensureActive("commit");
    await this.#conn[SAVEPOINT_END](this, "release");
  }

  /** `ROLLBACK TO SAVEPOINT`: undoes the work since the savepoint; the enclosing transaction goes on. */
  async rollback(): Promise<void> {
    this.#ensureActive("roll back");
    await this.#conn[SAVEPOINT_END](this, "rollback");
  }

  /** Rolls back if still active: leaving `await using sp = await conn.beginNested()` without commit. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#active) await this.rollback();
  }

  /** @internal */
  deactivate(): void {
    this.#active = false;
  }

  #ensureActive(what: string): void {
    if (!this.#active) throw new InvalidRequestError(`Cannot ${what} savepoint ${this.name}: it is no longer active`);
  }
}

const SAVEPOINT_END = Symbol("savepointEnd");

/** One connection checked out of an engine's pool. */
export class Connection implements AsyncDisposable {
  readonly #host: ConnectionHost;
  #entry: PoolEntry | null;
  #closed = false;
  #inTransaction = false;
  /** No statement has run yet in the current transaction (only BEGIN). */
  #pristine = false;
  /** The connection died inside a transaction: nothing runs until `rollback()` acknowledges it. */
  #invalidTransaction = false;
  readonly #savepoints: NestedTransaction[] = [];
  #savepointSeq = 0;
  #isolation: IsolationLevel | undefined;
  #yieldPer = 1000;
  #cursor: DriverCursor | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  /** @internal Created by `engine.connect()`. */
  constructor(host: ConnectionHost, entry: PoolEntry) {
    this.#host = host;
    this.#entry = entry;
    this.#isolation = host.defaultIsolationLevel;
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.#closed;
  }

  /** True while a transaction is open (begun implicitly or by `beginNested`). */
  inTransaction(): boolean {
    return this.#inTransaction;
  }

  /** True when the underlying connection was found dead and discarded. */
  get invalidated(): boolean {
    return this.#entry === null && !this.#closed;
  }

  /**
   * Sets options for this connection. `isolationLevel` takes effect for the next transaction and may not
   * change inside one.
   */
  executionOptions(options: ExecutionOptions): this {
    this.#ensureOpen();
    if (options.isolationLevel !== undefined) {
      const levels = this.#host.dialect.capabilities.isolationLevels;
      if (!levels.includes(options.isolationLevel)) {
        throw new ArgumentError(
          `Invalid isolation level '${options.isolationLevel}' for ${this.#host.dialect.name}; expected one of ${levels.join(", ")}`,
        );
      }
      if (this.#inTransaction) {
        throw new InvalidRequestError(
          "Cannot change the isolation level inside a transaction; commit or roll back first",
        );
      }
      this.#isolation = options.isolationLevel;
    }
    if (options.yieldPer !== undefined) {
      if (!Number.isInteger(options.yieldPer) || options.yieldPer < 1)
        throw new ArgumentError(`yieldPer must be a positive integer, got ${options.yieldPer}`);
      this.#yieldPer = options.yieldPer;
    }
    return this;
  }

  /** The isolation level in effect: AUTOCOMMIT, or what the database reports for the session. */
  async getIsolationLevel(): Promise<IsolationLevel> {
    if (this.#isolation === "AUTOCOMMIT") return "AUTOCOMMIT";
    return this.#serial(async () => {
      const entry = await this.#checkedOutEntry();
      await this.#prepareIsolation(entry);
      const dialect = this.#host.dialect;
      const sql = dialect.isolationLevelQuery();
      const res = await this.#driverCall(entry, sql, [], () => entry.connection.execute(sql, []));
      return dialect.parseIsolationLevel(res.rows[0]?.[0]);
    });
  }

  /**
   * Runs a statement. `params` is an object of named values, or a list of them to run the statement once
   * per object (executemany).
   *
   * ```ts
   * const r = await conn.execute(text("select id, name from users where name = :name"), { name: "Ann" });
   * r.all();
   * await conn.execute(text("insert into users (name) values (:name)"), [{ name: "A" }, { name: "B" }]);
   * ```
   */
  async execute<S extends Executable<readonly unknown[], object>>(
    statement: S,
    params?: ParamsOf<S> | readonly ParamsOf<S>[],
  ): Promise<Result<RowTuple<S>, RowNamed<S>, InsertedKey<S>>> {
    const plan = this.#plan(statement, (Array.isArray(params) ? params : [params]) as readonly (Params | undefined)[]);
    const result = this.#serial(async () => {
      const entry = await this.#begun();
      this.#ensureNoCursor();
      let rowcount: number | null = 0;
      let lastrowid: number | bigint | undefined;
      /** The first result that returned rows: its fields describe them all. */
      let described: DriverResult | undefined;
      const rows: unknown[][] = [];
      /** Where each run's rows start in `rows`, and its lastrowid, for the plan's `finish`. */
      const runEnds: { end: number; lastrowid: number | bigint | undefined }[] | undefined = plan.finish
        ? []
        : undefined;
      for (const run of plan.runs) {
        const many = run.bound.length > 1;
        const eventParams = many ? run.bound : (run.bound[0] as unknown[]);
        const started = performance.now();
        if (this.#host.events.has("beforeExecute")) {
          await this.#host.events.emit("beforeExecute", {
            sql: run.compiled.sql,
            params: eventParams,
            executemany: many,
            serverId: entry.connection.serverId,
          });
        }
        let runRowcount: number | null = 0;
        for (const values of run.bound) {
          const options = run.prepareName === undefined ? undefined : { prepare: run.prepareName };
          const unprepared = (): Promise<DriverResult> => entry.connection.execute(run.compiled.sql, values);
          const res = await this.#driverCall(
            entry,
            run.compiled.sql,
            values,
            options ? () => entry.connection.execute(run.compiled.sql, values, options) : unprepared,
            options ? { key: run.key, unprepared } : undefined,
          );
          runRowcount = runRowcount === null || res.rowCount === null ? null : runRowcount + res.rowCount;
          lastrowid = res.lastInsertId;
          if ((res.width ?? res.fields.length) > 0) {
            described ??= res;
            for (const row of res.rows) rows.push(row as unknown[]);
          }
        }
        rowcount = rowcount === null || runRowcount === null ? null : rowcount + runRowcount;
        runEnds?.push({ end: rows.length, lastrowid });
        if (run.schemaChange) this.#host.schemaChanged();
        const durationMs = performance.now() - started;
        if (this.#host.echo) this.#log(run.compiled.sql, eventParams, run.note, durationMs);
        if (this.#host.events.has("afterExecute")) {
          await this.#host.events.emit("afterExecute", {
            sql: run.compiled.sql,
            params: eventParams,
            executemany: many,
            serverId: entry.connection.serverId,
            rowcount: runRowcount,
            durationMs,
          });
        }
      }
      let keys: string[] = [];
      if (described) {
        const resultPlan = this.#resultPlan(plan.columns, described);
        decodeRows(rows, resultPlan.processors);
        keys = resultPlan.keys;
      }
      if (!plan.finish || !runEnds) return new Result({ keys, rows, rowcount: rowcount ?? -1, lastrowid });
      const finished = plan.finish(
        runEnds.map((r, i) => ({ rows: rows.slice(i === 0 ? 0 : runEnds[i - 1]?.end, r.end), lastrowid: r.lastrowid })),
      );
      const insertedPrimaryKeys = finished.insertedPrimaryKeys;
      return new Result({
        keys: finished.width === 0 ? [] : keys.slice(0, finished.width),
        rows: finished.width === 0 ? [] : finished.rows,
        rowcount: rowcount ?? -1,
        lastrowid,
        insertedPrimaryKey: insertedPrimaryKeys?.length === 1 ? insertedPrimaryKeys[0] : undefined,
        insertedPrimaryKeys,
      });
    });
    type Typed = Result<RowTuple<S>, RowNamed<S>, InsertedKey<S>>;
    const plugin = pluginOf(statement);
    if (!plugin?.processResult) return result as Promise<Typed>;
    // A plugin (the ORM) shapes what the statement returns: rows of entities, say.
    const context = { statement, params, connection: this };
    return (await plugin.processResult(await result, context)) as Typed;
  }

  /**
   * Runs a row-returning statement through a server-side cursor and streams its rows, `yieldPer` (1000)
   * at a time, in bounded memory. The connection runs nothing else until the result is consumed or closed.
   *
   * ```ts
   * const result = await conn.stream(text("select * from events"));
   * for await (const row of result) handle(row);
   * ```
   */
  async stream<S extends Executable<readonly unknown[], object>>(
    statement: S,
    params?: Params,
    options: { yieldPer?: number } = {},
  ): Promise<AsyncResult<RowTuple<S>, RowNamed<S>>> {
    const plan = this.#plan(statement, [params]);
    const run = plan.runs[0];
    if (plan.runs.length !== 1 || !run || run.bound.length !== 1)
      throw new InvalidRequestError("stream() runs one statement with one set of parameters");
    const { compiled, note } = run;
    const columns = plan.columns;
    const values = run.bound[0] as unknown[];
    const batchSize = options.yieldPer ?? this.#yieldPer;
    return this.#serial(async () => {
      const entry = await this.#begun();
      this.#ensureNoCursor();
      const started = performance.now();
      if (this.#host.events.has("beforeExecute")) {
        await this.#host.events.emit("beforeExecute", {
          sql: compiled.sql,
          params: values,
          executemany: false,
          serverId: entry.connection.serverId,
        });
      }
      const cursor = await this.#driverCall(entry, compiled.sql, values, () =>
        entry.connection.openCursor(compiled.sql, values),
      );
      this.#cursor = cursor;
      if (this.#host.echo) this.#log(compiled.sql, values, note, performance.now() - started);
      const { keys, processors } = this.#resultPlan(columns, cursor);
      const close = async (): Promise<void> => {
        if (this.#cursor !== cursor) return;
        this.#cursor = null;
        await cursor.close().catch((error: unknown) => {
          if (this.#host.driver.describeError(error)?.disconnect) this.#lost(entry);
        });
      };
      const read = async (n: number): Promise<unknown[][]> => {
        const rows = await this.#driverCall(entry, compiled.sql, values, () => cursor.read(n));
        decodeRows(rows, processors);
        return rows;
      };
      return new AsyncResult({ keys, read, close, batchSize });
    }) as Promise<AsyncResult<RowTuple<S>, RowNamed<S>>>;
  }

  /** Commits the current transaction, if any (releasing all savepoints). */
  async commit(): Promise<void> {
    await this.#serial(async () => {
      this.#ensureOpen();
      if (this.#invalidTransaction) {
        throw new InvalidRequestError(
          "The connection was lost inside a transaction, which cannot be committed; call rollback() and start again",
        );
      }
      if (!this.#inTransaction || !this.#entry) return;
      const sql = this.#host.dialect.commitSql();
      const res = await this.#control(this.#entry, sql);
      this.#endTransaction();
      if (res.rolledBack) {
        throw new InternalError(
          "COMMIT was carried out as a ROLLBACK: a statement of this transaction had failed, so the database " +
            "rolled the whole transaction back and nothing was committed. To go on after a statement that may " +
            "fail, run it inside conn.beginNested() (a savepoint) and roll that back instead",
          undefined,
          { sql },
          "25P02",
        );
      }
    });
  }

  /** Rolls back the current transaction, if any. */
  async rollback(): Promise<void> {
    await this.#serial(async () => {
      this.#ensureOpen();
      if (this.#invalidTransaction) {
        this.#invalidTransaction = false;
        return;
      }
      if (!this.#inTransaction || !this.#entry) return;
      await this.#closeCursor();
      await this.#control(this.#entry, this.#host.dialect.rollbackSql());
      this.#endTransaction();
    });
  }

  /**
   * Opens a SAVEPOINT (beginning the transaction first if needed). With a callback, releases it when the
   * callback resolves and rolls back to it (rethrowing) when it rejects; the outer transaction goes on.
   *
   * ```ts
   * await conn.beginNested(async () => {
   *   await conn.execute(text("insert into t values (1)"));
   * }); // SAVEPOINT "sa_savepoint_1" … RELEASE SAVEPOINT "sa_savepoint_1"
   * ```
   */
  beginNested(): Promise<NestedTransaction>;
  beginNested<T>(body: (savepoint: NestedTransaction) => Promise<T>): Promise<T>;
  async beginNested<T>(body?: (savepoint: NestedTransaction) => Promise<T>): Promise<NestedTransaction | T> {
    if (!this.#host.dialect.capabilities.savepoints)
      throw new InvalidRequestError(`${this.#host.dialect.name} does not support savepoints`);
    const sp = await this.#serial(async () => {
      const entry = await this.#begun();
      const name = `sa_savepoint_${++this.#savepointSeq}`;
      await this.#control(entry, this.#host.dialect.savepointSql(name));
      const created = new NestedTransaction(this, name);
      this.#savepoints.push(created);
      return created;
    });
    if (!body) return sp;
    let value: T;
    try {
      value = await body(sp);
    } catch (error) {
      if (sp.isActive && this.#entry) await sp.rollback();
      throw error;
    }
    if (sp.isActive) await sp.commit();
    return value;
  }

  /** @internal Ends a savepoint (and every savepoint opened after it). */
  async [SAVEPOINT_END](sp: NestedTransaction, how: "release" | "rollback"): Promise<void> {
    await this.#serial(async () => {
      const i = this.#savepoints.indexOf(sp);
      const entry = this.#entry;
      if (i < 0 || !entry) throw new InvalidRequestError(`Savepoint ${sp.name} is no longer active`);
      if (how === "rollback") await this.#closeCursor();
      const dialect = this.#host.dialect;
      await this.#control(
        entry,
        how === "release" ? dialect.releaseSavepointSql(sp.name) : dialect.rollbackToSavepointSql(sp.name),
      );
      for (const inner of this.#savepoints.splice(i)) inner.deactivate();
    });
  }

  /**
   * Discards the underlying driver connection (it is closed, not returned to the pool). The Connection
   * object can go on: its next statement checks out a fresh connection.
   */
  async invalidate(): Promise<void> {
    await this.#serial(async () => {
      if (this.#entry) {
        const entry = this.#entry;
        this.#lost(entry);
      }
      this.#invalidTransaction = false;
    });
  }

  /** Rolls back anything uncommitted and returns the connection to the pool. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#serial(async () => {
      if (this.#closed) return;
      this.#closed = true;
      const entry = this.#entry;
      this.#entry = null;
      if (!entry) return;
      try {
        await this.#closeCursor();
        if (this.#inTransaction) await this.#control(entry, this.#host.dialect.rollbackSql());
        await this.#host.restoreIsolation(entry);
      } catch {
        // Reset-on-return failed: the connection is in an unknown state, so it is discarded.
        entry.invalidate();
      }
      this.#endTransaction();
      await this.#host.release(entry);
    });
  }

  /** `await using conn = await engine.connect()` closes the connection at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  [inspect.custom](): string {
    return `Connection(${this.#host.dialect.name}${this.#closed ? ", closed" : this.#inTransaction ? ", in transaction" : ""})`;
  }

  // ---- internals ----

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #ensureOpen(): void {
    if (this.#closed) throw new ResourceClosedError("This connection is closed");
  }

  #ensureNoCursor(): void {
    if (this.#cursor) {
      throw new InvalidRequestError(
        "This connection is streaming a result; consume it or close() it before running another statement",
      );
    }
  }

  async #closeCursor(): Promise<void> {
    const cursor = this.#cursor;
    this.#cursor = null;
    if (cursor) await cursor.close().catch(() => undefined);
  }

  /** Compiles (cached) and binds a statement for its parameter sets; nothing is sent yet. */
  #plan(statement: Executable<readonly unknown[], object>, paramSets: readonly (Params | undefined)[]): Plan {
    this.#ensureOpen();
    if (typeof statement === "string") {
      throw new ArgumentError(
        `A plain string is not a statement; wrap raw SQL in text(): conn.execute(text(${JSON.stringify(String(statement).slice(0, 40))}))`,
      );
    }
    if (!isExecutable(statement)) {
      throw new ArgumentError(
        `Cannot execute ${inspect(statement, { depth: 0 })}: expected text(), select(), insert(), update(), deleteFrom() or a DDL construct`,
      );
    }
    const caps = this.#host.dialect.capabilities;
    const executionPlan: ExecutionPlan = statement.forExecution
      ? statement.forExecution(
          paramSets.map((p) => p ?? {}),
          {
            maxParameters: caps.maxParameters,
            lastrowid: caps.lastrowid,
            insertReturning: caps.returning.insert,
            autoincrementSentinel: caps.autoincrementSentinel,
          },
        )
      : { executions: [{ node: statement.toStatementNode(), paramSets }] };
    const runs = executionPlan.executions.map((execution) => {
      const { compiled, binds, note, prepareName, key, schemaChange } = this.#host.compile(execution.node);
      if (compiled.slots.length > caps.maxParameters) {
        // The databases refuse it anyway, some cryptically (PostgreSQL's protocol counts parameters in 16 bits).
        throw new ArgumentError(
          `The statement has ${compiled.slots.length} parameters; ${this.#host.dialect.name} takes at most ` +
            `${caps.maxParameters} in one statement. Split a long in() list into chunks, or join against a table of the values`,
        );
      }
      return {
        compiled,
        note,
        prepareName,
        key,
        schemaChange,
        bound: execution.paramSets.map((p) => this.#bind(compiled, binds, p)),
      };
    });
    return { runs, columns: executionPlan.columns ?? statement.resultColumns(), finish: executionPlan.finish };
  }

  /** Positional driver values for one execution; a missing value fails before anything is sent. */
  #bind(compiled: CompiledQuery, binds: readonly BindNode[], params: Params | undefined): unknown[] {
    const slots = compiled.slots;
    const out = new Array<unknown>(slots.length);
    const dialect = this.#host.dialect;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as (typeof slots)[number];
      let name: string | undefined;
      let value: unknown;
      let type;
      if (typeof slot === "number") {
        const b = binds[slot] as BindNode;
        name = b.name;
        type = b.type;
        value = name === undefined ? b.value : params?.[name] !== undefined ? params[name] : b.value;
      } else {
        name = slot.name;
        type = slot.type;
        value = params?.[name];
      }
      if (value === undefined) {
        if (params === undefined || params === null || typeof params !== "object") {
          const names = slots.flatMap((s) => (typeof s === "number" ? (binds[s]?.name ?? []) : [s.name]));
          throw new ArgumentError(
            `This statement needs bind parameters (${[...new Set(names)].map((n) => `'${n}'`).join(", ")}); pass them as an object, e.g. { ${names[0]}: … }`,
          );
        }
        throw new ArgumentError(
          `A value is required for bind parameter '${name}' (got ${name !== undefined && name in params ? "undefined" : "no such key"}); pass null for SQL NULL`,
        );
      }
      try {
        out[i] = type ? dialect.processors(type).bind(value) : dialect.bindUntyped(value);
      } catch (error) {
        if (error instanceof DataError)
          throw new DataError(`Bind parameter '${name ?? `#${i + 1}`}': ${error.message}`, undefined, {
            sql: compiled.sql,
          });
        throw error;
      }
    }
    return out;
  }

  /** The checked-out entry, reconnecting lazily after an invalidation. */
  async #checkedOutEntry(): Promise<PoolEntry> {
    this.#ensureOpen();
    if (this.#invalidTransaction) {
      throw new InvalidRequestError(
        "The connection was lost inside a transaction; call rollback() before running another statement",
      );
    }
    if (!this.#entry) this.#entry = await this.#host.acquire();
    return this.#entry;
  }

  /** The entry, with the isolation level applied and a transaction begun unless AUTOCOMMIT. */
  async #begun(): Promise<PoolEntry> {
    const entry = await this.#checkedOutEntry();
    if (!this.#inTransaction && this.#isolation !== "AUTOCOMMIT") {
      await this.#prepareIsolation(entry);
      await this.#control(entry, this.#host.dialect.beginSql(), "BEGIN (implicit)");
      this.#inTransaction = true;
      this.#pristine = true;
    }
    return entry;
  }

  async #prepareIsolation(entry: PoolEntry): Promise<void> {
    const level = this.#isolation;
    if (level === undefined || level === "AUTOCOMMIT") return;
    if (entry.info.get(SESSION_ISOLATION) !== level) await this.#host.applyIsolation(entry, level);
  }

  /** Runs transaction-control SQL (BEGIN, COMMIT, SAVEPOINT…), echoing it like SQLAlchemy does. */
  async #control(entry: PoolEntry, sql: string, echoAs = sql): Promise<DriverResult> {
    if (this.#host.echo) this.#host.logger.info(echoAs);
    return this.#driverCall(entry, sql, [], () => entry.connection.execute(sql, []), undefined, true);
  }

  /** Runs a driver call, translating errors and discarding the connection if it died. */
  async #driverCall<T>(
    entry: PoolEntry,
    sql: string,
    params: unknown,
    call: () => Promise<T>,
    prepared?: { readonly key: string; readonly unprepared: () => Promise<T> },
    control = false,
  ): Promise<T> {
    try {
      const result = await call();
      if (!control) this.#pristine = false;
      return result;
    } catch (error) {
      const info = this.#host.driver.describeError(error);
      if (prepared && info?.code === "0A000" && /cached plan/.test(info.message)) {
        // The server refused a prepared statement whose result type changed (ALTER TABLE by another
        // process; this engine's own DDL renames its prepared statements before that can happen).
        this.#host.forget(prepared.key);
        // Outside a transaction the statement simply runs again, unprepared. Inside one the database has
        // aborted the transaction: when nothing had run in it yet, nothing is lost by beginning it again;
        // otherwise the error surfaces (the next execution prepares under a new name).
        if (!this.#inTransaction) return this.#driverCall(entry, sql, params, prepared.unprepared);
        if (this.#pristine && this.#savepoints.length === 0) {
          const dialect = this.#host.dialect;
          await this.#control(entry, dialect.rollbackSql(), "ROLLBACK (statement re-prepared)");
          await this.#control(entry, dialect.beginSql(), "BEGIN (implicit)");
          return this.#driverCall(entry, sql, params, prepared.unprepared);
        }
      }
      if (info?.disconnect || entry.invalidated) this.#lost(entry);
      throw this.#host.dialect.translateError(error, info, { sql, params, hideParameters: this.#host.hideParameters });
    }
  }

  /** The driver connection is dead: discard it; an open transaction is lost. */
  #lost(entry: PoolEntry): void {
    entry.invalidate();
    if (this.#entry === entry) {
      this.#entry = null;
      this.#cursor = null;
      if (this.#inTransaction) this.#invalidTransaction = true;
      this.#endTransaction();
      this.#host.release(entry).catch(() => undefined);
    }
  }

  #endTransaction(): void {
    this.#inTransaction = false;
    for (const sp of this.#savepoints.splice(0)) sp.deactivate();
  }

  /**
   * Row keys and result processors: from the declared columns where the statement declares them (typed
   * statements never need the driver's field descriptions), from the driver's fields otherwise.
   */
  #resultPlan(
    columns: readonly ResultColumn[] | undefined,
    res: Pick<DriverResult, "fields" | "width">,
  ): { keys: string[]; processors: (Processor | undefined)[] } {
    const dialect = this.#host.dialect;
    const width = res.width ?? res.fields.length;
    if (columns && columns.length > width) {
      throw new InvalidRequestError(
        `The statement declares ${columns.length} result columns but the database returned ${width}`,
      );
    }
    const keys = new Array<string>(width);
    const processors = new Array<Processor | undefined>(width);
    for (let i = 0; i < width; i++) {
      const declared = columns?.[i];
      const type = declared?.type;
      keys[i] = declared?.key ?? (res.fields[i] as DriverField).name;
      processors[i] = type ? dialect.processors(type).result : dialect.untypedResult(res.fields[i] as DriverField);
    }
    return { keys, processors };
  }

  #log(sql: string, params: unknown, note: string, durationMs: number): void {
    const logger = this.#host.logger;
    logger.info(sql);
    logger.info(`[${note}] ${renderParams(params, this.#host.hideParameters)} (${durationMs.toFixed(2)} ms)`);
  }
}

/** Key in `PoolEntry.info` holding the session isolation level currently set on the driver connection. */
export const SESSION_ISOLATION = "athanor.isolation";

/** Decodes rows in place; only columns that have a processor are visited. */
function decodeRows(rows: unknown[][], processors: readonly (Processor | undefined)[]): void {
  const active: number[] = [];
  for (let i = 0; i < processors.length; i++) if (processors[i]) active.push(i);
  if (active.length === 0) return;
  for (const row of rows) {
    for (const i of active) row[i] = (processors[i] as Processor)(row[i]);
  }
}
