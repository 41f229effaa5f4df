// Cached statements run prepared (PostgreSQL named statements, mysql2 execute, better-sqlite3's statement
// cache): a schema change made elsewhere, or by this engine mid-transaction, never turns one into an error.
import { beforeEach, expect, it } from "vitest";
import { column, Integer, MetaData, select, String as SqlString, Table, text } from "../../src/index.js";
import { describeEachDialect, type TestDialect } from "../../src/testing/index.js";
import { engines } from "./support.js";

/**
 * A schema change of the table the cached statement reads, in each database's own ALTER syntax: widening
 * `body` where the database can alter a column's type, adding a column on SQLite, which cannot.
 */
const WIDEN: Readonly<Record<TestDialect, (n: number) => string>> = {
  postgresql: (n) => `ALTER TABLE prep_notes ALTER COLUMN body TYPE VARCHAR(${n})`,
  mysql: (n) => `ALTER TABLE prep_notes MODIFY body VARCHAR(${n})`,
  sqlite: (n) => `ALTER TABLE prep_notes ADD COLUMN extra_${n} INTEGER`,
};

describeEachDialect("prepared statements and schema changes", (ctx) => {
  const engine = engines(ctx);
  const metadata = new MetaData();
  const notes = new Table("prep_notes", metadata, { id: column(Integer()).primaryKey(), body: column(SqlString(20)) });
  const byId = (id: number) => select(notes.c.id, notes.c.body).where(notes.c.id.eq(id));

  const widen = WIDEN[ctx.dialect];

  beforeEach(async () => {
    await ctx.adminQuery("DROP TABLE IF EXISTS prep_notes");
    await ctx.adminQuery("CREATE TABLE prep_notes (id INTEGER PRIMARY KEY, body VARCHAR(20))");
    await ctx.adminQuery("INSERT INTO prep_notes (id, body) VALUES (1, 'one'), (2, 'two')");
  });

  it("a statement cached before another session's schema change runs again in a new transaction", async () => {
    const e = engine();
    await using conn = await e.connect();
    expect((await conn.execute(byId(1))).one().body).toBe("one");
    await conn.commit();
    // Another engine, so another session: this engine hears nothing of the change.
    await engine().begin(async (other) => {
      await other.execute(text(widen(40)));
    });
    expect((await conn.execute(byId(1))).one().body).toBe("one");
    await conn.execute(text("update prep_notes set body = 'uno' where id = 1"));
    await conn.commit();
    expect((await conn.execute(byId(1))).one().body).toBe("uno");
  });

  it("a statement cached before this engine's own DDL runs again in the same transaction", async () => {
    const e = engine();
    await using conn = await e.connect();
    expect((await conn.execute(byId(2))).one().body).toBe("two");
    await conn.execute(text(widen(50)));
    expect((await conn.execute(byId(2))).one().body).toBe("two");
    await conn.commit();
  });
});
