/**
 * `sessionmaker(engine, options)`: a factory of sessions bound to an engine (SQLAlchemy's `async_sessionmaker`).
 *
 * ```ts
 * export const Session = sessionmaker(engine);
 * await using session = Session();
 * await Session.begin(async (session) => session.add(user)); // commit on success, rollback on error
 * ```
 */

import type { Engine } from "../../engine/index.js";
import { AsyncSession, type SessionOptions } from "./session.js";

/** What `sessionmaker` returns: call it for a session; `begin` runs a function in a session's transaction. */
export interface SessionMaker {
  (options?: SessionOptions): AsyncSession;
  /**
   * Runs `body` with a new session, commits when it returns (flushing first) and closes the session; on an error
   * rolls back, closes and rethrows. Returns what `body` returned.
   */
  begin<T>(body: (session: AsyncSession) => Promise<T>): Promise<T>;
  readonly engine: Engine;
  readonly options: SessionOptions;
}

/** A session factory bound to `engine`; `options` apply to every session (a call's options override them). */
export function sessionmaker(engine: Engine, options: SessionOptions = {}): SessionMaker {
  const make = ((overrides?: SessionOptions) =>
    new AsyncSession(engine, overrides ? { ...options, ...overrides } : options)) as SessionMaker;
  const begin = async <T>(body: (session: AsyncSession) => Promise<T>): Promise<T> => {
    await using session = make();
    let value: T;
    try {
      value = await body(session);
      await session.commit();
    } catch (error) {
      await session.rollback().catch(() => undefined);
      throw error;
    }
    return value;
  };
  Object.defineProperties(make, {
    begin: { value: begin },
    engine: { value: engine },
    options: { value: Object.freeze({ ...options }) },
  });
  return make;
}
