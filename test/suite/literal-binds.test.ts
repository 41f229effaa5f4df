// Offline SQL (compile with { literalBinds: true }, for Migrate's --sql): statements with every value written
// into the SQL text run on each database through its raw driver (as another client would run a script) and
// give back exactly the values they were written from, also under the session settings that change how
// string literals are read (PostgreSQL's standard_conforming_strings, MySQL's NO_BACKSLASH_ESCAPES).
import { beforeEach, expect, it } from "vitest";
import {
  BigInteger,
  Boolean as SqlBoolean,
  column,
  compile,
  Date as SqlDate,
  DateTime,
  type Engine,
  type Executable,
  Float,
  insert,
  Integer,
  JSON as SqlJSON,
  LargeBinary,
  literal,
  MetaData,
  Numeric,
  select,
  String as SqlString,
  Table,
  Text,
} from "../../src/index.js";
import { describeEachDialect, openRawClient, type RawClient, type TestDialect } from "../../src/testing/index.js";
import { HOSTILE_VALUES } from "./fixtures/hostile-schema.js";
import { engines } from "./support.js";

const metadata = new MetaData();
const values = new Table("lit_values", metadata, {
  id: column(Integer()).primaryKey().autoincrement(false),
  s: column(Text()).nullable(),
  short: column(SqlString(300)).nullable(),
  n: column(Integer()).nullable(),
  big: column(BigInteger()).nullable(),
  num: column(Numeric(12, 4)).nullable(),
  f: column(Float()).nullable(),
  b: column(SqlBoolean()).nullable(),
  dt: column(DateTime()).nullable(),
  dtz: column(DateTime({ timezone: true })).nullable(),
  d: column(SqlDate()).nullable(),
  j: column(SqlJSON()).nullable(),
  bin: column(LargeBinary()).nullable(),
});

/** Strings aimed at each dialect's literal syntax, on top of the injection suite's hostile values. */
const STRINGS: readonly string[] = [
  ...HOSTILE_VALUES,
  "\\",
  "\\\\'",
  "'\\",
  "E'\\x41'",
  "_utf8mb4 X'41'",
  "\\0 \\n \\t \\Z \\% \\_",
  "$$ dollar $tag$",
  "::text",
];

const rows = STRINGS.map((s, i) => ({
  id: i + 1,
  s,
  short: s,
  n: i % 2 === 0 ? -i - 1 : i * 1000,
  big: i % 2 === 0 ? -9007199254740993n : 9223372036854775807n,
  num: i % 2 === 0 ? "-1234.5678" : "0.0001",
  f: i === 0 ? 0.1 : -1.5e-7 * i,
  b: i % 2 === 0,
  dt: new Date(Date.UTC(2024, 2, 10, 7, 30, i, 123)),
  dtz: new Date(Date.UTC(1999, 11, 31, 23, 59, 59, i)),
  d: "2024-02-29",
  j: { s, list: [1, null, -2.5, true] },
  bin: Buffer.concat([Buffer.from(s, "utf8"), Buffer.from([0, 255, 92, 39])]),
}));
const nulls = {
  id: rows.length + 1,
  ...Object.fromEntries(Object.keys(values.c).flatMap((k) => (k === "id" ? [] : [[k, null]]))),
};

/**
 * Session settings each database is tried under besides its defaults: the ones that change how a string
 * literal is read (a per-dialect table: the settings are each server's own).
 */
const STRING_MODES: Readonly<Record<TestDialect, readonly string[]>> = {
  sqlite: [],
  postgresql: ["SET standard_conforming_strings = off"],
  mysql: ["SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"],
};

describeEachDialect("literal binds", (ctx) => {
  const engine = engines(ctx);
  const modes: readonly (string | undefined)[] = [undefined, ...STRING_MODES[ctx.dialect]];

  beforeEach(async () => {
    const e = engine();
    await metadata.dropAll(e);
    await metadata.createAll(e);
  });

  /** The statement's SQL with its values written in, for the engine's dialect. */
  function offline(e: Engine, stmt: Executable<readonly unknown[], object>): string {
    const { sql, params } = compile(stmt, e, undefined, { literalBinds: true });
    expect(params).toEqual([]);
    return sql;
  }

  /** Runs `body` on a raw driver connection set to `mode` (undefined: the server's defaults). */
  async function raw<T>(mode: string | undefined, body: (client: RawClient) => Promise<T>): Promise<T> {
    const client = await openRawClient(ctx.dialect, ctx.url());
    try {
      if (mode !== undefined) await client.query(mode);
      return await body(client);
    } finally {
      await client.close();
    }
  }

  for (const mode of modes) {
    const under = mode === undefined ? "the server's defaults" : mode;

    it(`rows inserted by offline SQL read back exactly (${under})`, async () => {
      const e = engine();
      await raw(mode, async (client) => {
        await client.query(offline(e, insert(values).values([...rows, nulls])));
      });
      await using conn = await e.connect();
      const back = (await conn.execute(select(values).orderBy(values.c.id))).mappings().all();
      expect(back).toEqual([...rows, nulls]);
    });

    it(`a LIKE pattern and ESCAPE character with backslashes match as written (${under})`, async () => {
      const e = engine();
      await e.begin(async (conn) => {
        await conn.execute(insert(values), rows);
      });
      // The escape character is a backslash, so a doubled backslash in the pattern is one literal backslash.
      const stmt = select(values.c.id).where(values.c.short.like("back\\\\slash%", { escape: "\\" }));
      const expected = rows.filter((r) => r.s.startsWith("back\\slash")).map((r) => r.id);
      expect(expected).toHaveLength(1);
      await raw(mode, async (client) => {
        expect((await client.query(offline(e, stmt))).map((r) => Number(r["id"]))).toEqual(expected);
      });
    });

    it(`each hostile string selects back unchanged and finds its row by equality (${under})`, async () => {
      const e = engine();
      await e.begin(async (conn) => {
        await conn.execute(insert(values), rows);
      });
      await raw(mode, async (client) => {
        for (const row of rows) {
          const [alone] = await client.query(offline(e, select(literal(row.s, Text()).label("v"))));
          expect(alone?.["v"], JSON.stringify(row.s)).toBe(row.s);
          const found = await client.query(
            offline(e, select(values.c.id).where(values.c.short.eq(row.s), values.c.bin.eq(row.bin))),
          );
          expect(
            found.map((r) => Number(r["id"])),
            JSON.stringify(row.s),
          ).toEqual([row.id]);
        }
      });
    });
  }
});
