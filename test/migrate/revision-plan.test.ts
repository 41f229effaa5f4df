import { describe, expect, it } from "vitest";
import {
  planDowngrade,
  planRange,
  planStamp,
  planUpgrade,
  RangeNotAncestorError,
  RelativeRevisionError,
  ResolutionError,
  RevisionGraph,
  type MigrationPlan,
} from "../../src/migrate/index.js";
import { rev, steps, thrown } from "./revision-fixtures.js";

/** The plan, after checking that each step starts where the previous one ended. */
function checked(plan: MigrationPlan): MigrationPlan {
  let heads = plan.headsBefore;
  for (const s of plan.steps) {
    expect(s.headsBefore).toEqual(heads);
    heads = s.headsAfter;
  }
  expect(plan.headsAfter).toEqual(heads);
  return plan;
}
const up = (g: RevisionGraph, current: string[], target: string) => steps(checked(planUpgrade(g, current, target)));
const down = (g: RevisionGraph, current: string[], target: string) => steps(checked(planDowngrade(g, current, target)));
const stamp = (g: RevisionGraph, current: string[], target: string) => steps(checked(planStamp(g, current, target)));

describe("a linear chain", () => {
  const g = RevisionGraph.from([rev("a", null), rev("b", "a"), rev("c", "b")]);

  it("upgrades from an empty table: insert the first row, then update it", () => {
    const plan = checked(planUpgrade(g, [], "head"));
    expect(plan.kind).toBe("upgrade");
    expect(plan.target).toBe("head");
    expect(plan.headsBefore).toEqual([]);
    expect(plan.headsAfter).toEqual(["c"]);
    expect(steps(plan)).toEqual([
      ["upgrade", "a", { kind: "insert", revision: "a" }, ["a"]],
      ["upgrade", "b", { kind: "update", from: "a", to: "b" }, ["b"]],
      ["upgrade", "c", { kind: "update", from: "b", to: "c" }, ["c"]],
    ]);
    expect(Object.isFrozen(plan) && Object.isFrozen(plan.steps) && Object.isFrozen(plan.steps[0])).toBe(true);
  });

  it("upgrades by a relative step and to a partial id", () => {
    expect(up(g, ["a"], "+1")).toEqual([["upgrade", "b", { kind: "update", from: "a", to: "b" }, ["b"]]]);
    expect(up(g, [], "+2").map((s) => (s as unknown[])[1])).toEqual(["a", "b"]);
    expect(up(g, ["a"], "heads").map((s) => (s as unknown[])[1])).toEqual(["b", "c"]);
  });

  it("an upgrade to an applied revision is a no-op; -N is refused", () => {
    expect(up(g, ["c"], "b")).toEqual([]);
    expect(up(g, ["c"], "head")).toEqual([]);
    expect(up(g, [], "base")).toEqual([]);
    const e = thrown(() => planUpgrade(g, ["c"], "-1"));
    expect(e).toBeInstanceOf(RelativeRevisionError);
    expect(e.message).toBe("An upgrade cannot go down: '-1'. Use downgrade -1, or a +N target.");
  });

  it("downgrades one step, and to base (the last row deleted)", () => {
    expect(down(g, ["c"], "-1")).toEqual([["downgrade", "c", { kind: "update", from: "c", to: "b" }, ["b"]]]);
    expect(down(g, ["c"], "base")).toEqual([
      ["downgrade", "c", { kind: "update", from: "c", to: "b" }, ["b"]],
      ["downgrade", "b", { kind: "update", from: "b", to: "a" }, ["a"]],
      ["downgrade", "a", { kind: "delete", revision: "a" }, []],
    ]);
    expect(down(g, ["c"], "a").length).toBe(2);
    expect(down(g, ["b"], "c-2")).toEqual([["downgrade", "b", { kind: "update", from: "b", to: "a" }, ["a"]]]);
  });

  it("a downgrade to the current head is a no-op; to an unapplied revision or by +N is an error", () => {
    expect(down(g, ["c"], "c")).toEqual([]);
    expect(down(g, [], "base")).toEqual([]);
    const e = thrown(() => planDowngrade(g, ["a"], "c"));
    expect(e).toBeInstanceOf(RangeNotAncestorError);
    expect(e.message).toContain(
      "Destination c (versions/c_m.ts) is not a valid downgrade target from the current heads (a): it is not applied.",
    );
    expect(() => planDowngrade(g, ["a"], "+1")).toThrow("A downgrade cannot go up: '+1'. Use upgrade +1");
  });

  it("stamps without running anything: insert, update up or down, delete", () => {
    expect(stamp(g, [], "head")).toEqual([["stamp", "c", { kind: "insert", revision: "c" }, ["c"]]]);
    expect(stamp(g, ["a"], "c")).toEqual([["stamp", "c", { kind: "update", from: "a", to: "c" }, ["c"]]]);
    expect(stamp(g, ["c"], "a")).toEqual([["stamp", "a", { kind: "update", from: "c", to: "a" }, ["a"]]]);
    expect(stamp(g, ["c"], "base")).toEqual([["stamp", null, { kind: "delete", revision: "c" }, []]]);
    expect(stamp(g, ["c"], "c")).toEqual([]);
    expect(stamp(g, ["b"], "-1")).toEqual([["stamp", "a", { kind: "update", from: "b", to: "a" }, ["a"]]]);
  });

  it("plans offline ranges: upgrade lower:upper, downgrade upper:lower", () => {
    expect(steps(planRange(g, "upgrade", "base:head"))).toEqual(steps(planUpgrade(g, [], "head")));
    expect(steps(planRange(g, "upgrade", ":head"))).toEqual(steps(planUpgrade(g, [], "head")));
    expect(steps(planRange(g, "upgrade", "a:c"))).toEqual(steps(planUpgrade(g, ["a"], "c")));
    expect(steps(planRange(g, "upgrade", "b:"))).toEqual([
      ["upgrade", "c", { kind: "update", from: "b", to: "c" }, ["c"]],
    ]);
    expect(steps(planRange(g, "downgrade", "c:a"))).toEqual(steps(planDowngrade(g, ["c"], "a")));
    expect(steps(planRange(g, "downgrade", "head:base"))).toEqual(steps(planDowngrade(g, ["c"], "base")));
    for (const range of [":a", "c:"]) {
      const e = thrown(() => planRange(g, "downgrade", range));
      expect(e).toBeInstanceOf(ResolutionError);
      expect(e.message).toContain(`An offline downgrade needs both ends: '${range}' lacks one`);
    }
  });

  it("refuses a version table naming an unknown revision", () => {
    expect(() => planUpgrade(g, ["zzzz"], "head")).toThrow(
      "No revision file declares revision 'zzzz' (found in the version table). Restore the file, or reset the " +
        "version table with `athanor stamp <revision> --purge`.",
    );
  });
});

describe("branches and a merge", () => {
  // a ─ b1 ─ b2 ─ m
  //  └─ c1 ─────┘
  const revisions = [
    rev("a", null),
    rev("b1", "a", { branchLabels: "bee" }),
    rev("b2", "b1"),
    rev("c1", "a", { branchLabels: "sea" }),
  ];
  const branched = RevisionGraph.from(revisions);
  const merged = RevisionGraph.from([...revisions, rev("m", ["b2", "c1"])]);

  it("upgrades every head one branch at a time; the second branch inserts its own row", () => {
    expect(up(branched, [], "heads")).toEqual([
      ["upgrade", "a", { kind: "insert", revision: "a" }, ["a"]],
      ["upgrade", "b1", { kind: "update", from: "a", to: "b1" }, ["b1"]],
      ["upgrade", "b2", { kind: "update", from: "b1", to: "b2" }, ["b2"]],
      ["upgrade", "c1", { kind: "insert", revision: "c1" }, ["b2", "c1"]],
    ]);
    expect(() => planUpgrade(branched, [], "head")).toThrow("there are multiple heads (b2, c1)");
  });

  it("upgrades one branch, then the other", () => {
    expect(up(branched, ["a"], "sea@head")).toEqual([
      ["upgrade", "c1", { kind: "update", from: "a", to: "c1" }, ["c1"]],
    ]);
    expect(up(branched, ["c1"], "bee@head")).toEqual([
      ["upgrade", "b1", { kind: "insert", revision: "b1" }, ["c1", "b1"]],
      ["upgrade", "b2", { kind: "update", from: "b1", to: "b2" }, ["c1", "b2"]],
    ]);
    expect(up(branched, ["c1"], "bee@+1")).toEqual([
      ["upgrade", "b1", { kind: "insert", revision: "b1" }, ["c1", "b1"]],
    ]);
  });

  it("merges two heads into one row, once", () => {
    expect(up(merged, ["b2", "c1"], "head")).toEqual([
      ["upgrade", "m", { kind: "merge", delete: ["c1"], from: "b2", to: "m" }, ["m"]],
    ]);
    // From nothing, the merge comes last and is applied once.
    const all = up(merged, [], "head");
    expect(all.map((s) => (s as unknown[])[1])).toEqual(["a", "b1", "b2", "c1", "m"]);
    expect(all[4]).toEqual(["upgrade", "m", { kind: "merge", delete: ["c1"], from: "b2", to: "m" }, ["m"]]);
  });

  it("downgrades the merge back to two heads", () => {
    expect(down(merged, ["m"], "b2")).toEqual([
      ["downgrade", "m", { kind: "split", from: "m", to: "b2", insert: ["c1"] }, ["b2", "c1"]],
    ]);
    expect(down(merged, ["m"], "c1")).toEqual([
      ["downgrade", "m", { kind: "split", from: "m", to: "b2", insert: ["c1"] }, ["b2", "c1"]],
    ]);
    // -1 from a merge cannot choose a parent.
    expect(() => planDowngrade(merged, ["m"], "-1")).toThrow("'-1' is ambiguous: m merges b2, c1");
  });

  it("downgrades below the branch point: both branches go, the branch point stays", () => {
    expect(down(merged, ["m"], "a")).toEqual([
      ["downgrade", "m", { kind: "split", from: "m", to: "b2", insert: ["c1"] }, ["b2", "c1"]],
      ["downgrade", "c1", { kind: "delete", revision: "c1" }, ["b2"]],
      ["downgrade", "b2", { kind: "update", from: "b2", to: "b1" }, ["b1"]],
      ["downgrade", "b1", { kind: "update", from: "b1", to: "a" }, ["a"]],
    ]);
    expect(down(branched, ["b1", "c1"], "base")).toEqual([
      ["downgrade", "c1", { kind: "delete", revision: "c1" }, ["b1"]],
      ["downgrade", "b1", { kind: "update", from: "b1", to: "a" }, ["a"]],
      ["downgrade", "a", { kind: "delete", revision: "a" }, []],
    ]);
  });

  it("downgrades one branch and leaves the other", () => {
    expect(down(branched, ["b2", "c1"], "b1")).toEqual([
      ["downgrade", "b2", { kind: "update", from: "b2", to: "b1" }, ["b1", "c1"]],
    ]);
    expect(down(branched, ["b2", "c1"], "bee@-1")).toEqual(down(branched, ["b2", "c1"], "b1"));
    // The last revision of a branch whose parent another head still needs: its row is deleted.
    expect(down(branched, ["b2", "c1"], "sea@-1")).toEqual([
      ["downgrade", "c1", { kind: "delete", revision: "c1" }, ["b2"]],
    ]);
    expect(down(branched, ["b2", "c1"], "sea@base")).toEqual(down(branched, ["b2", "c1"], "sea@-1"));
    expect(down(branched, ["b2", "c1"], "bee@base")).toEqual([
      ["downgrade", "b2", { kind: "update", from: "b2", to: "b1" }, ["b1", "c1"]],
      ["downgrade", "b1", { kind: "delete", revision: "b1" }, ["c1"]],
    ]);
    // Down to the branch point on one branch only: the other branch's revisions stay.
    expect(down(branched, ["b2", "c1"], "bee@a").map((s) => (s as unknown[])[1])).toEqual(["b2", "b1"]);
    expect(() => planDowngrade(branched, ["b2", "c1"], "-1")).toThrow(
      "'-1' is ambiguous: the database is at several heads (b2, c1). Name a branch (<label>@-N) or a revision (<rev>-N).",
    );
  });

  it("stamps branches and merges", () => {
    expect(stamp(branched, [], "heads")).toEqual([
      ["stamp", "b2", { kind: "insert", revision: "b2" }, ["b2"]],
      ["stamp", "c1", { kind: "insert", revision: "c1" }, ["b2", "c1"]],
    ]);
    // From the branch point: one branch takes its row, the other gets a new one.
    expect(stamp(branched, ["a"], "heads")).toEqual([
      ["stamp", "b2", { kind: "update", from: "a", to: "b2" }, ["b2"]],
      ["stamp", "c1", { kind: "insert", revision: "c1" }, ["b2", "c1"]],
    ]);
    expect(stamp(merged, ["b2", "c1"], "m")).toEqual([
      ["stamp", "m", { kind: "merge", delete: ["c1"], from: "b2", to: "m" }, ["m"]],
    ]);
    expect(stamp(merged, ["b1", "c1"], "a")).toEqual([
      ["stamp", "a", { kind: "merge", delete: ["c1"], from: "b1", to: "a" }, ["a"]],
    ]);
    expect(stamp(branched, ["b2", "c1"], "base")).toEqual([
      ["stamp", null, { kind: "delete", revision: "b2" }, ["c1"]],
      ["stamp", null, { kind: "delete", revision: "c1" }, []],
    ]);
    expect(stamp(branched, ["b2", "c1"], "sea@base")).toEqual([
      ["stamp", null, { kind: "delete", revision: "c1" }, ["b2"]],
    ]);
    expect(stamp(branched, ["b2", "c1"], "b1")).toEqual([
      ["stamp", "b1", { kind: "update", from: "b2", to: "b1" }, ["b1", "c1"]],
    ]);
    // Several destinations on one line: the lower one is implied by the upper one.
    expect(stamp(branched, [], "a")).toEqual([["stamp", "a", { kind: "insert", revision: "a" }, ["a"]]]);
  });
});

describe("dependsOn across branches", () => {
  // Two roots. app2 depends on the networking branch (label), app3 on n2.
  const revisions = [
    rev("app1", null),
    rev("app2", "app1", { dependsOn: "networking" }),
    rev("n1", null, { branchLabels: "networking" }),
    rev("n2", "n1"),
    rev("app3", "app2", { dependsOn: "n2" }),
  ];
  const g = RevisionGraph.from(revisions);
  const more = RevisionGraph.from([...revisions, rev("n3", "n2")]);

  it("an upgrade applies the dependencies first; the dependent takes over their rows", () => {
    expect(up(g, [], "app3")).toEqual([
      ["upgrade", "app1", { kind: "insert", revision: "app1" }, ["app1"]],
      ["upgrade", "n1", { kind: "insert", revision: "n1" }, ["app1", "n1"]],
      ["upgrade", "app2", { kind: "merge", delete: ["n1"], from: "app1", to: "app2" }, ["app2"]],
      ["upgrade", "n2", { kind: "insert", revision: "n2" }, ["app2", "n2"]],
      ["upgrade", "app3", { kind: "merge", delete: ["n2"], from: "app2", to: "app3" }, ["app3"]],
    ]);
    // `heads` leaves out a head another revision depends on; `head` sees two heads.
    expect(up(g, [], "heads")).toEqual(up(g, [], "app3"));
    expect(() => planUpgrade(g, [], "head")).toThrow("there are multiple heads (n2, app3)");
    expect(up(g, ["app3"], "heads")).toEqual([]);
  });

  it("a later revision on the depended-on branch gets its own row", () => {
    expect(up(more, ["app3"], "heads")).toEqual([
      ["upgrade", "n3", { kind: "insert", revision: "n3" }, ["app3", "n3"]],
    ]);
    expect(up(more, ["app3"], "networking@+1")).toEqual(up(more, ["app3"], "heads"));
  });

  it("a downgrade never leaves a revision whose dependency is gone", () => {
    // Unapplying n2 unapplies app3, which depends on it, first; n1 stays for app2.
    expect(down(g, ["app3"], "n1")).toEqual([
      ["downgrade", "app3", { kind: "split", from: "app3", to: "app2", insert: ["n2"] }, ["app2", "n2"]],
      ["downgrade", "n2", { kind: "delete", revision: "n2" }, ["app2"]],
    ]);
    // The whole networking branch goes, and app2 and app3 with it; each row change keeps the table true.
    expect(down(more, ["app3", "n3"], "networking@base")).toEqual([
      ["downgrade", "n3", { kind: "delete", revision: "n3" }, ["app3"]],
      ["downgrade", "app3", { kind: "split", from: "app3", to: "app2", insert: ["n2"] }, ["app2", "n2"]],
      ["downgrade", "n2", { kind: "delete", revision: "n2" }, ["app2"]],
      ["downgrade", "app2", { kind: "split", from: "app2", to: "app1", insert: ["n1"] }, ["app1", "n1"]],
      ["downgrade", "n1", { kind: "delete", revision: "n1" }, ["app1"]],
    ]);
  });

  it("label@-1 finds the branch's head when another head depends on it", () => {
    // n2 is not a row (app3 took it over) but is the networking branch's latest applied revision.
    expect(down(g, ["app3"], "networking@-1")).toEqual(down(g, ["app3"], "n1"));
  });

  it("a downgrade of the dependent leaves the dependency applied, as a head", () => {
    expect(down(g, ["app3"], "app2")).toEqual([
      ["downgrade", "app3", { kind: "split", from: "app3", to: "app2", insert: ["n2"] }, ["app2", "n2"]],
    ]);
  });
});
