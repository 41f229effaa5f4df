import { inspect } from "node:util";
import { beforeAll, expect, it } from "vitest";
import {
  CheckViolationError,
  DataError,
  DBAPIError,
  ForeignKeyViolationError,
  IntegrityError,
  NotNullViolationError,
  OperationalError,
  ProgrammingError,
  UniqueViolationError,
  createEngine,
  parseUrl,
  text,
  type TextClause,
} from "../../src/index.js";
import { describeEachDialect, type TestDialect } from "../../src/testing/index.js";
import { engines } from "./support.js";

/**
 * A URL nobody answers, carrying `password` where the URL has one: a server's on a closed port, or (SQLite,
 * which has no server and no password) a file in a directory that does not exist.
 */
const UNREACHABLE: Readonly<
  Record<TestDialect, (serverUrl: string, password: string) => string | ReturnType<typeof parseUrl>>
> = {
  sqlite: () => "sqlite:////nonexistent-dir-athanor/x/y.db",
  postgresql: (url, password) => parseUrl(url).set({ host: "127.0.0.1", port: 1, password }),
  mysql: (url, password) => parseUrl(url).set({ host: "127.0.0.1", port: 1, password }),
};

describeEachDialect("errors", (ctx) => {
  const engine = engines(ctx);

  beforeAll(async () => {
    await ctx.adminQuery("DROP TABLE IF EXISTS err_child");
    await ctx.adminQuery("DROP TABLE IF EXISTS err_parent");
    await ctx.adminQuery(
      "CREATE TABLE err_parent (id INTEGER PRIMARY KEY, code VARCHAR(10) NOT NULL UNIQUE, qty INTEGER CHECK (qty >= 0))",
    );
    await ctx.adminQuery(
      "CREATE TABLE err_child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES err_parent (id))",
    );
    await ctx.adminQuery("INSERT INTO err_parent (id, code, qty) VALUES (1, 'a', 1)");
  });

  async function failure(stmt: TextClause, params?: Record<string, unknown>): Promise<DBAPIError> {
    const e = engine();
    await using conn = await e.connect();
    const error = await conn.execute(stmt, params).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error, "the statement should have failed").toBeInstanceOf(DBAPIError);
    return error as DBAPIError;
  }

  const cases: [string, TextClause, Record<string, unknown>, new (...args: never[]) => DBAPIError][] = [
    [
      "a duplicate unique value",
      text("insert into err_parent (id, code, qty) values (:id, :code, 0)"),
      { id: 2, code: "a" },
      UniqueViolationError,
    ],
    [
      "a duplicate primary key",
      text("insert into err_parent (id, code, qty) values (:id, :code, 0)"),
      { id: 1, code: "zz" },
      UniqueViolationError,
    ],
    [
      "a missing parent row",
      text("insert into err_child (id, parent_id) values (1, :p)"),
      { p: 999 },
      ForeignKeyViolationError,
    ],
    [
      "a NULL in a NOT NULL column",
      text("insert into err_parent (id, code) values (:id, :code)"),
      { id: 3, code: null },
      NotNullViolationError,
    ],
    [
      "a failed CHECK",
      text("insert into err_parent (id, code, qty) values (4, 'q', :qty)"),
      { qty: -1 },
      CheckViolationError,
    ],
    ["a syntax error", text("selec oops from where"), {}, ProgrammingError],
    ["an unknown table", text("select * from err_no_such_table"), {}, ProgrammingError],
    ["an unknown column", text("select no_such_column from err_parent"), {}, ProgrammingError],
    [
      "a value the column cannot hold",
      text("insert into err_parent (id, code) values (:id, 'x')"),
      { id: "not a number" },
      DataError,
    ],
  ];

  for (const [what, stmt, params, Cls] of cases) {
    it(`${what} raises ${Cls.name}, carrying the SQL, the parameters and the driver error`, async () => {
      const err = await failure(stmt, params);
      expect(err).toBeInstanceOf(Cls);
      if (Cls !== ProgrammingError && Cls !== DataError) expect(err).toBeInstanceOf(IntegrityError);
      expect(err.sql).toContain(stmt.node.sql.split(" ")[0]);
      expect(err.message).toContain("[SQL: ");
      // The positional values as sent to the driver, in statement order.
      expect(err.params).toHaveLength(Object.keys(params).length);
      if ("code" in params) expect(err.params).toContain(params.code);
      expect(err.original).toBeDefined();
      expect(err.cause).toBe(err.original);
      expect(err.code).toBeTruthy();
      expect(err.name).toBe(Cls.name);
    });
  }

  it("a huge statement's error message shows the start of its SQL and parameters; error.sql keeps it whole", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `(${i + 10}, 'c${i}', 0)`);
    const sql = `insert into err_parent (id, code, qty) values ${rows.join(", ")}, (:id, 'a', 0)`;
    const err = await failure(text(sql), { id: 5000 });
    expect(err).toBeInstanceOf(UniqueViolationError);
    expect(err.sql?.length).toBeGreaterThan(30000);
    expect(err.sql).toMatch(/, \((?:\$1|\?), 'a', 0\)$/);
    expect(err.message.length).toBeLessThan(4000);
    expect(err.message).toMatch(/more characters; see error\.sql\)\]/);
    expect(err.message).toContain("insert into err_parent (id, code, qty) values (10, 'c0', 0)");
  });

  it("a failed statement inside engine.begin() leaves the database unchanged", async () => {
    const e = engine();
    await expect(
      e.begin(async (conn) => {
        await conn.execute(text("insert into err_parent (id, code, qty) values (10, 'ten', 1)"));
        await conn.execute(text("insert into err_parent (id, code, qty) values (11, 'a', 1)"));
      }),
    ).rejects.toThrow(UniqueViolationError);
    await using conn = await e.connect();
    expect((await conn.execute(text("select count(*) as n from err_parent"))).scalar()).toBe(1);
  });

  it("an unreachable server is an OperationalError that does not show the password", async () => {
    const password = "Pa55-w0rd!unreachable";
    const e = createEngine(UNREACHABLE[ctx.dialect](ctx.serverUrl, password), { poolTimeout: 5 });
    const err = await e.connect().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(err).toBeInstanceOf(OperationalError);
    for (const shown of [
      err?.message,
      String(err),
      inspect(err, { depth: Infinity, showHidden: true }),
      JSON.stringify(err),
      inspect(e, { depth: Infinity }),
      String(e.url),
    ]) {
      expect(shown).not.toContain(password);
    }
    await e.dispose();
  });
});

it("engine URLs and objects never show the password", () => {
  const password = "s3cr3t@pw/with:chars";
  const e = createEngine(`postgresql://app:${encodeURIComponent(password)}@localhost:5432/shop`);
  expect(e.url.password).toBe(password);
  for (const shown of [
    String(e),
    inspect(e, { depth: Infinity, showHidden: true }),
    String(e.url),
    JSON.stringify({ url: e.url }),
    inspect(e.url, { showHidden: true }),
  ]) {
    expect(shown).not.toContain(password);
    expect(shown).not.toContain(encodeURIComponent(password));
  }
  expect(String(e.url)).toBe("postgresql://app:***@localhost:5432/shop");
});

it("unknown dialects and drivers are clear errors naming what is supported", () => {
  expect(() => createEngine("oracle://scott:tiger@host/db")).toThrow(
    /Unknown database 'oracle'.*Supported: postgresql \(drivers: pg\); mysql \/ mariadb \(drivers: mysql2\); sqlite \(drivers: better-sqlite3\)/,
  );
  expect(() => createEngine("postgresql+psycopg://u:hunter2@h/d")).toThrow(/Unknown driver 'psycopg' for postgresql/);
  expect(() => createEngine("postgresql+psycopg://u:hunter2@h/d")).not.toThrow(/hunter2/);
  expect(() => createEngine("sqlite://host/file.db")).toThrow(/SQLite URLs have no host/);
  expect(() => createEngine("sqlite://", { poolTimeout: -1 })).toThrow(/poolTimeout must be a non-negative number/);
  // SQLite keeps one connection whatever the pool size, but a bad size is still refused.
  expect(() => createEngine("sqlite://", { poolSize: -1 })).toThrow(/poolSize must be a non-negative integer, got -1/);
  expect(() => createEngine("sqlite://", { maxOverflow: 1.5 })).toThrow(/maxOverflow must be a non-negative integer/);
});
