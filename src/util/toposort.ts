/**
 * Topological sorting with dependency edges: tables by foreign key (DDL), rows and mappers by dependency
 * (the ORM's unit of work), revisions by parent (the migration graph).
 *
 * ```ts
 * const deps = new Map([["posts", ["users"]], ["users", []], ["tags", ["posts", "users"]]]);
 * toposort(["tags", "posts", "users"], (n) => deps.get(n) ?? []); // ["users", "posts", "tags"]
 * ```
 */

import { InvalidRequestError } from "../errors/index.js";

/** The nodes a node depends on (they sort before it). Dependencies outside the sorted set are ignored. */
export type DependsOn<T> = (node: T) => Iterable<T>;

/** Options of `toposort`. */
export interface ToposortOptions<T> {
  /** How a node is named in a cycle error (default `String(node)`). */
  readonly name?: (node: T) => string;
}

/** A dependency cycle: `cycle` lists its nodes in dependency order (each depends on the one before it). */
export class CycleError<T = unknown> extends InvalidRequestError {
  readonly cycle: readonly T[];

  constructor(cycle: readonly T[], name: (node: T) => string) {
    const names = cycle.map(name);
    super(`Dependency cycle: ${[...names, names[0] ?? ""].join(" -> ")} (each depends on the one before it)`);
    this.cycle = cycle;
  }
}

/** Index of every node, and each node's dependencies as indexes (deduplicated, outsiders dropped). */
function indexGraph<T>(nodes: readonly T[], dependsOn: DependsOn<T>): { deps: number[][]; index: Map<T, number> } {
  const index = new Map<T, number>();
  nodes.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i);
  });
  const deps = nodes.map((n) => {
    const out = new Set<number>();
    for (const d of dependsOn(n)) {
      const j = index.get(d);
      if (j !== undefined) out.add(j);
    }
    return [...out];
  });
  return { deps, index };
}

/** A binary min-heap of indexes: the ready node that came first in the input goes first (stable order). */
class MinHeap {
  readonly #items: number[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(value: number): void {
    const a = this.#items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as number) <= value) break;
      a[i] = a[parent] as number;
      i = parent;
    }
    a[i] = value;
  }

  pop(): number {
    const a = this.#items;
    const top = a[0] as number;
    const last = a.pop() as number;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && (a[r] as number) < (a[l] as number) ? r : l;
        if ((a[c] as number) >= last) break;
        a[i] = a[c] as number;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * Sorts `nodes` so that every node comes after the nodes it depends on. The sort is stable: among nodes
 * that are free to go, the one earlier in `nodes` goes first, so independent nodes keep their input
 * order. Throws `CycleError` naming the nodes of one cycle when there is no such order (a node depending
 * on itself is a cycle too; filter self-references out first when they are harmless).
 */
export function toposort<T>(nodes: readonly T[], dependsOn: DependsOn<T>, options: ToposortOptions<T> = {}): T[] {
  const { deps } = indexGraph(nodes, dependsOn);
  const waiting = deps.map((d) => d.length);
  const dependents: number[][] = nodes.map(() => []);
  deps.forEach((d, i) => d.forEach((j) => dependents[j]?.push(i)));
  const ready = new MinHeap();
  waiting.forEach((w, i) => {
    if (w === 0) ready.push(i);
  });
  const out: T[] = [];
  const done = new Array<boolean>(nodes.length).fill(false);
  while (ready.size > 0) {
    const i = ready.pop();
    done[i] = true;
    out.push(nodes[i] as T);
    for (const k of dependents[i] as number[]) {
      const left = (waiting[k] as number) - 1;
      waiting[k] = left;
      if (left === 0) ready.push(k);
    }
  }
  if (out.length < nodes.length) {
    const cycle = oneCycle(deps, done);
    throw new CycleError(
      cycle.map((i) => nodes[i] as T),
      options.name ?? String,
    );
  }
  return out;
}

/** One cycle among the nodes left unsorted (every one of them waits on another one left). */
function oneCycle(deps: readonly number[][], done: readonly boolean[]): number[] {
  const start = done.indexOf(false);
  // Walk dependencies until a node repeats: each unsorted node has an unsorted dependency.
  const seen = new Map<number, number>();
  const path: number[] = [];
  let i = start;
  while (!seen.has(i)) {
    seen.set(i, path.length);
    path.push(i);
    i = (deps[i] as number[]).find((j) => !done[j]) as number;
  }
  // path[seen(i)..] is the cycle, each depending on the next: reverse it to dependency order.
  return path.slice(seen.get(i)).reverse();
}

/**
 * The strongly connected components of the dependency graph with more than one node, or one node that
 * depends on itself: the groups of nodes that depend on each other in a cycle. Each component lists its
 * nodes in input order; components come in the order of their first node.
 */
export function findCycles<T>(nodes: readonly T[], dependsOn: DependsOn<T>): T[][] {
  const { deps } = indexGraph(nodes, dependsOn);
  // Tarjan's algorithm, iteratively (a deep dependency chain must not overflow the stack).
  const order = new Array<number>(nodes.length).fill(-1);
  const low = new Array<number>(nodes.length).fill(0);
  const onStack = new Array<boolean>(nodes.length).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < nodes.length; root++) {
    if (order[root] !== -1) continue;
    const frames: [node: number, next: number][] = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [number, number];
      const [v, next] = frame;
      const vDeps = deps[v] as number[];
      if (next < vDeps.length) {
        frame[1] = next + 1;
        const w = vDeps[next] as number;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          frames.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v] as number, order[w] as number);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[v] as number);
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (deps[v] as number[]).includes(v)) components.push(component.sort((a, b) => a - b));
      }
    }
  }
  components.sort((a, b) => (a[0] as number) - (b[0] as number));
  return components.map((c) => c.map((i) => nodes[i] as T));
}
