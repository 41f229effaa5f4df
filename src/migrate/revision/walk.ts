/** Reachability over revision ids: the ancestors or descendants of a set of revisions. */

/** Every id reachable from `starts` through `next`, the starts included; iterative (long chains are common). */
export function reachable(starts: Iterable<string>, next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo: string[] = [];
  for (const s of starts) {
    if (!seen.has(s)) {
      seen.add(s);
      todo.push(s);
    }
  }
  while (todo.length > 0) {
    for (const n of next(todo.pop() as string)) {
      if (!seen.has(n)) {
        seen.add(n);
        todo.push(n);
      }
    }
  }
  return seen;
}

/**
 * The ids of `members` in an order where each comes after its `before` ids that are members too, grouped
 * by branch: a depth-first walk from each tip (a member no other member lists in `before`), tips taken in
 * `members` order, so one branch is finished before the next starts. The graph is known to be acyclic.
 */
export function branchOrder(members: readonly string[], before: (id: string) => readonly string[]): string[] {
  const inSet = new Set(members);
  const notTip = new Set<string>();
  for (const m of members) for (const b of before(m)) if (inSet.has(b)) notTip.add(b);
  const out: string[] = [];
  const done = new Set<string>();
  for (const tip of members) {
    if (notTip.has(tip) || done.has(tip)) continue;
    // Iterative post-order: a frame is [id, index of the next `before` id to visit].
    const frames: [string, number][] = [[tip, 0]];
    done.add(tip);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [string, number];
      const deps = before(frame[0]);
      let pushed = false;
      while (frame[1] < deps.length) {
        const d = deps[frame[1]++] as string;
        if (inSet.has(d) && !done.has(d)) {
          done.add(d);
          frames.push([d, 0]);
          pushed = true;
          break;
        }
      }
      if (!pushed) {
        out.push(frame[0]);
        frames.pop();
      }
    }
  }
  return out;
}
