import { beforeEach, expect, it } from "vitest";
import {
  ArgumentError,
  BigInteger,
  Integer,
  InvalidRequestError,
  MultipleResultsFoundError,
  NoResultFoundError,
  String as SqlString,
  text,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { capabilitiesOf, engines, fixtureTypes } from "./support.js";

describeEachDialect("execute", (ctx) => {
  const engine = engines(ctx);
  const caps = capabilitiesOf(ctx);

  beforeEach(async () => {
    await ctx.adminQuery("DROP TABLE IF EXISTS ex_people");
    await ctx.adminQuery(
      `CREATE TABLE ex_people (id ${fixtureTypes(ctx).pk}, name VARCHAR(50) NOT NULL, team VARCHAR(20))`,
    );
  });

  const insert = text("insert into ex_people (name, team) values (:name, :team)");
  const people = text("select id, name, team from ex_people order by id").columns({
    id: Integer(),
    name: SqlString(),
    team: SqlString(),
  });

  it("binds named parameters and returns typed rows with tuple and named access", async () => {
    const e = engine();
    await using conn = await e.connect();
    const res = await conn.execute(insert, { name: "Ann", team: "red" });
    expect(res.rowcount).toBe(1);
    await conn.execute(insert, { name: "Bo", team: null });
    const rows = (await conn.execute(people)).all();
    expect(rows.length).toBe(2);
    const [first, second] = rows;
    expect(first?.name).toBe("Ann");
    expect(first?.[1]).toBe("Ann");
    expect([...(second ?? [])].slice(1)).toEqual(["Bo", null]);
    expect(typeof first?.id).toBe("number");
  });

  it("a parameter used twice binds the same value twice", async () => {
    const e = engine();
    await using conn = await e.connect();
    const r = await conn.execute(text("select :v as a, :v as b").columns({ a: Integer(), b: Integer() }), { v: 5 });
    expect(r.one()).toMatchObject({ a: 5, b: 5 });
  });

  it("executemany runs the statement once per parameter set and sums rowcount", async () => {
    const e = engine();
    await using conn = await e.connect();
    const res = await conn.execute(
      insert,
      Array.from({ length: 25 }, (_, i) => ({ name: `p${i}`, team: i % 2 ? "odd" : "even" })),
    );
    expect(res.rowcount).toBe(25);
    const upd = await conn.execute(text("update ex_people set team = :t where team = :old"), { t: "x", old: "odd" });
    expect(upd.rowcount).toBe(12);
    const del = await conn.execute(text("delete from ex_people where team = :t"), [{ t: "x" }, { t: "even" }]);
    expect(del.rowcount).toBe(25);
  });

  it("a missing parameter is an ArgumentError raised before anything is sent", async () => {
    const e = engine();
    const sent: string[] = [];
    e.on("beforeExecute", (ev) => {
      sent.push(ev.sql);
    });
    await using conn = await e.connect();
    await expect(conn.execute(insert, { name: "only name" })).rejects.toThrow(ArgumentError);
    await expect(conn.execute(insert, { name: "x", team: undefined })).rejects.toThrow(/bind parameter 'team'/);
    await expect(conn.execute(insert)).rejects.toThrow(/needs bind parameters \('name', 'team'\)/);
    await expect(conn.execute(insert, [{ name: "ok", team: "t" }, { name: "missing team" }])).rejects.toThrow(
      ArgumentError,
    );
    expect(sent).toEqual([]);
    expect((await conn.execute(people)).all()).toEqual([]);
  });

  it("a plain string is refused with a hint to use text()", async () => {
    const e = engine();
    await using conn = await e.connect();
    await expect(conn.execute("select 1" as never)).rejects.toThrow(/wrap raw SQL in text\(\)/);
  });

  it("result accessors: one, first, scalar, scalars, mappings, unique, partitions, keys", async () => {
    const e = engine();
    await using conn = await e.connect();
    await conn.execute(insert, [
      { name: "a", team: "red" },
      { name: "b", team: "red" },
      { name: "c", team: "blue" },
    ]);
    expect((await conn.execute(people)).keys()).toEqual(["id", "name", "team"]);
    expect((await conn.execute(people)).first()?.name).toBe("a");
    await expect(conn.execute(people).then((r) => r.one())).rejects.toThrow(MultipleResultsFoundError);
    const none = text("select name from ex_people where name = :n").columns({ name: SqlString() });
    await expect(conn.execute(none, { n: "zz" }).then((r) => r.one())).rejects.toThrow(NoResultFoundError);
    expect((await conn.execute(none, { n: "zz" })).oneOrNone()).toBeNull();
    expect((await conn.execute(none, { n: "b" })).scalarOne()).toBe("b");
    expect((await conn.execute(none, { n: "zz" })).scalar()).toBeNull();
    const teams = text("select team from ex_people order by id").columns({ team: SqlString() });
    expect((await conn.execute(teams)).scalars().all()).toEqual(["red", "red", "blue"]);
    expect((await conn.execute(teams)).scalars().unique().all()).toEqual(["red", "blue"]);
    expect(
      (await conn.execute(people))
        .mappings()
        .all()
        .map((m) => m.name),
    ).toEqual(["a", "b", "c"]);
    const parts = [...(await conn.execute(people)).partitions(2)].map((p) => p.length);
    expect(parts).toEqual([2, 1]);
    const iterated: string[] = [];
    for await (const row of await conn.execute(people)) iterated.push(row.name as string);
    expect(iterated).toEqual(["a", "b", "c"]);
  });

  it.skipIf(!caps.lastrowid)("lastrowid gives the generated key of an INSERT", async () => {
    const e = engine();
    await using conn = await e.connect();
    const r1 = await conn.execute(insert, { name: "a", team: "t" });
    const r2 = await conn.execute(insert, { name: "b", team: "t" });
    expect(Number(r2.lastrowid)).toBe(Number(r1.lastrowid) + 1);
    const id = (
      await conn.execute(text("select id from ex_people where name = 'b'").columns({ id: Integer() }))
    ).scalarOne();
    expect(Number(r2.lastrowid)).toBe(id);
  });

  it("insertedPrimaryKey is only for insert() constructs", async () => {
    const e = engine();
    await using conn = await e.connect();
    const r = await conn.execute(insert, { name: "a", team: "t" });
    expect(() => r.insertedPrimaryKey).toThrow(InvalidRequestError);
  });

  it("untyped results keep 64-bit integers exact and small ones as numbers", async () => {
    const e = engine();
    await using conn = await e.connect();
    const row = (
      await conn.execute(text("select 9223372036854775807 as big, 42 as small, -9007199254740993 as edge"))
    ).one();
    expect(row.big).toBe(9223372036854775807n);
    expect(row.small).toBe(42);
    expect(row.edge).toBe(-9007199254740993n);
  });

  it("conn.stream() reads a million rows in bounded memory", async () => {
    const e = engine();
    await using conn = await e.connect();
    const total = 1_000_000;
    // 10^6 rows from a cross join of digits (no recursion limits), each with a 100-character label.
    const digits =
      "(select 0 as x union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9)";
    const label = "x".repeat(100);
    const stmt = text(
      `select a.x + 10 * b.x + 100 * c.x + 1000 * d.x + 10000 * e2.x + 100000 * f.x + 1 as i, '${label}' as label ` +
        `from ${digits} a, ${digits} b, ${digits} c, ${digits} d, ${digits} e2, ${digits} f ` +
        `where a.x + 10 * b.x + 100 * c.x + 1000 * d.x + 10000 * e2.x + 100000 * f.x < :total`,
    );
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let sum = 0;
    const result = await conn.stream(
      stmt.columns({ i: BigInteger(), label: SqlString() }),
      { total },
      { yieldPer: 2000 },
    );
    for await (const row of result) {
      count++;
      sum += Number(row.i);
      if (count % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(count).toBe(total);
    expect(sum).toBe((total * (total + 1)) / 2);
    // Buffering a million rows with 100-character labels takes several hundred MB; a stream stays near one batch.
    expect(peak).toBeLessThan(100 * 1024 * 1024);
    // The connection is usable again afterwards.
    expect((await conn.execute(text("select 1 as one").columns({ one: Integer() }))).scalarOne()).toBe(1);
  });

  it("a streaming connection refuses other statements until the result is closed", async () => {
    const e = engine();
    await using conn = await e.connect();
    await conn.execute(insert, [
      { name: "a", team: "t" },
      { name: "b", team: "t" },
    ]);
    const result = await conn.stream(people);
    await expect(conn.execute(people)).rejects.toThrow(/streaming a result/);
    const firstTwo = await result.fetchMany(1);
    expect(firstTwo.length).toBe(1);
    await result.close();
    expect((await conn.execute(people)).all().length).toBe(2);
    const partitions: number[] = [];
    for await (const part of (await conn.stream(people)).partitions(1)) partitions.push(part.length);
    expect(partitions).toEqual([1, 1]);
    expect(await (await conn.stream(people)).scalars().all()).toEqual([1, 2]);
  });
});
