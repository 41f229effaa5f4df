/**
 * Instance state (SQLAlchemy's `InstanceState`): what the ORM knows about one mapped object, kept in a WeakMap off
 * the object's own properties. `inspect(obj)` returns it.
 *
 * ```ts
 * const user = new User({ name: "Ann", email: "ann@example.com" });
 * inspect(user).status;      // "transient"
 * session.add(user);
 * inspect(user).status;      // "pending"
 * await session.flush();
 * inspect(user).identityKey; // ["a1b2…"]
 * ```
 */

import { UnmappedInstanceError } from "../errors.js";
import { findMapper } from "../mapping/mapper-lookup.js";
import type { Mapper } from "../mapping/mapper.js";

/** Where an object is in its life cycle (SQLAlchemy's five object states). */
export type InstanceStatus = "transient" | "pending" | "persistent" | "deleted" | "detached";

/** The session an instance state belongs to (the ORM's `AsyncSession`; typed loosely to keep this module low). */
export type SessionLike = object;

/** What the ORM knows about one mapped object. */
export class InstanceState {
  readonly mapper: Mapper;
  /** The life-cycle state. */
  status: InstanceStatus = "transient";
  /** The session that holds the object (pending, persistent or deleted), if any. */
  session: SessionLike | undefined = undefined;
  /** The primary key values of the row, once the object has one. */
  identityKey: readonly unknown[] | undefined = undefined;
  /** The columns' values as last loaded or flushed, in `mapper.columns` order (for change detection). */
  committed: readonly unknown[] | undefined = undefined;
  /** True for objects built from a row (their unset relationships are unloaded, not empty). */
  loaded = false;

  constructor(mapper: Mapper) {
    this.mapper = mapper;
  }

  get transient(): boolean {
    return this.status === "transient";
  }
  get pending(): boolean {
    return this.status === "pending";
  }
  get persistent(): boolean {
    return this.status === "persistent";
  }
  get deleted(): boolean {
    return this.status === "deleted";
  }
  get detached(): boolean {
    return this.status === "detached";
  }
}

const states = new WeakMap<object, InstanceState>();

/** The state of a mapped object (created, transient, on first use); undefined for an object of no mapped class. */
export function findState(object: object): InstanceState | undefined {
  let state = states.get(object);
  if (state) return state;
  const mapper = findMapper(object);
  if (!mapper) return undefined;
  state = new InstanceState(mapper);
  states.set(object, state);
  return state;
}

/** The state of a mapped object; an UnmappedInstanceError naming the object otherwise. */
export function stateOf(object: unknown, what = "this operation"): InstanceState {
  const state = typeof object === "object" && object !== null ? findState(object) : undefined;
  if (state) return state;
  throw new UnmappedInstanceError(
    `${describe(object)} is not an instance of a mapped class, so ${what} cannot take it: pass an object of a class that extends Base.Model(...) and is decorated with @mapped`,
  );
}

/** @internal Records the state of an object built from a row (the loader's fast path). */
export function setLoadedState(
  object: object,
  mapper: Mapper,
  key: readonly unknown[],
  values: unknown[],
): InstanceState {
  const state = new InstanceState(mapper);
  state.status = "detached";
  state.identityKey = key;
  state.committed = values;
  state.loaded = true;
  states.set(object, state);
  return state;
}

/** True when `object` was built from a row. */
export function isLoaded(object: object): boolean {
  return states.get(object)?.loaded === true;
}

/** The attribute keys of columns whose value differs from the committed one (all set columns of a new object). */
export function modifiedKeys(object: object, state: InstanceState): string[] {
  const self = object as Record<string, unknown>;
  const out: string[] = [];
  let i = 0;
  for (const key of state.mapper.columns.keys()) {
    const value = self[key];
    if (state.committed === undefined ? value !== undefined : !sameValue(value, state.committed[i])) out.push(key);
    i++;
  }
  return out;
}

/** Column value equality for change detection (dates by time). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return false;
}

/** What `inspect(obj)` tells about an object. */
export interface InstanceInfo {
  readonly status: InstanceStatus;
  readonly transient: boolean;
  readonly pending: boolean;
  readonly persistent: boolean;
  readonly deleted: boolean;
  readonly detached: boolean;
  /** The primary key values of the object's row, once it has one. */
  readonly identityKey: readonly unknown[] | undefined;
  /** Attribute keys of columns changed since the object was loaded or flushed (set columns of a new object). */
  readonly modified: readonly string[];
  readonly mapper: Mapper;
  /** The session holding the object, if any. */
  readonly session: SessionLike | undefined;
}

/**
 * The ORM's view of a mapped object (SQLAlchemy's `inspect(obj)`): its life-cycle state, identity key and modified
 * attributes. An UnmappedInstanceError for anything that is not an object of a mapped class.
 *
 * ```ts
 * inspect(user).status;   // "persistent"
 * user.name = "Bo";
 * inspect(user).modified; // ["name"]
 * ```
 */
export function inspect(object: object): InstanceInfo {
  const state = stateOf(object, "inspect()");
  return {
    status: state.status,
    transient: state.transient,
    pending: state.pending,
    persistent: state.persistent,
    deleted: state.deleted,
    detached: state.detached,
    identityKey: state.identityKey,
    modified: modifiedKeys(object, state),
    mapper: state.mapper,
    session: state.session,
  };
}

/** How an object is named in messages: its class and identity or its `toString()`. */
export function describe(object: unknown): string {
  if (typeof object !== "object" || object === null) return String(object);
  const state = states.get(object);
  const cls = findMapper(object)?.className ?? (object.constructor as { name?: string } | undefined)?.name ?? "Object";
  if (state?.identityKey) return `<${cls} ${state.identityKey.map(String).join(", ")}>`;
  return `<${cls} object${state ? ` (${state.status})` : ""}>`;
}
