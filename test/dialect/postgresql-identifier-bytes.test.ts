// PostgreSQL's identifier limit (NAMEDATALEN - 1 = 63) counts UTF-8 bytes: a name of 32 "é" (64 bytes) used
// to pass a 63-character check and be cut by the server, so two such names became one table (issue 8, #8).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ArgumentError,
  column,
  createEngine,
  type Engine,
  Integer,
  MetaData,
  Table,
  text,
  truncateIdentifier,
} from "../../src/index.js";
import { createScratchDatabase, isDialectAvailable, type ScratchDatabase } from "../../src/testing/index.js";
import { DEFAULT_POSTGRESQL_URL } from "../../src/testing/servers.js";

const serverUrl = process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL;

describe("truncateIdentifier in UTF-8 bytes", () => {
  it("keeps whole characters within the byte budget and stays deterministic", () => {
    const long = "é".repeat(40);
    const short = truncateIdentifier(long, 63, "bytes");
    expect(Buffer.byteLength(short)).toBeLessThanOrEqual(63);
    expect(short).toMatch(/^(é)+_[0-9a-f]{8}$/);
    expect(truncateIdentifier(long, 63, "bytes")).toBe(short);
    expect(truncateIdentifier("é".repeat(31), 63, "bytes")).toBe("é".repeat(31));
    expect(truncateIdentifier("😀".repeat(20), 30, "bytes")).toMatch(/^(😀){5}_[0-9a-f]{8}$/);
  });
});

describe.runIf(isDialectAvailable("postgresql"))("PostgreSQL identifiers longer than 63 bytes", () => {
  let db: ScratchDatabase;
  let engine: Engine;

  beforeAll(async () => {
    db = await createScratchDatabase("postgresql", serverUrl);
    engine = createEngine(db.url, { poolSize: 1 });
  });
  afterAll(async () => {
    await engine.dispose();
    await db.drop();
  });

  it("two 64-byte names of 'é' are refused, not merged into one 63-byte table", async () => {
    const md = new MetaData();
    new Table(`${"é".repeat(32)}`, md, { id: column(Integer()).primaryKey() });
    new Table(`${"é".repeat(31)}e_`, md, { id: column(Integer()).primaryKey() });
    const error = await md.createAll(engine).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toMatch(/64 bytes long; postgresql identifiers are at most 63 bytes/);
    await using conn = await engine.connect();
    expect(Number(await conn.scalar(text("select count(*) from pg_tables where schemaname = 'public'")))).toBe(0);
  });

  it("a name of 63 bytes is taken as written; long index names are shortened by bytes and stay apart", async () => {
    const md = new MetaData();
    const name = `${"é".repeat(31)}a`;
    const col = (n: string) => column(Integer(), { name: n });
    new Table(name, md, {
      id: column(Integer()).primaryKey(),
      a: col(`${"ü".repeat(20)}_a`).index(),
      b: col(`${"ü".repeat(20)}_b`).index(),
    });
    await md.createAll(engine);
    await using conn = await engine.connect();
    const tables = await conn.execute(text("select tablename from pg_tables where schemaname = 'public'"));
    expect(tables.scalars().all()).toEqual([name]);
    const indexes = (
      await conn.execute(text("select indexname from pg_indexes where tablename = :t and indexname like 'ix%'"), {
        t: name,
      })
    )
      .scalars()
      .all() as string[];
    expect(indexes).toHaveLength(2);
    for (const ix of indexes) expect(Buffer.byteLength(ix)).toBeLessThanOrEqual(63);
    expect(new Set(indexes).size).toBe(2);
  });
});
