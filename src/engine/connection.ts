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
import { ArgumentError, InternalError, InvalidRequestError, ResourceClosedError } from "../errors/index.js";
import type { Dialect, IsolationLevel } from "../dialect/index.js";
import type { Driver, DriverCursor, DriverResult } from "../driver/driver.js";
import { type Executable, type Params, type ParamsOf, pluginOf } from "../expr/index.js";
import { AsyncResult, type Result, type ScalarResult } from "../result/index.js";
import type { StatementCompiler } from "./compiled-cache.js";
import type { EventRegistry } from "./events.js";
import { checkIsolationLevel, SESSION_ISOLATION, type SessionIsolationLevel } from "./isolation.js";
import type { Logger } from "./logging.js";
import type { PoolEntry } from "./pool.js";
import { decodeRows, resultPlan } from "./result-decoding.js";
import { echoStatement, StatementExecution, type StatementRunner } from "./statement-execution.js";
import { type PlannedRun, planStatement, type StatementPlan } from "./statement-plan.js";

export type { Params };

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
  /** Compiles statements (the engine's compiled cache). */
  readonly compiler: StatementCompiler;
  /** Drops a compiled statement from the cache (its prepared form became invalid). */
  forget(key: string): void;
  /** A statement that may have changed the schema ran: statements prepared before it are renamed. */
  schemaChanged(): void;
  acquire(): Promise<PoolEntry>;
  release(entry: PoolEntry): Promise<void>;
  /** The session isolation level `entry` should be returned with. */
  restoreIsolation(entry: PoolEntry): Promise<void>;
  applyIsolation(entry: PoolEntry, level: SessionIsolationLevel): Promise<void>;
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
  /** What a `StatementExecution` runs on: this connection's transaction handling and driver calls. */
  readonly #runner: StatementRunner;

  /** @internal Created by `engine.connect()`. */
  constructor(host: ConnectionHost, entry: PoolEntry) {
    this.#host = host;
    this.#entry = entry;
    this.#isolation = host.defaultIsolationLevel;
    this.#runner = {
      dialect: host.dialect,
      events: host.events,
      echo: host.echo,
      logger: host.logger,
      hideParameters: host.hideParameters,
      begin: () => {
        this.#ensureNoCursor();
        return this.#begun();
      },
      call: (on, run, values) => this.#callRun(on, run, values),
      schemaChanged: () => host.schemaChanged(),
    };
  }

  /** The engine's dialect: its name, capabilities and compiler. */
  get dialect(): Dialect {
    return this.#host.dialect;
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
      checkIsolationLevel(this.#host.dialect, options.isolationLevel);
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
    type Typed = Result<RowTuple<S>, RowNamed<S>, InsertedKey<S>>;
    const execution = new StatementExecution(
      this.#plan(statement, (Array.isArray(params) ? params : [params]) as readonly (Params | undefined)[]),
    );
    const result = this.#serial(() => execution.run(this.#runner)) as Promise<Typed>;
    const plugin = pluginOf(statement);
    if (!plugin?.processResult) return result;
    // A plugin (the ORM) shapes what the statement returns: rows of entities, say.
    const context = { statement, params: params as Params | readonly Params[] | undefined, connection: this };
    return (await plugin.processResult(await result, context)) as Typed;
  }

  /**
   * Runs a statement and returns the first column of its first row, or null when it returns no row
   * (SQLAlchemy's `Connection.scalar()`; `execute(...).scalar()` in one call).
   *
   * ```ts
   * const n = await conn.scalar(select(func.count(users.c.id))); // number | null
   * // SELECT count("users"."id") AS "count_1" FROM "users"
   * ```
   */
  async scalar<S extends Executable<readonly unknown[], object>>(
    statement: S,
    params?: ParamsOf<S>,
  ): Promise<RowTuple<S>[0] | null> {
    return (await this.execute(statement, params)).scalar();
  }

  /**
   * Runs a statement and returns its first column's values as a `ScalarResult` (SQLAlchemy's
   * `Connection.scalars()`; `execute(...).scalars()` in one call).
   *
   * ```ts
   * const names = (await conn.scalars(select(users.c.name).orderBy(users.c.name))).all(); // string[]
   * ```
   */
  async scalars<S extends Executable<readonly unknown[], object>>(
    statement: S,
    params?: ParamsOf<S>,
  ): Promise<ScalarResult<RowTuple<S>[0]>> {
    return (await this.execute(statement, params)).scalars();
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
      if (this.#host.echo) echoStatement(this.#host, compiled.sql, values, note, performance.now() - started);
      const { keys, processors } = resultPlan(this.#host.dialect, columns, cursor);
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
      const entry = this.#entry;
      const sql = this.#host.dialect.commitSql();
      let res: DriverResult;
      try {
        res = await this.#control(entry, sql);
      } catch (error) {
        await this.#afterFailedCommit(entry);
        throw error;
      }
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
  #plan(statement: Executable<readonly unknown[], object>, paramSets: readonly (Params | undefined)[]): StatementPlan {
    this.#ensureOpen();
    return planStatement(statement, paramSets, this.#host.dialect, this.#host.compiler);
  }

  /** One parameter set of a planned run on the driver, under its prepared name when it has one. */
  #callRun(entry: PoolEntry, run: PlannedRun, values: unknown[]): Promise<DriverResult> {
    const sql = run.compiled.sql;
    const unprepared = (): Promise<DriverResult> => entry.connection.execute(sql, values);
    if (run.prepareName === undefined) return this.#driverCall(entry, sql, values, unprepared);
    const options = { prepare: run.prepareName };
    return this.#driverCall(entry, sql, values, () => entry.connection.execute(sql, values, options), {
      key: run.key,
      unprepared,
    });
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

  /**
   * A COMMIT the database refused (a deferred constraint, a serialization failure) ends the transaction, on
   * every dialect: PostgreSQL and MySQL have already rolled it back, while SQLite keeps it open (so that the
   * COMMIT could be retried), so a ROLLBACK is sent to leave the session outside any transaction as well. We
   * chose this over SQLAlchemy's PendingRollbackError because the failed COMMIT already answered with an
   * error; the application needs no second step, and what it runs next begins a new transaction.
   */
  async #afterFailedCommit(entry: PoolEntry): Promise<void> {
    if (this.#entry === entry) {
      try {
        await this.#control(entry, this.#host.dialect.rollbackSql(), "ROLLBACK (after a failed COMMIT)");
      } catch {
        // Nothing left to roll back (PostgreSQL, MySQL), or the connection died and #lost() discarded it.
      }
    }
    this.#endTransaction();
  }

  #endTransaction(): void {
    this.#inTransaction = false;
    for (const sp of this.#savepoints.splice(0)) sp.deactivate();
  }
}
