// Injection suite: hostile strings as values, as LIKE patterns and as identifiers (table, column, label, alias
// and CTE names) round-trip as data on every database and never run as SQL.
import { beforeAll, beforeEach, expect, it } from "vitest";
import {
  createEngine,
  deleteFrom,
  type Engine,
  func,
  type FunctionCall,
  insert,
  ProgrammingError,
  select,
  type SqlExpression,
  update,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import {
  bystanderIntact,
  createHostileSchema,
  hostile,
  HOSTILE_VALUES,
  PATTERN_VALUES,
  patterns,
} from "./fixtures/hostile-schema.js";
import { inRollback } from "./fixtures/core-setup.js";

const h = hostile.c;

describeEachDialect("core injection", (ctx) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine(ctx.url());
    await createHostileSchema(ctx, engine);
    return () => engine.dispose();
  });
  beforeEach(async () => {
    // Each test checks the bystander afterwards; every test starts from empty data tables.
    await engine.begin(async (conn) => {
      await conn.execute(deleteFrom(hostile));
      await conn.execute(deleteFrom(patterns));
    });
    expect(await bystanderIntact(ctx)).toBe(true);
  });

  const rows = HOSTILE_VALUES.map((v, i) => ({ id: i + 1, group: v, quoted: v, tick: v, apos: v, order: i }));

  it("hostile strings inserted into hostile columns of a hostile table read back unchanged", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(insert(hostile).values(rows));
    });
    const back = await engine.begin(async (conn) =>
      (await conn.execute(select(hostile).orderBy(h.id))).mappings().all(),
    );
    expect(back).toEqual(rows);
    expect(await bystanderIntact(ctx)).toBe(true);
  });

  it("executemany and each value found again by equality, exactly once", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(insert(hostile), rows);
      for (const row of rows) {
        const found = (await conn.execute(select(h.id).where(h.group.eq(row.group), h.tick.eq(row.tick)))).scalars();
        expect(found.all()).toEqual([row.id]);
      }
      const inList = (
        await conn.execute(
          select(h.id)
            .where(h.apos.in(HOSTILE_VALUES.slice(0, 4)))
            .orderBy(h.id),
        )
      )
        .scalars()
        .all();
      expect(inList).toEqual([1, 2, 3, 4]);
    });
    expect(await bystanderIntact(ctx)).toBe(true);
  });

  it("hostile values in UPDATE … SET and WHERE and in DELETE … WHERE", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(insert(hostile).values(rows));
      for (const [i, value] of HOSTILE_VALUES.entries()) {
        const next = HOSTILE_VALUES[(i + 1) % HOSTILE_VALUES.length] as string;
        const result = await conn.execute(
          update(hostile)
            .where(h.quoted.eq(value), h.id.eq(i + 1))
            .values({ apos: next }),
        );
        expect(result.rowcount).toBe(1);
      }
      const aposValues = (await conn.execute(select(h.apos).orderBy(h.id))).scalars().all();
      expect(aposValues).toEqual([...HOSTILE_VALUES.slice(1), HOSTILE_VALUES[0]]);
      const deleted = await conn.execute(deleteFrom(hostile).where(h.group.eq(HOSTILE_VALUES[0] as string)));
      expect(deleted.rowcount).toBe(1);
      expect((await conn.execute(select(func.count()).from(hostile))).scalarOne()).toBe(HOSTILE_VALUES.length - 1);
    });
    expect(await bystanderIntact(ctx)).toBe(true);
  });

  it("startsWith / endsWith / contains treat %, _, / and \\ literally", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(insert(patterns).values(PATTERN_VALUES.map((value, i) => ({ id: i + 1, value }))));
    });
    const match = async (criterion: SqlExpression<boolean>) =>
      inRollback(engine, async (conn) =>
        [...(await conn.execute(select(patterns.c.value).where(criterion))).scalars().all()].sort(),
      );
    const v = patterns.c.value;
    expect(await match(v.startsWith("100%"))).toEqual(["100%"]);
    expect(await match(v.contains("%"))).toEqual(["%", "100%"]);
    expect(await match(v.contains("_"))).toEqual(["_", "a_b"]);
    expect(await match(v.endsWith("/50"))).toEqual(["50/50"]);
    expect(await match(v.contains("/"))).toEqual(["50/50"]);
    expect(await match(v.contains("\\"))).toEqual(["back\\slash"]);
    expect(await match(v.startsWith("["))).toEqual(["[ab]"]);
    expect(await match(v.contains("x"))).toEqual(["50x50", "axb", "backxslash"]);
    // A hostile LIKE pattern is bound too: it matches (or not) as a pattern and runs nothing.
    expect(await match(v.like("%'; DROP TABLE cs_bystander; --%"))).toEqual([]);
    expect(await match(v.ilike("%' OR '1'='1"))).toEqual([]);
    expect(await bystanderIntact(ctx)).toBe(true);
  });

  it("hostile label, alias and CTE names are quoted and come back as row keys", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(insert(hostile).values(rows.slice(0, 3)));
    });
    const label = `x" , 1 AS "y' -- \`z\``;
    const other = hostile.alias('al"ias `x`; drop');
    const named = select(h.id, h.group).cte('c"te `q`');
    const result = await inRollback(engine, async (conn) => {
      const labelled = await conn.execute(select(h.group.label(label)).where(h.id.eq(1)));
      expect(labelled.keys()).toEqual([label]);
      expect(labelled.mappings().one()).toEqual({ [label]: HOSTILE_VALUES[0] });
      const joined = await conn.execute(
        select(h.id, other.c.id.label("otherId"))
          .join(other, other.c.id.eq(h.id.add(1)))
          .orderBy(h.id),
      );
      expect(joined.all().map((r) => [r.id, r.otherId])).toEqual([
        [1, 2],
        [2, 3],
      ]);
      return (await conn.execute(select(named.c.group).orderBy(named.c.id))).scalars().all();
    });
    expect(result).toEqual(HOSTILE_VALUES.slice(0, 3));
    expect(await bystanderIntact(ctx)).toBe(true);
  });

  it("a function name that tries to close the call is quoted and fails as an unknown function", async () => {
    const evil = (): FunctionCall<unknown> => func.fn("now(); DROP TABLE cs_bystander; --");
    await expect(inRollback(engine, (conn) => conn.execute(select(evil().label("x"))))).rejects.toThrow(
      ProgrammingError,
    );
    expect(await bystanderIntact(ctx)).toBe(true);
  });

  it("the hostile table still exists and is queryable after everything", async () => {
    await engine.begin(async (conn) => {
      await conn.execute(insert(hostile).values(rows.slice(0, 1)));
    });
    const n = await inRollback(engine, async (conn) =>
      (await conn.execute(select(func.count()).from(hostile))).scalarOne(),
    );
    expect(n).toBe(1);
    expect(await bystanderIntact(ctx)).toBe(true);
  });
});
