/**
 * SQLite reflection: the CREATE-statement tokenizer and parser, the declared-type mapping, and the
 * introspector on a scratch database (a schema created by Athanor, hand-written DDL with SQLite's own
 * spellings, attached and temp schemas, and the number of queries each batch method issues).
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BigInteger,
  checkConstraint,
  column,
  createEngine,
  CustomType,
  DateTime,
  Enum,
  Float,
  foreignKeyConstraint,
  func,
  index,
  insert,
  inspect,
  Integer,
  LargeBinary,
  literal,
  literalColumn,
  MetaData,
  Numeric,
  primaryKeyConstraint,
  select,
  SmallInteger,
  SqlBoolean,
  SqlDate,
  SqlJSON,
  SqlString,
  type SqlType,
  Table,
  Text,
  text,
  Time,
  UUID,
  uniqueConstraint,
  type AnyTable,
  type Connection,
  type Engine,
} from "../../src/index.js";
import type { ReflectedColumn } from "../../src/dialect/index.js";
import { SqliteDialect } from "../../src/dialects/sqlite/index.js";
import { passthroughType, sqliteTypeFromDeclared } from "../../src/dialects/sqlite/declared-type.js";
import { SqliteIntrospector } from "../../src/dialects/sqlite/introspection.js";
import { col, ix } from "./reflected-records.js";
import { parseCreateIndex, parseCreateTable, tokenize } from "../../src/dialects/sqlite/schema-sql.js";
import { createScratchDatabase, type ScratchDatabase } from "../../src/testing/index.js";

const introspector = new SqliteIntrospector();

describe("SQLite schema SQL tokenizer", () => {
  const kinds = (sql: string): string[] => tokenize(sql).map((t) => `${t.kind}:${t.value}`);

  it("reads identifiers in every quoting style, undoing doubled quotes", () => {
    expect(kinds('"a ""b""" `c``d` [e f] plain_1$ été')).toEqual([
      'quoted:a "b"',
      "quoted:c`d",
      "quoted:e f",
      "word:plain_1$",
      "word:été",
    ]);
  });

  it("reads strings, blobs, numbers, variables, operators and punctuation", () => {
    expect(kinds("'it''s' x'0aFF' 12 3.5 .5 1e10 2.5E-3 0x1F ? ?2 :name @v $w")).toEqual([
      "string:it's",
      "blob:x'0aFF'",
      "number:12",
      "number:3.5",
      "number:.5",
      "number:1e10",
      "number:2.5E-3",
      "number:0x1F",
      "variable:?",
      "variable:?2",
      "variable::name",
      "variable:@v",
      "variable:$w",
    ]);
    expect(kinds("a||b<=c<>d->>e!=(f,g);h.i-j")).toEqual([
      "word:a",
      "operator:||",
      "word:b",
      "operator:<=",
      "word:c",
      "operator:<>",
      "word:d",
      "operator:->>",
      "word:e",
      "operator:!=",
      "punct:(",
      "word:f",
      "punct:,",
      "word:g",
      "punct:)",
      "punct:;",
      "word:h",
      "punct:.",
      "word:i",
      "operator:-",
      "word:j",
    ]);
  });

  it("skips comments and whitespace and keeps source offsets", () => {
    const sql = "a -- one ) \n /* two, ( */ b /* unterminated";
    const tokens = tokenize(sql);
    expect(tokens.map((t) => t.text)).toEqual(["a", "b"]);
    for (const t of tokens) expect(sql.slice(t.start, t.end)).toBe(t.text);
  });

  it("refuses unterminated quotes and unknown characters", () => {
    expect(() => tokenize("'abc")).toThrow(/Unterminated/);
    expect(() => tokenize('"abc')).toThrow(/Unterminated/);
    expect(() => tokenize("[abc")).toThrow(/Unterminated/);
    expect(() => tokenize("a # b")).toThrow(/Unexpected character "#"/);
  });
});

describe("SQLite CREATE statement parser", () => {
  it("reads column and table constraints with their names", () => {
    const parsed = parseCreateTable(`CREATE TABLE IF NOT EXISTS main."t" (
      "id" INTEGER NOT NULL CONSTRAINT "pk_t" PRIMARY KEY AUTOINCREMENT,
      code VARCHAR(10) CONSTRAINT code_uq UNIQUE CONSTRAINT code_ck CHECK (length(code) > 2) COLLATE NOCASE,
      "b" DOUBLE PRECISION DEFAULT (-1.5) NOT NULL CHECK ("b" <> 0),
      parent INT CONSTRAINT fk_parent REFERENCES "t" ("id") ON DELETE SET DEFAULT CHECK (parent > 0),
      other INT REFERENCES t MATCH FULL NOT DEFERRABLE INITIALLY IMMEDIATE NOT NULL,
      total NUMERIC(10, 2) GENERATED ALWAYS AS (b * 2) STORED,
      half INT AS (b / 2),
      CONSTRAINT "uq_t" UNIQUE ("code", other),
      UNIQUE (b) ON CONFLICT REPLACE,
      CONSTRAINT named_check CHECK (b > 0 AND code <> 'x, y)'),
      CHECK ((b))
      , FOREIGN KEY (parent, other) REFERENCES [t] (id, code) ON UPDATE CASCADE
    )`);
    expect(parsed.columns.map((c) => [c.name, c.type])).toEqual([
      ["id", "INTEGER"],
      ["code", "VARCHAR(10)"],
      ["b", "DOUBLE PRECISION"],
      ["parent", "INT"],
      ["other", "INT"],
      ["total", "NUMERIC(10, 2)"],
      ["half", "INT"],
    ]);
    expect(parsed.primaryKey).toEqual({ name: "pk_t", columns: ["id"] });
    expect(parsed.uniques).toEqual([
      { name: "code_uq", columns: ["code"] },
      { name: "uq_t", columns: ["code", "other"] },
      { name: undefined, columns: ["b"] },
    ]);
    expect(parsed.checks).toEqual([
      { name: "code_ck", sqltext: "length(code) > 2", column: "code" },
      { name: undefined, sqltext: '"b" <> 0', column: "b" },
      // After `ON DELETE SET DEFAULT` (whose DEFAULT is not a column default).
      { name: undefined, sqltext: "parent > 0", column: "parent" },
      { name: "named_check", sqltext: "b > 0 AND code <> 'x, y)'", column: undefined },
      { name: undefined, sqltext: "(b)", column: undefined },
    ]);
    expect(parsed.foreignKeys).toEqual([
      { name: "fk_parent", columns: ["parent"], referredTable: "t", referredColumns: ["id"] },
      { name: undefined, columns: ["other"], referredTable: "t", referredColumns: [] },
      { name: undefined, columns: ["parent", "other"], referredTable: "t", referredColumns: ["id", "code"] },
    ]);
    expect(parsed.columns.find((c) => c.name === "total")?.generated).toEqual({ sqltext: "b * 2", stored: true });
    expect(parsed.columns.find((c) => c.name === "half")?.generated).toEqual({ sqltext: "b / 2", stored: false });
    expect(parsed.withoutRowid).toBe(false);
  });

  it("reads table options, PRIMARY KEY DESC, and statements without definitions", () => {
    const kv = parseCreateTable("create temp table kv (k text primary key desc, v) without rowid, strict");
    expect(kv.withoutRowid).toBe(true);
    expect(kv.columns).toEqual([
      { name: "k", type: "text", primaryKeyDesc: true, generated: undefined },
      { name: "v", type: "", primaryKeyDesc: false, generated: undefined },
    ]);
    expect(parseCreateTable("CREATE TABLE copy AS SELECT * FROM kv").columns).toEqual([]);
    expect(parseCreateTable("CREATE VIRTUAL TABLE ft USING fts5(a, b, tokenize = 'porter')").columns).toEqual([]);
    expect(() => parseCreateTable("CREATE INDEX i ON t (a)")).toThrow(/Not a CREATE TABLE/);
    expect(() => parseCreateTable("CREATE TABLE t (a CHECK (a > 0)")).toThrow(/Unbalanced/);
  });

  it("reads index items without their direction or outer parentheses, and the predicate", () => {
    expect(
      parseCreateIndex(
        'CREATE UNIQUE INDEX "s"."ix" ON "t" ("a" DESC, (lower("b")), c COLLATE NOCASE ASC, a + 1) WHERE "a" > 0 AND b IS NOT NULL',
      ),
    ).toEqual({
      items: ['"a"', 'lower("b")', "c COLLATE NOCASE", "a + 1"],
      where: '"a" > 0 AND b IS NOT NULL',
    });
    expect(parseCreateIndex("create index if not exists ix on t ((a) + (b))")).toEqual({
      items: ["(a) + (b)"],
      where: undefined,
    });
  });
});

describe("SQLite declared types", () => {
  it("maps what Athanor's SQLite type compiler writes back to the same type", () => {
    const dialect = new SqliteDialect();
    const types: SqlType[] = [
      Integer(),
      SmallInteger(),
      BigInteger(),
      Numeric(10, 2),
      Numeric(8),
      Numeric(),
      Float(),
      SqlBoolean(),
      SqlString(100),
      SqlString(),
      Text(),
      DateTime(),
      SqlDate(),
      Time(),
      SqlJSON(),
      UUID(),
      LargeBinary(),
    ];
    for (const type of types)
      expect(sqliteTypeFromDeclared(dialect.typeSql(type)), type.toString()).toStrictEqual(type);
  });

  it("maps SQLite's documented spellings (and MySQL's TINYINT(1))", () => {
    const cases: [string, SqlType][] = [
      ["int", Integer()],
      ["INT4", Integer()],
      ["int(11)", Integer()],
      ["MEDIUMINT", Integer()],
      ["int2", SmallInteger()],
      ["TINYINT", SmallInteger()],
      ["tinyint(1)", SqlBoolean()],
      ["INT8", BigInteger()],
      ["UNSIGNED  BIG INT", BigInteger()],
      ["decimal(10,2)", Numeric(10, 2)],
      ["DECIMAL ( 5 )", Numeric(5)],
      ["double", Float()],
      ["DOUBLE PRECISION", Float()],
      ["float(24)", Float()],
      ["bool", SqlBoolean()],
      ["character varying(30)", SqlString(30)],
      ["VARYING CHARACTER(255)", SqlString(255)],
      ["nvarchar(100)", SqlString(100)],
      ["NCHAR(55)", SqlString(55)],
      ["NATIVE CHARACTER(70)", SqlString(70)],
      ["CHARACTER(20)", SqlString(20)],
      ["clob", Text()],
      ["LONGTEXT", Text()],
      ["timestamp", DateTime()],
      ["DATETIME(3)", DateTime()],
      ["timestamp with time zone", DateTime({ timezone: true })],
      ["TIMESTAMPTZ", DateTime({ timezone: true })],
      ["time without time zone", Time()],
      ["jsonb", SqlJSON()],
      ["uuid", UUID()],
      ["blob", LargeBinary()],
    ];
    for (const [declared, type] of cases) expect(sqliteTypeFromDeclared(declared), declared).toStrictEqual(type);
  });

  it("reflects unknown names as pass-through custom types with the same affinity", () => {
    const cases: [string, string, SqlType][] = [
      ["MONEY", "MONEY", Numeric()],
      // SQLite's famous rule: STRING contains none of the TEXT markers, so it has NUMERIC affinity.
      ["STRING", "STRING", Numeric()],
      ["BIGSERIAL", "BIGSERIAL", Numeric()],
      ["my_int_type", "my_int_type", Integer()],
      ["VARCHAR(MAX)", "VARCHAR(MAX)", Text()],
      ["NUMERIC(2, 5)", "NUMERIC(2, 5)", Numeric()],
      ["binary large object", "binary large object", Numeric()],
      ["MYBLOB", "MYBLOB", LargeBinary()],
      // INT is looked for first: POINT makes this INTEGER affinity (SQLite's documented example).
      ["FLOATING POINT", "FLOATING POINT", Integer()],
      ["FLOAT64", "FLOAT64", Float()],
      ["", "(no declared type)", LargeBinary()],
    ];
    for (const [declared, name, impl] of cases) {
      const type = sqliteTypeFromDeclared(declared);
      expect(type, declared).toBeInstanceOf(CustomType);
      expect(type.toString(), declared).toBe(name);
      expect((type as CustomType<unknown>).impl, declared).toStrictEqual(impl);
    }
    const money = passthroughType("MONEY");
    expect(money.bind("12.50")).toBe("12.50");
    expect(money.result(12.5)).toBe("12.5");
  });
});

describe("SQLite introspection", () => {
  let db: ScratchDatabase;
  let engine: Engine;
  const connections: Connection[] = [];

  beforeAll(async () => {
    db = await createScratchDatabase("sqlite", "sqlite://");
    engine = createEngine(db.url);
  });
  afterEach(async () => {
    for (const c of connections.splice(0)) await c.close();
  });
  afterAll(async () => {
    await engine.dispose();
    await db.drop();
  });

  async function connect(e: Engine = engine): Promise<Connection> {
    const conn = await e.connect();
    connections.push(conn);
    return conn;
  }

  /** Drops every table and view, so each test starts from an empty database. */
  async function reset(): Promise<void> {
    const conn = await connect();
    await conn.execute(text("PRAGMA foreign_keys = OFF"));
    const objects = (
      await conn.execute(
        text(
          "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%'" +
            " AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow')",
        ),
      )
    ).all();
    for (const o of objects)
      await conn.execute(text(`DROP ${o["type"] === "view" ? "VIEW" : "TABLE"} IF EXISTS "${String(o["name"])}"`));
    await conn.commit();
    await conn.execute(text("PRAGMA foreign_keys = ON"));
    await conn.close();
  }

  /** Every getMulti* answer for the schema (or `tables`), as plain objects. */
  async function everything(conn: Connection, tables?: readonly string[]): Promise<Record<string, unknown>> {
    return {
      columns: await introspector.getMultiColumns(conn, undefined, tables),
      pk: await introspector.getMultiPkConstraint(conn, undefined, tables),
      fks: await introspector.getMultiForeignKeys(conn, undefined, tables),
      indexes: await introspector.getMultiIndexes(conn, undefined, tables),
      uniques: await introspector.getMultiUniqueConstraints(conn, undefined, tables),
      checks: await introspector.getMultiCheckConstraints(conn, undefined, tables),
      comments: await introspector.getMultiTableComment(conn, undefined, tables),
    };
  }

  /** A schema using every type, constraint and index kind Athanor can create on SQLite. */
  function athanorSchema(): MetaData {
    const md = new MetaData();
    const owners = new Table(
      "owners",
      md,
      {
        id: column(Integer()).primaryKey(),
        email: column(SqlString(120)).unique(),
        name: column(SqlString(100)).index().comment("shown in lists"),
        role: column(SqlString(20)).serverDefault("member"),
        createdAt: column(DateTime(), { name: "created_at" }).serverDefault(func.now()),
      },
      { comment: "people" },
    );
    new Table(
      "projects",
      md,
      {
        ownerId: column(Integer(), { name: "owner_id" }).references(() => owners.c.id, {
          onDelete: "CASCADE",
          onUpdate: "RESTRICT",
        }),
        slug: column(SqlString(40)),
        budget: column(Numeric(12, 2)).nullable(),
      },
      primaryKeyConstraint(["ownerId", "slug"]),
      checkConstraint((c) => c.budget.ge("0"), { name: "budget_positive" }),
    );
    new Table(
      "items",
      md,
      {
        id: column(BigInteger()).primaryKey(),
        ownerId: column(Integer(), { name: "owner_id" }).nullable(),
        projectSlug: column(SqlString(40), { name: "project_slug" }).nullable(),
        small: column(SmallInteger()).nullable(),
        big: column(BigInteger()).nullable(),
        price: column(Numeric(10, 2)),
        amount: column(Numeric()).nullable(),
        whole: column(Numeric(8)).nullable(),
        ratio: column(Float()).nullable(),
        active: column(SqlBoolean()).serverDefault(literal(true, SqlBoolean())),
        title: column(SqlString(200)),
        code: column(SqlString()).nullable(),
        body: column(Text()).nullable(),
        happenedAt: column(DateTime({ timezone: true }), { name: "happened_at" }).nullable(),
        day: column(SqlDate()).nullable(),
        at: column(Time()).nullable(),
        meta: column(SqlJSON()).nullable(),
        uid: column(UUID()).nullable(),
        status: column(Enum(["todo", "done", "it's"], { name: "item_status" })).serverDefault("todo"),
        blob: column(LargeBinary()).nullable(),
        qty: column(Integer()).serverDefault(literal(0, Integer())),
        neg: column(Float()).serverDefault(literal(-1.5, Float())),
        total: column(Numeric(12, 2)).computed(literalColumn("price * 2")),
        half: column(Integer()).nullable().computed(literalColumn("qty / 2"), { persisted: false }),
      },
      foreignKeyConstraint(["ownerId", "projectSlug"], ["projects.owner_id", "projects.slug"], {
        name: "fk_items_project",
        onDelete: "SET NULL",
      }),
      uniqueConstraint(["ownerId", "title"], { name: "uq_items_owner_title" }),
      checkConstraint((c) => c.qty!.ge(0), { name: "qty_positive" }),
      index("ix_items_price_title", ["price", "title"], { unique: true }),
      index("ix_items_open", ["qty"], { where: (c) => c.qty!.gt(0) }),
      index("ix_items_lower_title", [(c) => func.lower(c.title!), "qty"]),
    );
    return md;
  }

  it("reflects a schema created by Athanor exactly", async () => {
    await reset();
    await athanorSchema().createAll(engine);
    const conn = await connect();
    expect(await introspector.getTableNames(conn, undefined)).toEqual(["items", "owners", "projects"]);
    const got = await everything(conn);
    expect(got["columns"]).toStrictEqual(
      new Map([
        [
          "items",
          [
            // An autoincrement key is declared INTEGER (the rowid alias): BigInteger reads back as Integer.
            col("id", Integer(), { autoincrement: true }),
            col("owner_id", Integer(), { nullable: true }),
            col("project_slug", SqlString(40), { nullable: true }),
            col("small", SmallInteger(), { nullable: true }),
            col("big", BigInteger(), { nullable: true }),
            col("price", Numeric(10, 2)),
            col("amount", Numeric(), { nullable: true }),
            col("whole", Numeric(8), { nullable: true }),
            col("ratio", Float(), { nullable: true }),
            col("active", SqlBoolean(), { default: "TRUE" }),
            col("title", SqlString(200)),
            col("code", SqlString(), { nullable: true }),
            col("body", Text(), { nullable: true }),
            // SQLite stores every DateTime as DATETIME: the timezone flag is not kept.
            col("happened_at", DateTime(), { nullable: true }),
            col("day", SqlDate(), { nullable: true }),
            col("at", Time(), { nullable: true }),
            col("meta", SqlJSON(), { nullable: true }),
            col("uid", UUID(), { nullable: true }),
            // VARCHAR(4) + CHECK ("status" IN (…)); SQLite keeps no enum name.
            col("status", Enum(["todo", "done", "it's"]), { default: "'todo'" }),
            col("blob", LargeBinary(), { nullable: true }),
            col("qty", Integer(), { default: "0" }),
            col("neg", Float(), { default: "-1.5" }),
            col("total", Numeric(12, 2), { computed: { sqltext: "price * 2", persisted: true } }),
            col("half", Integer(), { nullable: true, computed: { sqltext: "qty / 2", persisted: false } }),
          ],
        ],
        [
          "owners",
          [
            col("id", Integer(), { autoincrement: true }),
            col("email", SqlString(120)),
            // SQLite has no comments: the column's and the table's are not stored.
            col("name", SqlString(100)),
            col("role", SqlString(20), { default: "'member'" }),
            col("created_at", DateTime(), { default: "strftime('%Y-%m-%d %H:%M:%f', 'now')" }),
          ],
        ],
        [
          "projects",
          [col("owner_id", Integer()), col("slug", SqlString(40)), col("budget", Numeric(12, 2), { nullable: true })],
        ],
      ]),
    );
    expect(got["pk"]).toStrictEqual(
      new Map([
        ["items", { name: "pk_items", columns: ["id"] }],
        ["owners", { name: "pk_owners", columns: ["id"] }],
        ["projects", { name: "pk_projects", columns: ["owner_id", "slug"] }],
      ]),
    );
    expect(got["fks"]).toStrictEqual(
      new Map([
        [
          "items",
          [
            {
              name: "fk_items_project",
              columns: ["owner_id", "project_slug"],
              referredSchema: undefined,
              referredTable: "projects",
              referredColumns: ["owner_id", "slug"],
              onDelete: "SET NULL",
              onUpdate: undefined,
            },
          ],
        ],
        ["owners", []],
        [
          "projects",
          [
            {
              name: "fk_projects_owner_id_owners",
              columns: ["owner_id"],
              referredSchema: undefined,
              referredTable: "owners",
              referredColumns: ["id"],
              onDelete: "CASCADE",
              onUpdate: "RESTRICT",
            },
          ],
        ],
      ]),
    );
    expect(got["indexes"]).toStrictEqual(
      new Map([
        [
          "items",
          [
            ix("ix_items_lower_title", [undefined, "qty"], { expressions: ['lower("title")', '"qty"'] }),
            ix("ix_items_open", ["qty"], { where: '"qty" > 0' }),
            ix("ix_items_price_title", ["price", "title"], { unique: true }),
          ],
        ],
        ["owners", [ix("ix_owners_name", ["name"])]],
        ["projects", []],
      ]),
    );
    expect(got["uniques"]).toStrictEqual(
      new Map([
        ["items", [{ name: "uq_items_owner_title", columns: ["owner_id", "title"] }]],
        ["owners", [{ name: "uq_owners_email", columns: ["email"] }]],
        ["projects", []],
      ]),
    );
    // The enum's CHECK is part of its type, not reported here.
    expect(got["checks"]).toStrictEqual(
      new Map([
        ["items", [{ name: "ck_items_qty_positive", sqltext: '"qty" >= 0' }]],
        ["owners", []],
        ["projects", [{ name: "ck_projects_budget_positive", sqltext: `"budget" >= 0` }]],
      ]),
    );
    expect(got["comments"]).toStrictEqual(
      new Map([
        ["items", undefined],
        ["owners", undefined],
        ["projects", undefined],
      ]),
    );
  });

  it("recreates a reflected schema that reflects back identically", async () => {
    await reset();
    await athanorSchema().createAll(engine);
    // SQLite's pool has one connection: return it before the engine-level calls.
    const first = await connect();
    const before = await everything(first);
    await first.close();
    const reflected = new MetaData();
    await reflected.reflect(engine);
    expect(reflected.sortedTables.map((t) => t.name).sort()).toEqual(["items", "owners", "projects"]);
    await reset();
    await reflected.createAll(engine);
    expect(await everything(await connect())).toStrictEqual(before);
  });

  it("answers only for the listed tables that exist", async () => {
    await reset();
    await athanorSchema().createAll(engine);
    const conn = await connect();
    const got = await everything(conn, ["projects", "nope", "owners"]);
    for (const answer of Object.values(got))
      expect([...(answer as Map<string, unknown>).keys()]).toEqual(["owners", "projects"]);
    const none = await everything(conn, []);
    for (const answer of Object.values(none)) expect((answer as Map<string, unknown>).size).toBe(0);
  });

  it("reflects hand-written DDL in SQLite's own spellings", async () => {
    await reset();
    const conn = await connect();
    const ddl = [
      `create table parent (id integer primary key, code text not null unique)`,
      `CREATE TABLE legacy ( -- written by hand
        id integer PRIMARY KEY,
        a int4 NOT NULL DEFAULT 1,
        b character varying(30) COLLATE NOCASE,
        c int(11) CONSTRAINT c_ref REFERENCES parent ON DELETE SET DEFAULT,
        d tinyint(1) DEFAULT 0,
        e datetime DEFAULT CURRENT_TIMESTAMP,
        f decimal(10,2) DEFAULT (round(1.234, 2)),
        g double precision,
        h UNSIGNED BIG INT,
        i clob,
        j nvarchar(50) DEFAULT 'it''s',
        k money,
        l,
        m string,
        n blob,
        o timestamp,
        p boolean DEFAULT TRUE,
        q varchar(5) CHECK (q IN ('a', 'b')),
        r varchar(1) CHECK (r in ('x', 'y')),
        [weird name] text,
        "quoted ""name""" text,
        parent_code text,
        /* table constraints */
        CONSTRAINT legacy_pos CHECK (a > 0 AND b <> 'x, y)'),
        UNIQUE (b, c) ON CONFLICT REPLACE,
        CONSTRAINT legacy_parent FOREIGN KEY (parent_code) REFERENCES parent (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
      )`,
      `CREATE UNIQUE INDEX legacy_expr ON legacy (lower(b) DESC, c COLLATE NOCASE, (a + 1)) WHERE a IS NOT NULL`,
      `CREATE INDEX "legacy plain" ON legacy ([weird name])`,
      `CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID`,
      `CREATE TABLE descending (id INTEGER PRIMARY KEY DESC, x)`,
      `CREATE TABLE bigkey (id BIGINT PRIMARY KEY, x)`,
      `CREATE TABLE nokey (x INTEGER)`,
    ];
    for (const sql of ddl) await conn.execute(text(sql));
    await conn.commit();
    const tables = ["legacy", "kv", "descending", "bigkey", "nokey"];
    const got = await everything(conn, tables);
    const columns = (got["columns"] as Map<string, ReflectedColumn[]>).get("legacy")!;
    const passthrough = new Map(
      columns
        .filter((c) => c.type instanceof CustomType)
        .map((c) => [c.name, [c.type.toString(), (c.type as CustomType<unknown>).impl]]),
    );
    expect(passthrough).toStrictEqual(
      new Map<string, [string, SqlType]>([
        ["k", ["money", Numeric()]],
        ["l", ["(no declared type)", LargeBinary()]],
        ["m", ["string", Numeric()]],
      ]),
    );
    const opaque = (name: string): SqlType => columns.find((c) => c.name === name)!.type;
    expect(columns).toStrictEqual([
      col("id", Integer(), { nullable: true, autoincrement: true }),
      col("a", Integer(), { default: "1" }),
      col("b", SqlString(30), { nullable: true }),
      col("c", Integer(), { nullable: true }),
      col("d", SqlBoolean(), { nullable: true, default: "0" }),
      col("e", DateTime(), { nullable: true, default: "CURRENT_TIMESTAMP" }),
      col("f", Numeric(10, 2), { nullable: true, default: "round(1.234, 2)" }),
      col("g", Float(), { nullable: true }),
      col("h", BigInteger(), { nullable: true }),
      col("i", Text(), { nullable: true }),
      col("j", SqlString(50), { nullable: true, default: "'it''s'" }),
      col("k", opaque("k"), { nullable: true }),
      col("l", opaque("l"), { nullable: true }),
      col("m", opaque("m"), { nullable: true }),
      col("n", LargeBinary(), { nullable: true }),
      col("o", DateTime(), { nullable: true }),
      col("p", SqlBoolean(), { nullable: true, default: "TRUE" }),
      // Not what Athanor writes for an Enum (VARCHAR(5) for one-letter values): a string and a CHECK.
      col("q", SqlString(5), { nullable: true }),
      // Exactly what Athanor writes for Enum(["x", "y"]).
      col("r", Enum(["x", "y"]), { nullable: true }),
      col("weird name", Text(), { nullable: true }),
      col('quoted "name"', Text(), { nullable: true }),
      col("parent_code", Text(), { nullable: true }),
    ]);
    expect((got["columns"] as Map<string, ReflectedColumn[]>).get("kv")).toStrictEqual([
      // WITHOUT ROWID keys are NOT NULL whether declared so or not.
      col("k", Text()),
      col("v", Integer(), { nullable: true }),
    ]);
    // PRIMARY KEY DESC does not make the column the rowid; neither does BIGINT.
    expect((got["columns"] as Map<string, ReflectedColumn[]>).get("descending")?.[0]?.autoincrement).toBe(false);
    expect((got["columns"] as Map<string, ReflectedColumn[]>).get("bigkey")?.[0]?.autoincrement).toBe(false);
    expect(got["pk"]).toStrictEqual(
      new Map([
        ["bigkey", { name: undefined, columns: ["id"] }],
        ["descending", { name: undefined, columns: ["id"] }],
        ["kv", { name: undefined, columns: ["k"] }],
        ["legacy", { name: undefined, columns: ["id"] }],
        ["nokey", undefined],
      ]),
    );
    expect((got["fks"] as Map<string, unknown>).get("legacy")).toStrictEqual([
      // Written without referred columns: the referred table's primary key.
      {
        name: "c_ref",
        columns: ["c"],
        referredSchema: undefined,
        referredTable: "parent",
        referredColumns: ["id"],
        onDelete: "SET DEFAULT",
        onUpdate: undefined,
      },
      {
        name: "legacy_parent",
        columns: ["parent_code"],
        referredSchema: undefined,
        referredTable: "parent",
        referredColumns: ["code"],
        onDelete: undefined,
        onUpdate: "CASCADE",
      },
    ]);
    expect((got["indexes"] as Map<string, unknown>).get("legacy")).toStrictEqual([
      ix("legacy plain", ["weird name"]),
      ix("legacy_expr", [undefined, "c", undefined], {
        unique: true,
        expressions: ["lower(b)", "c COLLATE NOCASE", "a + 1"],
        where: "a IS NOT NULL",
      }),
    ]);
    // The rowid's PRIMARY KEY has no index; a WITHOUT ROWID table's key index is not an index of its own.
    expect((got["indexes"] as Map<string, unknown>).get("kv")).toStrictEqual([]);
    expect((got["uniques"] as Map<string, unknown>).get("legacy")).toStrictEqual([
      { name: undefined, columns: ["b", "c"] },
    ]);
    expect((got["checks"] as Map<string, unknown>).get("legacy")).toStrictEqual([
      { name: undefined, sqltext: "q IN ('a', 'b')" },
      { name: "legacy_pos", sqltext: "a > 0 AND b <> 'x, y)'" },
    ]);
    const parentUniques = await introspector.getMultiUniqueConstraints(conn, undefined, ["parent"]);
    expect(parentUniques.get("parent")).toStrictEqual([{ name: undefined, columns: ["code"] }]);
  });

  it("lists tables and views without SQLite's own tables or virtual tables' shadow tables", async () => {
    await reset();
    const conn = await connect();
    await conn.execute(text("CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT)"));
    await conn.execute(text("INSERT INTO counted (body) VALUES ('x')")); // creates sqlite_sequence
    await conn.execute(text("CREATE VIRTUAL TABLE docs USING fts5(title, body)"));
    await conn.execute(text("CREATE VIEW counted_bodies AS SELECT body FROM counted"));
    await conn.execute(text("ANALYZE")); // creates sqlite_stat1
    await conn.commit();
    const all = (await conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))).all();
    expect(all.map((r) => r["name"])).toEqual(expect.arrayContaining(["docs_data", "sqlite_sequence", "sqlite_stat1"]));
    expect(await introspector.getTableNames(conn, undefined)).toEqual(["counted", "docs"]);
    expect(await introspector.getViewNames(conn, undefined)).toEqual(["counted_bodies"]);
    // A virtual table's hidden columns are not columns.
    const docs = (await introspector.getMultiColumns(conn, undefined, ["docs"])).get("docs");
    expect(docs?.map((c) => c.name)).toEqual(["title", "body"]);
  });

  it("columns of declared types Athanor does not know are re-created with the same declaration", async () => {
    const conn = await connect();
    await conn.execute(text("CREATE TABLE native_src (id INTEGER PRIMARY KEY, price MONEY, tag STRING, raw)"));
    await conn.commit();
    await conn.close();
    const md = new MetaData();
    await md.reflect(engine, { only: ["native_src"] });
    const src = md.table("native_src") as AnyTable;
    const spelled = src.columns.map((c) => engine.dialect.typeSql(c.type));
    expect(spelled).toEqual(["INTEGER", "MONEY", "STRING", "BLOB"]);
    const copy = new MetaData();
    const table = new Table("native_copy", copy, {
      price: column(src.column("price").type),
      tag: column(src.column("tag").type),
    });
    await copy.createAll(engine);
    const again = await inspect(engine).getColumns("native_copy");
    expect(again.map((c) => engine.dialect.typeSql(c.type))).toEqual(["MONEY", "STRING"]);
    await engine.begin(async (c) => {
      await c.execute(insert(table).values({ price: "12.50", tag: "007" }));
    });
    const check = await connect();
    // The declared types keep their affinity: MONEY is NUMERIC, STRING is NUMERIC too (SQLite's rules).
    const row = (await check.execute(select(table.c.price, table.c.tag).where(table.c.price.eq("12.50")))).one();
    expect([...row]).toEqual(["12.5", "7"]);
  });

  it("reads attached databases and the temp schema", async () => {
    await reset();
    const own = createEngine(db.url);
    try {
      const conn = await own.connect();
      connections.push(conn);
      // ATTACH cannot run inside a transaction.
      conn.executionOptions({ isolationLevel: "AUTOCOMMIT" });
      await conn.execute(text("ATTACH DATABASE ':memory:' AS \"aux db\""));
      await conn.execute(
        text('CREATE TABLE "aux db".things (id INTEGER PRIMARY KEY, name VARCHAR(20) CONSTRAINT uq_name UNIQUE)'),
      );
      await conn.execute(text('CREATE INDEX "aux db".ix_things_name ON things (name) WHERE name IS NOT NULL'));
      await conn.execute(text("CREATE TEMP TABLE scratch (x INTEGER CHECK (x > 0))"));
      await conn.execute(text("CREATE TABLE main_only (y INTEGER)"));
      expect(await introspector.getSchemaNames(conn)).toEqual(["main", "aux db"]);
      expect(await introspector.getTableNames(conn, "aux db")).toEqual(["things"]);
      expect(await introspector.getTableNames(conn, "temp")).toEqual(["scratch"]);
      expect(await introspector.getTableNames(conn, undefined)).toEqual(["main_only"]);
      expect((await introspector.getMultiColumns(conn, "aux db", undefined)).get("things")).toStrictEqual([
        col("id", Integer(), { nullable: true, autoincrement: true }),
        col("name", SqlString(20), { nullable: true }),
      ]);
      expect((await introspector.getMultiIndexes(conn, "aux db", ["things"])).get("things")).toStrictEqual([
        ix("ix_things_name", ["name"], { where: "name IS NOT NULL" }),
      ]);
      expect((await introspector.getMultiUniqueConstraints(conn, "aux db", ["things"])).get("things")).toStrictEqual([
        { name: "uq_name", columns: ["name"] },
      ]);
      expect((await introspector.getMultiCheckConstraints(conn, "temp", undefined)).get("scratch")).toStrictEqual([
        { name: undefined, sqltext: "x > 0" },
      ]);
      await conn.close();
    } finally {
      await own.dispose();
    }
  });

  it("answers each batch method for 50 tables with one query", async () => {
    await reset();
    const md = new MetaData();
    for (let i = 0; i < 50; i++) {
      new Table(
        `many_${i}`,
        md,
        {
          id: column(Integer()).primaryKey(),
          name: column(SqlString(20)).index().unique(),
          ref: column(Integer())
            .nullable()
            .references(`many_${i === 0 ? 0 : i - 1}.id`, { onDelete: "CASCADE" }),
        },
        checkConstraint((c) => c.id!.gt(0), { name: "positive" }),
      );
    }
    await md.createAll(engine);
    const conn = await connect();
    await conn.execute(text("SELECT 1")); // begins the transaction, so only catalog queries are counted below
    const seen: string[] = [];
    engine.on("beforeExecute", ({ sql }) => {
      seen.push(sql);
    });
    const counts: Record<string, number> = {};
    const sizes: Record<string, number> = {};
    for (const method of [
      "getMultiColumns",
      "getMultiPkConstraint",
      "getMultiForeignKeys",
      "getMultiIndexes",
      "getMultiUniqueConstraints",
      "getMultiCheckConstraints",
      "getMultiTableComment",
    ] as const) {
      seen.length = 0;
      const answer: ReadonlyMap<string, unknown> = await introspector[method](conn, undefined, undefined);
      counts[method] = seen.length;
      sizes[method] = answer.size;
    }
    expect(Object.values(counts)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(Object.values(sizes)).toEqual([50, 50, 50, 50, 50, 50, 50]);
    seen.length = 0;
    const some = await introspector.getMultiForeignKeys(conn, undefined, ["many_7", "many_8"]);
    expect(seen).toHaveLength(1);
    expect(some.get("many_8")).toStrictEqual([
      {
        name: "fk_many_8_ref_many_7",
        columns: ["ref"],
        referredSchema: undefined,
        referredTable: "many_7",
        referredColumns: ["id"],
        onDelete: "CASCADE",
        onUpdate: undefined,
      },
    ]);
    const checks = await introspector.getMultiCheckConstraints(conn, undefined, ["many_49"]);
    expect(checks.get("many_49")).toStrictEqual([{ name: "ck_many_49_positive", sqltext: '"id" > 0' }]);
  });

  it("is the SQLite dialect's introspector", () => {
    expect(new SqliteDialect().introspector).toBeInstanceOf(SqliteIntrospector);
    expect(engine.dialect.introspector).toBeInstanceOf(SqliteIntrospector);
  });
});
