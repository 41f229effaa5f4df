// The visitor, the transformer and withChanges (src/ast/traverse.ts), and the memoised key of a derived
// node: a copy never keeps the key of the node it was made from.
import { describe, expect, it } from "vitest";
import {
  bindIndex,
  forEachChild,
  type Node,
  node,
  NODE_FIELDS,
  type NodeKind,
  type SelectNode,
  statementShape,
  type StatementNode,
  transform,
  visit,
  withChanges,
} from "../../src/ast/index.js";
import { DISPLAY_DIALECT } from "../../src/dialect/display-dialect.js";
import { exists, func, select } from "../../src/index.js";
import { posts, users } from "./compile-fixtures.js";

const sql = (n: StatementNode): string => DISPLAY_DIALECT.createCompiler(bindIndex(statementShape(n))).compile(n).sql;

/** Every node a value holds, looking through arrays and tuples (not into nodes). */
function nodesIn(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) for (const v of value) nodesIn(v, out);
  else if (typeof value === "object" && value !== null && "kind" in value) out.push(value as Node);
  return out;
}

/** A statement that holds most node kinds: joins, a subquery, a CTE, CASE, window functions, FOR UPDATE. */
function bigSelect(): SelectNode {
  const recent = select(posts.c.userId, func.max(posts.c.id).label("last")).groupBy(posts.c.userId).cte("recent");
  return select(
    users.c.name,
    func.count(posts.c.id).over({ partitionBy: [users.c.name], orderBy: [posts.c.id] }),
    select(func.count(posts.c.id)).where(posts.c.userId.eq(users.c.id)).scalarSubquery().label("n"),
    recent.c.last,
  )
    .join(posts, posts.c.userId.eq(users.c.id))
    .join(recent, recent.c.userId.eq(users.c.id))
    .where(users.c.age.between(18, 65), exists(select(posts.c.id).where(posts.c.score.gt(users.c.age))))
    .orderBy(users.c.name.desc())
    .limit(10)
    .forUpdate({ of: [users] })
    .toSelectNode();
}

describe("withChanges and memoised keys", () => {
  it("gives a derived node its own key and binds", () => {
    const n = select(users.c.id).toSelectNode();
    const before = statementShape(n);
    const derived = withChanges(n, { where: users.c.id.eq(1).node });
    expect(statementShape(derived).key).not.toBe(before.key);
    expect(statementShape(derived).binds).toHaveLength(1);
    expect(sql(derived)).toBe('SELECT "users"."id" FROM "users" WHERE "users"."id" = ?');
    expect(Object.isFrozen(derived)).toBe(true);
  });

  it("gives a node copied by a plain spread its own key (the regression: a WHERE ran with 0 binds)", () => {
    const n = select(users.c.id).toSelectNode();
    const before = statementShape(n);
    // How the bug was made: a copy by spreading, without asking for a fresh memo.
    const viaNode = node({ ...n, where: users.c.id.eq(1).node });
    expect(statementShape(viaNode).key).not.toBe(before.key);
    expect(statementShape(viaNode).binds).toHaveLength(1);
    const frozen = Object.freeze({ ...n, where: users.c.id.eq(2).node });
    expect(statementShape(frozen).key).not.toBe(before.key);
    expect(statementShape(frozen).binds).toHaveLength(1);
  });

  it("keys a spread copy and its original apart whichever is keyed first", () => {
    const n = select(users.c.id).toSelectNode();
    const copy = node({ ...n, where: users.c.id.eq(1).node });
    expect(statementShape(copy).binds).toHaveLength(1);
    expect(statementShape(n).binds).toHaveLength(0);
    expect(statementShape(n).key).not.toBe(statementShape(copy).key);
  });

  it("keeps the memoised key of an unchanged node", () => {
    const n = select(users.c.id).where(users.c.id.eq(1)).toSelectNode();
    expect(statementShape(n)).toBe(statementShape(n));
  });
});

describe("visitor", () => {
  it("reaches every node each declared child field holds, for every node kind", () => {
    const stmt = bigSelect();
    const seen = new Set<string>();
    visit(stmt, (n) => {
      seen.add(n.kind);
      const children: Node[] = [];
      forEachChild(n, (c) => children.push(c));
      const declared: Node[] = [];
      for (const [field, role] of Object.entries(NODE_FIELDS[n.kind as NodeKind]) as [string, string][])
        if (["child", "children", "rows", "pairs", "whens"].includes(role))
          nodesIn((n as unknown as Record<string, unknown>)[field], declared);
      expect(children).toEqual(declared);
    });
    for (const kind of ["select", "join", "cte", "over", "scalarSubquery", "between", "unary", "forUpdate", "label"])
      expect(seen, kind).toContain(kind);
  });

  it("skips a node's children when enter returns false", () => {
    const stmt = bigSelect();
    const selects = new Set<Node>();
    visit(stmt, (n) => {
      if (n.kind === "select") selects.add(n);
      return n.kind !== "scalarSubquery";
    });
    // The statement and the CTE's body (met twice: in WITH and in the join); not the scalar subquery's
    // nor EXISTS's.
    expect(selects.size).toBe(2);
  });

  it("does not descend into the FROM item a column refers to", () => {
    const kinds: string[] = [];
    visit(users.c.id.eq(1).node, (n) => void kinds.push(n.kind));
    expect(kinds).toEqual(["binary", "column", "bind"]);
  });
});

describe("transformer", () => {
  it("replaces a table by an alias everywhere: FROM, joins, WHERE, subqueries, columns", () => {
    const u = users.alias("u");
    const stmt = bigSelect();
    const out = transform(stmt, (n) => (n === users.node ? u.node : undefined));
    const text = sql(out);
    expect(text).not.toContain('"users"."');
    expect(text).toContain('FROM "users" AS "u" JOIN "posts"');
    expect(text).toContain('"u"."name"');
    expect(text).toContain('WHERE ("u"."age" BETWEEN ? AND ?)');
    expect(text).toContain('WHERE "posts"."user_id" = "u"."id"');
    expect(text).toContain('WHERE "posts"."score" > "u"."age"');
    expect(text).toContain('FOR UPDATE OF "u"');
    expect(statementShape(out).key).not.toBe(statementShape(stmt).key);
    expect(statementShape(out).binds).toHaveLength(statementShape(stmt).binds.length);
  });

  it("gives the same answer for a node met twice (a subquery in FROM and as its columns' parent)", () => {
    const sub = select(posts.c.id, posts.c.userId).subquery("p");
    const stmt = select(sub.c.id).join(users, users.c.id.eq(sub.c.userId)).toSelectNode();
    const out = transform(stmt, (n) => (n === posts.node ? posts.alias("pp").node : undefined));
    expect(sql(out)).toBe(
      'SELECT "p"."id" FROM (SELECT "pp"."id", "pp"."user_id" FROM "posts" AS "pp") AS "p" JOIN "users" ON "users"."id" = "p"."user_id"',
    );
  });

  it("keeps identity where nothing changes", () => {
    const stmt = bigSelect();
    expect(transform(stmt, () => undefined)).toBe(stmt);
    const u = users.alias("u");
    const out = transform(stmt, (n) => (n === users.node ? u.node : undefined));
    // The ORDER BY names users: rebuilt. The CTE's body names only posts: the same node.
    expect(out.orderBy[0]).not.toBe(stmt.orderBy[0]);
    expect(out.ctes[0]).toBe(stmt.ctes[0]);
  });

  it("rebuilds through withChanges: frozen, with a key of its own", () => {
    const stmt = select(users.c.id).where(users.c.id.eq(1)).toSelectNode();
    statementShape(stmt);
    const out = transform(stmt, (n) => (n.kind === "bind" ? node({ ...n, value: 2 }) : undefined));
    expect(out).not.toBe(stmt);
    expect(Object.isFrozen(out)).toBe(true);
    expect(statementShape(out).key).toBe(statementShape(stmt).key);
    expect(statementShape(out).binds.map((b) => b.value)).toEqual([2]);
  });
});
