// Compliance suite for constructs the golden SQL tests compile for every dialect, run here on each database:
// aggregate FILTER (emulated where missing), intDiv / div, window frames, NOT EXISTS, DISTINCT ON, and every
// row-locking variant (run, or refused with NotSupportedError before anything is sent), with SKIP LOCKED checked
// against a row another connection holds.
import { expect, it } from "vitest";
import { exists, func, literal, not, NotSupportedError, select, type Connection } from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { insert as pgInsert } from "../../src/postgresql.js";
import { departments, employees, settings } from "./fixtures/core-schema.js";
import { inRollback, mappingsOf, rowsOf, scalarsOf, useCoreSchema } from "./fixtures/core-setup.js";
import { capabilitiesOf } from "./support.js";

const e = employees.c;
const d = departments.c;

describeEachDialect("core extras", (ctx) => {
  const engine = useCoreSchema(ctx);
  const caps = capabilitiesOf(ctx);

  it("aggregate FILTER (WHERE …) counts and sums only the rows it selects", async () => {
    const [row] = await mappingsOf(
      engine(),
      select(
        func.count().filter(e.salary.gt(120)).label("wellPaid"),
        func.sum(e.salary).filter(e.active.eq(true)).label("activePay"),
        func.count(e.bonus).filter(e.deptId.eq(1)).label("engBonuses"),
      ),
    );
    // Alice, Bob, Carol, Dave earn over 120; Dave is the one inactive (150); Bob is Engineering's only bonus.
    expect(row).toEqual({ wellPaid: 4, activePay: 710, engBonuses: 1 });
  });

  it("intDiv truncates toward zero and div is true division, alike everywhere", async () => {
    const [row] = await rowsOf(
      engine(),
      select(e.salary.intDiv(7), e.salary.div(8), literal(-7).intDiv(2), literal(7).div(2)).where(e.id.eq(5)),
    );
    expect([...(row ?? [])]).toEqual([15, 13.75, -3, 3.5]);
  });

  it("a window frame: a running total in id order", async () => {
    const running = func
      .sum(e.salary)
      .over({ orderBy: e.id, frame: "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW" })
      .label("running");
    const rows = await scalarsOf(engine(), select(running).orderBy(e.id));
    expect(rows.map(Number)).toEqual([200, 350, 500, 650, 760, 860]);
  });

  it("a statement with more parameters than the database takes is refused before it is sent", async () => {
    const e1 = engine();
    await using conn = await e1.connect();
    const ids = Array.from({ length: caps.maxParameters + 1 }, (_, i) => i);
    await expect(conn.execute(select(e.name).where(e.id.in(ids)))).rejects.toThrow(
      new RegExp(`has ${caps.maxParameters + 1} parameters; ${ctx.dialect} takes at most ${caps.maxParameters}`),
    );
    // At the limit it runs, and the connection is fine either way.
    const atLimit = await conn.execute(
      select(e.name)
        .where(e.id.in(ids.slice(0, caps.maxParameters)))
        .orderBy(e.id),
    );
    expect(atLimit.scalars().all()).toHaveLength(6);
  });

  it("length() counts characters, not bytes, on every database", async () => {
    const [row] = await rowsOf(engine(), select(func.length(literal("Äbc😀")).label("n")));
    // Four characters (PostgreSQL and MySQL count code points; SQLite too), eight UTF-8 bytes.
    expect(row?.n).toBe(4);
  });

  it("abs() and lead() over a window", async () => {
    const [row] = await rowsOf(engine(), select(func.abs(e.salary.sub(300)).label("gap")).where(e.id.eq(1)));
    expect(row?.gap).toBe(100);
    const next = func.lead(e.name).over({ orderBy: e.id }).label("next");
    expect(await scalarsOf(engine(), select(next).orderBy(e.id))).toEqual([
      "Bob",
      "Carol",
      "Dave",
      "Eve",
      "Frank",
      null,
    ]);
  });

  it.skipIf(!caps.onConflictConstraint)("ON CONFLICT ON CONSTRAINT names the key by its constraint", async () => {
    await inRollback(engine(), async (conn) => {
      const stmt = pgInsert(settings).values({ key: "theme", value: "dark" });
      await conn.execute(stmt.onConflictDoNothing({ constraint: "pk_cs_settings" }));
      const again = pgInsert(settings).values({ key: "theme", value: "light" });
      await conn.execute(
        again.onConflictDoUpdate({ constraint: "pk_cs_settings", set: { value: again.excluded.value } }),
      );
      const rows = await conn.execute(select(settings.c.value).where(settings.c.key.eq("theme")));
      expect(rows.scalars().all()).toEqual(["light"]);
    });
  });

  it("NOT EXISTS: departments without employees", async () => {
    const staffed = select(e.id).where(e.deptId.eq(d.id));
    expect(
      await scalarsOf(
        engine(),
        select(d.name)
          .where(not(exists(staffed)))
          .orderBy(d.id),
      ),
    ).toEqual(["Legal"]);
  });

  it("DISTINCT ON keeps the first row of each group where the database has it, and is refused elsewhere", async () => {
    const best = select(e.deptId, e.name).distinctOn(e.deptId).orderBy(e.deptId, e.salary.desc(), e.id);
    if (caps.distinctOn) {
      const rows = await rowsOf(engine(), best);
      expect(rows.map((r) => [...r])).toEqual([
        [1, "Alice"],
        [2, "Carol"],
        [null, "Frank"],
      ]);
    } else {
      await expect(rowsOf(engine(), best)).rejects.toThrow(NotSupportedError);
    }
  });

  it("every row-locking variant runs in a transaction, or is refused before anything is sent", async () => {
    type LockOptions = NonNullable<Parameters<ReturnType<typeof select>["forUpdate"]>[0]>;
    // Each variant with whether the dialect's capabilities say it compiles.
    const variants: Record<string, [LockOptions, boolean]> = {
      update: [{}, true],
      share: [{ share: true }, true],
      nowait: [{ nowait: true }, true],
      skipLocked: [{ skipLocked: true }, true],
      of: [{ of: [employees] }, caps.forUpdate.of],
      noKeyUpdate: [{ keyShare: true }, caps.forUpdate.keyModes],
      keyShare: [{ share: true, keyShare: true }, caps.forUpdate.keyModes],
    };
    const outcome: Record<string, string> = {};
    const e1 = engine();
    for (const [name, [options]] of Object.entries(variants)) {
      const stmt = select(e.id).where(e.id.eq(1)).forUpdate(options);
      outcome[name] = await e1.begin(async (conn: Connection) =>
        conn.execute(stmt).then(
          (r) => `ran:${r.scalars().all().join()}`,
          (err: unknown) => (err instanceof NotSupportedError ? "refused" : `failed: ${String(err)}`),
        ),
      );
    }
    for (const [name, [, compiles]] of Object.entries(variants)) {
      expect(outcome[name], name).toBe(compiles ? "ran:1" : "refused");
    }
  });

  it.skipIf(!caps.concurrentConnections)("SKIP LOCKED passes over a row another transaction holds", async () => {
    const e1 = engine();
    const holder = await e1.connect();
    try {
      await holder.execute(select(e.id).where(e.id.eq(1)).forUpdate());
      const free = await e1.begin(async (conn) =>
        (await conn.execute(select(e.id).orderBy(e.id).forUpdate({ skipLocked: true }))).scalars().all(),
      );
      expect(free).toEqual([2, 3, 4, 5, 6]);
    } finally {
      await holder.rollback();
      await holder.close();
    }
  });
});
