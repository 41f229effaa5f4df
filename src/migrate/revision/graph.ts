/** The revision graph: revisions linked by parent and dependency, with heads, bases, branch labels and targets. */

import { buildGraph, type BuiltGraph } from "./build.js";
import { RangeNotAncestorError, ResolutionError, RevisionError } from "./errors.js";
import { resolveTarget } from "./resolve.js";
import type { GraphRevision, Revision } from "./revision.js";
import { parseRange } from "./target.js";
import { branchOrder, reachable } from "./walk.js";

/** Whether ancestry follows `dependsOn` too (the default) or parents only. */
export interface AncestryOptions {
  /** Follow `dependsOn` as well as `downRevision` (default `true`). */
  readonly dependencies?: boolean;
}

/** Options of `RevisionGraph.resolve`: relative targets (`+1`, `-1`, `label@-1`) move from `current`. */
export interface ResolveOptions {
  /** The current heads (what the version table holds). */
  readonly current?: readonly string[];
}

/**
 * The migration revisions as a graph, as Alembic's revision map: each revision has parents (several for a
 * merge), optional `dependsOn` (ordering across branches without merging them) and branch labels. Build it
 * with `RevisionGraph.from(revisions)`; it checks the revisions (duplicate ids or labels, missing parents or
 * dependencies, cycles) and throws a `RevisionError` naming the files at fault.
 *
 * ```ts
 * const graph = RevisionGraph.from([
 *   { revision: "a81c55e0b2f9", downRevision: null, message: "create users", path: "versions/a81c…ts" },
 *   { revision: "3f2a9c1b7d4e", downRevision: "a81c55e0b2f9", message: "add tasks" },
 * ]);
 * graph.heads;                  // ["3f2a9c1b7d4e"]
 * graph.resolveOne("a81c+1")?.id; // "3f2a9c1b7d4e"
 * ```
 */
export class RevisionGraph {
  readonly #built: BuiltGraph;
  /** Every revision, each after its parents and dependencies (otherwise in the order given). */
  readonly revisions: readonly GraphRevision[];
  /** Revisions no other revision has as parent, in graph order (several when branches are not merged). */
  readonly heads: readonly string[];
  /**
   * The heads no other revision depends on: what `heads` resolves to, and what the version table holds once
   * every revision is applied (a head another revision depends on is applied as that revision's ancestor).
   */
  readonly effectiveHeads: readonly string[];
  /** Revisions without a parent. */
  readonly bases: readonly string[];

  private constructor(built: BuiltGraph) {
    this.#built = built;
    this.revisions = Object.freeze([...built.order]);
    this.heads = Object.freeze(built.order.filter((r) => r.isHead).map((r) => r.id));
    this.effectiveHeads = Object.freeze(
      built.order.filter((r) => r.isHead && r.dependents.length === 0).map((r) => r.id),
    );
    this.bases = Object.freeze(built.order.filter((r) => r.isBase).map((r) => r.id));
    Object.freeze(this);
  }

  /**
   * Builds the graph of `revisions` (the exports of the revision files, with their paths). Throws
   * `DuplicateRevisionError`, `DuplicateBranchLabelError`, `MissingRevisionError`, `RevisionCycleError` or
   * `InvalidRevisionError`, each naming the files involved.
   */
  static from(revisions: Iterable<Revision>): RevisionGraph {
    return new RevisionGraph(buildGraph([...revisions]));
  }

  /** The number of revisions. */
  get size(): number {
    return this.revisions.length;
  }

  /** Each branch label and the revision that declares it. */
  get branchLabels(): ReadonlyMap<string, GraphRevision> {
    return this.#built.labels;
  }

  /** Revisions with several parents. */
  get mergePoints(): readonly string[] {
    return this.revisions.filter((r) => r.isMergePoint).map((r) => r.id);
  }

  /** Revisions that are the parent of several revisions. */
  get branchPoints(): readonly string[] {
    return this.revisions.filter((r) => r.isBranchPoint).map((r) => r.id);
  }

  /** The revision with exactly this id, or `undefined` (no prefixes or labels: see `resolveOne`). */
  get(id: string): GraphRevision | undefined {
    return this.#built.byId.get(id);
  }

  /** True when a revision has exactly this id. */
  has(id: string): boolean {
    return this.#built.byId.has(id);
  }

  /** The revision with this id; a `ResolutionError` when there is none (an id read from the version table). */
  require(id: string): GraphRevision {
    const r = this.#built.byId.get(id);
    if (!r) {
      throw new ResolutionError(
        `No revision file declares revision '${id}' (found in the version table). Restore the file, or reset the ` +
          "version table with `athanor stamp <revision> --purge`.",
        id,
      );
    }
    return r;
  }

  /** `ids` and every revision they come after (through `dependsOn` too unless `dependencies: false`). */
  ancestors(ids: Iterable<string>, options: AncestryOptions = {}): Set<string> {
    const next =
      options.dependencies === false
        ? (id: string) => this.require(id).downRevisions
        : (id: string) => this.require(id).predecessors;
    return reachable(ids, next);
  }

  /** `ids` and every revision that comes after them (through `dependsOn` too unless `dependencies: false`). */
  descendants(ids: Iterable<string>, options: AncestryOptions = {}): Set<string> {
    const next =
      options.dependencies === false
        ? (id: string) => this.require(id).children
        : (id: string) => {
            const r = this.require(id);
            return r.dependents.length === 0 ? r.children : [...r.children, ...r.dependents];
          };
    return reachable(ids, next);
  }

  /** True when `a` and `b` are on one line of descent (one is an ancestor of the other, or they are equal). */
  sharesLineage(a: string, b: string, options: AncestryOptions = {}): boolean {
    return this.ancestors([a], options).has(b) || this.descendants([a], options).has(b);
  }

  /** The ids of `ids` in graph order (parents and dependencies first). */
  sorted(ids: Iterable<string>): string[] {
    const set = new Set(ids);
    return this.revisions.filter((r) => set.has(r.id)).map((r) => r.id);
  }

  /**
   * The revisions a target names: `[]` for `base`, several for `heads`. Relative targets without a revision
   * (`+1`, `-1`, `label@-1`) move from `options.current`. Throws `ResolutionError` (no such revision, prefix
   * under 4 characters), `AmbiguousRevisionError` (a prefix matching several revisions, all listed),
   * `MultipleHeadsError` (`head` with several heads) or `RelativeRevisionError`.
   *
   * ```ts
   * graph.resolve("heads").map((r) => r.id); // ["3f2a9c1b7d4e", "77d0c3aa41b2"]
   * graph.resolve("billing@head");          // [the head of branch billing]
   * ```
   */
  resolve(target: string, options: ResolveOptions = {}): GraphRevision[] {
    return resolveTarget(this, target, this.#current(options.current), "absolute").revisions;
  }

  /** The one revision a target names, `null` for `base`; `MultipleHeadsError` when it names several. */
  resolveOne(target: string, options: ResolveOptions = {}): GraphRevision | null {
    const found = resolveTarget(this, target, this.#current(options.current), "absolute").revisions;
    if (found.length > 1) {
      throw new RevisionError(
        `'${target}' names several revisions (${found.map((r) => r.id).join(", ")}); name one of them.`,
      );
    }
    return found[0] ?? null;
  }

  /**
   * The revisions of a range `start:end`, newest first, as `athanor history -r` lists them: `end` and its
   * ancestors, down to `start` included (`start` empty means base, `end` empty means heads). Without a
   * range, every revision. A `start` that is not an ancestor of `end` is a `RangeNotAncestorError`.
   */
  history(range?: string): GraphRevision[] {
    const { start, end } = range === undefined ? { start: null, end: null } : parseRange(range);
    const tops = this.resolve(end ?? "heads").map((r) => r.id);
    const bottoms = start === null ? [] : this.resolve(start).map((r) => r.id);
    let members = this.ancestors(tops);
    for (const b of bottoms) {
      if (!members.has(b)) {
        throw new RangeNotAncestorError(
          `Range ${range}: revision ${b} is not an ancestor of ${end ?? "heads"}; ` +
            "give the older revision first (<start>:<end>).",
        );
      }
    }
    if (bottoms.length > 0) {
      const above = this.descendants(bottoms, { dependencies: false });
      members = new Set([...members].filter((id) => above.has(id)));
    }
    return branchOrder(this.sorted(members), (id) => this.require(id).predecessors)
      .reverse()
      .map((id) => this.require(id));
  }

  /** The current heads checked against the graph: known ids, no repeats, none an ancestor of another. */
  #current(current: readonly string[] | undefined): readonly string[] | undefined {
    return current === undefined ? undefined : checkCurrentHeads(this, current);
  }
}

/**
 * `current` (the version table's rows) checked: every id known, repeats dropped, and no row an ancestor of
 * another (the table holds heads only), else a `RevisionError` saying how to repair the table.
 */
export function checkCurrentHeads(graph: RevisionGraph, current: readonly string[]): readonly string[] {
  const heads = [...new Set(current)];
  for (const h of heads) graph.require(h);
  for (const h of heads) {
    const below = graph.ancestors(graph.require(h).predecessors);
    const other = heads.find((o) => o !== h && below.has(o));
    if (other !== undefined) {
      throw new RevisionError(
        `The version table holds both ${other} and ${h}, but ${other} is an ancestor of ${h}: it should hold ` +
          `heads only. Repair it with \`athanor stamp ${h} --purge\` (or stamp the heads you have applied).`,
      );
    }
  }
  return heads;
}
