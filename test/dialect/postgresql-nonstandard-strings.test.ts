// DDL literals written by the PostgreSQL dialect mean the same under `standard_conforming_strings = off`
// (backslash as an escape in plain '…' strings) as under the default: a hostile table comment cannot end
// its string, and server defaults, column comments and enum values are stored exactly (issue 8, #4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  column,
  type ColumnBuilder,
  createEngine,
  Enum,
  type Engine,
  Integer,
  literal,
  MetaData,
  String as SqlString,
  Table,
  text,
} from "../../src/index.js";
import { createScratchDatabase, isDialectAvailable, type ScratchDatabase } from "../../src/testing/index.js";
import { DEFAULT_POSTGRESQL_URL } from "../../src/testing/servers.js";

const serverUrl = process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL;

/** Strings with backslashes and quotes in every arrangement the hostile list had. */
const HOSTILE = [
  "\\'; DROP TABLE canary; --",
  "\\",
  "\\\\",
  "a\\b",
  "\\'",
  "'\\",
  "\\x41",
  "\\n\\t\\r",
  "\\047",
  "\\u0041",
  "end\\",
  "''\\''",
];

describe.runIf(isDialectAvailable("postgresql"))("PostgreSQL DDL with standard_conforming_strings = off", () => {
  let db: ScratchDatabase;
  let engine: Engine;

  beforeAll(async () => {
    db = await createScratchDatabase("postgresql", serverUrl);
    engine = createEngine(db.url, { poolSize: 1 });
    engine.on("connect", async (raw) => {
      await raw.execute("SET standard_conforming_strings = off");
    });
    await engine.begin(async (conn) => {
      await conn.execute(text("create table canary (id integer)"));
      const off = await conn.execute(text("show standard_conforming_strings"));
      expect(off.scalar()).toBe("off");
    });
  });
  afterAll(async () => {
    await engine.dispose();
    await db.drop();
  });

  it("a hostile table comment is stored as written and drops nothing", async () => {
    const md = new MetaData();
    const comment = HOSTILE[0] as string;
    new Table("nsc_commented", md, { id: column(Integer()).primaryKey() }, { comment });
    await md.createAll(engine);
    await using conn = await engine.connect();
    const stored = await conn.scalar(text("select obj_description('nsc_commented'::regclass, 'pg_class')"));
    expect(stored).toBe(comment);
    expect(await conn.scalar(text("select to_regclass('canary')::text"))).toBe("canary");
  });

  it("server defaults, column comments and enum values are stored exactly", async () => {
    const md = new MetaData();
    const columns: Record<string, ColumnBuilder<unknown, boolean, boolean, boolean>> = {
      id: column(Integer()).primaryKey(),
    };
    HOSTILE.forEach((value, i) => {
      columns[`d${i}`] = column(SqlString(60)).serverDefault(value).comment(value);
      columns[`l${i}`] = column(SqlString(60)).serverDefault(literal(value));
    });
    const values = HOSTILE.slice(1, 6);
    columns["mood"] = column(Enum(values, { name: "nsc_mood" })).serverDefault(values[0] as string);
    const table = new Table("nsc_defaults", md, columns);
    await md.createAll(engine);
    await using conn = await engine.connect();
    await conn.execute(text("insert into nsc_defaults (id) values (1)"));
    const row = (await conn.execute(text("select * from nsc_defaults"))).mappings().one();
    HOSTILE.forEach((value, i) => {
      expect(row[`d${i}`]).toBe(value);
      expect(row[`l${i}`]).toBe(value);
    });
    expect(row["mood"]).toBe(values[0]);
    const labels = await conn.execute(
      text("select enumlabel from pg_enum where enumtypid = 'nsc_mood'::regtype order by enumsortorder"),
    );
    expect(labels.scalars().all()).toEqual(values);
    const comments = await conn.execute(
      text(
        "select col_description('nsc_defaults'::regclass, ordinal_position::int) from information_schema.columns " +
          "where table_name = 'nsc_defaults' and column_name like 'd%' order by ordinal_position",
      ),
    );
    expect(comments.scalars().all()).toEqual(HOSTILE);
    expect(table.name).toBe("nsc_defaults");
    expect(await conn.scalar(text("select to_regclass('canary')::text"))).toBe("canary");
  });
});
