/**
 * `AsyncSession` (SQLAlchemy's `Session` / `AsyncSession`): an identity map and a unit of work over one connection.
 * New objects are `add`ed and INSERTed at `flush()` (before queries with autoflush, and at `commit()`), changed
 * ones UPDATEd, `delete()`d ones DELETEd; queries
 * through the session return its identity-mapped objects.
 *
 * ```ts
 * await using session = Session();
 * session.add(new User({ name: "Ann", email: "ann@example.com" }));
 * await session.commit();
 * const ann = await session.get(User, id); // from the identity map
 * ```
 */

import type { Connection, Engine } from "../../engine/index.js";
import { ArgumentError, InvalidRequestError } from "../../errors/index.js";
import type { Executable } from "../../expr/index.js";
import { and } from "../../expr/index.js";
import { select } from "../../query/index.js";
import type { Result, ScalarResult } from "../../result/index.js";
import { PendingRollbackError } from "../errors.js";
import { insertNew, type NewObject } from "../flush/insert.js";
import { deleteMarked, updateDirty } from "../flush/update-delete.js";
import { bindLoadTarget, type SessionLoadTarget } from "../loading/load-context.js";
import { mapperOf } from "../mapping/mapper-lookup.js";
import type { Mapper } from "../mapping/mapper.js";
import { IdentityMap } from "./identity-map.js";
import { describe, type InstanceState, modifiedKeys, stateOf } from "./state.js";

/** Options of a session (and of `sessionmaker`). */
export interface SessionOptions {
  /**
   * Flush new objects before each query the session runs (default true), so queries see them.
   */
  readonly autoflush?: boolean;
  /** Whether commit expires loaded attributes: only `false` (the default) is supported so far. */
  readonly expireOnCommit?: false;
}

type AnyExecutable = Executable<readonly unknown[], object>;
type RowTupleOf<S> = S extends Executable<infer T extends readonly unknown[], object> ? T : unknown[];
type RowNamedOf<S> = S extends Executable<readonly unknown[], infer N extends object> ? N : Record<string, unknown>;
type InsertedKeyOf<S> = S extends { readonly __primaryKey?: infer K extends readonly unknown[] }
  ? K
  : readonly unknown[];

/** A primary key given to `session.get`: one value, the values in primary-key order, or an object by attribute. */
export type PrimaryKeyIdentity = unknown;

/** A mapped class, as `session.get` takes it. */
export type MappedClass<T extends object = object> = abstract new (...args: never) => T;

/**
 * A session: an identity map (one object per primary key) and a unit of work (new objects INSERTed at flush) over
 * one connection checked out on first use. Not safe for concurrent use: one session per task or request.
 */
export class AsyncSession implements AsyncDisposable {
  readonly engine: Engine;
  readonly autoflush: boolean;
  readonly #identityMap = new IdentityMap();
  /** Pending objects, in add order. */
  readonly #new = new Map<object, InstanceState>();
  /** Objects INSERTed in the current transaction (transient again if it rolls back). */
  readonly #insertedInTransaction = new Set<object>();
  /** Persistent objects marked for deletion by `delete()`, not yet flushed. */
  readonly #toDelete = new Map<object, InstanceState>();
  /** Objects DELETEd in the current transaction (detached at commit, persistent again at rollback). */
  readonly #deletedInTransaction = new Set<object>();
  readonly #loadTarget: SessionLoadTarget;
  #connection: Connection | undefined;
  #connecting: Promise<Connection> | undefined;
  /** The error of a failed flush, until `rollback()`. */
  #failed: unknown;
  #flushing = false;

  constructor(engine: Engine, options: SessionOptions = {}) {
    if ((options.expireOnCommit as boolean | undefined) === true)
      throw new ArgumentError(
        "expireOnCommit: true is not supported yet: leave it out (objects keep their values after commit; reload them with session.get or a query)",
      );
    this.engine = engine;
    this.autoflush = options.autoflush ?? true;
    this.#loadTarget = { identityMap: this.#identityMap, session: this };
  }

  /** The objects added and not yet flushed (SQLAlchemy's `session.new`). */
  get new(): readonly object[] {
    return [...this.#new.keys()];
  }

  /** Persistent objects with columns changed since they were loaded or flushed (SQLAlchemy's `session.dirty`). */
  get dirty(): readonly object[] {
    const out: object[] = [];
    for (const object of this.#identityMap.values())
      if (!this.#toDelete.has(object) && modifiedKeys(object, stateOf(object)).length > 0) out.push(object);
    return out;
  }

  /** Objects marked with `delete()` and not yet flushed (SQLAlchemy's `session.deleted`). */
  get deleted(): readonly object[] {
    return [...this.#toDelete.keys()];
  }

  /** True when a column of `object` changed since it was loaded or flushed (any set column of a new object). */
  isModified(object: object): boolean {
    return modifiedKeys(object, stateOf(object, "session.isModified()")).length > 0;
  }

  /**
   * Marks a persistent object for deletion: its row is DELETEd at the next flush (children's rows before parents'),
   * after which the object is `deleted`, and `detached` once the transaction commits.
   */
  delete(object: object): void {
    const state = stateOf(object, "session.delete()");
    if (state.session !== this || state.status !== "persistent")
      throw new InvalidRequestError(
        state.status === "pending" && state.session === this
          ? `${describe(object)} is pending (not INSERTed yet): use session.expunge(obj) to drop it instead of delete()`
          : `${describe(object)} is not persistent in this session (it is ${state.status}${state.session && state.session !== this ? " in another session" : ""}): load it with this session (session.get) or add() a detached object first`,
      );
    this.#toDelete.set(object, state);
  }

  /** Every object of the identity map (persistent objects). */
  get identityMap(): readonly object[] {
    return [...this.#identityMap.values()];
  }

  /** True while the session's connection has a transaction open. */
  inTransaction(): boolean {
    return this.#connection?.inTransaction() ?? false;
  }

  /** True when `object` is pending or persistent in this session. */
  contains(object: object): boolean {
    return stateOf(object, "session.contains()").session === this;
  }

  /**
   * Places an object in the session: a new (transient) object becomes pending and is INSERTed at the next flush;
   * a detached one becomes persistent again. An object of another session is an InvalidRequestError.
   */
  add(object: object): void {
    const state = stateOf(object, "session.add()");
    if (state.session === this) return;
    if (state.session !== undefined)
      throw new InvalidRequestError(
        `${describe(object)} is already in another session: expunge it there first (otherSession.expunge(obj)) or close that session, then add it here`,
      );
    if (state.status === "transient") {
      state.status = "pending";
      state.session = this;
      this.#new.set(object, state);
      return;
    }
    if (state.status === "detached") {
      const key = state.identityKey as readonly unknown[];
      const present = this.#identityMap.get(state.mapper, key);
      if (present && present !== object)
        throw new InvalidRequestError(
          `Cannot add ${describe(object)}: this session already has another object with the same identity; use the session's object (session.get(${state.mapper.className}, key))`,
        );
      this.#identityMap.add(state.mapper, key, object);
      state.status = "persistent";
      state.session = this;
      return;
    }
    throw new InvalidRequestError(`Cannot add ${describe(object)}: it is ${state.status}`);
  }

  /** `add` for each object. */
  addAll(objects: Iterable<object>): void {
    for (const o of objects) this.add(o);
  }

  /**
   * Removes an object from the session: a pending one becomes transient (it will not be INSERTed), a persistent one
   * detached. An InvalidRequestError when the object is not in this session.
   */
  expunge(object: object): void {
    const state = stateOf(object, "session.expunge()");
    if (state.session !== this)
      throw new InvalidRequestError(`${describe(object)} is not in this session, so it cannot be expunged`);
    this.#detach(object, state);
  }

  /** Removes every object from the session (pending ones become transient, persistent ones detached). */
  expungeAll(): void {
    for (const [object, state] of this.#new) this.#detach(object, state);
    for (const object of this.#identityMap.values()) {
      const state = stateOf(object);
      state.status = "detached";
      state.session = undefined;
    }
    this.#identityMap.clear();
    this.#insertedInTransaction.clear();
    this.#toDelete.clear();
    for (const object of this.#deletedInTransaction) stateOf(object).status = "detached";
    this.#deletedInTransaction.clear();
  }

  #detach(object: object, state: InstanceState): void {
    state.session = undefined;
    if (state.status === "pending") {
      state.status = "transient";
      this.#new.delete(object);
      return;
    }
    this.#identityMap.remove(state.mapper, state.identityKey as readonly unknown[], object);
    this.#insertedInTransaction.delete(object);
    this.#toDelete.delete(object);
    this.#deletedInTransaction.delete(object);
    state.status = "detached";
  }

  /** The session's connection (checked out from the engine on first use; its transaction begins on first use). */
  async connection(): Promise<Connection> {
    this.#checkUsable();
    return this.#conn();
  }

  async #conn(): Promise<Connection> {
    if (this.#connection) return this.#connection;
    this.#connecting ??= this.engine.connect().then((conn) => {
      bindLoadTarget(conn, this.#loadTarget);
      this.#connection = conn;
      return conn;
    });
    try {
      return await this.#connecting;
    } finally {
      this.#connecting = undefined;
    }
  }

  #checkUsable(): void {
    if (this.#failed !== undefined)
      throw new PendingRollbackError(
        `This session's transaction was rolled back because a flush failed (${errorText(this.#failed)}): call await session.rollback() before using the session again`,
        { cause: this.#failed },
      );
  }

  /**
   * INSERTs the pending objects (in foreign-key order, one executemany per class) and writes generated keys and
   * server defaults back onto them (they become persistent); UPDATEs the changed columns of modified persistent
   * objects; DELETEs the rows of objects marked with `delete()` (children first). A failure rolls the transaction back and leaves the
   * session needing `rollback()` (PendingRollbackError until then).
   */
  async flush(): Promise<void> {
    this.#checkUsable();
    if (this.#flushing) return;
    const dirty: NewObject[] = [];
    for (const object of this.#identityMap.values()) {
      const state = stateOf(object);
      if (!this.#toDelete.has(object) && modifiedKeys(object, state).length > 0) dirty.push({ object, state });
    }
    if (this.#new.size === 0 && this.#toDelete.size === 0 && dirty.length === 0) return;
    this.#flushing = true;
    try {
      const conn = await this.#conn();
      const pending: NewObject[] = [];
      for (const [object, state] of this.#new) pending.push({ object, state });
      const unset = pending.map(({ object, state }) => unsetKeys(object, state));
      const doomed: NewObject[] = [];
      for (const [object, state] of this.#toDelete) doomed.push({ object, state });
      let inserted, updated;
      try {
        inserted = await insertNew(conn, pending);
        updated = await updateDirty(conn, dirty);
        await deleteMarked(conn, doomed);
      } catch (error) {
        // The rows are gone: so are the values the flush wrote onto the objects (generated keys, defaults).
        pending.forEach(({ object }, i) => {
          for (const key of unset[i] as string[]) (object as Record<string, unknown>)[key] = undefined;
        });
        this.#failed = error;
        await conn.rollback().catch(() => undefined);
        throw error;
      }
      for (const { object, state, key, values } of inserted) {
        state.identityKey = key;
        state.committed = values;
        state.status = "persistent";
        this.#new.delete(object);
        this.#identityMap.add(state.mapper, key, object);
        this.#insertedInTransaction.add(object);
      }
      for (const { item, key, values } of updated) {
        const { object, state } = item;
        this.#identityMap.remove(state.mapper, state.identityKey as readonly unknown[], object);
        state.identityKey = key;
        state.committed = values;
        this.#identityMap.add(state.mapper, key, object);
      }
      for (const { object, state } of doomed) {
        this.#identityMap.remove(state.mapper, state.identityKey as readonly unknown[], object);
        state.status = "deleted";
        this.#toDelete.delete(object);
        this.#deletedInTransaction.add(object);
      }
    } finally {
      this.#flushing = false;
    }
  }

  /**
   * Flushes, then commits the transaction and returns the connection to the pool. Objects keep their values
   * (expireOnCommit is false) and stay in the identity map.
   */
  async commit(): Promise<void> {
    await this.flush();
    const conn = this.#connection;
    if (conn?.inTransaction()) await conn.commit();
    this.#insertedInTransaction.clear();
    for (const object of this.#deletedInTransaction) {
      const state = stateOf(object);
      state.status = "detached";
      state.session = undefined;
    }
    this.#deletedInTransaction.clear();
    await this.#release();
  }

  /** Returns the connection to the pool (the identity map stays; the next use checks a connection out again). */
  async #release(): Promise<void> {
    const conn = this.#connection;
    if (!conn) return;
    this.#connection = undefined;
    bindLoadTarget(conn, undefined);
    await conn.close();
  }

  /**
   * Rolls the transaction back, returns the connection to the pool and clears a failed flush. Objects INSERTed in the transaction become transient
   * (their rows are gone); pending objects stay pending (SQLAlchemy expunges them; here they are kept for a retry).
   */
  async rollback(): Promise<void> {
    const conn = this.#connection;
    try {
      if (conn?.inTransaction()) await conn.rollback();
    } finally {
      this.#failed = undefined;
      await this.#release();
    }
    for (const object of this.#insertedInTransaction) {
      const state = stateOf(object);
      this.#identityMap.remove(state.mapper, state.identityKey as readonly unknown[], object);
      state.status = "transient";
      state.session = undefined;
      state.identityKey = undefined;
      state.committed = undefined;
    }
    this.#insertedInTransaction.clear();
    for (const object of this.#deletedInTransaction) {
      const state = stateOf(object);
      state.status = "persistent";
      this.#identityMap.add(state.mapper, state.identityKey as readonly unknown[], object);
    }
    this.#deletedInTransaction.clear();
  }

  /**
   * Ends the session: rolls back an open transaction, returns the connection to the pool and expunges every object
   * (persistent ones become detached). The session may be used again afterwards.
   */
  async close(): Promise<void> {
    const conn = this.#connection;
    this.#connection = undefined;
    try {
      if (conn) {
        if (conn.inTransaction()) await conn.rollback().catch(() => undefined);
        bindLoadTarget(conn, undefined);
        await conn.close();
      }
    } finally {
      this.#failed = undefined;
      this.#insertedInTransaction.clear();
      this.expungeAll();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Runs a statement on the session's connection (after an autoflush). Rows of mapped classes are the session's
   * objects: a row whose object is already in the identity map yields that object, its attributes untouched.
   */
  async execute<S extends AnyExecutable>(
    statement: S,
    params?: Parameters<Connection["execute"]>[1],
  ): Promise<Result<RowTupleOf<S>, RowNamedOf<S>, InsertedKeyOf<S>>> {
    this.#checkUsable();
    if (this.autoflush) await this.flush();
    const conn = await this.#conn();
    return (await conn.execute(statement, params as never)) as unknown as Result<
      RowTupleOf<S>,
      RowNamedOf<S>,
      InsertedKeyOf<S>
    >;
  }

  /** The first column of the statement's rows (`execute(...).scalars()`). */
  async scalars<S extends AnyExecutable>(
    statement: S,
    params?: Parameters<Connection["execute"]>[1],
  ): Promise<ScalarResult<RowTupleOf<S>[0]>> {
    return (await this.execute(statement, params)).scalars();
  }

  /** The first column of the first row, or null (`execute(...).scalar()`). */
  async scalar<S extends AnyExecutable>(
    statement: S,
    params?: Parameters<Connection["execute"]>[1],
  ): Promise<RowTupleOf<S>[0] | null> {
    return (await this.execute(statement, params)).scalar();
  }

  /**
   * The object of `model` with primary key `key` (one value, an array in primary-key order, or an object by
   * attribute): from the identity map when present, else by one SELECT; null when there is no such row.
   *
   * ```ts
   * const user = await session.get(User, "u1"); // User | null
   * await session.get(Membership, [userId, groupId]);
   * ```
   */
  async get<T extends object>(model: MappedClass<T>, key: PrimaryKeyIdentity): Promise<T | null> {
    this.#checkUsable();
    const mapper = mapperOf(model);
    const values = keyValues(mapper, key);
    const present = this.#identityMap.get(mapper, values);
    if (present) return present as T;
    const where = and(...mapper.primaryKey.map((c, i) => c.eq(values[i])));
    const rows = (await this.execute(select(model as never).where(where))).scalars().all();
    return (rows[0] as T | undefined) ?? null;
  }
}

/** The column attributes of an object that are not set (the flush may write them). */
function unsetKeys(object: object, state: InstanceState): string[] {
  const self = object as Record<string, unknown>;
  const out: string[] = [];
  for (const key of state.mapper.columns.keys()) if (self[key] === undefined) out.push(key);
  return out;
}

/** A `get` key as values in primary-key order. */
function keyValues(mapper: Mapper, key: PrimaryKeyIdentity): readonly unknown[] {
  const pk = mapper.primaryKey;
  const shape = pk.map((c) => c.key).join(", ");
  let values: readonly unknown[];
  if (Array.isArray(key)) values = key;
  else if (typeof key === "object" && key !== null && !(key instanceof Date) && !ArrayBuffer.isView(key)) {
    const byAttr = key as Record<string, unknown>;
    values = pk.map((c) => byAttr[c.key]);
  } else values = [key];
  if (values.length !== pk.length || values.some((v) => v === undefined || v === null))
    throw new ArgumentError(
      `session.get(${mapper.className}, …): the primary key is (${shape}); pass ${pk.length === 1 ? "its value" : `[${shape}] or { ${shape} }`}`,
    );
  return values;
}

/** An error's name and the first line of its message, for another message (the error itself is the `cause`). */
function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split("\n", 1)[0] ?? ""}` : String(error);
}
