/**
 * What each migration step does to the version table (one row per head), as Alembic's HeadMaintainer: an
 * upgrade replaces the rows of the revision's predecessors by its own (insert when none is a row, update
 * when one is, merge when several are); a downgrade puts back the predecessors no remaining head covers
 * (delete when none, update when one, split when several).
 */

import { assertNever } from "../../util/assert-never.js";
import { RevisionError } from "./errors.js";
import type { RevisionGraph } from "./graph.js";
import type { GraphRevision } from "./revision.js";

/**
 * One change to the version table. `merge` deletes the `delete` rows then updates `from` to `to`; `split`
 * updates `from` to `to` then inserts the `insert` rows.
 */
export type VersionChange =
  | { readonly kind: "insert"; readonly revision: string }
  | { readonly kind: "delete"; readonly revision: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string }
  | { readonly kind: "merge"; readonly delete: readonly string[]; readonly from: string; readonly to: string }
  | { readonly kind: "split"; readonly from: string; readonly to: string; readonly insert: readonly string[] };

/** The version table's rows, as the plan steps change them (insertion order kept, for stable output). */
export class VersionHeads {
  readonly #graph: RevisionGraph;
  #heads: string[];

  constructor(graph: RevisionGraph, heads: readonly string[]) {
    this.#graph = graph;
    this.#heads = [...heads];
  }

  /** The rows now. */
  get heads(): readonly string[] {
    return Object.freeze([...this.#heads]);
  }

  /** True when `id` is a row now. */
  has(id: string): boolean {
    return this.#heads.includes(id);
  }

  /** The change that applying `revision` makes, applied to the rows. */
  upgrade(revision: GraphRevision): VersionChange {
    if (this.has(revision.id)) throw new RevisionError(`Revision ${revision.id} is already in the version table.`);
    const replaced = revision.predecessors.filter((p) => this.has(p));
    return this.apply(replacing(replaced, revision.id));
  }

  /** The change that unapplying `revision` (a row now) makes, applied to the rows. */
  downgrade(revision: GraphRevision): VersionChange {
    if (!this.has(revision.id)) {
      throw new RevisionError(`Revision ${revision.id} is not a head in the version table; it cannot be unapplied.`);
    }
    const graph = this.#graph;
    const covered = graph.ancestors(this.#heads.filter((h) => h !== revision.id));
    const candidates = revision.predecessors.filter((p) => !covered.has(p));
    // A candidate below another candidate stays covered by it.
    const below = graph.ancestors(candidates.flatMap((c) => graph.require(c).predecessors));
    const restored = candidates.filter((c) => !below.has(c));
    const [first, ...rest] = restored;
    if (first === undefined) return this.apply({ kind: "delete", revision: revision.id });
    if (rest.length === 0) return this.apply({ kind: "update", from: revision.id, to: first });
    return this.apply({ kind: "split", from: revision.id, to: first, insert: Object.freeze(rest) });
  }

  /** Applies `change` to the rows and returns it. */
  apply(change: VersionChange): VersionChange {
    const h = this.#heads;
    switch (change.kind) {
      case "insert":
        h.push(change.revision);
        break;
      case "delete":
        this.#heads = h.filter((x) => x !== change.revision);
        break;
      case "update":
        h[h.indexOf(change.from)] = change.to;
        break;
      case "merge":
        h[h.indexOf(change.from)] = change.to;
        this.#heads = h.filter((x) => !change.delete.includes(x));
        break;
      case "split":
        h[h.indexOf(change.from)] = change.to;
        h.push(...change.insert);
        break;
      default:
        assertNever(change);
    }
    return Object.freeze(change);
  }
}

/** The change that replaces the rows `replaced` (none, one or several) by `to`. */
export function replacing(replaced: readonly string[], to: string): VersionChange {
  const [first, ...rest] = replaced;
  if (first === undefined) return { kind: "insert", revision: to };
  if (rest.length === 0) return { kind: "update", from: first, to };
  return { kind: "merge", delete: Object.freeze(rest), from: first, to };
}
