// Compliance suite for Core SELECT: where, joins, grouping, ordering, paging, distinct, locking, aliases,
// labels, parameters, literals, text fragments, case, cast and functions, checked by the rows returned.
import { expect, it } from "vitest";
import {
  bindparam,
  case_,
  cast,
  desc,
  Float,
  func,
  type FunctionCall,
  Integer,
  literal,
  literalColumn,
  select,
  Boolean as SqlBoolean,
  String as SqlString,
  update,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { departments, employees, NAMES, projects, SEED } from "./fixtures/core-schema.js";
import { inRollback, mappingsOf, rowsOf, scalarsOf, useCoreSchema } from "./fixtures/core-setup.js";
import { capabilitiesOf } from "./support.js";

const e = employees.c;

/** `func.<any name>(…)` through `func.fn`, the always-typed form. */
function anyFunction(name: string): (...args: unknown[]) => FunctionCall<unknown> {
  return (...args) => func.fn(name, ...args);
}
const d = departments.c;

describeEachDialect("core select", (ctx) => {
  const engine = useCoreSchema(ctx);
  const caps = capabilitiesOf(ctx);
  const names = (stmt: Parameters<typeof scalarsOf>[1], params?: Record<string, unknown>) =>
    scalarsOf(engine(), stmt, params);

  it("selects a whole table: every column decoded by its type, keyed by column key", async () => {
    const rows = await mappingsOf(engine(), select(employees).orderBy(e.id));
    expect(rows).toEqual(SEED.employees);
  });

  it("where with several criteria (arguments and chained calls are ANDed)", async () => {
    expect(await names(select(e.name).where(e.active.eq(true), e.salary.ge(150)).orderBy(e.id))).toEqual([
      "Alice",
      "Bob",
      "Carol",
    ]);
    expect(
      await names(select(e.name).where(e.active.eq(true)).where(e.salary.ge(150), undefined).where(e.deptId.eq(1))),
    ).toEqual(["Alice", "Bob"]);
  });

  it("inner join with the ON clause inferred from the foreign key", async () => {
    const rows = await rowsOf(engine(), select(e.name, d.name.label("dept")).join(departments).orderBy(e.id));
    expect(rows.map((r) => [r.name, r.dept])).toEqual([
      ["Alice", "Engineering"],
      ["Bob", "Engineering"],
      ["Carol", "Sales"],
      ["Dave", "Engineering"],
      ["Eve", "Sales"],
    ]);
  });

  it("joins with explicit ON clauses, chained from an explicit FROM", async () => {
    const stmt = select(projects.c.name, d.name.label("dept"))
      .from(projects)
      .join(employees, projects.c.leadId.eq(e.id))
      .join(departments, e.deptId.eq(d.id))
      .orderBy(projects.c.id);
    const rows = await rowsOf(engine(), stmt);
    expect(rows.map((r) => [r.name, r.dept])).toEqual([
      ["Apollo", "Engineering"],
      ["Zeus", "Sales"],
    ]);
  });

  it("left outer join keeps rows without a match (count of the outer side is 0)", async () => {
    const stmt = select(d.name, func.count(e.id).label("n")).outerJoin(employees).groupBy(d.id, d.name).orderBy(d.id);
    const rows = await rowsOf(engine(), stmt);
    expect(rows.map((r) => [r.name, r.n])).toEqual([
      ["Engineering", 3],
      ["Sales", 2],
      ["Legal", 0],
    ]);
  });

  it.skipIf(!caps.fullJoin)("full outer join keeps unmatched rows of both sides", async () => {
    const stmt = select(d.name.label("dept"), e.name.label("emp")).from(departments).fullJoin(employees);
    const rows = await rowsOf(engine(), stmt);
    const pairs = rows.map((r) => `${r.dept ?? "-"}/${r.emp ?? "-"}`).sort();
    expect(pairs).toEqual([
      "-/Frank",
      "Engineering/Alice",
      "Engineering/Bob",
      "Engineering/Dave",
      "Legal/-",
      "Sales/Carol",
      "Sales/Eve",
    ]);
  });

  it("groupBy with aggregates and having (several criteria)", async () => {
    const base = select(d.name, func.count(e.id).label("n"), func.sum(e.salary).label("total"))
      .join(employees)
      .groupBy(d.name)
      .orderBy(d.name);
    const all = await rowsOf(engine(), base);
    expect(all.map((r) => [r.name, r.n, r.total])).toEqual([
      ["Engineering", 3, 500],
      ["Sales", 2, 260],
    ]);
    const filtered = await rowsOf(engine(), base.having(func.count(e.id).ge(2), func.sum(e.salary).gt(300)));
    expect(filtered.map((r) => r.name)).toEqual(["Engineering"]);
  });

  it("orderBy asc / desc over several keys", async () => {
    expect(await names(select(e.name).orderBy(e.salary.desc(), e.name.asc()))).toEqual([
      "Alice",
      "Bob",
      "Carol",
      "Dave",
      "Eve",
      "Frank",
    ]);
    expect(await names(select(e.name).orderBy(desc(e.hiredOn)))).toEqual([...NAMES].reverse());
  });

  it("orderBy with nullsFirst / nullsLast, ascending and descending", async () => {
    const order = (item: ReturnType<typeof e.bonus.asc>) => names(select(e.name).orderBy(item, e.id));
    expect(await order(e.bonus.asc().nullsFirst())).toEqual(["Alice", "Dave", "Frank", "Eve", "Bob", "Carol"]);
    expect(await order(e.bonus.asc().nullsLast())).toEqual(["Eve", "Bob", "Carol", "Alice", "Dave", "Frank"]);
    expect(await order(e.bonus.desc().nullsFirst())).toEqual(["Alice", "Dave", "Frank", "Carol", "Bob", "Eve"]);
    expect(await order(e.bonus.desc().nullsLast())).toEqual(["Carol", "Bob", "Eve", "Alice", "Dave", "Frank"]);
  });

  it("limit and offset, together and alone", async () => {
    const ordered = select(e.name).orderBy(e.id);
    expect(await names(ordered.limit(2).offset(3))).toEqual(["Dave", "Eve"]);
    expect(await names(ordered.limit(1))).toEqual(["Alice"]);
    expect(await names(ordered.offset(4))).toEqual(["Eve", "Frank"]);
    expect(await names(ordered.limit(0))).toEqual([]);
  });

  it("distinct", async () => {
    expect(await scalarsOf(engine(), select(e.salary).distinct().orderBy(e.salary))).toEqual([100, 110, 150, 200]);
    const depts = await scalarsOf(engine(), select(e.deptId).distinct());
    expect([...depts].sort()).toEqual([1, 2, null]);
  });

  it("forUpdate inside a transaction reads the row and the update through it sticks", async () => {
    await inRollback(engine(), async (conn) => {
      const locked = select(e.id, e.salary).where(e.id.eq(2)).forUpdate();
      const row = (await conn.execute(locked)).one();
      expect(row.salary).toBe(150);
      await conn.execute(
        update(employees)
          .where(e.id.eq(row.id))
          .values({ salary: row.salary + 1 }),
      );
      expect((await conn.execute(select(e.salary).where(e.id.eq(2)))).scalarOne()).toBe(151);
    });
  });

  it.skipIf(!caps.concurrentConnections)("forUpdate({ nowait }) on a locked row fails in another session", async () => {
    await inRollback(engine(), async (holder) => {
      await holder.execute(select(e.id).where(e.id.eq(3)).forUpdate());
      await using other = await engine().connect();
      await expect(other.execute(select(e.id).where(e.id.eq(3)).forUpdate({ nowait: true }))).rejects.toThrow();
      // A row nobody holds is still available to the other session (in a new transaction: PostgreSQL
      // aborts the one whose statement failed).
      await other.rollback();
      expect((await other.execute(select(e.id).where(e.id.eq(4)).forUpdate({ nowait: true }))).scalarOne()).toBe(4);
    });
  });

  it("aliases: a self-join of employees to their managers (inner and outer)", async () => {
    const mgr = employees.alias("mgr");
    const inner = await rowsOf(
      engine(),
      select(e.name, mgr.c.name.label("manager")).join(mgr, e.managerId.eq(mgr.c.id)).orderBy(e.id),
    );
    expect(inner.map((r) => `${r.name}<${r.manager}`)).toEqual([
      "Bob<Alice",
      "Carol<Alice",
      "Dave<Bob",
      "Eve<Carol",
      "Frank<Bob",
    ]);
    const outer = await rowsOf(
      engine(),
      select(e.name, mgr.c.name.label("manager")).outerJoin(mgr, e.managerId.eq(mgr.c.id)).where(e.id.lt(3)),
    );
    expect(outer.map((r) => [r.name, r.manager]).sort()).toEqual([
      ["Alice", null],
      ["Bob", "Alice"],
    ]);
  });

  it("labels name result columns (and unlabelled expressions get the function's name)", async () => {
    await using conn = await engine().connect();
    const result = await conn.execute(
      select(e.name.label("who"), e.salary.mul(12).label("yearly"), func.count(e.id))
        .where(e.id.eq(1))
        .groupBy(e.name, e.salary),
    );
    expect(result.keys()).toEqual(["who", "yearly", "count"]);
    expect(result.mappings().one()).toEqual({ who: "Alice", yearly: 2400, count: 1 });
  });

  it("bindparam: values given at execution, the same statement run twice, and a default", async () => {
    const stmt = select(e.name)
      .where(e.salary.ge(bindparam("min", Integer())), e.deptId.eq(bindparam("dept", Integer())))
      .orderBy(e.id);
    expect(await names(stmt, { min: 150, dept: 1 })).toEqual(["Alice", "Bob", "Dave"]);
    expect(await names(stmt, { min: 180, dept: 1 })).toEqual(["Alice"]);
    const withDefault = select(e.name).where(e.id.eq(bindparam("id", Integer(), 5)));
    expect(await names(withDefault)).toEqual(["Eve"]);
    expect(await names(withDefault, { id: 6 })).toEqual(["Frank"]);
    await expect(names(stmt, { min: 1 })).rejects.toThrow(/bind parameter 'dept'/);
  });

  it("literal values in the select list and in comparisons", async () => {
    const row = (
      await rowsOf(
        engine(),
        select(literal(7, Integer()).label("seven"), literal("x'y", SqlString()).label("s"), e.name).where(
          e.salary.gt(literal(190, Integer())),
        ),
      )
    )[0];
    expect([row?.seven, row?.s, row?.name]).toEqual([7, "x'y", "Alice"]);
  });

  it("text() fragments (literalColumn) inside a select, with named parameters", async () => {
    const stmt = select(e.name, literalColumn("upper(name)", SqlString()).label("shout"))
      .where(literalColumn("salary > :min", SqlBoolean()))
      .orderBy(e.id);
    const rows = await rowsOf(engine(), stmt, { min: 140 });
    expect(rows.map((r) => r.shout)).toEqual(["ALICE", "BOB", "CAROL", "DAVE"]);
  });

  it("case with several branches and an else", async () => {
    const band = case_(
      [
        [e.salary.ge(150), "high"],
        [e.salary.ge(110), "mid"],
      ],
      { else: "low", type: SqlString() },
    ).label("band");
    const rows = await rowsOf(engine(), select(e.name, band).orderBy(e.id));
    expect(rows.map((r) => r.band)).toEqual(["high", "high", "high", "high", "mid", "low"]);
  });

  it("cast between types", async () => {
    const row = (
      await rowsOf(
        engine(),
        select(
          cast(e.salary, SqlString(20)).label("text"),
          cast(literal("42", SqlString()), Integer()).label("int"),
          cast(e.salary, Float()).div(16).label("ratio"),
        ).where(e.id.eq(1)),
      )
    )[0];
    expect(row?.text).toBe("200");
    expect(row?.int).toBe(42);
    expect(row?.ratio).toBe(12.5);
  });

  it("aggregates: count, sum, avg, min, max", async () => {
    const row = (
      await rowsOf(
        engine(),
        select(
          func.count().label("n"),
          func.sum(e.salary).label("total"),
          func.avg(e.salary).label("mean"),
          func.min(e.salary).label("lo"),
          func.max(e.hiredOn).label("latest"),
          func.countDistinct(e.salary).label("salaries"),
        ).from(employees),
      )
    )[0];
    expect(row?.n).toBe(6);
    expect(row?.total).toBe(860);
    expect(row?.mean).toBeCloseTo(860 / 6, 3);
    expect(row?.lo).toBe(100);
    expect(row?.latest).toBe("2021-06-01");
    expect(row?.salaries).toBe(4);
  });

  it("scalar functions: coalesce, lower, upper, length and any function by name", async () => {
    await using conn = await engine().connect();
    const result = await conn.execute(
      select(
        func.coalesce(e.bonus, 0).label("bonus"),
        func.lower(e.email),
        func.upper(e.name),
        func.length(e.name),
        anyFunction("replace")(e.name, "a", "4").label("leet"),
      ).orderBy(e.id),
    );
    // Unlabelled function calls are named after the function.
    expect(result.keys()).toEqual(["bonus", "lower", "upper", "length", "leet"]);
    const rows = result.all();
    expect(rows.map((r) => r.bonus)).toEqual([0, 10, 20, 0, 5, 0]);
    expect(rows.map((r) => r[1])).toEqual([
      "alice@corp.com",
      "bob@corp.com",
      "carol@corp.com",
      null,
      "eve@corp.com",
      "frank_x@corp.com",
    ]);
    expect(rows.map((r) => r[2])).toEqual(NAMES.map((n) => n.toUpperCase()));
    expect(rows.map((r) => r[3])).toEqual(NAMES.map((n) => n.length));
    expect(rows.map((r) => r.leet)).toEqual(["Alice", "Bob", "C4rol", "D4ve", "Eve", "Fr4nk"]);
  });
});
