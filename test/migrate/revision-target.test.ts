import { describe, expect, it } from "vitest";
import {
  AmbiguousRevisionError,
  MultipleHeadsError,
  parseRange,
  parseTarget,
  RelativeRevisionError,
  ResolutionError,
  RevisionError,
  RevisionGraph,
} from "../../src/migrate/index.js";
import { ids, rev, thrown } from "./revision-fixtures.js";

// r1 ─ r2 ─ r3 ─ f4 (feat) ─ f5
//            └── g4 (gui) ── g5
const R1 = "ae1000000001";
const R2 = "ae1000000002";
const R3 = "b30000000003";
const F4 = "dddd00000004";
const F5 = "f50000000005";
const G4 = "dddd11111114";
const G5 = "c50000000005";
const graph = RevisionGraph.from([
  rev(R1, null),
  rev(R2, R1),
  rev(R3, R2),
  rev(F4, R3, { branchLabels: "feat" }),
  rev(F5, F4),
  rev(G4, R3, { branchLabels: "gui" }),
  rev(G5, G4),
]);
const resolve = (target: string, current?: string[]) =>
  ids(current === undefined ? graph.resolve(target) : graph.resolve(target, { current }));

describe("parseTarget", () => {
  it("reads every target form", () => {
    expect(parseTarget("head")).toEqual({ kind: "head", branch: null });
    expect(parseTarget(" heads ")).toEqual({ kind: "heads", branch: null });
    expect(parseTarget("base")).toEqual({ kind: "base", branch: null });
    expect(parseTarget("3f2a")).toEqual({ kind: "revision", branch: null, id: "3f2a" });
    expect(parseTarget("feat@head")).toEqual({ kind: "head", branch: "feat" });
    expect(parseTarget("feat@base")).toEqual({ kind: "base", branch: "feat" });
    expect(parseTarget("3f2a@heads")).toEqual({ kind: "heads", branch: "3f2a" });
    expect(parseTarget("feat@3f2a")).toEqual({ kind: "revision", branch: "feat", id: "3f2a" });
    expect(parseTarget("+2")).toEqual({ kind: "relative", branch: null, from: null, steps: 2 });
    expect(parseTarget("-1")).toEqual({ kind: "relative", branch: null, from: null, steps: -1 });
    expect(parseTarget("feat@-10")).toEqual({ kind: "relative", branch: "feat", from: null, steps: -10 });
    expect(parseTarget("3f2a+2")).toEqual({ kind: "relative", branch: null, from: "3f2a", steps: 2 });
    expect(parseTarget("feat@head-1")).toEqual({ kind: "relative", branch: "feat", from: "head", steps: -1 });
  });

  it("refuses text that is not a target, saying what would be", () => {
    for (const [text, message] of [
      ["", "An empty revision target"],
      ["a:b", "'a:b' is a range: ranges (a:b) are taken by history and by upgrade / downgrade with --sql only"],
      ["@head", "'@head' is not a target: use <branch>@<revision>"],
      ["feat@", "'feat@' is not a target"],
      ["a@b@c", "'a@b@c' is not a target"],
      ["+0", "'+0' moves 0 steps"],
      ["a+b", "'a+b' is not a target: a relative step is +N or -N"],
      ["head-1-1", "'head-1-1' is not a target"],
    ] as const) {
      const e = thrown(() => parseTarget(text));
      expect(e).toBeInstanceOf(ResolutionError);
      expect(e.message).toContain(message);
    }
  });
});

describe("parseRange", () => {
  it("reads a:b, a: and :b", () => {
    expect(parseRange("3f2a:head")).toEqual({ start: "3f2a", end: "head" });
    expect(parseRange(":head")).toEqual({ start: null, end: "head" });
    expect(parseRange("head:base")).toEqual({ start: "head", end: "base" });
    expect(parseRange("3f2a:")).toEqual({ start: "3f2a", end: null });
    expect(parseRange(":")).toEqual({ start: null, end: null });
  });

  it("refuses text without exactly one colon", () => {
    expect(() => parseRange("head")).toThrow(ResolutionError);
    expect(() => parseRange("a:b:c")).toThrow("'a:b:c' is not a range: use <start>:<end>");
  });
});

describe("resolving targets", () => {
  it("head, heads and base", () => {
    expect(resolve("heads")).toEqual([F5, G5]);
    expect(resolve("base")).toEqual([]);
    expect(graph.resolveOne("base")).toBeNull();
    const linear = RevisionGraph.from([rev("a", null), rev("b", "a")]);
    expect(ids(linear.resolve("head"))).toEqual(["b"]);
    expect(linear.resolveOne("head")?.id).toBe("b");
  });

  it("head with several heads: name one or use heads", () => {
    const e = thrown(() => graph.resolve("head"));
    expect(e).toBeInstanceOf(MultipleHeadsError);
    expect(e.message).toBe(
      `'head' is ambiguous: there are multiple heads (${F5}, ${G5}). Name one of them, use '<label>@head' for the ` +
        "head of one branch, or use 'heads' for all of them.",
    );
    expect((e as MultipleHeadsError).heads).toEqual([F5, G5]);
    expect(() => graph.resolveOne("heads")).toThrow(`'heads' names several revisions (${F5}, ${G5})`);
  });

  it("full ids, partial ids of 4 characters or more, and branch labels", () => {
    expect(resolve(R3)).toEqual([R3]);
    expect(resolve("b300")).toEqual([R3]);
    expect(resolve("f5000")).toEqual([F5]);
    expect(resolve("feat")).toEqual([F4]);
    expect(resolve("gui")).toEqual([G4]);
  });

  it("an ambiguous prefix lists every match with its file", () => {
    const e = thrown(() => graph.resolve("ae10"));
    expect(e).toBeInstanceOf(AmbiguousRevisionError);
    expect(e).toBeInstanceOf(ResolutionError);
    expect(e.message).toBe(
      `'ae10' is the start of several revision ids: ${R1} (versions/${R1}_m.ts), ${R2} (versions/${R2}_m.ts). ` +
        "Give more characters.",
    );
    expect((e as AmbiguousRevisionError).matches).toEqual([R1, R2]);
  });

  it("refuses a prefix under 4 characters, and names what was not found", () => {
    const short = thrown(() => graph.resolve("ae1"));
    expect(short).toBeInstanceOf(ResolutionError);
    expect(short.message).toBe("No revision or branch label 'ae1'; a partial revision id needs at least 4 characters.");
    expect((short as ResolutionError).argument).toBe("ae1");
    expect(() => graph.resolve("9999")).toThrow("No revision, branch label or revision id starting with '9999'.");
    // An exact id shorter than 4 characters still resolves.
    expect(ids(RevisionGraph.from([rev("ab", null)]).resolve("ab"))).toEqual(["ab"]);
  });

  it("label@head, label@heads, label@base and <rev>@head", () => {
    expect(resolve("feat@head")).toEqual([F5]);
    expect(resolve("gui@head")).toEqual([G5]);
    expect(resolve("feat@heads")).toEqual([F5]);
    expect(resolve("feat@base")).toEqual([]);
    expect(resolve(`${F4}@head`)).toEqual([F5]);
    expect(resolve("dddd1@head")).toEqual([G5]);
    // r3 is below both branches: its head is ambiguous.
    const e = thrown(() => graph.resolve("b300@head"));
    expect(e).toBeInstanceOf(MultipleHeadsError);
    expect(e.message).toContain("use 'b300@heads' for all of them");
    expect(resolve("b300@heads")).toEqual([F5, G5]);
  });

  it("label@<rev>: the revision must be on the branch; a prefix is looked up on the branch only", () => {
    expect(resolve("feat@f500")).toEqual([F5]);
    expect(resolve(`feat@${R1}`)).toEqual([R1]);
    expect(resolve("feat@dddd")).toEqual([F4]);
    expect(resolve("gui@dddd")).toEqual([G4]);
    expect(() => graph.resolve("dddd")).toThrow(AmbiguousRevisionError);
    expect(() => graph.resolve(`gui@${F5}`)).toThrow(
      `Revision ${F5} (versions/${F5}_m.ts) is not on branch 'gui' (in 'gui@${F5}').`,
    );
    expect(() => graph.resolve("gui@f5000")).toThrow(
      "No revision, branch label or revision id starting with 'f5000' on branch 'gui' (in 'gui@f5000').",
    );
    expect(() => graph.resolve("nope@head")).toThrow(
      "No branch 'nope' (in 'nope@head'): it is neither a branch label nor a revision id. Branch labels: feat, gui.",
    );
  });

  it("<rev>+N and <rev>-N walk from a revision", () => {
    expect(resolve(`${R1}+2`)).toEqual([R3]);
    expect(resolve("f500-2")).toEqual([R3]);
    expect(resolve(`${R2}-1`)).toEqual([R1]);
    expect(resolve(`${R2}-2`)).toEqual([]);
    expect(resolve("base+1")).toEqual([R1]);
    expect(resolve("feat@b300+1")).toEqual([F4]);
    expect(resolve("gui@b300+2")).toEqual([G5]);
    expect(resolve("feat@head-1")).toEqual([F4]);
    expect(resolve("feat@f500-3")).toEqual([R2]);
  });

  it("+N and -N walk from the current heads", () => {
    expect(resolve("+1", [R2])).toEqual([R3]);
    expect(resolve("+1", [])).toEqual([R1]);
    expect(resolve("+3", [])).toEqual([R3]);
    expect(resolve("-1", [R2])).toEqual([R1]);
    expect(resolve("-2", [R2])).toEqual([]);
    expect(resolve("feat@+2", [R2])).toEqual([F4]);
    expect(resolve("gui@+3", [R2])).toEqual([G5]);
    expect(resolve("feat@-1", [F5, G5])).toEqual([F4]);
    expect(resolve("gui@-2", [F5, G5])).toEqual([R3]);
    // The branch's head is not current yet: walk on from its last applied revision.
    expect(resolve("gui@+1", [F5])).toEqual([G4]);
  });

  it("relative targets that cannot be walked say why", () => {
    const cases: [string, string[] | undefined, string][] = [
      [`${R3}+1`, undefined, `'${R3}+1' is ambiguous: ${R3} is followed by ${F4}, ${G4}. Name the branch`],
      ["+2", [R2], `'+2' is ambiguous: ${R3} is followed by ${F4}, ${G4}`],
      ["f500+1", undefined, `'f500+1' walks past the last revision: nothing comes after ${F5} (after 0 of 1 steps).`],
      ["feat@+4", [R2], `'feat@+4' walks past the last revision: nothing comes after ${F5} on branch 'feat'`],
      ["-3", [R2], "'-3' walks below base: there are only 2 revisions below the start."],
      ["+1", [F5, G5], `'+1' is ambiguous: the database is at several heads (${F5}, ${G5}). Name a branch`],
      ["-1", [F5, G5], `'-1' is ambiguous: the database is at several heads (${F5}, ${G5}). Name a branch`],
      ["-1", [], "'-1': nothing is applied, so there is nothing to go down from."],
      ["gui@-1", [F5], "'gui@-1': nothing on branch 'gui' is applied"],
      // r2 is below gui's first revision, but does not belong to the branch: gui@-1 must not unapply it.
      ["gui@-1", [R2], "'gui@-1': nothing on branch 'gui' is applied"],
    ];
    for (const [target, current, message] of cases) {
      const e = thrown(() => resolve(target, current));
      expect(e, target).toBeInstanceOf(RelativeRevisionError);
      expect(e.message).toContain(message);
    }
    const merged = RevisionGraph.from([rev("a", null), rev("b", null), rev("m", ["a", "b"])]);
    expect(() => merged.resolve("m-1")).toThrow(
      "'m-1' is ambiguous: m merges a, b. Name the revision to go to (downgrading to a unapplies m and leaves a and b " +
        "as heads).",
    );
    expect(() => graph.resolve("head-1")).toThrow(MultipleHeadsError);
  });

  it("a step relative to the current heads needs them", () => {
    const e = thrown(() => graph.resolve("+1"));
    expect(e).toBeInstanceOf(RevisionError);
    expect(e.message).toBe("'+1' is relative to the current heads, which are not known here.");
  });

  it("checks the current heads it is given", () => {
    expect(() => graph.resolve("+1", { current: ["zzzz"] })).toThrow(
      "No revision file declares revision 'zzzz' (found in the version table)",
    );
    expect(() => graph.resolve("+1", { current: [R1, R3] })).toThrow(
      `The version table holds both ${R1} and ${R3}, but ${R1} is an ancestor of ${R3}: it should hold heads only.`,
    );
    // Repeated rows count once.
    expect(resolve("+1", [R2, R2])).toEqual([R3]);
  });
});
