import { describe, expect, it } from "vitest";
import { AthanorError } from "../../src/errors/index.js";
import {
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  GraphRevision,
  InvalidRevisionError,
  MissingRevisionError,
  ResolutionError,
  RevisionCycleError,
  RevisionError,
  RevisionGraph,
} from "../../src/migrate/index.js";
import { CycleError } from "../../src/util/toposort.js";
import { ids, rev, thrown } from "./revision-fixtures.js";

describe("RevisionGraph: shape", () => {
  it("a linear chain has one base, one head, and keeps parents before children", () => {
    const g = RevisionGraph.from([rev("c3", "b2"), rev("a1", null), rev("b2", "a1")]);
    expect(ids(g.revisions)).toEqual(["a1", "b2", "c3"]);
    expect(g.heads).toEqual(["c3"]);
    expect(g.effectiveHeads).toEqual(["c3"]);
    expect(g.bases).toEqual(["a1"]);
    expect(g.size).toBe(3);
    expect(g.mergePoints).toEqual([]);
    expect(g.branchPoints).toEqual([]);
    const b2 = g.get("b2") as GraphRevision;
    expect(b2).toBeInstanceOf(GraphRevision);
    expect(b2.downRevisions).toEqual(["a1"]);
    expect(b2.children).toEqual(["c3"]);
    expect(b2.path).toBe("versions/b2_m.ts");
    expect(b2.message).toBe("rev b2");
    expect(b2.isHead || b2.isBase).toBe(false);
    expect(Object.isFrozen(b2)).toBe(true);
    expect(Object.isFrozen(b2.children)).toBe(true);
    expect(g.has("a1")).toBe(true);
    expect(g.get("a")).toBeUndefined();
  });

  it("an empty graph has no heads and no bases", () => {
    const g = RevisionGraph.from([]);
    expect([g.heads, g.bases, g.revisions]).toEqual([[], [], []]);
    expect(g.resolve("heads")).toEqual([]);
    expect(g.resolve("head")).toEqual([]);
  });

  it("branches give several heads; a merge point joins them", () => {
    const revs = [rev("a", null), rev("b", "a"), rev("c", "a"), rev("d", "c")];
    const g = RevisionGraph.from(revs);
    expect(g.heads).toEqual(["b", "d"]);
    expect(g.branchPoints).toEqual(["a"]);
    expect(g.get("a")?.isBranchPoint).toBe(true);
    const merged = RevisionGraph.from([...revs, rev("m", ["b", "d"])]);
    expect(merged.heads).toEqual(["m"]);
    expect(merged.mergePoints).toEqual(["m"]);
    expect(merged.get("m")?.isMergePoint).toBe(true);
    expect(merged.get("m")?.downRevisions).toEqual(["b", "d"]);
    expect(merged.get("b")?.children).toEqual(["m"]);
  });

  it("answers lineage questions and sorts ids in graph order", () => {
    const g = RevisionGraph.from([
      rev("a", null),
      rev("b", "a"),
      rev("c", "a"),
      rev("x", null),
      rev("d", "b", { dependsOn: "x" }),
    ]);
    expect(g.sharesLineage("a", "d")).toBe(true);
    expect(g.sharesLineage("d", "a")).toBe(true);
    expect(g.sharesLineage("b", "c")).toBe(false);
    expect(g.sharesLineage("x", "d")).toBe(true);
    expect(g.sharesLineage("x", "d", { dependencies: false })).toBe(false);
    expect(g.sorted(["d", "x", "a"])).toEqual(["a", "x", "d"]);
  });

  it("several roots give several bases", () => {
    const g = RevisionGraph.from([rev("a", null), rev("x", null), rev("y", "x")]);
    expect(g.bases).toEqual(["a", "x"]);
    expect(g.heads).toEqual(["a", "y"]);
  });

  it("dependsOn orders revisions across branches without merging them", () => {
    // Two roots: `net` (label networking) and `app`; app2 needs the networking branch's n2 first.
    const g = RevisionGraph.from([
      rev("app1", null),
      rev("app2", "app1", { dependsOn: "networking" }),
      rev("n1", null, { branchLabels: "networking" }),
      rev("n2", "n1"),
      rev("app3", "app2", { dependsOn: ["n2"] }),
    ]);
    // A dependency may be a label: it names the revision that declares it.
    expect(g.get("app2")?.dependsOn).toEqual(["n1"]);
    expect(g.get("app3")?.dependsOn).toEqual(["n2"]);
    // Dependencies come first in graph order.
    const order = ids(g.revisions);
    expect(order.indexOf("n1")).toBeLessThan(order.indexOf("app2"));
    expect(order.indexOf("n2")).toBeLessThan(order.indexOf("app3"));
    expect(g.get("n2")?.dependents).toEqual(["app3"]);
    // Dependencies do not make children: n2 is still a head, but not an effective head.
    expect(g.heads).toEqual(["n2", "app3"]);
    expect(g.effectiveHeads).toEqual(["app3"]);
    // Predecessors keep the dependencies no ancestor already has.
    expect(g.get("app2")?.predecessors).toEqual(["app1", "n1"]);
    expect(g.get("app3")?.predecessors).toEqual(["app2", "n2"]);
    expect([...g.ancestors(["app3"])].sort()).toEqual(["app1", "app2", "app3", "n1", "n2"]);
    expect([...g.ancestors(["app3"], { dependencies: false })].sort()).toEqual(["app1", "app2", "app3"]);
    expect([...g.descendants(["n1"])].sort()).toEqual(["app2", "app3", "n1", "n2"]);
    expect([...g.descendants(["n1"], { dependencies: false })].sort()).toEqual(["n1", "n2"]);
  });

  it("a dependency an ancestor already declared is not a predecessor again", () => {
    const g = RevisionGraph.from([
      rev("x", null),
      rev("a", null),
      rev("b", "a", { dependsOn: "x" }),
      rev("c", "b", { dependsOn: "x" }),
    ]);
    expect(g.get("b")?.predecessors).toEqual(["a", "x"]);
    expect(g.get("c")?.predecessors).toEqual(["b"]);
    expect(g.get("c")?.dependsOn).toEqual(["x"]);
  });

  it("accepts repeated ids in downRevision and dependsOn once", () => {
    const g = RevisionGraph.from([rev("a", null), rev("b", ["a", "a"], { dependsOn: ["a", "a"] })]);
    expect(g.get("b")?.downRevisions).toEqual(["a"]);
    expect(g.get("b")?.predecessors).toEqual(["a"]);
  });
});

describe("RevisionGraph: branch labels", () => {
  it("a label spreads to the descendants and down to the branch point", () => {
    // a ─ b ─ c(billing) ─ d ─ m
    //  └─ x ─ y ──────────────┘
    const g = RevisionGraph.from([
      rev("a", null),
      rev("b", "a"),
      rev("c", "b", { branchLabels: "billing" }),
      rev("d", "c"),
      rev("x", "a"),
      rev("y", "x", { branchLabels: ["shop", "store"] }),
      rev("m", ["d", "y"]),
    ]);
    expect(g.get("c")?.ownBranchLabels).toEqual(["billing"]);
    expect(g.get("b")?.branchLabels).toEqual(["billing"]);
    expect(g.get("d")?.branchLabels).toEqual(["billing"]);
    expect(g.get("d")?.ownBranchLabels).toEqual([]);
    // The branch point belongs to neither branch.
    expect(g.get("a")?.branchLabels).toEqual([]);
    expect(g.get("x")?.branchLabels).toEqual(["shop", "store"]);
    // A merge carries the labels of both branches.
    expect(g.get("m")?.branchLabels).toEqual(["billing", "shop", "store"]);
    expect([...g.branchLabels.keys()]).toEqual(["billing", "shop", "store"]);
    expect(g.branchLabels.get("store")?.id).toBe("y");
  });

  it("a label on a root covers its whole line", () => {
    const g = RevisionGraph.from([rev("n1", null, { branchLabels: "net" }), rev("n2", "n1"), rev("a1", null)]);
    expect(g.get("n2")?.branchLabels).toEqual(["net"]);
    expect(g.get("a1")?.branchLabels).toEqual([]);
  });

  it("a label stops spreading down at a merge point", () => {
    const g = RevisionGraph.from([
      rev("a", null),
      rev("b", null),
      rev("m", ["a", "b"]),
      rev("p", "m"),
      rev("q", "p", { branchLabels: "tip" }),
    ]);
    expect(ids(g.revisions.filter((r) => r.branchLabels.includes("tip")))).toEqual(["p", "q"]);
    expect(g.get("m")?.branchLabels).toEqual([]);
  });
});

describe("RevisionGraph: errors name the files", () => {
  it("two files with one id", () => {
    const e = thrown(() =>
      RevisionGraph.from([rev("a", null), { revision: "a", downRevision: null, path: "versions/a_again.ts" }]),
    );
    expect(e).toBeInstanceOf(DuplicateRevisionError);
    expect(e).toBeInstanceOf(RevisionError);
    expect(e).toBeInstanceOf(AthanorError);
    expect(e.message).toContain("Revision a is declared twice: by versions/a_m.ts and by versions/a_again.ts");
    expect((e as DuplicateRevisionError).paths).toEqual(["versions/a_m.ts", "versions/a_again.ts"]);
  });

  it("a missing parent", () => {
    const e = thrown(() => RevisionGraph.from([rev("a", null), rev("b", "zzz")]));
    expect(e).toBeInstanceOf(MissingRevisionError);
    expect(e.message).toContain("Revision b (versions/b_m.ts) has downRevision 'zzz', but no revision file declares");
    expect((e as MissingRevisionError).missing).toBe("zzz");
  });

  it("a missing dependency (neither an id nor a label)", () => {
    const e = thrown(() => RevisionGraph.from([rev("a", null), rev("b", "a", { dependsOn: ["a", "nope"] })]));
    expect(e).toBeInstanceOf(MissingRevisionError);
    expect(e.message).toContain("Revision b (versions/b_m.ts) depends on 'nope'");
  });

  it("a cycle through parents, with each file in it", () => {
    const e = thrown(() => RevisionGraph.from([rev("a", null), rev("b", "d"), rev("c", "b"), rev("d", "c")]));
    expect(e).toBeInstanceOf(RevisionCycleError);
    expect(e.cause).toBeInstanceOf(CycleError);
    expect([...(e as RevisionCycleError).revisions].sort()).toEqual(["b", "c", "d"]);
    expect(e.message).toMatch(/^Revisions form a cycle: /);
    for (const f of ["versions/b_m.ts", "versions/c_m.ts", "versions/d_m.ts"]) expect(e.message).toContain(f);
    expect(e.message).not.toContain("versions/a_m.ts");
  });

  it("a cycle through dependsOn, and a revision that is its own parent", () => {
    const viaDeps = thrown(() => RevisionGraph.from([rev("a", null, { dependsOn: "b" }), rev("b", "a")]));
    expect(viaDeps).toBeInstanceOf(RevisionCycleError);
    expect(viaDeps.message).toContain("a (versions/a_m.ts)");
    expect(viaDeps.message).toContain("b (versions/b_m.ts)");
    const self = thrown(() => RevisionGraph.from([rev("a", "a")]));
    expect(self).toBeInstanceOf(RevisionCycleError);
    expect(self.message).toContain("a (versions/a_m.ts) -> a (versions/a_m.ts)");
  });

  it("a branch label used twice, or equal to a revision id", () => {
    const twice = thrown(() =>
      RevisionGraph.from([rev("a", null, { branchLabels: "x" }), rev("b", null, { branchLabels: ["y", "x"] })]),
    );
    expect(twice).toBeInstanceOf(DuplicateBranchLabelError);
    expect(twice.message).toContain(
      "Branch label 'x' is declared by revision a (versions/a_m.ts) and again by b (versions/b_m.ts)",
    );
    const asId = thrown(() => RevisionGraph.from([rev("a", null), rev("b", "a", { branchLabels: "a" })]));
    expect(asId).toBeInstanceOf(DuplicateBranchLabelError);
    expect(asId.message).toContain("is also the id of revision a (versions/a_m.ts)");
  });

  it("ids and labels the target syntax cannot name", () => {
    const dash = thrown(() => RevisionGraph.from([rev("a-1", null)]));
    expect(dash).toBeInstanceOf(InvalidRevisionError);
    expect(dash.message).toContain("The revision id 'a-1' in versions/a-1_m.ts contains '-'");
    expect(thrown(() => RevisionGraph.from([rev("head", null)])).message).toContain("is a reserved word");
    expect(thrown(() => RevisionGraph.from([rev("a", null, { branchLabels: "x@y" })])).message).toContain(
      "The branch label 'x@y' in versions/a_m.ts contains '@'",
    );
    expect(thrown(() => RevisionGraph.from([rev("", null)]))).toBeInstanceOf(InvalidRevisionError);
  });

  it("require() names an id the version table holds but no file declares", () => {
    const g = RevisionGraph.from([rev("a", null)]);
    const e = thrown(() => g.require("gone"));
    expect(e).toBeInstanceOf(ResolutionError);
    expect(e.message).toContain("No revision file declares revision 'gone' (found in the version table)");
  });
});

describe("RevisionGraph.history", () => {
  const g = RevisionGraph.from([
    rev("a", null),
    rev("b", "a"),
    rev("c", "b"),
    rev("x", "a"),
    rev("m", ["c", "x"]),
    rev("n", "m"),
  ]);

  it("lists every revision newest first, one branch at a time", () => {
    expect(ids(g.history())).toEqual(["n", "m", "x", "c", "b", "a"]);
  });

  it("takes a:b ranges, lower end included, either end optional", () => {
    expect(ids(g.history("b:m"))).toEqual(["m", "c", "b"]);
    expect(ids(g.history(":b"))).toEqual(["b", "a"]);
    expect(ids(g.history("m:"))).toEqual(["n", "m"]);
    expect(ids(g.history("base:heads"))).toEqual(ids(g.history()));
    expect(ids(g.history("c:c"))).toEqual(["c"]);
  });

  it("refuses a range whose lower end is not below the upper end", () => {
    expect(() => g.history("m:b")).toThrow("Range m:b: revision m is not an ancestor of b");
    expect(() => g.history("a-b")).toThrow("'a-b' is not a range");
  });
});
