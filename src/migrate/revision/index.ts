/** The revision graph: revisions, targets, plans and the version-table changes they make. */

export {
  AmbiguousRevisionError,
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  InvalidRevisionError,
  MissingRevisionError,
  MultipleHeadsError,
  RangeNotAncestorError,
  RelativeRevisionError,
  ResolutionError,
  RevisionCycleError,
  RevisionError,
} from "./errors.js";
export { checkCurrentHeads, RevisionGraph, type AncestryOptions, type ResolveOptions } from "./graph.js";
export {
  planDowngrade,
  planRange,
  planStamp,
  planUpgrade,
  type MigrationPlan,
  type MigrationStep,
  type PlanKind,
} from "./plan.js";
export { GraphRevision, type Revision, type RevisionIds } from "./revision.js";
export { generateRevisionId, revisionFileName } from "./revision-id.js";
export { parseRange, parseTarget, type RevisionRange, type Target } from "./target.js";
export type { VersionChange } from "./version-table.js";
