// Dates a column cannot hold exactly are refused before anything is sent, on every database (issue 8, #7):
// a day, hour or minute out of range used to roll over (2021-02-31 was stored as 2021-03-03), and years
// outside 0001–9999 were written malformed ("00-1-01-01", "10000-01-0").
import { beforeEach, expect, it } from "vitest";
import {
  column,
  DataError,
  Date as SqlDate,
  DateTime,
  insert,
  Integer,
  MetaData,
  select,
  Table,
  text,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { engines, fixtureTypes } from "./support.js";

const md = new MetaData();
const events = new Table("bd_events", md, {
  id: column(Integer()).primaryKey(),
  at: column(DateTime()).nullable(),
  day: column(SqlDate()).nullable(),
});

/** A Date in a given UTC year (setUTCFullYear reaches years Date.UTC maps to the 1900s). */
function inYear(year: number): Date {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year);
  return d;
}

describeEachDialect("invalid dates", (ctx) => {
  const engine = engines(ctx);
  const types = fixtureTypes(ctx);

  beforeEach(async () => {
    await ctx.adminQuery("DROP TABLE IF EXISTS bd_events");
    await ctx.adminQuery(`CREATE TABLE bd_events (id INTEGER PRIMARY KEY, at ${types.datetime}, day ${types.date})`);
  });

  it("a day, hour or minute out of range is a DataError, not a rollover", async () => {
    const e = engine();
    // Strings for DateTime are typed out (a Date is expected), but taken at run time as JavaScript sends them.
    const bad: readonly Record<string, unknown>[] = [
      { at: "2021-02-31 10:00:00" },
      { at: "2021-02-29T00:00:00Z" },
      { at: "2021-13-01 00:00:00" },
      { at: "2021-04-31" },
      { at: "2021-01-01 24:00:00" },
      { at: "2021-01-01 10:60:00" },
      { at: "2021-01-01 10:00:60" },
      { day: "2021-02-30" },
      { day: "2023-02-29" },
      { day: "2021-00-10" },
      { day: "2021-06-00" },
    ];
    for (const [i, values] of bad.entries()) {
      const error = await e
        .begin((c) => c.execute(insert(events).values({ id: i + 1, ...values } as never)))
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(error, JSON.stringify(values)).toBeInstanceOf(DataError);
      expect((error as Error).message).toMatch(/real date/);
    }
    // Leap days that exist are taken.
    await e.begin((c) =>
      c.execute(insert(events).values({ id: 99, at: "2024-02-29 23:59:59", day: "2000-02-29" } as never)),
    );
    await using c = await e.connect();
    const rows = (await c.execute(select(events.c.id, events.c.at, events.c.day))).tuples().all();
    expect(rows).toEqual([[99, new Date(Date.UTC(2024, 1, 29, 23, 59, 59)), "2000-02-29"]]);
  });

  it("years outside 0001–9999 are refused (typed and untyped binds); 1000 and 9999 round-trip", async () => {
    const e = engine();
    const bad: readonly Record<string, unknown>[] = [
      { at: inYear(-1) },
      { at: inYear(0) },
      { at: inYear(10000) },
      { day: inYear(-1) },
      { day: inYear(10000) },
      { day: "10000-01-01" },
      { day: "0000-12-31" },
      { at: "10000-01-01 00:00:00" },
    ];
    for (const [i, values] of bad.entries()) {
      const error = await e
        .begin((c) => c.execute(insert(events).values({ id: i + 1, ...values } as never)))
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(error, String(Object.values(values)[0])).toBeInstanceOf(DataError);
      expect((error as Error).message).toMatch(/0001–9999/);
    }
    const untyped = await e
      .begin((c) => c.execute(text("insert into bd_events (id, at) values (1, :at)"), { at: inYear(10000) }))
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(untyped).toBeInstanceOf(DataError);
    expect((untyped as Error).message).toMatch(/year 10000.*0001–9999/);
    const low = new Date(Date.UTC(1000, 0, 1));
    const high = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
    await e.begin((c) =>
      c.execute(insert(events), [
        { id: 1, at: low, day: "1000-01-01" },
        { id: 2, at: high, day: high as never },
      ]),
    );
    await using c = await e.connect();
    const rows = (await c.execute(select(events.c.id, events.c.at, events.c.day).orderBy(events.c.id))).tuples().all();
    expect(rows).toEqual([
      [1, low, "1000-01-01"],
      [2, high, "9999-12-31"],
    ]);
  });
});
