import { describe, expect, it } from "vitest";
import {
  planDowngrade,
  planStamp,
  planUpgrade,
  RevisionGraph,
  type MigrationPlan,
  type Revision,
} from "../../src/migrate/index.js";

/** A small deterministic PRNG (mulberry32), so that a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random graph: several roots, branches, merges and dependsOn edges, each pointing at earlier revisions. */
function randomGraph(rnd: () => number, size: number): RevisionGraph {
  const revisions: Revision[] = [];
  const pick = (below: number) => `r${Math.floor(rnd() * below)}`;
  for (let i = 0; i < size; i++) {
    const roll = rnd();
    const parents = i === 0 || roll < 0.12 ? [] : roll < 0.3 && i > 1 ? [...new Set([pick(i), pick(i)])] : [pick(i)];
    const dep = i > 1 && rnd() < 0.2 ? pick(i) : null;
    revisions.push({
      revision: `r${i}`,
      downRevision: parents,
      dependsOn: dep !== null && !parents.includes(dep) ? dep : null,
    });
  }
  return RevisionGraph.from(revisions);
}

/** The applied revisions no other applied revision comes after: what the version table must hold. */
function maximal(graph: RevisionGraph, applied: ReadonlySet<string>): string[] {
  return [...applied].filter((id) => ![...graph.descendants([id])].some((d) => d !== id && applied.has(d))).sort();
}

/** Replays `plan` on `applied`, checking each step's order and that the table always holds the maximal ones. */
function replay(graph: RevisionGraph, plan: MigrationPlan, applied: Set<string>, seen: Set<string>): void {
  expect([...plan.headsBefore].sort()).toEqual(maximal(graph, applied));
  for (const step of plan.steps) {
    seen.add(`${step.kind} ${step.change.kind}`);
    if (step.kind === "upgrade") {
      const r = step.revision!;
      expect(applied.has(r.id)).toBe(false);
      for (const p of [...r.downRevisions, ...r.dependsOn]) expect(applied.has(p), `${r.id} needs ${p}`).toBe(true);
      applied.add(r.id);
    } else if (step.kind === "downgrade") {
      const r = step.revision!;
      expect(maximal(graph, applied)).toContain(r.id);
      applied.delete(r.id);
    } else {
      applied.clear();
      for (const id of graph.ancestors(step.headsAfter)) applied.add(id);
    }
    expect([...step.headsAfter].sort()).toEqual(maximal(graph, applied));
  }
}

describe("plans keep the version table true on random graphs", () => {
  it("after every upgrade, downgrade and stamp step, the table holds exactly the applied heads", () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 150; seed++) {
      const rnd = random(seed);
      const graph = randomGraph(rnd, 4 + Math.floor(rnd() * 12));
      const ids = graph.revisions.map((r) => r.id);
      const applied = new Set<string>();
      let heads: readonly string[] = [];
      for (let move = 0; move < 12; move++) {
        const roll = rnd();
        const target =
          rnd() < 0.15 ? (rnd() < 0.5 ? "heads" : "base") : (ids[Math.floor(rnd() * ids.length)] as string);
        let plan: MigrationPlan;
        if (roll < 0.5) {
          plan = planUpgrade(graph, heads, target);
          const wanted = target === "base" ? [] : graph.ancestors(graph.resolve(target).map((r) => r.id));
          replay(graph, plan, applied, seen);
          for (const id of wanted) expect(applied.has(id)).toBe(true);
        } else if (roll < 0.85) {
          // Downgrade targets must be applied (else a RangeNotAncestorError, tested elsewhere).
          if (target === "heads" || (target !== "base" && !graph.ancestors(heads).has(target))) continue;
          plan = planDowngrade(graph, heads, target);
          replay(graph, plan, applied, seen);
          if (target === "base") expect(applied.size).toBe(0);
          else {
            // The target stays, and nothing on its line above it does.
            expect(applied.has(target)).toBe(true);
            for (const c of graph.require(target).children) expect(applied.has(c)).toBe(false);
          }
        } else {
          plan = planStamp(graph, heads, target);
          replay(graph, plan, applied, seen);
          for (const r of graph.resolve(target)) expect(applied.has(r.id)).toBe(true);
        }
        heads = plan.headsAfter;
      }
    }
    // The random graphs reached every kind of version-table change.
    expect([...seen].sort()).toEqual([
      "downgrade delete",
      "downgrade split",
      "downgrade update",
      "stamp delete",
      "stamp insert",
      "stamp merge",
      "stamp update",
      "upgrade insert",
      "upgrade merge",
      "upgrade update",
    ]);
  });
});
