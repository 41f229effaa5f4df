/**
 * The errors of the revision graph. Every one says which revision files are involved (their paths when the
 * graph was built from files) and how to fix the problem.
 *
 * ```
 * AthanorError
 * └── RevisionError                 a revision graph or target that cannot work
 *     ├── InvalidRevisionError      a revision id or branch label that cannot be used (reserved word, `@ + - :`)
 *     ├── DuplicateRevisionError    two files declare one revision id
 *     ├── DuplicateBranchLabelError a branch label declared twice (or equal to a revision id)
 *     ├── MissingRevisionError      a downRevision or dependsOn names no revision
 *     ├── RevisionCycleError        revisions that depend on each other in a circle
 *     ├── ResolutionError           a target names no revision (or a prefix that is too short)
 *     │   └── AmbiguousRevisionError  a prefix that matches several revisions
 *     ├── MultipleHeadsError        `head` where there are several heads
 *     ├── RelativeRevisionError     `+N` / `-N` that walks off the graph or cannot choose a way
 *     └── RangeNotAncestorError     a target that is not reachable from the current heads
 * ```
 */

import { AthanorError } from "../../errors/index.js";

/** Base of the revision graph's errors: bad revision files, or a target the graph cannot resolve. */
export class RevisionError extends AthanorError {}

/** A revision id or branch label that cannot be used: empty, a reserved word, or holding `@`, `+`, `-` or `:`. */
export class InvalidRevisionError extends RevisionError {}

/** Two revision files declare the same revision id. */
export class DuplicateRevisionError extends RevisionError {
  /** The id declared twice. */
  readonly revision: string;
  /** The files that declare it. */
  readonly paths: readonly string[];

  constructor(message: string, revision: string, paths: readonly string[]) {
    super(message);
    this.revision = revision;
    this.paths = paths;
  }
}

/** A branch label declared by two revisions, or equal to a revision id. */
export class DuplicateBranchLabelError extends RevisionError {
  /** The label. */
  readonly label: string;

  constructor(message: string, label: string) {
    super(message);
    this.label = label;
  }
}

/** A `downRevision` or `dependsOn` entry that names no revision (nor, for `dependsOn`, a branch label). */
export class MissingRevisionError extends RevisionError {
  /** The revision that refers to the missing one. */
  readonly revision: string;
  /** The id (or label) it refers to. */
  readonly missing: string;

  constructor(message: string, revision: string, missing: string) {
    super(message);
    this.revision = revision;
    this.missing = missing;
  }
}

/** Revisions that come after each other in a circle (through `downRevision` or `dependsOn`). */
export class RevisionCycleError extends RevisionError {
  /** The revision ids of one cycle, each depending on the one before it. */
  readonly revisions: readonly string[];

  constructor(message: string, revisions: readonly string[], cause: unknown) {
    super(message, { cause });
    this.revisions = revisions;
  }
}

/** A target that names no revision, or a partial id too short to be looked up. */
export class ResolutionError extends RevisionError {
  /** The target (or the part of it) that could not be resolved. */
  readonly argument: string;

  constructor(message: string, argument: string) {
    super(message);
    this.argument = argument;
  }
}

/** A partial revision id that is the start of several revision ids. */
export class AmbiguousRevisionError extends ResolutionError {
  /** Every revision id the prefix matches. */
  readonly matches: readonly string[];

  constructor(message: string, argument: string, matches: readonly string[]) {
    super(message, argument);
    this.matches = matches;
  }
}

/** `head` (or `label@head`) where there are several heads: name one, or use `heads`. */
export class MultipleHeadsError extends RevisionError {
  /** The heads the target could mean. */
  readonly heads: readonly string[];
  /** The target as given. */
  readonly argument: string;

  constructor(message: string, heads: readonly string[], argument: string) {
    super(message);
    this.heads = heads;
    this.argument = argument;
  }
}

/** A relative target (`+N`, `-N`, `<rev>+N`) that walks off the graph, or meets a fork it cannot choose at. */
export class RelativeRevisionError extends RevisionError {}

/** A target that cannot be reached from the current heads (not an ancestor or descendant along a branch). */
export class RangeNotAncestorError extends RevisionError {}
