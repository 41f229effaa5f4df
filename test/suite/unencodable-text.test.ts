// Strings that cannot be sent as written are refused before anything reaches the database (issue 8, #6 and
// #12): a lone UTF-16 surrogate (the drivers would store U+FFFD in its place, silently) as a bound value, a
// text() bind, an identifier or a server default; a NUL character in an identifier.
import { beforeEach, expect, it } from "vitest";
import {
  ArgumentError,
  column,
  DataError,
  insert,
  Integer,
  MetaData,
  select,
  String as SqlString,
  Table,
  text,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { engines } from "./support.js";

/** Half of 😀 (U+1F600 is D83D DE00), alone, at index 3. */
const HIGH = "abc\uD83D";
/** The other half, alone, at index 1. */
const LOW = "x\uDE00yz";

const md = new MetaData();
const notes = new Table("ue_notes", md, { id: column(Integer()).primaryKey(), body: column(SqlString(40)) });

describeEachDialect("unencodable text", (ctx) => {
  const engine = engines(ctx);

  beforeEach(async () => {
    await ctx.adminQuery("DROP TABLE IF EXISTS ue_notes");
    await ctx.adminQuery("CREATE TABLE ue_notes (id INTEGER PRIMARY KEY, body VARCHAR(40))");
  });

  /** Runs `fn`, expecting it to fail; returns the error. */
  async function failure(fn: () => Promise<unknown>): Promise<Error> {
    const error = await fn().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }

  it("a lone surrogate in a bound value is a DataError naming the parameter and the position; nothing is stored", async () => {
    const e = engine();
    const high = await failure(() => e.begin((c) => c.execute(insert(notes).values({ id: 1, body: HIGH }))));
    expect(high).toBeInstanceOf(DataError);
    expect(high.message).toMatch(/Bind parameter.*U\+D83D.*index 3/);
    const low = await failure(() => e.begin((c) => c.execute(select(notes.c.id).where(notes.c.body.eq(LOW)))));
    expect(low).toBeInstanceOf(DataError);
    expect(low.message).toMatch(/U\+DE00.*index 1/);
    // A well-formed pair is data like any other.
    await e.begin((c) => c.execute(insert(notes).values({ id: 2, body: "ok \uD83D\uDE00" })));
    const stored = await e.begin(async (c) => (await c.execute(select(notes.c.id, notes.c.body))).tuples().all());
    expect(stored).toEqual([[2, "ok \uD83D\uDE00"]]);
  });

  it("a lone surrogate in a text() bind or in text() SQL is refused", async () => {
    const e = engine();
    const bind = await failure(() =>
      e.begin((c) => c.execute(text("insert into ue_notes (id, body) values (1, :body)"), { body: LOW })),
    );
    expect(bind).toBeInstanceOf(DataError);
    expect(bind.message).toMatch(/'body'.*U\+DE00.*index 1/);
    const sql = await failure(() => e.begin((c) => c.execute(text(`insert into ue_notes values (1, '${HIGH}')`))));
    expect(sql).toBeInstanceOf(DataError);
    expect(sql.message).toMatch(/U\+D83D/);
    await using c = await e.connect();
    expect((await c.execute(select(notes.c.id))).all()).toEqual([]);
  });

  it("a lone surrogate in an identifier or a server default is a DataError; a NUL in an identifier an ArgumentError", async () => {
    const e = engine();
    const meta = new MetaData();
    new Table(`ue_bad${HIGH}`, meta, { id: column(Integer()).primaryKey() });
    expect(await failure(() => meta.createAll(e))).toBeInstanceOf(DataError);
    const meta2 = new MetaData();
    new Table("ue_bad_default", meta2, {
      id: column(Integer()).primaryKey(),
      s: column(SqlString(9)).serverDefault(LOW),
    });
    const def = await failure(() => meta2.createAll(e));
    expect(def).toBeInstanceOf(DataError);
    expect(def.message).toMatch(/U\+DE00.*index 1/);
    const nul = new Table("ue_nu\u0000l", new MetaData(), { id: column(Integer()).primaryKey() });
    const err = await failure(() => e.begin((c) => c.execute(select(nul.c.id))));
    expect(err).toBeInstanceOf(ArgumentError);
    expect(err.message).toMatch(/NUL character at index 5/);
    const label = await failure(() => e.begin((c) => c.execute(select(notes.c.id.label(`n${LOW}`)))));
    expect(label).toBeInstanceOf(DataError);
    // Nothing was created.
    await using c = await e.connect();
    expect(await c.scalar(select(notes.c.id))).toBe(null);
  });
});
