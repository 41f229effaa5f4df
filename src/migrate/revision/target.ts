/**
 * The syntax of revision targets and ranges, parsed without looking at a graph.
 *
 * ```
 * head  heads  base                  the single head, every head, before the first revision
 * 3f2a9c1b7d4e  3f2a                 a revision id, or a prefix of at least 4 characters
 * billing                            the revision that declares branch label `billing`
 * billing@head  billing@base         the head of a branch, the branch before its first revision
 * 3f2a@head                          the head of the branch revision 3f2a is on
 * +2  -1                             relative to the current heads
 * 3f2a+2  head-1  billing@-1         relative to a revision, or to the current head of a branch
 * 3f2a:head  :head  head:base        ranges start:end (history, offline --sql)
 * ```
 */

import { ResolutionError } from "./errors.js";

/** A parsed target. `branch` is the part before `@` (a branch label or a revision id), or `null`. */
export type Target =
  | { readonly kind: "base"; readonly branch: string | null }
  | { readonly kind: "head"; readonly branch: string | null }
  | { readonly kind: "heads"; readonly branch: string | null }
  | { readonly kind: "revision"; readonly branch: string | null; readonly id: string }
  /** `from` is `null` for a step relative to the current heads (`+1`, `label@-2`). */
  | { readonly kind: "relative"; readonly branch: string | null; readonly from: string | null; readonly steps: number };

/** `<symbol>+N` / `<symbol>-N` / `+N` / `-N` (a revision id never holds `+` or `-`). */
const RELATIVE = /^([^+-]*)([+-])(\d+)$/;

/**
 * Parses a target such as `head`, `3f2a`, `billing@head`, `-1` or `3f2a+2`; throws `ResolutionError` for text
 * that is not one.
 *
 * ```ts
 * parseTarget("billing@-1"); // { kind: "relative", branch: "billing", from: null, steps: -1 }
 * ```
 */
export function parseTarget(text: string): Target {
  const target = text.trim();
  if (target.length === 0) {
    throw new ResolutionError("An empty revision target: give head, heads, base, a revision id or +N / -N.", text);
  }
  if (target.includes(":")) {
    throw new ResolutionError(
      `'${text}' is a range: ranges (a:b) are taken by history and by upgrade / downgrade with --sql only.`,
      text,
    );
  }
  const at = target.indexOf("@");
  const branch = at < 0 ? null : target.slice(0, at);
  const rest = at < 0 ? target : target.slice(at + 1);
  if (branch === "" || rest === "" || rest.includes("@")) {
    throw new ResolutionError(`'${text}' is not a target: use <branch>@<revision>, e.g. billing@head.`, text);
  }
  const relative = RELATIVE.exec(rest);
  if (relative) {
    const steps = Number(relative[3]) * (relative[2] === "-" ? -1 : 1);
    if (steps === 0) throw new ResolutionError(`'${text}' moves 0 steps: use +1 or more, or -1 or more.`, text);
    return { kind: "relative", branch, from: relative[1] === "" ? null : (relative[1] as string), steps };
  }
  if (rest.includes("+") || rest.includes("-")) {
    throw new ResolutionError(`'${text}' is not a target: a relative step is +N or -N, e.g. head-1 or +2.`, text);
  }
  if (rest === "base" || rest === "head" || rest === "heads") return { kind: rest, branch };
  return { kind: "revision", branch, id: rest };
}

/**
 * A range `start:end`; either side may be empty (`:head`, `3f2a:`). History and offline upgrades go from the
 * older `start` to the newer `end`; an offline downgrade from the newer `start` down to the older `end`.
 */
export interface RevisionRange {
  /** The first end, or `null` when empty. */
  readonly start: string | null;
  /** The second end, or `null` when empty. */
  readonly end: string | null;
}

/**
 * Parses `start:end` (either side may be empty); throws `ResolutionError` for text without exactly one `:`.
 *
 * ```ts
 * parseRange("3f2a:head"); // { start: "3f2a", end: "head" }
 * parseRange(":head");     // { start: null, end: "head" }
 * ```
 */
export function parseRange(text: string): RevisionRange {
  const parts = text.trim().split(":");
  if (parts.length !== 2) {
    throw new ResolutionError(`'${text}' is not a range: use <start>:<end>, <start>: or :<end>.`, text);
  }
  const [start, end] = parts.map((p) => p.trim()) as [string, string];
  return { start: start === "" ? null : start, end: end === "" ? null : end };
}
