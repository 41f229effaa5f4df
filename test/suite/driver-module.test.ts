// Compliance suite for `createEngine(url, { module })`: the application passes the driver package it
// imported (SQLAlchemy's `module=`), and the engine uses that package, not its own copy.
import Database from "better-sqlite3";
import mysql from "mysql2";
import pg from "pg";
import { expect, it } from "vitest";
import { ArgumentError, createEngine, IntegrityError, Integer, text } from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";

/**
 * Each backend's driver package as the application imports it, and a copy of it that counts the
 * connections it opens (so a test can tell the engine used it).
 */
const MODULES = {
  postgresql: {
    module: pg as unknown,
    counting(count: () => void): unknown {
      class CountingClient extends pg.Client {
        constructor(config?: pg.ClientConfig) {
          super(config);
          count();
        }
      }
      return Object.create(pg, { Client: { value: CountingClient } }) as unknown;
    },
  },
  mysql: {
    module: mysql as unknown,
    counting(count: () => void): unknown {
      const createConnection = (config: mysql.ConnectionOptions): mysql.Connection => {
        count();
        return mysql.createConnection(config);
      };
      return Object.create(mysql, { createConnection: { value: createConnection } }) as unknown;
    },
  },
  sqlite: {
    module: Database as unknown,
    counting(count: () => void): unknown {
      return class CountingDatabase extends Database {
        constructor(...args: ConstructorParameters<typeof Database>) {
          super(...args);
          count();
        }
      };
    },
  },
} as const;

describeEachDialect("driver module", (ctx) => {
  const own = MODULES[ctx.dialect];

  it("runs statements through the driver package the application passes", async () => {
    let opened = 0;
    await using e = createEngine(ctx.url(), { module: own.counting(() => opened++) });
    await using conn = await e.connect();
    expect(await conn.scalar(text("select 41 + 1 as n").columns({ n: Integer() }))).toBe(42);
    expect(opened).toBe(1);
  });

  it("takes the package as imported, or a namespace whose default export it is", async () => {
    for (const module of [own.module, { default: own.module }]) {
      await using e = createEngine(ctx.url(), { module });
      await using conn = await e.connect();
      expect(await conn.scalar(text("select 1 as n").columns({ n: Integer() }))).toBe(1);
    }
  });

  it("translates the errors of the package passed in into typed errors", async () => {
    let opened = 0;
    await using e = createEngine(ctx.url(), { module: own.counting(() => opened++) });
    await ctx.adminQuery("DROP TABLE IF EXISTS dm_items");
    await ctx.adminQuery("CREATE TABLE dm_items (id INTEGER PRIMARY KEY)");
    await using conn = await e.connect();
    await conn.execute(text("insert into dm_items (id) values (1)"));
    await expect(conn.execute(text("insert into dm_items (id) values (1)"))).rejects.toBeInstanceOf(IntegrityError);
    expect(opened).toBe(1);
  });

  it("refuses a value that is not the backend's driver package, saying what it expects", () => {
    expect(() => createEngine(ctx.url(), { module: {} })).toThrow(ArgumentError);
    expect(() => createEngine(ctx.url(), { module: {} })).toThrow(/expects the '(pg|mysql2|better-sqlite3)' package/);
    expect(() => createEngine(ctx.url(), { module: () => undefined })).toThrow(/got a function/);
    expect(() => createEngine(ctx.url(), { module: null })).toThrow(/got null/);
    // The other backends' packages.
    for (const [dialect, other] of Object.entries(MODULES)) {
      if (dialect !== ctx.dialect)
        expect(() => createEngine(ctx.url(), { module: other.module })).toThrow(ArgumentError);
    }
  });
});
