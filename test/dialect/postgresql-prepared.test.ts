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
});
