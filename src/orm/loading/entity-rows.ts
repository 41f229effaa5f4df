/**
 * Rows of entities: the columns a `select(User, …)` expanded a mapped class into become one object of the class
 * (built without calling its constructor, as SQLAlchemy loads objects), other columns stay values.
 */

import { resolveClauseElement } from "../../expr/index.js";
import { isFromItem, type Select } from "../../query/index.js";
import type { Result } from "../../result/index.js";
import { findMapper } from "../mapping/mapper-lookup.js";
import type { Mapper } from "../mapping/mapper.js";
import { identityToken } from "../session/identity-map.js";
import { setLoadedState } from "../session/state.js";
import { loadTargetOf } from "./load-context.js";

/** One select item's place in the Core row: an entity over `width` columns, or a plain value. */
interface Segment {
  readonly width: number;
  /** The entity's prototype and attribute keys, or undefined for plain columns. */
  readonly proto: object | undefined;
  readonly keys: readonly string[];
  /** The entity's row key (its class name). */
  readonly name: string | undefined;
  /** The entity's mapper, and the positions of its primary key columns within the segment. */
  readonly mapper: Mapper | undefined;
  readonly pk: readonly number[];
}

/**
 * The rows of `result` with entity positions turned into objects, and the row keys; undefined when none is an
 * entity. Read through a session's connection, objects come from (and go into) the session's identity map.
 */
export function entityRows(
  statement: Select,
  result: Result,
  connection?: unknown,
): { keys: string[]; rows: unknown[][] } | undefined {
  const segments = segmentsOf(statement);
  if (!segments) return undefined;
  const coreKeys = result.keys() as readonly string[];
  const keys: string[] = [];
  let at = 0;
  for (const s of segments) {
    if (s.name !== undefined) keys.push(s.name);
    else for (let i = 0; i < s.width; i++) keys.push(coreKeys[at + i] as string);
    at += s.width;
  }
  const target = loadTargetOf(connection);
  const rows: unknown[][] = [];
  for (const raw of result.tuples().all() as readonly (readonly unknown[])[]) {
    const out: unknown[] = [];
    let offset = 0;
    for (const s of segments) {
      if (s.proto) {
        const mapper = s.mapper as Mapper;
        const key = s.pk.map((i) => raw[offset + i]);
        const present = target?.identityMap.getByToken(mapper, identityToken(key));
        if (present) {
          out.push(present);
          offset += s.width;
          continue;
        }
        const obj = Object.create(s.proto) as Record<string, unknown>;
        const values = raw.slice(offset, offset + s.width);
        for (let i = 0; i < s.width; i++) obj[s.keys[i] as string] = values[i];
        const state = setLoadedState(obj, mapper, key, values);
        if (target) {
          state.status = "persistent";
          state.session = target.session;
          target.identityMap.add(mapper, key, obj);
        }
        out.push(obj);
      } else for (let i = 0; i < s.width; i++) out.push(raw[offset + i]);
      offset += s.width;
    }
    rows.push(out);
  }
  return { keys, rows };
}

/** How each select item maps onto the Core row; undefined when no item is a mapped class. */
function segmentsOf(statement: Select): Segment[] | undefined {
  const segments: Segment[] = [];
  let any = false;
  for (const item of statement.items) {
    const mapper = findMapper(item);
    if (mapper) {
      any = true;
      const keys = [...mapper.columns.keys()];
      segments.push({
        width: keys.length,
        proto: (mapper.class as unknown as { prototype: object }).prototype,
        keys,
        name: mapper.className,
        mapper,
        pk: mapper.primaryKey.map((c) => keys.indexOf(c.key)),
      });
      continue;
    }
    const resolved = resolveClauseElement(item);
    segments.push({
      width: isFromItem(resolved) ? resolved.columns.length : 1,
      proto: undefined,
      keys: [],
      name: undefined,
      mapper: undefined,
      pk: [],
    });
  }
  return any ? segments : undefined;
}
