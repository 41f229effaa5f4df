// A COMMIT the database refuses (a deferred foreign key, a serialization failure) ends the transaction: the
// connection says so, and what runs next begins a new transaction that rollback() can undo (issue 8, #1).
// MariaDB has no deferred constraints and no COMMIT-time serialization check, so only PostgreSQL and SQLite
// can refuse a COMMIT on demand.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEngine,
  type Engine,
  ForeignKeyViolationError,
  Integer,
  OperationalError,
  text,
} from "../../src/index.js";
import { createScratchDatabase, isDialectAvailable, type ScratchDatabase } from "../../src/testing/index.js";
import { DEFAULT_POSTGRESQL_URL } from "../../src/testing/servers.js";

const serverUrl = process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL;
const countLog = text("select count(*) as n from fc_log").columns({ n: Integer() });

/** The deferred-FK scenario of the issue, on any engine whose fc_parent / fc_child / fc_log exist. */
async function afterFailedCommit(engine: Engine): Promise<void> {
  const c = await engine.connect();
  await c.execute(text("insert into fc_child values (1, 999)")); // deferred FK: checked at COMMIT
  await expect(c.commit()).rejects.toThrow(ForeignKeyViolationError);
  expect(c.inTransaction()).toBe(false);
  await c.execute(text("insert into fc_log values (1)"));
  expect(c.inTransaction()).toBe(true);
  await c.rollback();
  expect(Number(await c.scalar(countLog))).toBe(0);
  // The connection goes on normally: a commit after the failed one commits.
  await c.execute(text("insert into fc_log values (2)"));
  await c.commit();
  await c.close();
  await using other = await engine.connect();
  expect(Number(await other.scalar(countLog))).toBe(1);
  expect(Number(await other.scalar(text("select count(*) from fc_child")))).toBe(0);
}

describe.runIf(isDialectAvailable("postgresql"))("PostgreSQL: a failed COMMIT ends the transaction", () => {
  let db: ScratchDatabase;
  let engine: Engine;

  beforeAll(async () => {
    db = await createScratchDatabase("postgresql", serverUrl);
    engine = createEngine(db.url, { poolSize: 2 });
    await engine.begin(async (conn) => {
      await conn.execute(text("create table fc_parent (id integer primary key)"));
      await conn.execute(
        text(
          "create table fc_child (id integer primary key, parent_id integer references fc_parent (id) deferrable initially deferred)",
        ),
      );
      await conn.execute(text("create table fc_log (id integer primary key)"));
      await conn.execute(text("create table fc_acct (id integer primary key, n integer not null)"));
      await conn.execute(text("insert into fc_acct values (1, 0), (2, 0)"));
    });
  });
  afterAll(async () => {
    await engine.dispose();
    await db.drop();
  });

  it("after a deferred foreign key violation, later statements run in a new transaction", async () => {
    await engine.begin(async (c) => {
      await c.execute(text("delete from fc_log"));
    });
    await afterFailedCommit(engine);
  });

  it("after a serialization failure at COMMIT (40001), later statements run in a new transaction", async () => {
    await engine.begin(async (c) => {
      await c.execute(text("delete from fc_log"));
    });
    const a = await engine.connect();
    const b = await engine.connect();
    a.executionOptions({ isolationLevel: "SERIALIZABLE" });
    b.executionOptions({ isolationLevel: "SERIALIZABLE" });
    // Write skew: each reads the other's row and writes its own; the second COMMIT is refused.
    await a.execute(text("select sum(n) from fc_acct"));
    await b.execute(text("select sum(n) from fc_acct"));
    await a.execute(text("update fc_acct set n = n + 1 where id = 1"));
    await b.execute(text("update fc_acct set n = n + 1 where id = 2"));
    await a.commit();
    await expect(b.commit()).rejects.toThrow(OperationalError);
    expect(b.inTransaction()).toBe(false);
    await b.execute(text("insert into fc_log values (1)"));
    await b.rollback();
    expect(Number(await b.scalar(countLog))).toBe(0);
    await a.close();
    await b.close();
  });
});

describe("SQLite: a failed COMMIT ends the transaction", () => {
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "athanor-fc-"));
    engine = createEngine(`sqlite:///${join(dir, "fc.db")}`);
    await engine.begin(async (conn) => {
      await conn.execute(text("create table fc_parent (id integer primary key)"));
      await conn.execute(
        text(
          "create table fc_child (id integer primary key, parent_id integer references fc_parent (id) deferrable initially deferred)",
        ),
      );
      await conn.execute(text("create table fc_log (id integer primary key)"));
    });
  });
  afterAll(async () => {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("after a deferred foreign key violation (SQLite keeps the transaction open), it is rolled back", async () => {
    await afterFailedCommit(engine);
  });
});
