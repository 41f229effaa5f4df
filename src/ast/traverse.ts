/**
 * The one visitor and the one transformer over nodes, both driven by the field table (`NODE_FIELDS`), and
 * `withChanges`, the one way to derive a node from another.
 *
 * ```ts
 * // Every table a statement's FROM clauses and subqueries mention:
 * const tables: TableNode[] = [];
 * visit(stmt, (n) => void (n.kind === "table" && tables.push(n)));
 * // The same statement against an alias of `users` (its columns re-pointed too):
 * const aliased = transform(stmt, (n) => (n === usersNode ? usersAlias : undefined));
 * ```
 */

import { node } from "./expression-nodes.js";
import { NodeMemo } from "./from-nodes.js";
import { type FieldSpec, fieldsOf, type Node, type NodeKind, NODE_FIELDS } from "./fields.js";

/**
 * A copy of `n` with `patch` applied: frozen, and with fresh memoised state (so the copy never reuses the
 * original's cache key). Derive nodes only through it.
 *
 * ```ts
 * withChanges(selectNode, { limit: bind(10, Integer()).node }); // … LIMIT ?
 * ```
 */
export function withChanges<N extends Node>(n: N, patch: Partial<Omit<N, "kind" | "memo">>): N {
  const copy = { ...n, ...patch } as N & { memo?: NodeMemo };
  if (copy.memo !== undefined) copy.memo = new NodeMemo();
  return node(copy);
}

/** How a field contains nodes, as a small integer for the visitor's switch. */
const CHILD = 0;
const CHILDREN = 1;
const ROWS = 2;
const PAIRS = 3;
const WHENS = 4;
const CONTAINER_CODES: Readonly<Record<string, number>> = {
  child: CHILD,
  children: CHILDREN,
  rows: ROWS,
  pairs: PAIRS,
  whens: WHENS,
};

/**
 * Per kind, the fields that contain nodes as one flat array `[name, code, name, code, …]`, in an object
 * without a prototype (the visitor runs on every statement the builders make: this is its fastest form).
 */
const childPlans: Record<string, readonly (string | number)[]> = Object.create(null) as Record<
  string,
  readonly (string | number)[]
>;
const childFields = new Map<string, readonly FieldSpec[]>();
const rebuildFields = new Map<string, readonly FieldSpec[]>();
for (const kind of Object.keys(NODE_FIELDS) as NodeKind[]) {
  const fields = fieldsOf(kind);
  const children = fields.filter((f) => f.role in CONTAINER_CODES);
  childFields.set(kind, children);
  childPlans[kind] = children.flatMap((f) => [f.name, CONTAINER_CODES[f.role] as number]);
  rebuildFields.set(
    kind,
    fields.filter((f) => f.role in CONTAINER_CODES || f.role === "ref" || f.role === "refs"),
  );
}

type Fields = Readonly<Record<string, unknown>>;

/**
 * Calls `fn` with each node `n` contains, in field order: children, lists, rows, SET values, CASE arms.
 * Not the FROM items a column merely refers to (`ref` fields), nor a table's definition (`meta`).
 */
export function forEachChild(n: Node, fn: (child: Node) => void): void {
  for (const f of childFields.get(n.kind) as readonly FieldSpec[]) {
    const v = (n as unknown as Fields)[f.name];
    if (v === undefined) continue;
    switch (f.role) {
      case "child":
        fn(v as Node);
        break;
      case "children":
        for (const c of v as readonly Node[]) fn(c);
        break;
      case "rows":
        for (const row of v as readonly (readonly Node[])[]) for (const c of row) fn(c);
        break;
      case "pairs":
        for (const [, c] of v as readonly (readonly [string, Node])[]) fn(c);
        break;
      case "whens":
        for (const [w, t] of v as readonly (readonly [Node, Node])[]) {
          fn(w);
          fn(t);
        }
        break;
    }
  }
}

/**
 * Walks `root` and everything it contains, depth first, parents before children. `enter` returning
 * `false` skips the node's children (e.g. to stay out of subqueries). `context` is passed to `enter`
 * (lets a hot caller use one module-level function instead of a closure per call).
 *
 * ```ts
 * visit(whereNode, (n) => (n.kind === "scalarSubquery" ? false : void found.push(n)));
 * ```
 */
export function visit<C = undefined>(root: Node, enter: (n: Node, context: C) => boolean | void, context?: C): void {
  if (enter(root, context as C) === false) return;
  // forEachChild, inlined: the builders run this on every statement they build (no closure per node).
  const plan = childPlans[root.kind] as readonly (string | number)[];
  for (let i = 0; i < plan.length; i += 2) {
    const v = (root as unknown as Fields)[plan[i] as string];
    if (v === undefined) continue;
    switch (plan[i + 1]) {
      case CHILD:
        visit(v as Node, enter, context);
        break;
      case CHILDREN:
        for (const c of v as readonly Node[]) visit(c, enter, context);
        break;
      case ROWS:
        for (const row of v as readonly (readonly Node[])[]) for (const c of row) visit(c, enter, context);
        break;
      case PAIRS:
        for (const [, c] of v as readonly (readonly [string, Node])[]) visit(c, enter, context);
        break;
      case WHENS:
        for (const [w, t] of v as readonly (readonly [Node, Node])[]) {
          visit(w, enter, context);
          visit(t, enter, context);
        }
        break;
    }
  }
}

/**
 * Rebuilds `root` with `replace(n)` substituted for every node `n` for which it returns a node (the
 * substitute is used as is, not descended into); nodes it returns undefined for are rebuilt from their
 * transformed children. Unchanged subtrees keep their identity; rebuilt nodes are new (fresh cache key).
 * A node met twice (a table in FROM and as its columns' `from`) is transformed once, so every reference
 * to it agrees: replacing a table by an alias re-points the table's columns as well (SQLAlchemy's
 * `ClauseAdapter`). The substitute must fit where the node was (a FROM item for a FROM item…).
 *
 * ```ts
 * const u = users.alias("u");
 * transform(select(users.c.name).where(users.c.id.eq(1)).toSelectNode(), (n) => (n === users.node ? u.node : undefined));
 * // SELECT "u"."name" FROM "users" AS "u" WHERE "u"."id" = ?
 * ```
 */
export function transform<N extends Node>(root: N, replace: (n: Node) => Node | undefined): N {
  const done = new Map<Node, Node>();
  const go = (n: Node): Node => {
    let out = done.get(n);
    if (out === undefined) {
      out = replace(n) ?? rebuild(n, go);
      done.set(n, out);
    }
    return out;
  };
  return go(root) as N;
}

/** `items` mapped by `fn`: the same array when nothing changed. */
function mapList<T>(items: readonly T[], fn: (item: T) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    const mapped = fn(item);
    if (mapped !== item && out === undefined) out = items.slice(0, i);
    if (out !== undefined) out.push(mapped);
  }
  return out === undefined ? items : Object.freeze(out);
}

function rebuild(n: Node, go: (n: Node) => Node): Node {
  let patch: Record<string, unknown> | undefined;
  for (const f of rebuildFields.get(n.kind) as readonly FieldSpec[]) {
    const v = (n as unknown as Fields)[f.name];
    if (v === undefined) continue;
    let next: unknown;
    switch (f.role) {
      case "child":
      case "ref":
        next = go(v as Node);
        break;
      case "children":
      case "refs":
        next = mapList(v as readonly Node[], go);
        break;
      case "rows":
        next = mapList(v as readonly (readonly Node[])[], (row) => mapList(row, go));
        break;
      case "pairs":
        next = mapList(v as readonly (readonly [string, Node])[], (p) => {
          const c = go(p[1]);
          return c === p[1] ? p : Object.freeze([p[0], c] as const);
        });
        break;
      case "whens":
        next = mapList(v as readonly (readonly [Node, Node])[], (p) => {
          const w = go(p[0]);
          const t = go(p[1]);
          return w === p[0] && t === p[1] ? p : Object.freeze([w, t] as const);
        });
        break;
    }
    if (next !== v) (patch ??= {})[f.name] = next;
  }
  return patch === undefined ? n : withChanges(n, patch as Partial<Omit<Node, "kind" | "memo">>);
}
