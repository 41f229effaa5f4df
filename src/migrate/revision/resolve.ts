/** Resolves a target (`head`, `3f2a`, `billing@head`, `-1`…) to revisions of a graph, as Alembic does. */

import { assertNever } from "../../util/assert-never.js";
import {
  AmbiguousRevisionError,
  MultipleHeadsError,
  RelativeRevisionError,
  ResolutionError,
  RevisionError,
} from "./errors.js";
import type { RevisionGraph } from "./graph.js";
import type { GraphRevision } from "./revision.js";
import { parseTarget, type Target } from "./target.js";

/** Shortest prefix looked up as a partial revision id (Alembic's rule: shorter ones match too much). */
const MIN_PREFIX = 4;

/**
 * Who resolves: `absolute` (relative steps go either way from the current heads), `upgrade` (`-N` alone is
 * refused) or `downgrade` (`+N` alone is refused).
 */
export type ResolveMode = "absolute" | "upgrade" | "downgrade";

/**
 * The branch a target names before `@`: a branch label (`label` set) or a revision id (`label` null);
 * `revision` is the labelled revision, or the revision named.
 */
export interface Branch {
  readonly label: string | null;
  readonly revision: GraphRevision;
}

/** What a target resolves to: its revisions (`[]` for base) and the branch it is restricted to, if any. */
export interface ResolvedTarget {
  readonly revisions: GraphRevision[];
  readonly branch: Branch | null;
}

/**
 * Resolves `text` against `graph`. `current` is the version table's heads (checked), or `undefined` when
 * unknown, in which case a step relative to the current heads is an error.
 */
export function resolveTarget(
  graph: RevisionGraph,
  text: string,
  current: readonly string[] | undefined,
  mode: ResolveMode,
): ResolvedTarget {
  const target = parseTarget(text);
  const branch = target.branch === null ? null : branchOf(graph, target.branch, text);
  if (target.kind === "relative") {
    // `-N` without a branch walks the branch of the current head, which then restricts a downgrade.
    const walked = relative(graph, target, branch, text, current, mode);
    return { revisions: walked.target === null ? [] : [walked.target], branch: walked.branch };
  }
  return { revisions: absolute(graph, target, branch, text), branch };
}

/** The revisions of a target that is not relative. */
function absolute(
  graph: RevisionGraph,
  target: Exclude<Target, { kind: "relative" }>,
  branch: Branch | null,
  text: string,
): GraphRevision[] {
  switch (target.kind) {
    case "base":
      return [];
    case "heads":
      return branch === null
        ? graph.effectiveHeads.map((id) => graph.require(id))
        : headsOf(graph, branch).map((id) => graph.require(id));
    case "head": {
      const heads = branch === null ? graph.heads : headsOf(graph, branch);
      if (heads.length > 1) {
        const name = branch === null ? "head" : `${target.branch}@head`;
        throw new MultipleHeadsError(
          `'${text}' is ambiguous: there are multiple heads (${heads.join(", ")}). Name one of them, use ` +
            `'<label>@head' for the head of one branch, or use '${branch === null ? "heads" : `${target.branch}@heads`}' ` +
            "for all of them.",
          heads,
          name,
        );
      }
      return heads.map((id) => graph.require(id));
    }
    case "revision":
      return [lookup(graph, target.id, branch, text)];
    default:
      return assertNever(target);
  }
}

/** The heads on the branch (sharing lineage with its revision), in graph order. */
function headsOf(graph: RevisionGraph, branch: Branch): readonly string[] {
  return graph.heads.filter((h) => onBranch(graph, h, branch));
}

/** True when revision `id` shares lineage (through parents) with the branch's revision. */
export function onBranch(graph: RevisionGraph, id: string, branch: Branch): boolean {
  return graph.sharesLineage(id, branch.revision.id, { dependencies: false });
}

/** The branch named before `@`: a branch label, else a revision id or prefix. */
function branchOf(graph: RevisionGraph, name: string, text: string): Branch {
  const labelled = graph.branchLabels.get(name);
  if (labelled) return { label: name, revision: labelled };
  try {
    return { label: null, revision: lookup(graph, name, null, text) };
  } catch (e) {
    if (e instanceof AmbiguousRevisionError) throw e;
    if (!(e instanceof ResolutionError)) throw e;
    throw new ResolutionError(
      `No branch '${name}' (in '${text}'): it is neither a branch label nor a revision id. ` +
        `Branch labels: ${[...graph.branchLabels.keys()].join(", ") || "(none)"}.`,
      name,
    );
  }
}

/** A revision by exact id, branch label, or prefix of at least 4 characters (filtered by `branch`). */
function lookup(graph: RevisionGraph, id: string, branch: Branch | null, text: string): GraphRevision {
  const exact = graph.get(id) ?? graph.branchLabels.get(id);
  if (exact) return checkOnBranch(graph, exact, branch, text);
  if (id.length < MIN_PREFIX) {
    throw new ResolutionError(
      `No revision or branch label '${id}'${text === id ? "" : ` (in '${text}')`}; a partial revision id needs at ` +
        `least ${MIN_PREFIX} characters.`,
      id,
    );
  }
  let matches = graph.revisions.filter((r) => r.id.startsWith(id));
  if (branch !== null) matches = matches.filter((r) => onBranch(graph, r.id, branch));
  if (matches.length > 1) {
    throw new AmbiguousRevisionError(
      `'${id}' is the start of several revision ids: ${matches.map((r) => r.describe()).join(", ")}. ` +
        "Give more characters.",
      id,
      matches.map((r) => r.id),
    );
  }
  const [match] = matches;
  if (!match) {
    throw new ResolutionError(
      `No revision, branch label or revision id starting with '${id}'` +
        (branch === null ? "" : ` on branch '${branchName(branch)}'`) +
        (text === id ? "." : ` (in '${text}').`),
      id,
    );
  }
  return match;
}

function checkOnBranch(graph: RevisionGraph, r: GraphRevision, branch: Branch | null, text: string): GraphRevision {
  if (branch !== null && !onBranch(graph, r.id, branch)) {
    throw new ResolutionError(
      `Revision ${r.describe()} is not on branch '${branchName(branch)}' (in '${text}').`,
      text,
    );
  }
  return r;
}

function branchName(branch: Branch): string {
  return branch.label ?? branch.revision.id;
}

/** The outcome of a relative target: where the walk ended (`null` = base) and the branch it walked. */
interface RelativeResult {
  readonly target: GraphRevision | null;
  readonly branch: Branch | null;
}

/** `<from>+N`, `<from>-N`, `+N`, `-N`, each optionally `branch@…`. */
function relative(
  graph: RevisionGraph,
  target: Extract<Target, { kind: "relative" }>,
  branch: Branch | null,
  text: string,
  current: readonly string[] | undefined,
  mode: ResolveMode,
): RelativeResult {
  const { from, steps } = target;
  if (from !== null) {
    // Going up, the branch only chooses at forks; going down, the start must be on it (Alembic's rule).
    const symbol = steps < 0 && target.branch !== null ? `${target.branch}@${from}` : from;
    const start = one(resolveTarget(graph, symbol, current, "absolute").revisions, text);
    return { target: walk(graph, start, steps, branch, text), branch };
  }
  if (current === undefined) {
    throw new RevisionError(`'${text}' is relative to the current heads, which are not known here.`);
  }
  if (steps > 0) {
    if (mode === "downgrade") {
      throw new RelativeRevisionError(`A downgrade cannot go up: '${text}'. Use upgrade ${text}, or a -N target.`);
    }
    return { target: walk(graph, upgradeStart(graph, current, branch, text), steps, branch, text), branch };
  }
  if (mode === "upgrade") {
    throw new RelativeRevisionError(`An upgrade cannot go down: '${text}'. Use downgrade ${text}, or a +N target.`);
  }
  const start = downgradeStart(graph, current, branch, text);
  // Without a branch, the walk stays on the branch of the head it started from.
  return { target: walk(graph, start, steps, null, text), branch: branch ?? { label: null, revision: start } };
}

/** The single revision of `found`, or `null`; several is an error. */
function one(found: readonly GraphRevision[], text: string): GraphRevision | null {
  if (found.length > 1) {
    throw new MultipleHeadsError(
      `'${text}' starts from several revisions (${found.map((r) => r.id).join(", ")}); name one of them.`,
      found.map((r) => r.id),
      text,
    );
  }
  return found[0] ?? null;
}

/** Walks `steps` revisions up (children, or the bases from `null`) or down (the parent, `null` below a base). */
function walk(
  graph: RevisionGraph,
  start: GraphRevision | null,
  steps: number,
  branch: Branch | null,
  text: string,
): GraphRevision | null {
  let at = start;
  const count = Math.abs(steps);
  for (let i = 0; i < count; i++) {
    const here = at === null ? "base" : at.id;
    if (steps > 0) {
      let next = (at === null ? graph.bases : at.children).map((id) => graph.require(id));
      if (branch !== null) next = next.filter((r) => onBranch(graph, r.id, branch));
      if (next.length === 0) {
        throw new RelativeRevisionError(
          `'${text}' walks past the last revision: nothing comes after ${here}` +
            (branch === null ? "" : ` on branch '${branchName(branch)}'`) +
            ` (after ${i} of ${count} steps).`,
        );
      }
      if (next.length > 1) {
        throw new RelativeRevisionError(
          `'${text}' is ambiguous: ${here} is followed by ${next.map((r) => r.id).join(", ")}. Name the branch ` +
            "(<label>@+N) or start from a revision on it (<rev>+N).",
        );
      }
      at = next[0] as GraphRevision;
    } else {
      if (at === null) {
        throw new RelativeRevisionError(`'${text}' walks below base: there are only ${i} revisions below the start.`);
      }
      if (at.downRevisions.length > 1) {
        throw new RelativeRevisionError(
          `'${text}' is ambiguous: ${at.id} merges ${at.downRevisions.join(", ")}. Name the revision to go to ` +
            `(downgrading to ${at.downRevisions[0]} unapplies ${at.id} and leaves ${at.downRevisions.join(" and ")} ` +
            "as heads).",
        );
      }
      const parent = at.downRevisions[0];
      at = parent === undefined ? null : graph.require(parent);
    }
  }
  return at;
}

/** Where `+N` starts: the current head (on the branch, if named), its last applied revision, or base. */
function upgradeStart(
  graph: RevisionGraph,
  current: readonly string[],
  branch: Branch | null,
  text: string,
): GraphRevision | null {
  const starts = branch === null ? current : startsOnBranch(graph, current, branch, false);
  if (starts.length > 1) {
    throw new RelativeRevisionError(
      `'${text}' is ambiguous: the database is at several heads (${starts.join(", ")}). Name a branch ` +
        "(<label>@+N) or a revision (<rev>+N).",
    );
  }
  return starts[0] === undefined ? null : graph.require(starts[0]);
}

/** Where `-N` starts: the current head (on the branch, if named). */
function downgradeStart(
  graph: RevisionGraph,
  current: readonly string[],
  branch: Branch | null,
  text: string,
): GraphRevision {
  const starts = branch === null ? current : startsOnBranch(graph, current, branch, true);
  if (starts.length > 1) {
    throw new RelativeRevisionError(
      `'${text}' is ambiguous: the database is at several heads (${starts.join(", ")}). Name a branch ` +
        "(<label>@-N) or a revision (<rev>-N).",
    );
  }
  const [start] = starts;
  if (start === undefined) {
    throw new RelativeRevisionError(
      `'${text}': nothing ${branch === null ? "" : `on branch '${branchName(branch)}' `}is applied, so there is ` +
        "nothing to go down from.",
    );
  }
  return graph.require(start);
}

/**
 * The current heads on the branch; when none is (another head depends on the branch, or the branch is only
 * partly applied), the latest applied revisions on it. Going down, a label's branch is the revisions that
 * carry the label, so that `label@-1` never unapplies a revision shared with other branches.
 */
function startsOnBranch(
  graph: RevisionGraph,
  current: readonly string[],
  branch: Branch,
  down: boolean,
): readonly string[] {
  const label = branch.label;
  const on =
    down && label !== null
      ? (id: string) => graph.require(id).branchLabels.includes(label)
      : (id: string) => onBranch(graph, id, branch);
  const heads = current.filter(on);
  if (heads.length > 0) return heads;
  const applied = [...graph.ancestors(current)].filter(on);
  const below = graph.ancestors(applied.flatMap((id) => graph.require(id).predecessors));
  return graph.sorted(applied.filter((id) => !below.has(id)));
}
