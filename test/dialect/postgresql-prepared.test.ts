// Cached Core statements run as PostgreSQL named prepared statements; a schema change that invalidates one
// is handled by preparing it again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  column,
  createEngine,
  Integer,
  MetaData,
  select,
  String as SqlString,
  Table,
  text,
  DBAPIError,
  type Engine,
} from "../../src/index.js";
import { createScratchDatabase, isDialectAvailable, type ScratchDatabase } from "../../src/testing/index.js";
import { DEFAULT_POSTGRESQL_URL } from "../../src/testing/servers.js";

const serverUrl = process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL;

describe.runIf(isDialectAvailable("postgresql"))("PostgreSQL prepared statements", () => {
  let db: ScratchDatabase;
  let engine: Engine;
  const metadata = new MetaData();
  const items = new Table("prep_items", metadata, { id: column(Integer()).primaryKey(), name: column(SqlString(20)) });

  beforeAll(async () => {
    db = await createScratchDatabase("postgresql", serverUrl);
    engine = createEngine(db.url, { poolSize: 1 });
    await engine.begin(async (conn) => {
      await conn.execute(text("create table prep_items (id integer primary key, name varchar(20))"));
      await conn.execute(text("insert into prep_items values (1, 'a'), (2, 'b')"));
    });
  });
  afterAll(async () => {
    await engine.dispose();
    await db.drop();
  });

  it("runs a cached select as a named prepared statement on the server", async () => {
    const stmt = select(items.c.id, items.c.name).where(items.c.id.eq(1));
    await using conn = await engine.connect();
    expect((await conn.execute(stmt)).one().name).toBe("a");
    expect((await conn.execute(select(items.c.id, items.c.name).where(items.c.id.eq(2)))).one().name).toBe("b");
    const prepared = await conn.execute(
      text("select count(*) as n from pg_prepared_statements where statement like '%prep_items%'"),
    );
    expect(Number(prepared.scalar())).toBe(1);
  });

  it("re-prepares a statement whose result type a schema change altered (outside a transaction)", async () => {
    const stmt = select(items.c.id, items.c.name).where(items.c.id.eq(1));
    await using conn = await engine.connect();
    conn.executionOptions({ isolationLevel: "AUTOCOMMIT" });
    expect((await conn.execute(stmt)).one().name).toBe("a");
    await conn.execute(text("alter table prep_items alter column name type varchar(40)"));
    await conn.execute(text("alter table prep_items alter column id type bigint"));
    const row = (await conn.execute(stmt)).one();
    expect(row.name).toBe("a");
    expect(row.id).toBe(1);
  });

  /** Changes a column's type from another engine (another process, as far as `engine` can tell). */
  async function alterElsewhere(sql: string): Promise<void> {
    const other = createEngine(db.url);
    try {
      await other.begin(async (conn) => {
        await conn.execute(text(sql));
      });
    } finally {
      await other.dispose();
    }
  }

  it("re-prepares when the first statement of a transaction meets a schema changed elsewhere", async () => {
    const stmt = select(items.c.id, items.c.name).where(items.c.id.eq(2));
    const seen: string[] = [];
    const logged = createEngine(db.url, { poolSize: 1, echo: true, logger: { info: (m) => seen.push(m) } });
    try {
      await logged.begin(async (conn) => {
        expect((await conn.execute(stmt)).one().name).toBe("b");
      });
      await alterElsewhere("alter table prep_items alter column name type varchar(60)");
      // Commit-as-you-go: the statement runs inside an implicit transaction, and nothing is lost.
      await using conn = await logged.connect();
      expect((await conn.execute(stmt)).one().name).toBe("b");
      await conn.execute(text("update prep_items set name = 'bb' where id = 2"));
      await conn.commit();
      expect(seen).toContain("ROLLBACK (statement re-prepared)");
      expect((await conn.execute(stmt)).one().name).toBe("bb");
      await conn.execute(text("update prep_items set name = 'b' where id = 2"));
      await conn.commit();
    } finally {
      await logged.dispose();
    }
  });

  it("surfaces the refusal when the transaction had already done work, and the next transaction succeeds", async () => {
    const stmt = select(items.c.id, items.c.name).where(items.c.id.eq(1));
    const e = createEngine(db.url, { poolSize: 1 });
    try {
      await e.begin(async (conn) => {
        await conn.execute(stmt);
      });
      await alterElsewhere("alter table prep_items alter column name type varchar(70)");
      await using conn = await e.connect();
      await conn.execute(text("select 1"));
      const error = await conn.execute(stmt).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(DBAPIError);
      expect((error as DBAPIError).code).toBe("0A000");
      await conn.rollback();
      expect((await conn.execute(stmt)).one().name).toBe("a");
    } finally {
      await e.dispose();
    }
  });

  it("statements prepared before this engine's own DDL are prepared again, even mid-transaction", async () => {
    const stmt = select(items.c.id, items.c.name).where(items.c.id.eq(1));
    const e = createEngine(db.url, { poolSize: 2 });
    try {
      // A second pooled connection prepares the statement too, then goes back to the pool.
      await using other = await e.connect();
      await using conn = await e.connect();
      await other.execute(stmt);
      await other.commit();
      await conn.execute(stmt);
      // Transactional DDL on PostgreSQL: the same transaction reads, alters and reads again.
      await conn.execute(text("/* widen */ alter table prep_items alter column name type varchar(80)"));
      expect((await conn.execute(stmt)).one().name).toBe("a");
      await conn.commit();
      expect((await other.execute(stmt)).one().name).toBe("a");
      await other.commit();
    } finally {
      await e.dispose();
    }
  });
});
