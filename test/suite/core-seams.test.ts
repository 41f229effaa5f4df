// Compliance suite for Core's extension seams: the coercion protocol (`[clauseElement]`, SQLAlchemy's
// `__clause_element__`) wherever Core takes a column, table, expression or join target; and `Select` open to
// extension (subclasses kept by builder methods, options and annotations that leave the SQL alone, a plugin that
// compiles the statement and shapes its result), run on every database.
import { expect, it } from "vitest";
import { statementShape } from "../../src/ast/index.js";
import {
  adapt,
  clauseElement,
  deleteFrom,
  type ExecutableOption,
  func,
  insert,
  JoinTarget,
  Result,
  Select,
  select,
  type StatementPlugin,
  statementPlugin,
  update,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { departments, employees, SEED, tasks } from "./fixtures/core-schema.js";
import { inRollback, rowsOf, scalarsOf, useCoreSchema } from "./fixtures/core-setup.js";

const e = employees.c;
const d = departments.c;

/** A stand-in for an ORM class: the class itself stands for its table. */
class Department {
  static [clauseElement]() {
    return departments;
  }
  constructor(
    readonly id: number,
    readonly name: string,
  ) {}
}

/** A stand-in for an ORM attribute: stands for a column. */
const attr = <C>(column: C) => ({ [clauseElement]: () => column });

/** A stand-in for an ORM relationship: a join target with its own ON clause. */
const employeeDepartment = { [clauseElement]: () => new JoinTarget(departments, e.deptId.eq(d.id)) };

/** An option a plugin reads; it changes nothing by itself. */
const tagOption = (tag: string): ExecutableOption & { tag: string } => ({ optionName: `tag(${tag})`, tag });

describeEachDialect("core seams", (ctx) => {
  const engine = useCoreSchema(ctx);

  it("a protocol object is a select item, a FROM item and a join target", async () => {
    const rows = await rowsOf(engine(), select(Department).orderBy(attr(d.id)));
    expect(rows.map((r) => ({ id: r.id, name: r.name }))).toEqual(SEED.departments);

    const joined = await rowsOf(
      engine(),
      select(attr(e.name), attr(d.name.label("dept")))
        .join(Department)
        .where(attr(d.id.eq(2)))
        .orderBy(e.id),
    );
    expect(joined.map((r) => [r.name, r.dept])).toEqual([
      ["Carol", "Sales"],
      ["Eve", "Sales"],
    ]);

    const viaFrom = await scalarsOf(engine(), select(func.count()).from(Department));
    expect(viaFrom).toEqual([3]);
  });

  it("a relationship-like join target brings its own ON clause (outer joins too)", async () => {
    const inner = await rowsOf(engine(), select(e.name, d.name.label("dept")).join(employeeDepartment).orderBy(e.id));
    expect(inner.map((r) => r.dept)).toEqual(["Engineering", "Engineering", "Sales", "Engineering", "Sales"]);
    const outer = await rowsOf(
      engine(),
      select(e.name, d.name.label("dept")).outerJoin(employeeDepartment).where(e.name.eq("Frank")),
    );
    expect(outer.map((r) => [r.name, r.dept])).toEqual([["Frank", null]]);
  });

  it("protocol objects in criteria, grouping, ordering, comparisons and function arguments", async () => {
    const stmt = select(attr(e.deptId), func.count(attr(e.id)).label("n"))
      .where(attr(e.active.eq(true)), e.deptId.isNotNull())
      .groupBy(attr(e.deptId))
      .having(attr(func.count(e.id).gt(1)))
      .orderBy(attr(e.deptId.desc()));
    const rows = await rowsOf(engine(), stmt);
    expect(rows.map((r) => [r.deptId, r.n])).toEqual(
      rows.map((r) => [r.deptId, r.n]).sort((a, b) => Number(b[0]) - Number(a[0])),
    );
    expect(rows.length).toBeGreaterThan(0);
    // A protocol object on the right side of a comparison.
    expect(await scalarsOf(engine(), select(e.name).where(e.managerId.eq(attr(e.id))))).toEqual([]);
  });

  it("adapt() re-points an expression at an alias (a self-join's criteria written once for the table)", async () => {
    const boss = employees.alias("boss");
    const isAlice = e.name.eq("Alice");
    const reports = select(e.name)
      .join(boss, e.managerId.eq(boss.c.id))
      .where(adapt(isAlice, employees, boss));
    expect(reports.compile(engine().dialect).sql).toMatch(/["`]?boss["`]?\.["`]?name["`]? = /);
    expect(await scalarsOf(engine(), reports.orderBy(e.id))).toEqual(["Bob", "Carol"]);
    // An expression that does not mention the table is returned as it is.
    const other = d.name.eq("Sales");
    expect(adapt(other, employees, boss)).toBe(other);
  });

  it("insert, update and deleteFrom take protocol objects standing for tables", async () => {
    const TaskClass = { [clauseElement]: () => tasks };
    await inRollback(engine(), async (conn) => {
      await conn.execute(insert(TaskClass).values({ projectId: 1, title: "via protocol" }));
      await conn.execute(update(TaskClass).where(tasks.c.title.eq("via protocol")).values({ status: "done" }));
      const status = (await conn.execute(select(tasks.c.status).where(tasks.c.title.eq("via protocol")))).scalar();
      expect(status).toBe("done");
      const deleted = await conn.execute(deleteFrom(TaskClass).where(tasks.c.title.eq("via protocol")));
      expect(deleted.rowcount).toBe(1);
    });
  });

  it("builder methods keep a subclass of Select and its own methods", async () => {
    class Paged<T extends readonly unknown[], N extends object, S> extends Select<T, N, S> {
      page(n: number, size = 2): this {
        return this.limit(size).offset((n - 1) * size);
      }
    }
    const base = new Paged(select(e.name).orderBy(e.id));
    const second = base.where(e.active.eq(true)).page(2);
    expect(second).toBeInstanceOf(Paged);
    const active = SEED.employees.filter((x) => x.active).map((x) => x.name);
    expect(await scalarsOf(engine(), second)).toEqual(active.slice(2, 4));
  });

  it("options and annotations leave the SQL and the cache key alone", () => {
    const plain = select(e.name).where(e.id.eq(1));
    const tagged = plain.options(tagOption("a")).annotate({ origin: "test" });
    expect(tagged.getOptions().map((o) => o.optionName)).toEqual(["tag(a)"]);
    expect(tagged.annotations).toEqual({ origin: "test" });
    expect(tagged.where(e.active.eq(true)).getOptions()).toHaveLength(1);
    const dialect = engine().dialect;
    expect(tagged.compile(dialect).sql).toBe(plain.compile(dialect).sql);
    expect(statementShape(tagged.toStatementNode()).key).toBe(statementShape(plain.toStatementNode()).key);
  });

  it("a plugin compiles the statement it runs and shapes the result execute returns", async () => {
    const seen: string[] = [];
    const plugin: StatementPlugin<Select> = {
      name: "departments",
      // Runs the statement with the options' tags as an extra filter, as an eager loader adds joins.
      compile(stmt) {
        const names = stmt.getOptions().map((o) => (o as ReturnType<typeof tagOption>).tag);
        const core = stmt.withPlugin(undefined);
        return names.length ? core.where(d.name.in(names)) : core;
      },
      async processResult(result, context) {
        seen.push((context.statement as Select).getOptions().length.toString());
        const rows = (result as Result).all();
        const objects = rows.map((r) => [new Department(r[0] as number, r[1] as string)]);
        return Result.fromRows({ keys: ["Department"], rows: objects });
      },
    };
    const Dept = { [clauseElement]: () => departments, [statementPlugin]: plugin as StatementPlugin };
    const stmt = select(Dept).orderBy(d.id).options(tagOption("Sales"), tagOption("Legal"));
    expect(stmt.plugin).toBe(plugin);
    // The statement shows (and is keyed by) what runs.
    expect(stmt.compile(engine().dialect).sql).toMatch(/IN \(/);
    await using conn = await engine().connect();
    const result = await conn.execute(stmt);
    const objects = (result as unknown as Result).scalars().all();
    expect(objects).toEqual([new Department(2, "Sales"), new Department(3, "Legal")]);
    expect(seen).toEqual(["2"]);
    // Without the plugin it is a plain Core select of the table's columns.
    const plain = await conn.execute(stmt.withPlugin(undefined));
    expect(plain.all().map((r) => r[1])).toEqual(["Engineering", "Sales", "Legal"]);
  });
});
