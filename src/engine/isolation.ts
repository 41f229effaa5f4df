/**
 * Session isolation levels on pooled connections: checking a level against the dialect, setting it on a
 * driver connection (remembering the server's default the first time), and restoring the engine's level
 * when a connection returns to the pool.
 */

import type { Dialect, IsolationLevel } from "../dialect/index.js";
import { ArgumentError } from "../errors/index.js";
import type { PoolEntry } from "./pool.js";

/** Key in `PoolEntry.info` holding the session isolation level currently set on the driver connection. */
export const SESSION_ISOLATION = "athanor.isolation";
/** Key in `PoolEntry.info` holding the level the server gave the session before Athanor set one. */
const SERVER_DEFAULT_ISOLATION = "athanor.serverIsolation";

/** A level a session can be set to (AUTOCOMMIT is no session level: it means "no BEGIN"). */
export type SessionIsolationLevel = Exclude<IsolationLevel, "AUTOCOMMIT">;

/** Throws `ArgumentError` unless the dialect supports `level`. */
export function checkIsolationLevel(dialect: Dialect, level: IsolationLevel): void {
  const levels = dialect.capabilities.isolationLevels;
  if (!levels.includes(level)) {
    throw new ArgumentError(
      `Invalid isolation level '${level}' for ${dialect.name}; expected one of ${levels.join(", ")}`,
    );
  }
}

/** Sets the session's isolation level, first reading the server's default so that it can be restored. */
export async function applyIsolation(dialect: Dialect, entry: PoolEntry, level: SessionIsolationLevel): Promise<void> {
  if (!entry.info.has(SERVER_DEFAULT_ISOLATION)) {
    const res = await entry.connection.execute(dialect.isolationLevelQuery(), []);
    entry.info.set(SERVER_DEFAULT_ISOLATION, dialect.parseIsolationLevel(res.rows[0]?.[0]));
  }
  for (const sql of dialect.setIsolationLevelSql(level)) await entry.connection.execute(sql, []);
  entry.info.set(SESSION_ISOLATION, level);
}

/**
 * Puts a returning connection back at the engine's level (`engineLevel`), or the server's default when the
 * engine sets none; does nothing when the session was never changed.
 */
export async function restoreIsolation(
  dialect: Dialect,
  entry: PoolEntry,
  engineLevel: IsolationLevel | undefined,
): Promise<void> {
  const current = entry.info.get(SESSION_ISOLATION);
  if (current === undefined) return;
  const target =
    engineLevel !== undefined && engineLevel !== "AUTOCOMMIT"
      ? engineLevel
      : (entry.info.get(SERVER_DEFAULT_ISOLATION) as IsolationLevel);
  if (current === target) return;
  for (const sql of dialect.setIsolationLevelSql(target as SessionIsolationLevel))
    await entry.connection.execute(sql, []);
  entry.info.set(SESSION_ISOLATION, target);
}
