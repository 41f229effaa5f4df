import { beforeEach, expect, it } from "vitest";
import {
  ArgumentError,
  Integer,
  InternalError,
  InvalidRequestError,
  ResourceClosedError,
  String as SqlString,
  text,
  UniqueViolationError,
  type Connection,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { capabilitiesOf, engines } from "./support.js";

const names = text("select name from tx_items order by id").columns({ name: SqlString() });
const insert = text("insert into tx_items (id, name) values (:id, :name)");

async function itemNames(conn: Connection): Promise<(string | null)[]> {
  return (await conn.execute(names)).scalars().all();
}

describeEachDialect("transactions", (ctx) => {
  const engine = engines(ctx);
  const caps = capabilitiesOf(ctx);

  beforeEach(async () => {
    await ctx.adminQuery("DROP TABLE IF EXISTS tx_items");
    await ctx.adminQuery("CREATE TABLE tx_items (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)");
  });

  it("commit after a caught failure commits the earlier work or says nothing was committed, never silently drops it", async () => {
    const e = engine();
    const conn = await e.connect();
    await conn.execute(insert, { id: 1, name: "kept?" });
    // A duplicate key: PostgreSQL aborts the whole transaction, SQLite and MySQL only the statement.
    await expect(conn.execute(insert, { id: 1, name: "dup" })).rejects.toThrow(UniqueViolationError);
    const committed = await conn.commit().then(
      () => true,
      (error: unknown) => {
        expect(error).toBeInstanceOf(InternalError);
        expect((error as InternalError).code).toBe("25P02");
        expect((error as Error).message).toMatch(/nothing was committed.*beginNested/s);
        return false;
      },
    );
    expect(conn.inTransaction()).toBe(false);
    await conn.close();
    const visible = async (): Promise<(string | null)[]> => {
      await using other = await e.connect();
      return itemNames(other);
    };
    expect(await visible()).toEqual(committed ? ["kept?"] : []);
    // engine.begin() surfaces it the same way, and the pool's connection stays usable.
    const outcome = await e
      .begin(async (c) => {
        await c.execute(insert, { id: 2, name: "b" });
        await c.execute(insert, { id: 2, name: "dup" }).catch(() => undefined);
      })
      .then(
        () => "committed",
        (error: unknown) => (error instanceof InternalError ? "refused" : String(error)),
      );
    expect(outcome).toBe(committed ? "committed" : "refused");
    expect(await visible()).toEqual(committed ? ["kept?", "b"] : []);
  });

  it("a failed statement inside a savepoint can be rolled back to it, keeping the transaction's work", async () => {
    const e = engine();
    await e.begin(async (conn) => {
      await conn.execute(insert, { id: 1, name: "a" });
      const sp = await conn.beginNested();
      await expect(conn.execute(insert, { id: 1, name: "dup" })).rejects.toThrow(UniqueViolationError);
      await sp.rollback();
      await conn.execute(insert, { id: 2, name: "b" });
    });
    await using conn = await e.connect();
    expect(await itemNames(conn)).toEqual(["a", "b"]);
  });

  it("commits as you go: commit() makes work visible to other connections", async () => {
    const e = engine();
    const conn = await e.connect();
    await conn.execute(insert, { id: 1, name: "a" });
    expect(conn.inTransaction()).toBe(true);
    await conn.commit();
    expect(conn.inTransaction()).toBe(false);
    await conn.close();
    await using other = await e.connect();
    expect(await itemNames(other)).toEqual(["a"]);
  });

  it("rollback() discards uncommitted work", async () => {
    const e = engine();
    await using conn = await e.connect();
    await conn.execute(insert, { id: 1, name: "a" });
    await conn.rollback();
    expect(await itemNames(conn)).toEqual([]);
  });

  it("close() rolls back what was not committed", async () => {
    const e = engine();
    {
      await using conn = await e.connect();
      await conn.execute(insert, { id: 1, name: "lost" });
    }
    await using conn = await e.connect();
    expect(await itemNames(conn)).toEqual([]);
  });

  it("engine.begin() commits on success and returns the body's value", async () => {
    const e = engine();
    const value = await e.begin(async (conn) => {
      await conn.execute(insert, [
        { id: 1, name: "a" },
        { id: 2, name: "b" },
      ]);
      return 42;
    });
    expect(value).toBe(42);
    await using conn = await e.connect();
    expect(await itemNames(conn)).toEqual(["a", "b"]);
  });

  it("engine.begin() rolls back and rethrows when the body throws", async () => {
    const e = engine();
    const boom = new Error("boom");
    await expect(
      e.begin(async (conn) => {
        await conn.execute(insert, { id: 1, name: "a" });
        throw boom;
      }),
    ).rejects.toBe(boom);
    await using conn = await e.connect();
    expect(await itemNames(conn)).toEqual([]);
    expect(e.poolStatus().checkedOut).toBe(1);
  });

  it("engine.begin() rolls back when a statement fails", async () => {
    const e = engine();
    await expect(
      e.begin(async (conn) => {
        await conn.execute(insert, { id: 1, name: "a" });
        await conn.execute(insert, { id: 1, name: "duplicate" });
      }),
    ).rejects.toThrow(/duplicate|unique|UNIQUE|PRIMARY/i);
    await using conn = await e.connect();
    expect(await itemNames(conn)).toEqual([]);
  });

  it.skipIf(!caps.savepoints)("nested savepoints: an inner rollback keeps the outer work", async () => {
    const e = engine();
    await using conn = await e.connect();
    await conn.execute(insert, { id: 1, name: "outer" });
    const sp1 = await conn.beginNested();
    await conn.execute(insert, { id: 2, name: "sp1" });
    const sp2 = await conn.beginNested();
    await conn.execute(insert, { id: 3, name: "sp2" });
    await sp2.rollback();
    expect(sp2.isActive).toBe(false);
    expect(await itemNames(conn)).toEqual(["outer", "sp1"]);
    await sp1.commit();
    await conn.commit();
    await conn.close();
    await using other = await e.connect();
    expect(await itemNames(other)).toEqual(["outer", "sp1"]);
  });

  it.skipIf(!caps.savepoints)("rolling back an outer savepoint ends the inner ones and undoes their work", async () => {
    const e = engine();
    await using conn = await e.connect();
    await conn.execute(insert, { id: 1, name: "outer" });
    const sp1 = await conn.beginNested();
    await conn.execute(insert, { id: 2, name: "sp1" });
    const sp2 = await conn.beginNested();
    await conn.execute(insert, { id: 3, name: "sp2" });
    await sp1.rollback();
    expect(sp1.isActive).toBe(false);
    expect(sp2.isActive).toBe(false);
    await expect(sp2.commit()).rejects.toThrow(InvalidRequestError);
    expect(await itemNames(conn)).toEqual(["outer"]);
    await conn.commit();
  });

  it.skipIf(!caps.savepoints)("beginNested(callback) releases on success and rolls back on error", async () => {
    const e = engine();
    await using conn = await e.connect();
    await conn.beginNested(async () => {
      await conn.execute(insert, { id: 1, name: "kept" });
    });
    const err = new Error("inner failure");
    await expect(
      conn.beginNested(async () => {
        await conn.execute(insert, { id: 2, name: "undone" });
        await conn.beginNested(async () => {
          await conn.execute(insert, { id: 3, name: "undone too" });
        });
        throw err;
      }),
    ).rejects.toBe(err);
    await conn.commit();
    expect(await itemNames(conn)).toEqual(["kept"]);
  });

  it.skipIf(!caps.savepoints)("a savepoint left by `await using` without commit is rolled back", async () => {
    const e = engine();
    await using conn = await e.connect();
    await conn.execute(insert, { id: 1, name: "outer" });
    {
      await using sp = await conn.beginNested();
      await conn.execute(insert, { id: 2, name: "inner" });
      expect(sp.isActive).toBe(true);
    }
    expect(await itemNames(conn)).toEqual(["outer"]);
  });

  it("commit() releases open savepoints and ends the transaction", async () => {
    const e = engine();
    await using conn = await e.connect();
    await conn.execute(insert, { id: 1, name: "a" });
    const sp = caps.savepoints ? await conn.beginNested() : undefined;
    await conn.execute(insert, { id: 2, name: "b" });
    await conn.commit();
    expect(sp?.isActive ?? false).toBe(false);
    await conn.close();
    await using other = await e.connect();
    expect(await itemNames(other)).toEqual(["a", "b"]);
  });

  it("a closed connection refuses work with ResourceClosedError", async () => {
    const e = engine();
    const conn = await e.connect();
    await conn.close();
    await conn.close();
    await expect(conn.execute(names)).rejects.toThrow(ResourceClosedError);
  });

  it("AUTOCOMMIT isolation commits each statement at once", async () => {
    const e = engine();
    await using conn = await e.connect();
    conn.executionOptions({ isolationLevel: "AUTOCOMMIT" });
    await conn.execute(insert, { id: 1, name: "auto" });
    expect(conn.inTransaction()).toBe(false);
    await conn.rollback();
    expect(await conn.getIsolationLevel()).toBe("AUTOCOMMIT");
    await conn.close();
    await using other = await e.connect();
    expect(await itemNames(other)).toEqual(["auto"]);
  });

  it("engine-level AUTOCOMMIT applies to every connection", async () => {
    const e = engine({ isolationLevel: "AUTOCOMMIT" });
    await e.begin(async (conn) => {
      await conn.execute(insert, { id: 1, name: "x" });
      await conn.rollback();
    });
    await using conn = await e.connect();
    expect(await itemNames(conn)).toEqual(["x"]);
  });

  it("each supported isolation level can be set per connection and is reset on return", async () => {
    const e = engine();
    const initial = await (async () => {
      await using conn = await e.connect();
      return conn.getIsolationLevel();
    })();
    for (const level of caps.isolationLevels) {
      if (level === "AUTOCOMMIT") continue;
      await using conn = await e.connect();
      conn.executionOptions({ isolationLevel: level });
      expect(await conn.getIsolationLevel()).toBe(level);
      await conn.execute(names);
      await conn.commit();
    }
    await using conn = await e.connect();
    expect(await conn.getIsolationLevel()).toBe(initial);
  });

  it("an engine-level isolation level applies to new connections", async () => {
    const level = caps.isolationLevels.find((l) => l === "SERIALIZABLE") ?? "SERIALIZABLE";
    const e = engine({ isolationLevel: level });
    await using conn = await e.connect();
    expect(await conn.getIsolationLevel()).toBe(level);
  });

  it("rejects an unknown isolation level and a change inside a transaction", async () => {
    const e = engine();
    await using conn = await e.connect();
    expect(() => conn.executionOptions({ isolationLevel: "SNAPSHOT" as never })).toThrow(ArgumentError);
    expect(() => engine({ isolationLevel: "CHAOS" as never })).toThrow(
      /Invalid isolation level 'CHAOS'.*expected one of/,
    );
    await conn.execute(names);
    expect(() => conn.executionOptions({ isolationLevel: "SERIALIZABLE" })).toThrow(InvalidRequestError);
  });

  it.skipIf(!caps.concurrentConnections || !caps.isolationLevels.includes("REPEATABLE READ"))(
    "REPEATABLE READ keeps a snapshot; READ COMMITTED sees other commits",
    async () => {
      const e = engine();
      await e.begin(async (c) => {
        await c.execute(insert, { id: 1, name: "before" });
      });
      const count = text("select count(*) as n from tx_items").columns({ n: Integer() });
      for (const [level, expected] of [
        ["REPEATABLE READ", 1],
        ["READ COMMITTED", 2],
      ] as const) {
        await using reader = await e.connect();
        reader.executionOptions({ isolationLevel: level });
        expect((await reader.execute(count)).scalarOne()).toBe(1);
        const nextId = level === "REPEATABLE READ" ? 2 : 3;
        await e.begin(async (w) => {
          await w.execute(insert, { id: nextId, name: level });
        });
        const seen = (await reader.execute(count)).scalarOne();
        expect(seen).toBe(expected);
        await reader.rollback();
        await e.begin(async (w) => {
          await w.execute(text("delete from tx_items where id > 1"));
        });
      }
    },
  );
});
