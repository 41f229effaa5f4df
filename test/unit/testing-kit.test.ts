import { afterAll, describe, expect, test } from "vitest";

import {
  createScratchDatabase,
  databaseExists,
  DEFAULT_MYSQL_URL,
  DEFAULT_POSTGRESQL_URL,
  describeEachDialect,
  isDialectAvailable,
  parseServerUrl,
  probeServer,
  SCRATCH_PREFIX,
  serverLabel,
  serverUrl,
  sqlitePath,
  TEST_DIALECTS,
  withDatabase,
  type TestDialect,
} from "../../src/testing/index.js";

/** The database a context URL points at: the file for SQLite, the database name elsewhere. */
function databaseName(dialect: TestDialect, url: string): string {
  return dialect === "sqlite" ? sqlitePath(url) : decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Every per-file database the matrix handed out, checked after the matrix dropped them. */
const handedOut: { dialect: TestDialect; serverUrl: string; url: string }[] = [];

// Registered before describeEachDialect registers its own afterAll hooks: with vitest's default "stack" order
// for after-hooks, this one runs last, once the matrix has dropped its databases.
afterAll(async () => {
  const distinct = new Map(handedOut.map((entry) => [entry.url, entry]));
  for (const { dialect, serverUrl: server, url } of distinct.values()) {
    const name = databaseName(dialect, url);
    if (await databaseExists(dialect, server, name)) {
      throw new Error(`describeEachDialect left its ${dialect} database behind: ${name}`);
    }
  }
});

describe("server URLs", () => {
  test("default to localhost and follow the environment overrides", () => {
    expect(serverUrl("postgresql", {})).toBe(DEFAULT_POSTGRESQL_URL);
    expect(serverUrl("mysql", {})).toBe(DEFAULT_MYSQL_URL);
    expect(serverUrl("postgresql", { ATHANOR_TEST_POSTGRESQL_URL: "postgresql://u@db:6543/x" })).toBe(
      "postgresql://u@db:6543/x",
    );
    expect(serverUrl("mysql", { ATHANOR_TEST_MYSQL_URL: "mariadb://u@db/x" })).toBe("mariadb://u@db/x");
    expect(serverUrl("mysql", { ATHANOR_TEST_MYSQL_URL: "  " })).toBe(DEFAULT_MYSQL_URL);
  });

  test("labels never show credentials", () => {
    const label = serverLabel("postgresql", "postgresql://admin:s3cret@db.internal:5433/app");
    expect(label).toBe("PostgreSQL at db.internal:5433");
    expect(label).not.toContain("s3cret");
    expect(serverLabel("mysql", DEFAULT_MYSQL_URL)).toBe("MySQL/MariaDB at 127.0.0.1:3306");
  });

  test("parse into driver parameters, decoding escapes", () => {
    expect(parseServerUrl("postgresql+pg://us%40r:p%2Fss@[::1]:5433/my%20db")).toEqual({
      host: "::1",
      port: 5433,
      user: "us@r",
      password: "p/ss",
      database: "my db",
    });
    expect(parseServerUrl("mysql://root@127.0.0.1/")).toEqual({
      host: "127.0.0.1",
      port: undefined,
      user: "root",
      password: undefined,
      database: undefined,
    });
  });

  test("sqlite URLs name relative, absolute and in-memory databases", () => {
    expect(sqlitePath("sqlite:///app.db")).toBe("app.db");
    expect(sqlitePath("sqlite:////tmp/app.db")).toBe("/tmp/app.db");
    expect(sqlitePath("sqlite://")).toBe(":memory:");
    expect(() => sqlitePath("postgresql://x/y")).toThrow(TypeError);
  });

  test("withDatabase swaps only the database", () => {
    expect(withDatabase("postgresql://u:p@h:1/test?sslmode=disable", "athanor_t_1")).toBe(
      "postgresql://u:p@h:1/athanor_t_1?sslmode=disable",
    );
  });

  test("a probe of a closed port reports the server unavailable with the error code", async () => {
    // Port 1 (tcpmux) has no listener on a developer or CI machine, so the connection is refused at once.
    const status = await probeServer("postgresql", "postgresql://postgres@127.0.0.1:1/test");
    expect(status).toEqual({ url: "postgresql://postgres@127.0.0.1:1/test", available: false, reason: "ECONNREFUSED" });
    const mysqlStatus = await probeServer("mysql", "mysql://root@127.0.0.1:1/test");
    expect(mysqlStatus.available).toBe(false);
    expect(mysqlStatus.reason).toBe("ECONNREFUSED");
  });
});

describe("scratch databases", () => {
  for (const dialect of TEST_DIALECTS) {
    test.runIf(isDialectAvailable(dialect))(`${dialect}: created empty, usable, then removed`, async () => {
      const server = dialect === "sqlite" ? "sqlite://" : serverUrl(dialect);
      const db = await createScratchDatabase(dialect, server);
      try {
        expect(await databaseExists(dialect, server, db.name)).toBe(true);
        if (dialect === "sqlite") expect(db.url).toMatch(/^sqlite:\/\/\/\/.+\/athanor-[0-9a-f]{12}\.db$/);
        else expect(db.name).toMatch(new RegExp(`^${SCRATCH_PREFIX}[0-9a-f]{12}$`));
        await db.adminQuery("CREATE TABLE kit_probe (id INTEGER PRIMARY KEY, label VARCHAR(20))");
        await db.adminQuery("INSERT INTO kit_probe (id, label) VALUES (1, 'one'), (2, 'two')");
        const rows = await db.adminQuery("SELECT label FROM kit_probe ORDER BY id");
        expect(rows).toEqual([{ label: "one" }, { label: "two" }]);
      } finally {
        await db.drop();
      }
      expect(await databaseExists(dialect, server, db.name)).toBe(false);
      await db.drop(); // idempotent
    });
  }

  test.runIf(isDialectAvailable("mysql"))("mysql: drop ends a session that still holds a lock", async () => {
    const db = await createScratchDatabase("mysql", serverUrl("mysql"));
    await db.adminQuery("CREATE TABLE held (id INTEGER PRIMARY KEY)");
    const { openRawClient } = await import("../../src/testing/raw-client.js");
    const holder = await openRawClient("mysql", db.url);
    try {
      // An open transaction holds a metadata lock on `held`, which would make a plain DROP DATABASE wait.
      await holder.query("START TRANSACTION");
      await holder.query("SELECT * FROM held");
      await db.drop();
      expect(await databaseExists("mysql", db.serverUrl, db.name)).toBe(false);
    } finally {
      await holder.close().catch(() => {});
    }
  });
});

describeEachDialect("testing kit", ({ dialect, url, serverUrl: server, adminQuery }) => {
  test("url() points at a fresh database of this file", async () => {
    const own = url();
    handedOut.push({ dialect, serverUrl: server, url: own });
    if (dialect === "sqlite") {
      expect(server).toBe("sqlite://");
      expect(own).toMatch(/^sqlite:\/\/\/\/.+\.db$/);
    } else {
      expect(own.startsWith(`${new URL(server).protocol}//`)).toBe(true);
      expect(databaseName(dialect, own)).toMatch(new RegExp(`^${SCRATCH_PREFIX}[0-9a-f]{12}$`));
    }
    expect(await databaseExists(dialect, server, databaseName(dialect, own))).toBe(true);
  });

  test("adminQuery runs on that database through the raw driver", async () => {
    await adminQuery("CREATE TABLE kit_matrix (id INTEGER PRIMARY KEY, note VARCHAR(10))");
    const placeholder = dialect === "postgresql" ? "$1" : "?";
    await adminQuery(`INSERT INTO kit_matrix (id, note) VALUES (7, ${placeholder})`, ["seven"]);
    expect(await adminQuery("SELECT id, note FROM kit_matrix")).toEqual([{ id: 7, note: "seven" }]);
  });
});

describeEachDialect("testing kit, second block", ({ dialect, url, serverUrl: server, adminQuery }) => {
  // At collection time no database exists yet: url() must say so rather than return a wrong URL.
  let collectionError = "";
  try {
    url();
  } catch (error) {
    collectionError = (error as Error).message;
  }

  test("url() called while collecting explains when to call it", () => {
    expect(collectionError).toContain("inside a test or hook");
  });

  test("shares the file's database with the first block", async () => {
    handedOut.push({ dialect, serverUrl: server, url: url() });
    expect(await adminQuery("SELECT note FROM kit_matrix")).toEqual([{ note: "seven" }]);
  });
});
