// The MySQL dialect fits its capabilities to the server it meets: MariaDB has RETURNING (INSERT from 10.5,
// DELETE from 10.0), MySQL has none. Version parsing and compilation run without a server; the MySQL 8
// behaviour is also run on the MariaDB server here, by initializing the dialect as MySQL 8 would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  column,
  compile,
  createEngine,
  deleteFrom,
  func,
  insert,
  Integer,
  MetaData,
  NotSupportedError,
  select,
  String as SqlString,
  Table,
  type Engine,
} from "../../src/index.js";
import { MySQLDialect, mysqlCapabilities } from "../../src/mysql.js";
import { createScratchDatabase, isDialectAvailable, type ScratchDatabase } from "../../src/testing/index.js";
import { DEFAULT_MYSQL_URL } from "../../src/testing/servers.js";

const metadata = new MetaData();
const notes = new Table("version_notes", metadata, {
  id: column(Integer()).primaryKey(),
  body: column(SqlString(40)),
});

describe("mysqlCapabilities", () => {
  it.each([
    ["8.0.36", { insert: false, update: false, delete: false }],
    ["8.4.2-commercial", { insert: false, update: false, delete: false }],
    ["5.7.44-log", { insert: false, update: false, delete: false }],
    ["10.4.32-MariaDB", { insert: false, update: false, delete: true }],
    ["10.5.0-MariaDB-log", { insert: true, update: false, delete: true }],
    ["10.11.6-MariaDB-0+deb12u1", { insert: true, update: false, delete: true }],
    ["11.4.2-MariaDB-ubu2404", { insert: true, update: false, delete: true }],
  ])("%s → RETURNING %o", (version, returning) => {
    expect(mysqlCapabilities(version).returning).toEqual(returning);
  });

  it("keeps the defaults for a version string it cannot read, and changes nothing but RETURNING", () => {
    const defaults = new MySQLDialect().capabilities;
    expect(mysqlCapabilities("unknown")).toBe(defaults);
    const mysql8 = mysqlCapabilities("8.0.36");
    expect({ ...mysql8, returning: defaults.returning }).toEqual(defaults);
  });

  it("a dialect initialized as MySQL 8 refuses RETURNING with a NotSupportedError and inserts without it", () => {
    const dialect = new MySQLDialect();
    expect(compile(insert(notes).values({ id: 1, body: "x" }).returning(notes.c.id), dialect).sql).toContain(
      "RETURNING",
    );
    dialect.initialize("8.0.36");
    expect(() => compile(insert(notes).values({ id: 1, body: "x" }).returning(notes.c.id), dialect)).toThrow(
      NotSupportedError,
    );
    expect(() => compile(deleteFrom(notes).returning(notes.c.id), dialect)).toThrow(NotSupportedError);
    expect(compile(insert(notes).values({ id: 1, body: "x" }), dialect).sql).toBe(
      "INSERT INTO `version_notes` (`id`, `body`) VALUES (?, ?)",
    );
  });
});

describe.runIf(isDialectAvailable("mysql"))("server version on a real server", () => {
  let db: ScratchDatabase;
  let engine: Engine;
  const url = process.env.ATHANOR_TEST_MYSQL_URL ?? DEFAULT_MYSQL_URL;

  beforeAll(async () => {
    db = await createScratchDatabase("mysql", url);
    engine = createEngine(db.url);
    await metadata.createAll(engine);
  });
  afterAll(async () => {
    await engine?.dispose();
    await db?.drop();
  });

  it("the engine reads the version on its first connection and fits the capabilities to it", async () => {
    const fresh = createEngine(db.url);
    try {
      await using conn = await fresh.connect();
      const version = String((await conn.execute(select(func.fn<string>("version").label("v")))).scalarOne());
      expect(fresh.dialect.capabilities).toEqual(mysqlCapabilities(version));
      // The server here is MariaDB 10.11: INSERT … RETURNING is on.
      expect(fresh.dialect.capabilities.returning.insert).toBe(/mariadb/i.test(version));
    } finally {
      await fresh.dispose();
    }
  });

  it("as MySQL 8: RETURNING is refused before anything is sent, inserted keys come from lastrowid", async () => {
    await using conn = await engine.connect();
    engine.dialect.initialize("8.0.36");
    try {
      const seen: string[] = [];
      engine.on("beforeExecute", (e) => {
        seen.push(e.sql);
      });
      await expect(conn.execute(insert(notes).values({ body: "x" }).returning(notes.c.id))).rejects.toThrow(
        NotSupportedError,
      );
      expect(seen).toEqual([]);
      const one = await conn.execute(insert(notes).values({ body: "first" }));
      expect(one.insertedPrimaryKey).toEqual([expect.any(Number)]);
      const id = one.insertedPrimaryKey?.[0];
      expect((await conn.execute(select(notes.c.body).where(notes.c.id.eq(id as number)))).scalarOne()).toBe("first");
      await conn.execute(insert(notes), [{ body: "a" }, { body: "b" }]);
      expect(seen.some((sql) => sql.includes("RETURNING"))).toBe(false);
      expect((await conn.execute(select(notes.c.body).orderBy(notes.c.id))).scalars().all()).toEqual([
        "first",
        "a",
        "b",
      ]);
      await conn.rollback();
    } finally {
      engine.dialect.initialize("10.11.0-MariaDB");
    }
  });
});
