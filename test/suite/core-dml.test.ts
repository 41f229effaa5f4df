// Compliance suite for Core INSERT / UPDATE / DELETE: values, many values, INSERT … SELECT, executemany with
// client-side defaults, RETURNING (by capability) and correlated subqueries, checked by reading rows back.
// Every test runs in a transaction that is rolled back, so each starts from the seed.
import { beforeEach, expect, it } from "vitest";
import {
  ArgumentError,
  deleteFrom,
  exists,
  func,
  insert,
  literal,
  not,
  select,
  String as SqlString,
  update,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { employees, projects, resetCreatedBy, SEED, tasks } from "./fixtures/core-schema.js";
import { inRollback, useCoreSchema } from "./fixtures/core-setup.js";
import { capabilitiesOf } from "./support.js";

const t = tasks.c;
const e = employees.c;
const p = projects.c;

/** The columns of a task a test compares (ids depend on each database's counter). */
const taskShape = select(t.projectId, t.title, t.status, t.priority, t.createdBy);

describeEachDialect("core dml", (ctx) => {
  const engine = useCoreSchema(ctx);
  const caps = capabilitiesOf(ctx);

  beforeEach(() => {
    resetCreatedBy();
  });

  it("insert one row: client-side default value and default function fill what is not given", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(insert(tasks).values({ projectId: 3, title: "Plan" }));
      expect(result.rowcount).toBe(1);
      const row = (await conn.execute(taskShape.where(t.title.eq("Plan")))).mappings().one();
      expect(row).toEqual({ projectId: 3, title: "Plan", status: "todo", priority: null, createdBy: "auto-1" });
    });
  });

  it("insert many rows in one statement (the default function runs once per row)", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(
        insert(tasks).values([
          { projectId: 3, title: "A", priority: 1 },
          { projectId: 3, title: "B", status: "doing" },
          { projectId: 3, title: "C", createdBy: "me" },
        ]),
      );
      expect(result.rowcount).toBe(3);
      const rows = (await conn.execute(taskShape.where(t.projectId.eq(3)).orderBy(t.title))).mappings().all();
      expect(rows).toEqual([
        { projectId: 3, title: "A", status: "todo", priority: 1, createdBy: "auto-1" },
        { projectId: 3, title: "B", status: "doing", priority: null, createdBy: "auto-2" },
        { projectId: 3, title: "C", status: "todo", priority: null, createdBy: "me" },
      ]);
    });
  });

  it("insert from a select (INSERT … SELECT with a correlated NOT EXISTS)", async () => {
    await inRollback(engine(), async (conn) => {
      const idle = select(
        p.id,
        literal("Kickoff", SqlString()),
        literal("todo", SqlString()),
        literal("planner", SqlString()),
      ).where(not(exists(select(t.id).where(t.projectId.eq(p.id)))));
      const result = await conn.execute(insert(tasks).fromSelect(["projectId", "title", "status", "createdBy"], idle));
      expect(result.rowcount).toBe(1);
      const rows = (await conn.execute(taskShape.where(t.title.eq("Kickoff")))).mappings().all();
      expect(rows).toEqual([{ projectId: 3, title: "Kickoff", status: "todo", priority: null, createdBy: "planner" }]);
    });
  });

  it("executemany: conn.execute(insert(t), [...]) with client defaults per row", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(insert(tasks), [
        { projectId: 2, title: "X", priority: 5 },
        { projectId: 2, title: "Y", priority: null },
        { projectId: 2, title: "Z", priority: 7 },
      ]);
      expect(result.rowcount).toBe(3);
      const rows = (
        await conn.execute(taskShape.where(t.projectId.eq(2), t.title.in(["X", "Y", "Z"])).orderBy(t.title))
      )
        .mappings()
        .all();
      expect(rows).toEqual([
        { projectId: 2, title: "X", status: "todo", priority: 5, createdBy: "auto-1" },
        { projectId: 2, title: "Y", status: "todo", priority: null, createdBy: "auto-2" },
        { projectId: 2, title: "Z", status: "todo", priority: 7, createdBy: "auto-3" },
      ]);
    });
  });

  it("executemany: parameter sets with different keys run grouped by shape, defaults filled per row", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(insert(tasks), [
        { projectId: 2, title: "X" },
        { projectId: 2, title: "Y", status: "done" },
        { projectId: 2, title: "Z", priority: 3 },
      ]);
      expect(result.rowcount).toBe(3);
      const rows = (
        await conn.execute(taskShape.where(t.projectId.eq(2), t.title.in(["X", "Y", "Z"])).orderBy(t.title))
      )
        .mappings()
        .all();
      expect(rows).toEqual([
        { projectId: 2, title: "X", status: "todo", priority: null, createdBy: "auto-1" },
        { projectId: 2, title: "Y", status: "done", priority: null, createdBy: "auto-2" },
        { projectId: 2, title: "Z", status: "todo", priority: 3, createdBy: "auto-3" },
      ]);
    });
  });

  it("executemany refuses a key that is not a column, naming it", async () => {
    await inRollback(engine(), async (conn) => {
      const rows = [{ projectId: 2, title: "X", colour: "red" }] as unknown as { projectId: number; title: string }[];
      await expect(conn.execute(insert(tasks), rows)).rejects.toThrow(ArgumentError);
    });
  });

  it.skipIf(!caps.returning.insert)("insert … returning: generated ids and defaults, rows in input order", async () => {
    await inRollback(engine(), async (conn) => {
      const one = (
        await conn.execute(insert(tasks).values({ projectId: 1, title: "R" }).returning(t.id, t.status, t.createdBy))
      ).one();
      expect(one.id).toBeGreaterThan(SEED.tasks.length);
      expect([one.status, one.createdBy]).toEqual(["todo", "auto-1"]);
      const many = (
        await conn.execute(
          insert(tasks)
            .values([
              { projectId: 1, title: "R1" },
              { projectId: 2, title: "R2" },
              { projectId: 3, title: "R3" },
            ])
            .returning(t.id, t.title),
        )
      ).all();
      expect(many.map((r) => r.title)).toEqual(["R1", "R2", "R3"]);
      const ids = many.map((r) => r.id);
      expect(new Set(ids).size).toBe(3);
      const stored = (await conn.execute(select(t.title).where(t.id.in(ids)).orderBy(t.title))).scalars().all();
      expect(stored).toEqual(["R1", "R2", "R3"]);
    });
  });

  it.skipIf(!caps.returning.insert)("executemany … returning: one row per parameter set, in input order", async () => {
    await inRollback(engine(), async (conn) => {
      // More rows than one multi-row VALUES page holds, so the insert is split into several statements.
      const params = Array.from({ length: 2500 }, (_, i) => ({ projectId: (i % 3) + 1, title: `bulk-${i}` }));
      const result = await conn.execute(insert(tasks).returning(t.id, t.title, t.createdBy), params);
      const rows = result.all();
      expect(rows.map((r) => r.title)).toEqual(params.map((p) => p.title));
      expect(rows.map((r) => r.createdBy)).toEqual(params.map((_, i) => `auto-${i + 1}`));
      const ids = rows.map((r) => r.id);
      expect(new Set(ids).size).toBe(params.length);
      const stored = (
        await conn.execute(select(func.count()).from(tasks).where(t.title.startsWith("bulk-")))
      ).scalarOne();
      expect(stored).toBe(params.length);
    });
  });

  it("a single-row insert reports its generated primary key", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(insert(tasks).values({ projectId: 2, title: "Keyed" }));
      const [id] = result.insertedPrimaryKey;
      expect(typeof id).toBe("number");
      expect((await conn.execute(select(t.title).where(t.id.eq(id as number)))).scalarOne()).toBe("Keyed");
    });
  });

  it("an explicit 0 in an autoincrement primary key is stored as 0, not replaced by a generated value", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(insert(tasks).values({ id: 0, projectId: 2, title: "Zero" }));
      expect(result.insertedPrimaryKey).toEqual([0]);
      expect((await conn.execute(select(t.id).where(t.title.eq("Zero")))).scalarOne()).toBe(0);
    });
  });

  it("update with where and SQL expressions in SET", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(
        update(employees)
          .where(e.deptId.eq(2))
          .values({ salary: e.salary.add(5), email: func.upper(e.email) }),
      );
      expect(result.rowcount).toBe(2);
      const rows = (await conn.execute(select(e.name, e.salary, e.email).where(e.deptId.eq(2)).orderBy(e.id)))
        .all()
        .map((r) => [r.name, r.salary, r.email]);
      expect(rows).toEqual([
        ["Carol", 155, "CAROL@CORP.COM"],
        ["Eve", 115, "EVE@CORP.COM"],
      ]);
      const untouched = (await conn.execute(select(e.salary).where(e.id.eq(1)))).scalarOne();
      expect(untouched).toBe(200);
    });
  });

  it.skipIf(!caps.returning.update)("update … returning", async () => {
    await inRollback(engine(), async (conn) => {
      const rows = (
        await conn.execute(update(employees).where(e.bonus.isNull()).values({ bonus: 1 }).returning(e.name, e.bonus))
      ).all();
      expect(rows.map((r) => [r.name, r.bonus]).sort()).toEqual([
        ["Alice", 1],
        ["Dave", 1],
        ["Frank", 1],
      ]);
    });
  });

  it("update with a correlated subquery: each project's task count", async () => {
    await inRollback(engine(), async (conn) => {
      const count = select(func.count()).from(tasks).where(t.projectId.eq(p.id)).scalarSubquery();
      const result = await conn.execute(update(projects).values({ taskCount: count }));
      expect(result.rowcount).toBe(3);
      const rows = (await conn.execute(select(p.name, p.taskCount).orderBy(p.id)))
        .all()
        .map((r) => [r.name, r.taskCount]);
      expect(rows).toEqual([
        ["Apollo", 3],
        ["Zeus", 2],
        ["Hermes", 0],
      ]);
    });
  });

  it("update whose where has a subquery on another table", async () => {
    await inRollback(engine(), async (conn) => {
      const leads = select(p.leadId).where(p.leadId.isNotNull());
      const result = await conn.execute(update(employees).where(e.id.in(leads)).values({ bonus: 99 }));
      expect(result.rowcount).toBe(2);
      const rows = (await conn.execute(select(e.name).where(e.bonus.eq(99)).orderBy(e.id))).scalars().all();
      expect(rows).toEqual(["Bob", "Carol"]);
    });
  });

  it("delete with where", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(deleteFrom(tasks).where(t.status.eq("done")));
      expect(result.rowcount).toBe(2);
      const left = (await conn.execute(select(t.title).orderBy(t.id))).scalars().all();
      expect(left).toEqual(["Build", "Test", "Close"]);
    });
  });

  it.skipIf(!caps.returning.delete)("delete … returning", async () => {
    await inRollback(engine(), async (conn) => {
      const rows = (await conn.execute(deleteFrom(tasks).where(t.priority.isNull()).returning(t.id, t.title))).all();
      expect(rows.map((r) => [r.id, r.title])).toEqual([[3, "Test"]]);
      expect((await conn.execute(select(func.count()).from(tasks))).scalarOne()).toBe(4);
    });
  });

  it("delete with a correlated NOT EXISTS: projects without tasks", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(
        deleteFrom(projects).where(not(exists(select(t.id).where(t.projectId.eq(p.id))))),
      );
      expect(result.rowcount).toBe(1);
      expect((await conn.execute(select(p.name).orderBy(p.id))).scalars().all()).toEqual(["Apollo", "Zeus"]);
    });
  });

  it("delete without where empties the table", async () => {
    await inRollback(engine(), async (conn) => {
      const result = await conn.execute(deleteFrom(tasks));
      expect(result.rowcount).toBe(SEED.tasks.length);
      expect((await conn.execute(select(func.count()).from(tasks))).scalarOne()).toBe(0);
    });
  });
});
