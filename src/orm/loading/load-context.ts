/**
 * The session a connection loads objects for: rows read through a session's connection become the session's
 * identity-mapped objects (a row whose object is present yields that object, unchanged).
 */

import type { IdentityMap } from "../session/identity-map.js";

/** What a session gives the loader. */
export interface SessionLoadTarget {
  readonly identityMap: IdentityMap;
  /** The session the loaded objects belong to. */
  readonly session: object;
}

const targets = new WeakMap<object, SessionLoadTarget>();

/** @internal Makes rows read through `connection` load into `target` (undefined: stop). */
export function bindLoadTarget(connection: object, target: SessionLoadTarget | undefined): void {
  if (target) targets.set(connection, target);
  else targets.delete(connection);
}

/** The session load target of a connection, if a session holds it. */
export function loadTargetOf(connection: unknown): SessionLoadTarget | undefined {
  return typeof connection === "object" && connection !== null ? targets.get(connection) : undefined;
}
