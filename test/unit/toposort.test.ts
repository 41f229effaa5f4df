import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../src/errors/index.js";
import { CycleError, findCycles, toposort } from "../../src/util/toposort.js";

/** A dependency function from a map of node → the nodes it depends on. */
const graph =
  (edges: Record<string, string[]>) =>
  (n: string): string[] =>
    edges[n] ?? [];

describe("toposort", () => {
  it("puts every node after its dependencies", () => {
    const deps = graph({ tags: ["posts", "users"], posts: ["users"], comments: ["posts", "users"] });
    const order = toposort(["tags", "comments", "posts", "users"], deps);
    expect(order).toEqual(["users", "posts", "tags", "comments"]);
  });

  it("keeps the input order of independent nodes (stable)", () => {
    expect(toposort(["c", "a", "b"], graph({}))).toEqual(["c", "a", "b"]);
    // b must wait for d; everything else keeps its place.
    expect(toposort(["a", "b", "c", "d"], graph({ b: ["d"] }))).toEqual(["a", "c", "d", "b"]);
  });

  it("ignores dependencies outside the sorted set and repeated edges", () => {
    expect(toposort(["b", "a"], graph({ b: ["a", "a", "zzz"] }))).toEqual(["a", "b"]);
  });

  it("sorts an empty list and a single node", () => {
    expect(toposort([], graph({}))).toEqual([]);
    expect(toposort(["x"], graph({}))).toEqual(["x"]);
  });

  it("sorts objects by identity, naming them with `name`", () => {
    const a = { id: "a" };
    const b = { id: "b" };
    const deps = new Map([[a, [b]]]);
    expect(toposort([a, b], (n) => deps.get(n) ?? [])).toEqual([b, a]);
  });

  it("reports a cycle with the names of its nodes, in dependency order", () => {
    const deps = graph({ a: ["c"], b: ["a"], c: ["b"], d: ["a"] });
    const error = (() => {
      try {
        toposort(["a", "b", "c", "d"], deps, { name: (n) => `table ${n}` });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CycleError);
    expect(error).toBeInstanceOf(InvalidRequestError);
    const cycle = (error as CycleError<string>).cycle;
    expect([...cycle].sort()).toEqual(["a", "b", "c"]);
    // Each node depends on the one before it (and the first on the last).
    cycle.forEach((n, i) => expect(deps(n)).toContain(cycle[(i + cycle.length - 1) % cycle.length]));
    expect((error as Error).message).toMatch(/^Dependency cycle: table \w -> table \w -> table \w -> table \w \(/);
  });

  it("treats a node depending on itself as a cycle", () => {
    expect(() => toposort(["a"], graph({ a: ["a"] }))).toThrow("Dependency cycle: a -> a");
  });

  it("handles a long chain without recursion", () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => i);
    const order = toposort([...nodes].reverse(), (i) => (i > 0 ? [i - 1] : []));
    expect(order).toEqual(nodes);
  });
});

describe("findCycles", () => {
  it("finds each group of mutually dependent nodes, and self-loops", () => {
    const deps = graph({ a: ["b"], b: ["a"], c: ["a"], d: ["e"], e: ["f"], f: ["d"], g: ["g"], h: [] });
    expect(findCycles(["a", "b", "c", "d", "e", "f", "g", "h"], deps)).toEqual([["a", "b"], ["d", "e", "f"], ["g"]]);
  });

  it("finds nothing in an acyclic graph", () => {
    expect(findCycles(["a", "b", "c"], graph({ a: ["b"], b: ["c"] }))).toEqual([]);
  });

  it("lists a component's nodes in input order", () => {
    expect(findCycles(["z", "y", "x"], graph({ x: ["y"], y: ["z"], z: ["x"] }))).toEqual([["z", "y", "x"]]);
  });

  it("handles deep graphs without recursion", () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => i);
    const cycles = findCycles(nodes, (i) => [(i + 1) % n]);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
  });
});
