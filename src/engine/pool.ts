/**
 * The connection pool (SQLAlchemy's QueuePool): up to `size` kept connections plus `maxOverflow`
 * temporary ones, FIFO reuse, `timeout` for a checkout to wait, `recycle` to replace old connections,
 * `prePing` to test a connection at checkout. A connection found dead is discarded and replaced.
 */

import { ResourceClosedError, TimeoutError } from "../errors/index.js";
import type { DriverConnection } from "../driver/driver.js";

/** One pooled driver connection and what the pool knows about it. */
export class PoolEntry {
  readonly connection: DriverConnection;
  readonly createdAt = Date.now();
  /** Free-form per-connection storage (SQLAlchemy's `connection.info`). */
  readonly info = new Map<string, unknown>();
  /** Where it was last checked out (recorded with `echo` only: a stack costs microseconds). */
  checkedOutAt: Error | undefined;
  #invalidated = false;

  constructor(connection: DriverConnection) {
    this.connection = connection;
  }

  /** True once the connection is known dead or was invalidated; it will be closed, not reused. */
  get invalidated(): boolean {
    return this.#invalidated;
  }

  invalidate(): void {
    this.#invalidated = true;
  }
}

/** Pool settings, in milliseconds. */
export interface PoolOptions {
  readonly size: number;
  readonly maxOverflow: number;
  readonly timeoutMs: number;
  /** Replace connections older than this at checkout; undefined = never. */
  readonly recycleMs: number | undefined;
  readonly prePing: boolean;
  /** Opens and initialises a new connection. */
  readonly create: () => Promise<PoolEntry>;
  /** Tests a connection; rejects when it is dead. */
  readonly ping: (entry: PoolEntry) => Promise<void>;
  /** Called for each checked-out connection that `dispose()` closes because it was never returned. */
  readonly onReclaim?: (entry: PoolEntry) => void;
  /** Called when a connection is discarded because it was found dead (for logging). */
  readonly onDiscard?: (entry: PoolEntry, reason: string, error?: unknown) => void;
  /** Text for the timeout error, naming the limits. */
  readonly describe?: () => string;
}

interface Waiter {
  resolve(entry: PoolEntry): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
  /** Its `timeoutMs` passed (it was rejected). */
  expired?: boolean;
}

/** A FIFO queue pool of driver connections. */
export class Pool {
  readonly #opts: PoolOptions;
  readonly #idle: PoolEntry[] = [];
  readonly #waiters: Waiter[] = [];
  /** Connections checked out (dispose() closes those never returned). */
  readonly #out = new Set<PoolEntry>();
  /** Connections checked out or being opened, plus idle ones. */
  #total = 0;
  #checkedOut = 0;
  #disposed = false;

  constructor(options: PoolOptions) {
    this.#opts = options;
  }

  /** Connections currently checked out. */
  get checkedOut(): number {
    return this.#checkedOut;
  }
  /** Idle connections kept in the pool. */
  get idle(): number {
    return this.#idle.length;
  }
  /** All open connections (idle, checked out, being opened). */
  get total(): number {
    return this.#total;
  }

  /** Checks a connection out, waiting up to `timeoutMs` when the pool is at its limit. */
  async acquire(): Promise<PoolEntry> {
    if (this.#disposed) throw new ResourceClosedError("This engine has been disposed; create a new engine");
    // `timeoutMs` bounds the whole checkout: a pre-ping that the server never answers included.
    const deadline = Date.now() + this.#opts.timeoutMs;
    for (;;) {
      const entry = this.#idle.shift();
      if (!entry) break;
      if (await this.#usable(entry, deadline)) {
        this.#checkedOut++;
        this.#out.add(entry);
        return entry;
      }
    }
    if (this.#total < this.#opts.size + this.#opts.maxOverflow) return this.#open();
    return new Promise<PoolEntry>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          waiter.expired = true;
          const i = this.#waiters.indexOf(waiter);
          if (i >= 0) this.#waiters.splice(i, 1);
          const limits = this.#opts.describe?.() ?? `pool size ${this.#opts.size} overflow ${this.#opts.maxOverflow}`;
          reject(
            new TimeoutError(
              `Connection pool limit reached (${limits}); no connection was returned within ${this.#seconds()}. ` +
                `Close connections when done (await using / engine.begin), or raise poolSize, maxOverflow or poolTimeout.`,
            ),
          );
        }, this.#opts.timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  /** Returns a connection: to the longest waiter, else to the idle list; invalidated and surplus ones are closed. */
  release(entry: PoolEntry): void {
    // Already closed by dispose(), which reclaimed it while it was checked out.
    if (!this.#out.delete(entry)) return;
    this.#checkedOut--;
    if (entry.invalidated || this.#disposed) {
      this.#discard(entry);
      this.#serveWaiter();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      this.#checkedOut++;
      this.#out.add(entry);
      waiter.resolve(entry);
      return;
    }
    // As SQLAlchemy's QueuePool: an overflow connection is closed only when the pool already keeps `size`
    // idle ones. Closing on `total > size` closed connections that the next checkout reopened at once.
    if (this.#idle.length >= this.#opts.size) {
      this.#discard(entry);
      return;
    }
    this.#idle.push(entry);
  }

  /** Removes an idle connection that died (e.g. killed by the server while idle). */
  discardIdle(entry: PoolEntry): void {
    entry.invalidate();
    const i = this.#idle.indexOf(entry);
    if (i >= 0) {
      this.#idle.splice(i, 1);
      this.#discard(entry);
    }
  }

  /**
   * Closes every connection and refuses new checkouts. A connection still checked out (never closed) is
   * closed too, after `onReclaim` (a warning), so that no session stays open on the server ("idle in
   * transaction", holding locks) and no socket keeps the process alive; its `Connection` then fails.
   */
  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const w of this.#waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new ResourceClosedError("The engine was disposed while waiting for a connection"));
    }
    const closing = this.#idle.splice(0);
    for (const entry of this.#out) {
      this.#opts.onReclaim?.(entry);
      entry.invalidate();
      closing.push(entry);
    }
    this.#checkedOut -= this.#out.size;
    this.#out.clear();
    this.#total -= closing.length;
    await Promise.all(closing.map((e) => e.connection.close().catch(() => undefined)));
  }

  async #usable(entry: PoolEntry, deadline: number): Promise<boolean> {
    if (entry.invalidated) {
      this.#discard(entry);
      return false;
    }
    if (this.#opts.recycleMs !== undefined && Date.now() - entry.createdAt > this.#opts.recycleMs) {
      this.#discard(entry);
      return false;
    }
    if (this.#opts.prePing) {
      try {
        await beforeDeadline(
          this.#opts.ping(entry),
          deadline,
          () =>
            new TimeoutError(
              `The pre-ping of a pooled connection got no answer within ${this.#seconds()} (poolTimeout), so the ` +
                `connection was discarded: the server may be unresponsive. Raise poolTimeout if it is only slow.`,
            ),
        );
      } catch (error) {
        if (error instanceof TimeoutError) {
          // The server does not answer: the connection is discarded, and the checkout gives up in time.
          entry.invalidate();
          this.#opts.onDiscard?.(entry, "pre-ping timed out", error);
          this.#discard(entry);
          this.#serveWaiter();
          throw error;
        }
        entry.invalidate();
        this.#opts.onDiscard?.(entry, "pre-ping failed", error);
        this.#discard(entry);
        return false;
      }
    }
    return true;
  }

  /** `timeoutMs` as shown in messages: `0.50s`. */
  #seconds(): string {
    return `${(this.#opts.timeoutMs / 1000).toFixed(2)}s`;
  }

  async #open(): Promise<PoolEntry> {
    this.#total++;
    try {
      const entry = await this.#opts.create();
      this.#checkedOut++;
      this.#out.add(entry);
      return entry;
    } catch (error) {
      this.#total--;
      this.#serveWaiter();
      throw error;
    }
  }

  #discard(entry: PoolEntry): void {
    this.#total--;
    void entry.connection.close().catch(() => undefined);
  }

  /** After a slot frees up, opens a connection for the longest waiter. */
  #serveWaiter(): void {
    if (this.#disposed || this.#waiters.length === 0) return;
    if (this.#total >= this.#opts.size + this.#opts.maxOverflow) return;
    const waiter = this.#waiters.shift() as Waiter;
    // The waiter's timer runs on while the connection opens: poolTimeout bounds its whole wait. A connection
    // that opens after the waiter gave up goes to the next waiter, or to the idle list.
    this.#open().then(
      (entry) => {
        clearTimeout(waiter.timer);
        if (waiter.expired) this.release(entry);
        else waiter.resolve(entry);
      },
      (error: unknown) => {
        clearTimeout(waiter.timer);
        waiter.reject(error);
      },
    );
  }
}

/** `promise`, or a rejection with `timeout()` once `deadline` (a `Date.now()` time) has passed. */
async function beforeDeadline<T>(promise: Promise<T>, deadline: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
