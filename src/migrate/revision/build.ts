/** Builds the revisions of a `RevisionGraph`: checks the files, resolves references, finds children and labels. */

import { CycleError, toposort } from "../../util/toposort.js";
import {
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  MissingRevisionError,
  RevisionCycleError,
} from "./errors.js";
import { checkName, describeRevision, GraphRevision, idList, type Revision } from "./revision.js";
import { reachable } from "./walk.js";

/** The graph's revisions, by id and in topological order, and its branch labels. */
export interface BuiltGraph {
  /** Every revision after its parents and dependencies; otherwise in input order. */
  readonly order: readonly GraphRevision[];
  readonly byId: ReadonlyMap<string, GraphRevision>;
  /** Each branch label and the revision that declares it. */
  readonly labels: ReadonlyMap<string, GraphRevision>;
}

/** A revision's references once checked: parents and dependencies as revision ids. */
interface Links {
  readonly source: Revision;
  readonly parents: readonly string[];
  readonly deps: readonly string[];
  readonly labels: readonly string[];
}

/** Checks and links `revisions`, in the steps named below; throws a `RevisionError` naming the files at fault. */
export function buildGraph(revisions: readonly Revision[]): BuiltGraph {
  const byId = indexRevisions(revisions);
  const labels = indexLabels(revisions, byId);
  const links = new Map<string, Links>();
  for (const r of revisions) links.set(r.revision, linkRevision(r, byId, labels));
  const order = sortRevisions(revisions, links);
  const children = inverse(order, (id) => (links.get(id) as Links).parents);
  const dependents = inverse(order, (id) => (links.get(id) as Links).deps);
  const parentsOf = (id: string): readonly string[] => (links.get(id) as Links).parents;
  const childrenOf = (id: string): readonly string[] => children.get(id) ?? [];
  const inherited = inheritLabels(order, links, parentsOf, childrenOf);
  const nodes = new Map<string, GraphRevision>();
  for (const id of order) {
    const l = links.get(id) as Links;
    const own = l.labels;
    const all = [...own, ...[...(inherited.get(id) ?? [])].filter((x) => !own.includes(x)).sort()];
    nodes.set(
      id,
      new GraphRevision({
        source: l.source,
        downRevisions: l.parents,
        dependsOn: l.deps,
        predecessors: predecessors(id, links, parentsOf),
        children: childrenOf(id),
        dependents: dependents.get(id) ?? [],
        ownBranchLabels: own,
        branchLabels: all,
      }),
    );
  }
  const labelNodes = new Map<string, GraphRevision>();
  for (const [label, r] of labels) labelNodes.set(label, nodes.get(r.revision) as GraphRevision);
  return { order: order.map((id) => nodes.get(id) as GraphRevision), byId: nodes, labels: labelNodes };
}

/** Revisions by id; two files with one id is an error naming both. */
function indexRevisions(revisions: readonly Revision[]): Map<string, Revision> {
  const byId = new Map<string, Revision>();
  for (const r of revisions) {
    checkName(r.revision, "revision id", r);
    const seen = byId.get(r.revision);
    if (seen) {
      throw new DuplicateRevisionError(
        `Revision ${r.revision} is declared twice: by ${seen.path ?? "(no file)"} and by ${r.path ?? "(no file)"}. ` +
          "Give one of them a new id (generateRevisionId()) and point the revisions after it at the new id.",
        r.revision,
        [seen.path ?? "", r.path ?? ""],
      );
    }
    byId.set(r.revision, r);
  }
  return byId;
}

/** Branch labels and the revision declaring each; a label declared twice or equal to a revision id is an error. */
function indexLabels(revisions: readonly Revision[], byId: ReadonlyMap<string, Revision>): Map<string, Revision> {
  const labels = new Map<string, Revision>();
  for (const r of revisions) {
    for (const label of idList(r.branchLabels)) {
      checkName(label, "branch label", r);
      const seen = labels.get(label);
      if (seen) {
        throw new DuplicateBranchLabelError(
          `Branch label '${label}' is declared by revision ${describeRevision(seen)} and again by ` +
            `${describeRevision(r)}: a label names one branch; remove it from one of them.`,
          label,
        );
      }
      const same = byId.get(label);
      if (same) {
        throw new DuplicateBranchLabelError(
          `Branch label '${label}' of revision ${describeRevision(r)} is also the id of revision ` +
            `${describeRevision(same)}: choose another label.`,
          label,
        );
      }
      labels.set(label, r);
    }
  }
  return labels;
}

/** A revision's parents and dependencies as ids (a dependency may be a branch label); missing ones are errors. */
function linkRevision(r: Revision, byId: ReadonlyMap<string, Revision>, labels: ReadonlyMap<string, Revision>): Links {
  const parents = idList(r.downRevision);
  for (const p of parents) {
    if (!byId.has(p)) {
      throw new MissingRevisionError(
        `Revision ${describeRevision(r)} has downRevision '${p}', but no revision file declares '${p}'. ` +
          "Restore the missing file or point downRevision at an existing revision.",
        r.revision,
        p,
      );
    }
  }
  const deps: string[] = [];
  for (const d of idList(r.dependsOn)) {
    const target = byId.get(d) ?? labels.get(d);
    if (!target) {
      throw new MissingRevisionError(
        `Revision ${describeRevision(r)} depends on '${d}', which is neither a revision id nor a branch label ` +
          "of any revision file. Fix dependsOn or restore the missing file.",
        r.revision,
        d,
      );
    }
    if (!deps.includes(target.revision)) deps.push(target.revision);
  }
  return { source: r, parents, deps, labels: idList(r.branchLabels) };
}

/** The ids in topological order (parents and dependencies first); a cycle is an error naming its files. */
function sortRevisions(revisions: readonly Revision[], links: ReadonlyMap<string, Links>): string[] {
  const ids = revisions.map((r) => r.revision);
  const name = (id: string): string => describeRevision((links.get(id) as Links).source);
  try {
    return toposort(ids, (id) => {
      const l = links.get(id) as Links;
      return [...l.parents, ...l.deps];
    });
  } catch (e) {
    if (!(e instanceof CycleError)) throw e;
    const cycle = (e as CycleError<string>).cycle;
    throw new RevisionCycleError(
      `Revisions form a cycle: ${[...cycle, cycle[0] as string].map(name).join(" -> ")} (each comes after the one ` +
        "before it through downRevision or dependsOn). Break the cycle by fixing one of these references.",
      cycle,
      e,
    );
  }
}

/** For each id, the ids that list it through `refs` (children from parents, dependents from dependencies). */
function inverse(order: readonly string[], refs: (id: string) => readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of order) {
    for (const r of refs(id)) {
      const list = out.get(r);
      if (list) list.push(id);
      else out.set(r, [id]);
    }
  }
  return out;
}

/**
 * Parents plus the dependencies no ancestor already has (a dependency an ancestor declared is applied by
 * then): Alembic's normalized down revisions.
 */
function predecessors(
  id: string,
  links: ReadonlyMap<string, Links>,
  parentsOf: (id: string) => readonly string[],
): string[] {
  const l = links.get(id) as Links;
  if (l.deps.length === 0) return [...l.parents];
  const inherited = new Set<string>();
  for (const a of reachable(l.parents, parentsOf)) for (const d of (links.get(a) as Links).deps) inherited.add(d);
  const out = [...l.parents];
  for (const d of l.deps) if (!inherited.has(d) && !out.includes(d)) out.push(d);
  return out;
}

/**
 * The labels each revision carries beyond its own: a label spreads up to every descendant of the revision
 * that declares it, and down its ancestors until a branch point or a merge point (where the branch began).
 */
function inheritLabels(
  order: readonly string[],
  links: ReadonlyMap<string, Links>,
  parentsOf: (id: string) => readonly string[],
  childrenOf: (id: string) => readonly string[],
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (id: string, labels: readonly string[]): void => {
    let set = out.get(id);
    if (!set) out.set(id, (set = new Set()));
    for (const label of labels) set.add(label);
  };
  for (const id of order) {
    const own = (links.get(id) as Links).labels;
    if (own.length === 0) continue;
    for (const d of reachable([id], childrenOf)) add(d, own);
    let node = id;
    while (parentsOf(node).length === 1) {
      const parent = parentsOf(node)[0] as string;
      if (childrenOf(parent).length > 1 || parentsOf(parent).length > 1) break;
      add(parent, own);
      node = parent;
    }
  }
  return out;
}
