// Compliance suite for Core's composed queries: scalar / EXISTS / IN subqueries, derived tables, CTEs
// (WITH RECURSIVE walking the org chart), set operations and window functions, checked by their rows.
import { expect, it } from "vitest";
import {
  cast,
  exists,
  func,
  Integer,
  literal,
  not,
  select,
  Boolean as SqlBoolean,
  String as SqlString,
  Text,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { departments, employees, projects, tasks } from "./fixtures/core-schema.js";
import { rowsOf, scalarsOf, useCoreSchema } from "./fixtures/core-setup.js";
import { capabilitiesOf } from "./support.js";

const e = employees.c;
const d = departments.c;

describeEachDialect("core subqueries", (ctx) => {
  const engine = useCoreSchema(ctx);
  const caps = capabilitiesOf(ctx);

  it("a correlated scalar subquery in the select list", async () => {
    const taskCount = select(func.count())
      .from(tasks)
      .where(tasks.c.createdBy.eq(func.lower(e.name)))
      .scalarSubquery()
      .label("created");
    const rows = await rowsOf(engine(), select(e.name, taskCount).orderBy(e.id));
    expect(rows.map((r) => [r.name, r.created])).toEqual([
      ["Alice", 1],
      ["Bob", 2],
      ["Carol", 1],
      ["Dave", 0],
      ["Eve", 1],
      ["Frank", 0],
    ]);
  });

  it("an uncorrelated scalar subquery in a comparison", async () => {
    const average = select(func.avg(e.salary)).scalarSubquery();
    expect(await scalarsOf(engine(), select(e.name).where(e.salary.gt(average)).orderBy(e.id))).toEqual([
      "Alice",
      "Bob",
      "Carol",
      "Dave",
    ]);
  });

  it("exists / not exists, correlated (function and method forms)", async () => {
    const staffed = select(e.id).where(e.deptId.eq(d.id));
    expect(await scalarsOf(engine(), select(d.name).where(exists(staffed)).orderBy(d.id))).toEqual([
      "Engineering",
      "Sales",
    ]);
    expect(await scalarsOf(engine(), select(d.name).where(not(staffed.exists())))).toEqual(["Legal"]);
  });

  it("in / notIn over a subquery", async () => {
    const leads = select(projects.c.leadId).where(projects.c.leadId.isNotNull());
    expect(await scalarsOf(engine(), select(e.name).where(e.id.in(leads)).orderBy(e.id))).toEqual(["Bob", "Carol"]);
    expect(await scalarsOf(engine(), select(e.name).where(e.id.notIn(leads)).orderBy(e.id))).toEqual([
      "Alice",
      "Dave",
      "Eve",
      "Frank",
    ]);
  });

  it("a derived table joined to a table, inner and outer", async () => {
    const counts = select(tasks.c.projectId, func.count().label("n")).groupBy(tasks.c.projectId).subquery("tc");
    const inner = await rowsOf(
      engine(),
      select(projects.c.name, counts.c.n).join(counts, counts.c.projectId.eq(projects.c.id)).orderBy(projects.c.id),
    );
    expect(inner.map((r) => [r.name, r.n])).toEqual([
      ["Apollo", 3],
      ["Zeus", 2],
    ]);
    const outer = await rowsOf(
      engine(),
      select(projects.c.name, func.coalesce(counts.c.n, 0).label("n"))
        .outerJoin(counts, counts.c.projectId.eq(projects.c.id))
        .orderBy(projects.c.id),
    );
    expect(outer.map((r) => [r.name, r.n])).toEqual([
      ["Apollo", 3],
      ["Zeus", 2],
      ["Hermes", 0],
    ]);
  });

  it("selecting from a derived table with a where on its columns", async () => {
    const perDept = select(e.deptId, func.max(e.salary).label("top")).groupBy(e.deptId).subquery("pd");
    const rows = await rowsOf(engine(), select(perDept).where(perDept.c.top.ge(150)).orderBy(perDept.c.top));
    expect(rows.map((r) => [r.deptId, r.top])).toEqual([
      [2, 150],
      [1, 200],
    ]);
  });

  it.skipIf(!caps.lateral)("a LATERAL derived table: each project's most urgent task", async () => {
    const t = tasks.c;
    const top = select(t.title)
      .where(t.projectId.eq(projects.c.id), t.priority.isNotNull())
      .orderBy(t.priority)
      .limit(1)
      .lateral("top");
    const rows = await rowsOf(
      engine(),
      select(projects.c.name, top.c.title).join(top, literal(true, SqlBoolean())).orderBy(projects.c.id),
    );
    expect(rows.map((r) => [r.name, r.title])).toEqual([
      ["Apollo", "Design"],
      ["Zeus", "Pitch"],
    ]);
  });

  it("a CTE used as a table and joined", async () => {
    const wellPaid = select(e.id, e.name, e.deptId).where(e.salary.ge(150)).cte("well_paid");
    const rows = await rowsOf(
      engine(),
      select(wellPaid.c.name, d.name.label("dept"))
        .join(departments, wellPaid.c.deptId.eq(d.id))
        .orderBy(wellPaid.c.id),
    );
    expect(rows.map((r) => `${r.name}@${r.dept}`)).toEqual([
      "Alice@Engineering",
      "Bob@Engineering",
      "Carol@Sales",
      "Dave@Engineering",
    ]);
  });

  it("WITH RECURSIVE walks the org chart, with depth and path", async () => {
    const anchor = select(e.id, e.name, cast(e.name, Text()).label("path"), literal(1, Integer()).label("depth")).where(
      e.managerId.isNull(),
    );
    const chart = anchor.cte("chart", { recursive: true });
    const tree = chart.unionAll(
      select(e.id, e.name, chart.c.path.concat("/").concat(e.name), chart.c.depth.add(1)).join(
        chart,
        e.managerId.eq(chart.c.id),
      ),
    );
    const rows = await rowsOf(engine(), select(tree.c.name, tree.c.path, tree.c.depth).orderBy(tree.c.path));
    expect(rows.map((r) => [r.path, r.depth])).toEqual([
      ["Alice", 1],
      ["Alice/Bob", 2],
      ["Alice/Bob/Dave", 3],
      ["Alice/Bob/Frank", 3],
      ["Alice/Carol", 2],
      ["Alice/Carol/Eve", 3],
    ]);
    // The tree as a FROM item in an aggregate: how many people at each level.
    const levels = await rowsOf(
      engine(),
      select(tree.c.depth, func.count().label("n")).groupBy(tree.c.depth).orderBy(tree.c.depth),
    );
    expect(levels.map((r) => [r.depth, r.n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it("union / unionAll / intersect / except", async () => {
    const engineering = select(e.name).where(e.deptId.eq(1));
    const wellPaid = select(e.name).where(e.salary.ge(150));
    const sorted = async (stmt: Parameters<typeof scalarsOf>[1]) => [...(await scalarsOf(engine(), stmt))].sort();
    expect(await sorted(engineering.union(wellPaid))).toEqual(["Alice", "Bob", "Carol", "Dave"]);
    expect(await sorted(engineering.unionAll(wellPaid))).toEqual([
      "Alice",
      "Alice",
      "Bob",
      "Bob",
      "Carol",
      "Dave",
      "Dave",
    ]);
    expect(await sorted(engineering.intersect(wellPaid))).toEqual(["Alice", "Bob", "Dave"]);
    expect(await sorted(wellPaid.except(engineering))).toEqual(["Carol"]);
    const lowPaid = select(e.name).where(e.salary.lt(120));
    expect(await sorted(engineering.union(wellPaid, lowPaid))).toEqual([
      "Alice",
      "Bob",
      "Carol",
      "Dave",
      "Eve",
      "Frank",
    ]);
  });

  it("a compound select ordered and limited as a whole, and used as a derived table", async () => {
    const engineering = select(e.name).where(e.deptId.eq(1));
    const sales = select(e.name).where(e.deptId.eq(2));
    const both = engineering.union(sales);
    const u = both.subquery("u");
    expect(await scalarsOf(engine(), select(u.c.name).orderBy(u.c.name.desc()).limit(2))).toEqual(["Eve", "Dave"]);
    expect(await scalarsOf(engine(), both.orderBy(e.name).limit(3).offset(1))).toEqual(["Bob", "Carol", "Dave"]);
  });

  it("window functions: rank, row_number, dense_rank over partitions", async () => {
    const rows = await rowsOf(
      engine(),
      select(
        e.name,
        func.rank().over({ partitionBy: e.deptId, orderBy: e.salary.desc() }).label("r"),
        func
          .rowNumber()
          .over({ partitionBy: e.deptId, orderBy: [e.salary.desc(), e.id] })
          .label("rn"),
        func.denseRank().over({ orderBy: e.salary.desc() }).label("dr"),
        func.rank().over({ orderBy: e.salary.desc() }).label("overall"),
      ).orderBy(e.id),
    );
    expect(rows.map((r) => [r.name, r.r, r.rn, r.dr, r.overall])).toEqual([
      ["Alice", 1, 1, 1, 1],
      ["Bob", 2, 2, 2, 2],
      ["Carol", 1, 1, 2, 2],
      ["Dave", 2, 3, 2, 2],
      ["Eve", 2, 2, 3, 5],
      ["Frank", 1, 1, 4, 6],
    ]);
  });

  it("aggregate and offset window functions; the top earner per department through a ranked subquery", async () => {
    const rows = await rowsOf(
      engine(),
      select(
        e.name,
        func.sum(e.salary).over({ partitionBy: e.deptId }).label("deptTotal"),
        func.lag(e.name).over({ orderBy: e.id }).label("previous"),
      ).orderBy(e.id),
    );
    expect(rows.map((r) => [r.deptTotal, r.previous])).toEqual([
      [500, null],
      [500, "Alice"],
      [260, "Bob"],
      [500, "Carol"],
      [260, "Dave"],
      [100, "Eve"],
    ]);
    const ranked = select(
      e.name,
      e.deptId,
      func.rank().over({ partitionBy: e.deptId, orderBy: e.salary.desc() }).label("r"),
    ).subquery("ranked");
    expect(await scalarsOf(engine(), select(ranked.c.name).where(ranked.c.r.eq(1)).orderBy(ranked.c.name))).toEqual([
      "Alice",
      "Carol",
      "Frank",
    ]);
  });

  it("a typed literal selected in a derived table keeps its SQL type for later arithmetic", async () => {
    // PostgreSQL infers an untyped `$1` alone in a select list as text; the Integer type must reach the SQL.
    const consts = select(literal(5, Integer()).label("five"), literal("x", SqlString()).label("x")).subquery("k");
    const row = (
      await rowsOf(engine(), select(consts.c.five.add(1).label("six"), consts.c.x.concat("y").label("xy")))
    )[0];
    expect([row?.six, row?.xy]).toEqual([6, "xy"]);
  });

  it("typed values survive a subquery: strings, numbers and labels", async () => {
    const inner = select(e.name, e.salary.mul(2).label("double"), literal("x", SqlString()).label("tag"))
      .where(e.id.eq(1))
      .subquery("s");
    const row = (await rowsOf(engine(), select(inner)))[0];
    expect(row && { name: row.name, double: row.double, tag: row.tag }).toEqual({
      name: "Alice",
      double: 400,
      tag: "x",
    });
  });
});
