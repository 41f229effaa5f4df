/** Helpers of the revision graph tests: revisions with file paths, and plan steps as plain data. */

import type { GraphRevision, MigrationPlan, Revision, RevisionIds } from "../../src/migrate/index.js";

/** A revision declared by file `versions/<id>_m.ts`. */
export function rev(
  revision: string,
  downRevision: RevisionIds,
  extra: Partial<Omit<Revision, "revision">> = {},
): Revision {
  return { revision, downRevision, path: `versions/${revision}_m.ts`, message: `rev ${revision}`, ...extra };
}

/** The ids of revisions. */
export function ids(revisions: readonly (GraphRevision | null)[]): (string | null)[] {
  return revisions.map((r) => r?.id ?? null);
}

/** Each step of a plan as `[kind, revision id, change, heads after]`. */
export function steps(plan: MigrationPlan): unknown[] {
  return plan.steps.map((s) => [s.kind, s.revision?.id ?? null, s.change, s.headsAfter]);
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, none was thrown");
}
