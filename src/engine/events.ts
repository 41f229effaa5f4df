/**
 * Engine events: `connect` (a new driver connection was opened), `checkout` / `checkin` (pool), and
 * `beforeExecute` / `afterExecute` (every statement).
 *
 * ```ts
 * engine.on("connect", async (conn) => { await conn.execute("SET search_path TO app"); });
 * engine.on("afterExecute", ({ sql, durationMs }) => metrics.observe(sql, durationMs));
 * ```
 */

/** The raw connection handed to pool events. */
export interface RawConnectionEvent {
  /** PostgreSQL backend pid / MySQL connection id; undefined for SQLite. */
  readonly serverId: number | undefined;
  /** Per-connection storage that lives as long as the driver connection. */
  readonly info: Map<string, unknown>;
  /** Runs SQL directly on the driver connection (no codecs, no events). */
  execute(sql: string, params?: readonly unknown[]): Promise<unknown>;
}

/** What statement events receive. */
export interface ExecuteEvent {
  readonly sql: string;
  /** Positional parameters as sent to the driver (a list of them for executemany). */
  readonly params: readonly unknown[] | readonly (readonly unknown[])[];
  readonly executemany: boolean;
  readonly serverId: number | undefined;
}

/** What `afterExecute` receives in addition. */
export interface AfterExecuteEvent extends ExecuteEvent {
  readonly rowcount: number | null;
  readonly durationMs: number;
}

/** The event map. Listeners may be async; the engine awaits them in registration order. */
export interface EngineEvents {
  connect: (connection: RawConnectionEvent) => void | Promise<void>;
  checkout: (connection: RawConnectionEvent) => void | Promise<void>;
  checkin: (connection: RawConnectionEvent) => void | Promise<void>;
  beforeExecute: (event: ExecuteEvent) => void | Promise<void>;
  afterExecute: (event: AfterExecuteEvent) => void | Promise<void>;
}

/** Listener lists per event. */
export class EventRegistry {
  readonly #listeners: { [K in keyof EngineEvents]: EngineEvents[K][] } = {
    connect: [],
    checkout: [],
    checkin: [],
    beforeExecute: [],
    afterExecute: [],
  };

  on<K extends keyof EngineEvents>(event: K, listener: EngineEvents[K]): void {
    const list = this.#listeners[event];
    if (!list)
      throw new TypeError(
        `Unknown engine event '${String(event)}'; expected one of ${Object.keys(this.#listeners).join(", ")}`,
      );
    list.push(listener);
  }

  off<K extends keyof EngineEvents>(event: K, listener: EngineEvents[K]): void {
    const list = this.#listeners[event];
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }

  /** True when someone listens (lets the hot path skip building event objects). */
  has(event: keyof EngineEvents): boolean {
    return this.#listeners[event].length > 0;
  }

  async emit<K extends keyof EngineEvents>(event: K, arg: Parameters<EngineEvents[K]>[0]): Promise<void> {
    for (const listener of this.#listeners[event]) await (listener as (a: typeof arg) => unknown)(arg);
  }
}
