// Compliance suite for INSERT of many rows (SQLAlchemy's "insertmanyvalues"): RETURNING rows and inserted
// primary keys come back in parameter order (matched by a sentinel, never by the server's output order),
// rows that leave out different optional columns are grouped by shape, client defaults are filled per row,
// and many rows are paged. Every test checks what was stored by reading it back by the returned keys.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  ArgumentError,
  column,
  createEngine,
  type Engine,
  Enum,
  func,
  insert,
  Integer,
  MetaData,
  select,
  String as SqlString,
  Table,
  UUID,
} from "../../src/index.js";
import { insert as pgInsert } from "../../src/postgresql.js";
import { insert as sqliteInsert } from "../../src/sqlite.js";
import { describeEachDialect, type TestDialect } from "../../src/testing/index.js";
import { inRollback } from "./fixtures/core-setup.js";
import { capabilitiesOf } from "./support.js";

const metadata = new MetaData();

/** Server-generated keys; an index on `name`, an enum with a client default, a default function. */
const items = new Table("im_items", metadata, {
  id: column(Integer()).primaryKey().autoincrement(),
  name: column(SqlString(50)).index(),
  kind: column(Enum(["plain", "fancy"], { name: "im_kind" })).default("plain"),
  note: column(SqlString(50)).nullable(),
  rank: column(Integer()).nullable(),
});

/** Client-generated keys (a UUID default function). */
const docs = new Table("im_docs", metadata, {
  id: column(UUID())
    .primaryKey()
    .default(() => randomUUID()),
  title: column(SqlString(50)),
});

/** A composite key given by the client. */
const pairs = new Table("im_pairs", metadata, {
  a: column(Integer()).primaryKey().autoincrement(false),
  b: column(SqlString(10)).primaryKey(),
  val: column(Integer()),
});

/** A client-generated key and a unique email: an upsert on the email keeps the stored key. */
const accounts = new Table("im_accounts", metadata, {
  id: column(UUID())
    .primaryKey()
    .default(() => randomUUID()),
  email: column(SqlString(50)).unique(),
  visits: column(Integer()),
});

const i = items.c;
const a = accounts.c;

type AccountRow = { email: string; visits: number };

/** "Insert, or count the visit" on the email, returning email and visits (dialects with ON CONFLICT). */
const UPSERT_ACCOUNTS: Readonly<Partial<Record<TestDialect, (rows: AccountRow[]) => ReturnType<typeof insert>>>> = {
  postgresql: (rows) =>
    pgInsert(accounts)
      .values(rows)
      .onConflictDoUpdate({ target: [a.email], set: { visits: a.visits.add(1) } }),
  sqlite: (rows) =>
    sqliteInsert(accounts)
      .values(rows)
      .onConflictDoUpdate({ target: [a.email], set: { visits: a.visits.add(1) } }),
};

describeEachDialect("core insert many", (ctx) => {
  const caps = capabilitiesOf(ctx);
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine(ctx.url());
    await metadata.dropAll(engine);
    await metadata.createAll(engine);
  });
  afterAll(async () => {
    await metadata.dropAll(engine);
    await engine.dispose();
  });

  it.skipIf(!caps.returning.insert)(
    "returning rows come back in parameter order over several pages (generated keys are the sentinel)",
    async () => {
      await inRollback(engine, async (conn) => {
        // Names sort in another order than they are given, so a wrong pairing cannot go unnoticed.
        const params = Array.from({ length: 2300 }, (_, n) => ({ name: `n${(n * 7919) % 2300}`, rank: n }));
        const rows = (await conn.execute(insert(items).returning(i.id, i.name, i.rank), params)).all();
        expect(rows.map((r) => [r.name, r.rank])).toEqual(params.map((p) => [p.name, p.rank]));
        const stored = new Map((await conn.execute(select(i.id, i.name))).all().map((r) => [r.id, r.name] as const));
        for (const r of rows) expect(stored.get(r.id)).toBe(r.name);
      });
    },
  );

  it("returnPrimaryKeys(): one generated key per parameter set, in input order", async () => {
    const inserts: string[] = [];
    const listener = ({ sql }: { sql: string }): void => {
      if (sql.startsWith("INSERT")) inserts.push(sql);
    };
    engine.on("beforeExecute", listener);
    await inRollback(engine, async (conn) => {
      const params = Array.from({ length: 40 }, (_, n) => ({ name: `k${39 - n}` }));
      const result = await conn.execute(insert(items).returnPrimaryKeys(), params);
      engine.off("beforeExecute", listener);
      // Batched where the database numbers generated keys in row order; one row per statement elsewhere.
      const batched = caps.returning.insert && caps.autoincrementSentinel !== "none";
      expect(inserts).toHaveLength(batched ? 1 : params.length);
      if (caps.autoincrementSentinel === "ordered-select") expect(inserts[0]).toMatch(/ORDER BY sen_counter/);
      expect(result.returnsRows).toBe(false);
      const keys = result.insertedPrimaryKeys;
      expect(keys).toHaveLength(params.length);
      for (const [n, [id]] of keys.entries()) {
        expect((await conn.execute(select(i.name).where(i.id.eq(id as number)))).scalarOne()).toBe(params[n]?.name);
      }
    });
  });

  it("executemany without returnPrimaryKeys() does not know server-generated keys, and says how to ask", async () => {
    await inRollback(engine, async (conn) => {
      const result = await conn.execute(insert(items), [{ name: "a" }, { name: "b" }]);
      expect(result.rowcount).toBe(2);
      expect(() => result.insertedPrimaryKeys).toThrow(/returnPrimaryKeys\(\)/);
    });
  });

  it("client-generated keys: reported per row without a RETURNING, and matched by value with one", async () => {
    await inRollback(engine, async (conn) => {
      const plain = await conn.execute(insert(docs), [{ title: "one" }, { title: "two" }, { title: "three" }]);
      const keys = plain.insertedPrimaryKeys.map(([id]) => id as string);
      expect(new Set(keys).size).toBe(3);
      const titles = await Promise.all(
        keys.map(async (id) => (await conn.execute(select(docs.c.title).where(docs.c.id.eq(id)))).scalarOne()),
      );
      expect(titles).toEqual(["one", "two", "three"]);
      if (!caps.returning.insert) return;
      const given = Array.from({ length: 30 }, (_, n) => ({ id: randomUUID().toUpperCase(), title: `t${n}` }));
      const returned = await conn.execute(insert(docs).returning(docs.c.title), given);
      expect(returned.all().map((r) => r.title)).toEqual(given.map((g) => g.title));
      expect(returned.insertedPrimaryKeys).toEqual(given.map((g) => [g.id]));
    });
  });

  it.skipIf(!caps.returning.insert)("a composite client key correlates RETURNING rows", async () => {
    await inRollback(engine, async (conn) => {
      const params = [
        { a: 2, b: "y", val: 1 },
        { a: 1, b: "z", val: 2 },
        { a: 2, b: "x", val: 3 },
        { a: 1, b: "a", val: 4 },
      ];
      const result = await conn.execute(insert(pairs).returning(pairs.c.val, pairs.c.a), params);
      expect(result.all().map((r) => [r.val, r.a])).toEqual(params.map((p) => [p.val, p.a]));
      expect(result.insertedPrimaryKeys).toEqual(params.map((p) => [p.a, p.b]));
    });
  });

  it("rows leaving out different optional columns run grouped by shape; defaults fill each row", async () => {
    await inRollback(engine, async (conn) => {
      const params = [
        { name: "m1" },
        { name: "m2", note: "has note" },
        { name: "m3", kind: "fancy" as const },
        { name: "m4" },
        { name: "m5", note: "n", rank: 5 },
        { name: "m6", note: undefined, rank: 6 },
      ];
      const result = await conn.execute(insert(items).returnPrimaryKeys(), params);
      expect(result.rowcount).toBe(params.length);
      const stored = await Promise.all(
        result.insertedPrimaryKeys.map(async ([id]) =>
          (await conn.execute(select(i.name, i.kind, i.note, i.rank).where(i.id.eq(id as number)))).mappings().one(),
        ),
      );
      expect(stored).toEqual([
        { name: "m1", kind: "plain", note: null, rank: null },
        { name: "m2", kind: "plain", note: "has note", rank: null },
        { name: "m3", kind: "fancy", note: null, rank: null },
        { name: "m4", kind: "plain", note: null, rank: null },
        { name: "m5", kind: "plain", note: "n", rank: 5 },
        { name: "m6", kind: "plain", note: null, rank: 6 },
      ]);
      if (!caps.returning.insert) return;
      const returned = await conn.execute(insert(items).returning(i.name, i.kind), params);
      expect(returned.all().map((r) => [r.name, r.kind])).toEqual(params.map((p) => [p.name, p.kind ?? "plain"]));
    });
  });

  const upsertAccounts = UPSERT_ACCOUNTS[ctx.dialect];
  it.skipIf(!upsertAccounts || !caps.returning.insert)(
    "an upsert's RETURNING rows stay in parameter order although updated rows keep their stored key",
    async () => {
      await inRollback(engine, async (conn) => {
        const upsert = upsertAccounts as NonNullable<typeof upsertAccounts>;
        await conn.execute(insert(accounts), [{ email: "b@x", visits: 10 }]);
        const rows = [
          { email: "a@x", visits: 1 },
          { email: "b@x", visits: 1 },
          { email: "c@x", visits: 1 },
        ];
        const result = await conn.execute(upsert(rows).returning(a.email, a.visits));
        expect(result.all().map((r) => [r.email, r.visits])).toEqual([
          ["a@x", 1],
          ["b@x", 11],
          ["c@x", 1],
        ]);
        const stored = (await conn.execute(select(a.id).where(a.email.eq("b@x")))).scalarOne();
        expect(result.insertedPrimaryKeys[1]).toEqual([stored]);
      });
    },
  );

  it("many rows are paged: every row is stored once", async () => {
    await inRollback(engine, async (conn) => {
      const params = Array.from({ length: 2501 }, (_, n) => ({ name: `p${n}`, rank: n }));
      const result = await conn.execute(insert(items), params);
      expect(result.rowcount).toBe(params.length);
      const [count, sum] = (
        await conn.execute(select(func.count(), func.sum(i.rank)).where(i.name.startsWith("p")))
      ).one();
      expect([Number(count), Number(sum)]).toEqual([params.length, (2500 * 2501) / 2]);
    });
  });

  it("an unknown column key is an ArgumentError naming it, raised before anything runs", async () => {
    await inRollback(engine, async (conn) => {
      const bad = [{ name: "ok" }, { name: "typo", rnak: 1 }] as unknown as { name: string }[];
      await expect(conn.execute(insert(items), bad)).rejects.toThrow(ArgumentError);
      await expect(conn.execute(insert(items), bad)).rejects.toThrow(/row 2 has key 'rnak'.*columns are id, name/);
      expect((await conn.execute(select(func.count()).from(items))).scalarOne()).toBe(0);
    });
  });
});
