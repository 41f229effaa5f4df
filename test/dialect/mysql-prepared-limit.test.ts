// When MariaDB refuses to prepare a statement because the server-wide max_prepared_stmt_count is reached
// (errno 1461), values stay safe (issue 8, #3): the adapter used to interpolate them client-side with
// backslash escapes, so with NO_BACKSLASH_ESCAPES in the session `name = '\' OR 1=1 -- '` deleted every row.
// Now it evicts the connection's cached statements and prepares again; when other sessions hold every slot,
// it sends the values as hex literals, which mean the same under every SQL mode.
// A private server (started with --max-prepared-stmt-count=4) keeps the shared server's settings untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  column,
  createEngine,
  deleteFrom,
  type Engine,
  insert,
  Integer,
  MetaData,
  select,
  String as SqlString,
  Table,
  text,
} from "../../src/index.js";
import { privateMariaDbAvailable, type PrivateMariaDb, startPrivateMariaDb } from "./private-mariadb.js";

const LIMIT = 4;
const md = new MetaData();
const people = new Table("pl_people", md, { id: column(Integer()).primaryKey(), name: column(SqlString(40)) });
const HOSTILE = ["' OR 1=1 -- ", "\\' OR 1=1 -- ", "a\\b", "it's", "\\", "é😀", "x'); drop table pl_people; --"];

/** A statement with a parameter whose SQL differs for each `i` (so each is a prepared statement of its own). */
const distinct = (i: number) => text(`select id from pl_people where id = :x and ${i} = ${i}`);

describe.runIf(privateMariaDbAvailable())("MySQL adapter at the server's prepared-statement limit", () => {
  let server: PrivateMariaDb;
  let engine: Engine;
  let holder: Engine;

  /** Prepared statements open on the whole server. */
  async function preparedCount(): Promise<number> {
    await using conn = await holder.connect();
    const row = (await conn.execute(text("show global status like 'Prepared_stmt_count'"))).tuples().one();
    return Number(row[1]);
  }

  beforeAll(async () => {
    server = await startPrivateMariaDb([
      `--max-prepared-stmt-count=${LIMIT}`,
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_general_ci",
    ]);
    const admin = createEngine(server.url());
    await admin.begin(async (c) => {
      await c.execute(text("create database pl"));
    });
    await admin.dispose();
    engine = createEngine(server.url("pl"), { poolSize: 1, maxOverflow: 0 });
    engine.on("connect", async (raw) => {
      await raw.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
    });
    holder = createEngine(server.url("pl"), { poolSize: 2, maxOverflow: 0 });
    await md.createAll(engine);
  }, 120_000);
  afterAll(async () => {
    await engine?.dispose();
    await holder?.dispose();
    await server?.stop();
  });

  it("the session runs with NO_BACKSLASH_ESCAPES", async () => {
    await using conn = await engine.connect();
    expect(String(await conn.scalar(text("select @@session.sql_mode")))).toMatch(/NO_BACKSLASH_ESCAPES/);
  });

  it("a connection holding every slot evicts its own statements and prepares again", async () => {
    await using conn = await engine.connect();
    // Five different statements with parameters on one connection, with room for four on the server.
    for (let i = 1; i <= LIMIT + 1; i++) {
      expect((await conn.execute(distinct(i), { x: i })).all()).toEqual([]);
    }
    // Once the server was full, this connection's statements were closed and the refused one prepared (at the
    // limit, every statement would have gone out with its values in the text).
    expect(await preparedCount()).toBeLessThan(LIMIT);
    await conn.execute(deleteFrom(people));
    await conn.commit();
  });

  it("when other sessions hold every slot, hostile values stay data: nothing extra is deleted or changed", async () => {
    await engine.begin(async (c) => {
      await c.execute(deleteFrom(people));
      await c.execute(insert(people), [
        { id: 1, name: "bystander" },
        { id: 2, name: "other" },
      ]);
    });
    // The engine's connection closes its statements; another session takes every slot.
    await engine.dispose();
    engine = createEngine(server.url("pl"), { poolSize: 1, maxOverflow: 0 });
    engine.on("connect", async (raw) => {
      await raw.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
    });
    const hold = await holder.connect();
    for (let i = 1; (await preparedCount()) < LIMIT; i++) {
      await hold.execute(distinct(100 + i), { x: i });
    }
    expect(await preparedCount()).toBe(LIMIT);
    try {
      await engine.begin(async (c) => {
        for (const name of HOSTILE) {
          const deleted = await c.execute(deleteFrom(people).where(people.c.name.eq(name)));
          expect(deleted.rowcount, name).toBe(0);
        }
        await c.execute(
          insert(people),
          HOSTILE.map((name, i) => ({ id: 10 + i, name })),
        );
      });
      await using conn = await engine.connect();
      const rows = (await conn.execute(select(people.c.id, people.c.name).orderBy(people.c.id))).tuples().all();
      expect(rows).toEqual([[1, "bystander"], [2, "other"], ...HOSTILE.map((name, i) => [10 + i, name])]);
      for (const name of HOSTILE) {
        const found = await conn.execute(select(people.c.id).where(people.c.name.eq(name)));
        expect(found.scalars().all(), name).toHaveLength(1);
      }
    } finally {
      await hold.close();
    }
  });
});
