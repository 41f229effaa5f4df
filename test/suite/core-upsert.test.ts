// Compliance suite for upserts: each dialect's construct (`athanor/postgresql` and `athanor/sqlite`
// onConflictDoUpdate / onConflictDoNothing, `athanor/mysql` onDuplicateKeyUpdate) inserts new rows and
// updates the existing ones, checked by reading the table back. Runs in transactions that are rolled back.
import { expect, it } from "vitest";
import { type Connection, type Insert, select } from "../../src/index.js";
import { insert as mysqlInsert } from "../../src/mysql.js";
import { insert as pgInsert } from "../../src/postgresql.js";
import { insert as sqliteInsert } from "../../src/sqlite.js";
import { describeEachDialect, type TestDialect } from "../../src/testing/index.js";
import { settings } from "./fixtures/core-schema.js";
import { inRollback, useCoreSchema } from "./fixtures/core-setup.js";
import { capabilitiesOf } from "./support.js";

const s = settings.c;

/** New and existing rows (`theme` exists in the seed with hits = 1). */
const ROWS = [
  { key: "theme", value: "light" },
  { key: "font", value: "mono" },
];

/** Builds an upsert of `rows` (each dialect's INSERT subclass; RETURNING can be added). */
type Upsert = (rows: typeof ROWS) => Insert<(typeof settings)["__defs"]>;

/**
 * "Insert, or on a key collision take the new value and count the hit", in each dialect's own construct:
 * the construct is what differs between databases, so it is chosen per dialect module.
 */
const UPSERT_THAT_UPDATES: Readonly<Record<TestDialect, Upsert>> = {
  postgresql: (rows) => {
    const stmt = pgInsert(settings).values(rows);
    return stmt.onConflictDoUpdate({ target: [s.key], set: { value: stmt.excluded.value, hits: s.hits.add(1) } });
  },
  sqlite: (rows) => {
    const stmt = sqliteInsert(settings).values(rows);
    return stmt.onConflictDoUpdate({ target: [s.key], set: { value: stmt.excluded.value, hits: s.hits.add(1) } });
  },
  mysql: (rows) => {
    const stmt = mysqlInsert(settings).values(rows);
    return stmt.onDuplicateKeyUpdate({ value: stmt.inserted.value, hits: s.hits.add(1) });
  },
};

/** ON CONFLICT … DO UPDATE … WHERE: update only when the value changes (PostgreSQL and SQLite have it). */
const CONDITIONAL_UPSERT: Readonly<Partial<Record<TestDialect, Upsert>>> = {
  postgresql: (rows) => {
    const stmt = pgInsert(settings).values(rows);
    return stmt.onConflictDoUpdate({
      target: [s.key],
      set: { value: stmt.excluded.value, hits: s.hits.add(1) },
      where: s.value.ne(stmt.excluded.value),
    });
  },
  sqlite: (rows) => {
    const stmt = sqliteInsert(settings).values(rows);
    return stmt.onConflictDoUpdate({
      target: [s.key],
      set: { value: stmt.excluded.value, hits: s.hits.add(1) },
      where: s.value.ne(stmt.excluded.value),
    });
  },
};

/** ON CONFLICT DO NOTHING (PostgreSQL and SQLite). */
const UPSERT_DO_NOTHING: Readonly<Partial<Record<TestDialect, Upsert>>> = {
  postgresql: (rows) =>
    pgInsert(settings)
      .values(rows)
      .onConflictDoNothing({ target: [s.key] }),
  sqlite: (rows) => sqliteInsert(settings).values(rows).onConflictDoNothing(),
};

/** The settings table as `key → [value, hits]`. */
async function table(conn: Connection): Promise<Record<string, [string, number]>> {
  const rows = (await conn.execute(select(s.key, s.value, s.hits).orderBy(s.key))).all();
  return Object.fromEntries(rows.map((r) => [r.key, [r.value, r.hits]]));
}

describeEachDialect("core upsert", (ctx) => {
  const engine = useCoreSchema(ctx);
  const caps = capabilitiesOf(ctx);
  const conditional = CONDITIONAL_UPSERT[ctx.dialect];
  const doNothing = UPSERT_DO_NOTHING[ctx.dialect];

  it("an upsert inserts the new row and updates the existing one", async () => {
    await inRollback(engine(), async (conn) => {
      await conn.execute(UPSERT_THAT_UPDATES[ctx.dialect](ROWS));
      expect(await table(conn)).toEqual({ font: ["mono", 0], lang: ["en", 0], theme: ["light", 2] });
      // Running it again updates both (each now exists).
      await conn.execute(UPSERT_THAT_UPDATES[ctx.dialect]([{ key: "font", value: "serif" }]));
      expect(await table(conn)).toEqual({ font: ["serif", 1], lang: ["en", 0], theme: ["light", 2] });
    });
  });

  it.skipIf(!caps.returning.insert)("an upsert with RETURNING gives the inserted and the updated row", async () => {
    await inRollback(engine(), async (conn) => {
      const stmt = UPSERT_THAT_UPDATES[ctx.dialect](ROWS).returning(s.key, s.value, s.hits);
      const rows = (await conn.execute(stmt)).all();
      expect(rows.map((r) => [r.key, r.value, r.hits]).sort()).toEqual([
        ["font", "mono", 0],
        ["theme", "light", 2],
      ]);
    });
  });

  it.skipIf(conditional === undefined)("ON CONFLICT DO UPDATE … WHERE updates only the rows it selects", async () => {
    await inRollback(engine(), async (conn) => {
      await conn.execute((conditional as Upsert)([{ key: "theme", value: "dark" }]));
      expect((await table(conn))["theme"]).toEqual(["dark", 1]);
      await conn.execute((conditional as Upsert)([{ key: "theme", value: "blue" }]));
      expect((await table(conn))["theme"]).toEqual(["blue", 2]);
    });
  });

  it.skipIf(doNothing === undefined)(
    "ON CONFLICT DO NOTHING keeps the existing row and inserts the new one",
    async () => {
      await inRollback(engine(), async (conn) => {
        await conn.execute((doNothing as Upsert)(ROWS));
        expect(await table(conn)).toEqual({ font: ["mono", 0], lang: ["en", 0], theme: ["dark", 1] });
      });
    },
  );
});
