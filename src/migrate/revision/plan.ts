/**
 * Migration plans: from the current heads (the version table's rows) and a target, the ordered steps of an
 * upgrade, a downgrade or a stamp, each with the version-table change it makes. Pure: the runtime runs the
 * steps (and their `upgrade` / `downgrade` functions) and applies the changes.
 *
 * ```ts
 * const plan = planUpgrade(graph, ["a81c55e0b2f9"], "head");
 * for (const step of plan.steps) console.log(step.revision?.id, step.change);
 * // 3f2a9c1b7d4e { kind: "update", from: "a81c55e0b2f9", to: "3f2a9c1b7d4e" }
 * ```
 */

import { checkCurrentHeads, type RevisionGraph } from "./graph.js";
import { RangeNotAncestorError, ResolutionError } from "./errors.js";
import { onBranch, resolveTarget, type Branch } from "./resolve.js";
import type { GraphRevision } from "./revision.js";
import { parseRange } from "./target.js";
import { replacing, VersionHeads, type VersionChange } from "./version-table.js";
import { branchOrder } from "./walk.js";

/** What a plan does: run `upgrade` functions, run `downgrade` functions, or only set the version table. */
export type PlanKind = "upgrade" | "downgrade" | "stamp";

/** One step of a plan: a revision to apply or unapply (or stamp), and its change to the version table. */
export interface MigrationStep {
  /** `upgrade` / `downgrade`: run that function of `revision`; `stamp`: run nothing. */
  readonly kind: PlanKind;
  /** The revision applied, unapplied or stamped; `null` for a stamp that removes a row (stamp to base). */
  readonly revision: GraphRevision | null;
  /** The version-table change, to make in the same transaction as the migration. */
  readonly change: VersionChange;
  /** The version table's rows before the step. */
  readonly headsBefore: readonly string[];
  /** The version table's rows after the step. */
  readonly headsAfter: readonly string[];
}

/** An ordered list of steps from `headsBefore` to `headsAfter`; no steps when the target is already reached. */
export interface MigrationPlan {
  readonly kind: PlanKind;
  /** The target as given. */
  readonly target: string;
  readonly headsBefore: readonly string[];
  readonly steps: readonly MigrationStep[];
  readonly headsAfter: readonly string[];
}

/**
 * The upgrade from `current` to `target`: every revision the target needs that is not applied, parents and
 * dependencies first (one branch finished before the next), a merge applied once. A target already applied
 * gives no steps. `-N` alone is refused (that is a downgrade).
 */
export function planUpgrade(graph: RevisionGraph, current: readonly string[], target: string): MigrationPlan {
  const heads = checkCurrentHeads(graph, current);
  const targets = resolveTarget(graph, target, heads, "upgrade").revisions.map((r) => r.id);
  const applied = graph.ancestors(heads);
  const needed = [...graph.ancestors(targets)].filter((id) => !applied.has(id));
  const order = branchOrder(graph.sorted(needed), (id) => graph.require(id).predecessors);
  const table = new VersionHeads(graph, heads);
  const steps = order.map((id) => {
    const revision = graph.require(id);
    return step("upgrade", revision, table, () => table.upgrade(revision));
  });
  return plan("upgrade", target, heads, steps, table);
}

/**
 * The downgrade from `current` to `target`: every applied revision above the target (on the target's
 * branch when one is named, `label@-1`, or when `-N` walks down from the one current head), and every
 * applied revision that depends on one of them, newest first. `base` unapplies everything, `label@base` the
 * revisions of that branch. A target that is not applied is a `RangeNotAncestorError`; the current head
 * gives no steps. `+N` alone is refused (that is an upgrade).
 */
export function planDowngrade(graph: RevisionGraph, current: readonly string[], target: string): MigrationPlan {
  const heads = checkCurrentHeads(graph, current);
  const resolved = resolveTarget(graph, target, heads, "downgrade");
  if (resolved.revisions.length > 1) {
    throw new RangeNotAncestorError(
      `Downgrade target '${target}' names several revisions (${resolved.revisions.map((r) => r.id).join(", ")}); ` +
        "name one.",
    );
  }
  const to = resolved.revisions[0] ?? null;
  const active = graph.ancestors(heads);
  if (to !== null && !active.has(to.id)) {
    throw new RangeNotAncestorError(
      `Destination ${to.describe()} is not a valid downgrade target from the current heads ` +
        `(${heads.join(", ") || "none"}): it is not applied. Downgrade to a revision listed by \`athanor history ` +
        "--indicate-current` below a current head.",
    );
  }
  const roots = downgradeRoots(graph, to, resolved.branch, target);
  const removed = [...graph.descendants(roots)].filter((id) => active.has(id));
  const order = branchOrder(graph.sorted(removed), (id) => graph.require(id).predecessors).reverse();
  const table = new VersionHeads(graph, heads);
  const steps = order.map((id) => {
    const revision = graph.require(id);
    return step("downgrade", revision, table, () => table.downgrade(revision));
  });
  return plan("downgrade", target, heads, steps, table);
}

/** The revisions whose removal (with everything after them) brings the graph down to `to`. */
function downgradeRoots(
  graph: RevisionGraph,
  to: GraphRevision | null,
  branch: Branch | null,
  target: string,
): string[] {
  if (to === null) {
    if (branch === null) return [...graph.bases];
    if (branch.label !== null) {
      // `label@base`: the first revisions carrying the label; their descendants are the branch.
      const label = branch.label;
      return graph.revisions
        .filter((r) => r.branchLabels.includes(label))
        .filter((r) => !r.downRevisions.some((p) => graph.require(p).branchLabels.includes(label)))
        .map((r) => r.id);
    }
    const below = graph.ancestors([branch.revision.id], { dependencies: false });
    return graph.bases.filter((b) => below.has(b));
  }
  const roots = [...to.children];
  if (branch === null || roots.length <= 1) return roots;
  const label = branch.label;
  const below = graph.ancestors([branch.revision.id], { dependencies: false });
  const kept = roots.filter((id) =>
    label !== null ? graph.require(id).branchLabels.includes(label) || below.has(id) : below.has(id),
  );
  if (kept.length === 0) {
    throw new RangeNotAncestorError(
      `Destination '${target}' is not a valid downgrade target from the current heads: no revision after ` +
        `${to.id} is on branch '${label ?? branch.revision.id}'.`,
    );
  }
  return kept;
}

/**
 * The stamp of `target`: the version table set as if the migrations up or down to it had run, running none.
 * Each destination replaces the current heads on its line of descent (in one `update`, or a `merge` when
 * several), or is inserted as a new row when none is; `base` deletes every row, `label@base` the rows of
 * that branch. A destination already in the table gives no step.
 */
export function planStamp(graph: RevisionGraph, current: readonly string[], target: string): MigrationPlan {
  const heads = checkCurrentHeads(graph, current);
  const resolved = resolveTarget(graph, target, heads, "absolute");
  const table = new VersionHeads(graph, heads);
  const steps: MigrationStep[] = [];
  if (resolved.revisions.length === 0) {
    const branch = resolved.branch;
    for (const h of heads) {
      if (branch !== null && !onBranchForRemoval(graph, h, branch)) continue;
      steps.push(step("stamp", null, table, () => table.apply({ kind: "delete", revision: h })));
    }
    return plan("stamp", target, heads, steps, table);
  }
  // A destination below another destination is implied by it.
  const ids = resolved.revisions.map((r) => r.id);
  const implied = graph.ancestors(ids.flatMap((id) => graph.require(id).predecessors));
  for (const dest of resolved.revisions) {
    if (implied.has(dest.id) || table.has(dest.id)) continue;
    const related = table.heads.filter((h) => graph.sharesLineage(h, dest.id));
    steps.push(step("stamp", dest, table, () => table.apply(replacing(related, dest.id))));
  }
  return plan("stamp", target, heads, steps, table);
}

/** Whether stamping `branch@base` removes head `id`: it carries the label, or shares the revision's lineage. */
function onBranchForRemoval(graph: RevisionGraph, id: string, branch: Branch): boolean {
  return branch.label !== null ? graph.require(id).branchLabels.includes(branch.label) : onBranch(graph, id, branch);
}

/**
 * The plan of a range `start:end`, for offline (`--sql`) runs, as Alembic's `upgrade a:b --sql` and
 * `downgrade b:a --sql`: the plan from `start` (as if the version table held it; empty or `base` for an empty
 * table) to `end` (empty: `heads` for an upgrade; a downgrade needs both ends).
 *
 * ```ts
 * planRange(graph, "upgrade", "base:head");     // every revision, for a fresh database
 * planRange(graph, "downgrade", "head:3f2a");   // unapply down to 3f2a
 * ```
 */
export function planRange(graph: RevisionGraph, kind: "upgrade" | "downgrade", range: string): MigrationPlan {
  const { start, end } = parseRange(range);
  if (kind === "downgrade" && (start === null || end === null)) {
    throw new ResolutionError(
      `An offline downgrade needs both ends: '${range}' lacks one (use <from>:<to>, e.g. head:base).`,
      range,
    );
  }
  const from = start === null ? [] : graph.resolve(start, { current: [] }).map((r) => r.id);
  return kind === "upgrade" ? planUpgrade(graph, from, end ?? "heads") : planDowngrade(graph, from, end as string);
}

function step(
  kind: PlanKind,
  revision: GraphRevision | null,
  table: VersionHeads,
  change: () => VersionChange,
): MigrationStep {
  const headsBefore = table.heads;
  const made = change();
  return Object.freeze({ kind, revision, change: made, headsBefore, headsAfter: table.heads });
}

function plan(
  kind: PlanKind,
  target: string,
  headsBefore: readonly string[],
  steps: readonly MigrationStep[],
  table: VersionHeads,
): MigrationPlan {
  return Object.freeze({
    kind,
    target,
    headsBefore: Object.freeze([...headsBefore]),
    steps: Object.freeze([...steps]),
    headsAfter: table.heads,
  });
}
