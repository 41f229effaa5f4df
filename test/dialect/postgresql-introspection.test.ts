// PostgreSQL's introspector against a live database: a schema created by Athanor (every type, constraint and
// index kind, a second schema, native enums) and one written by hand in PostgreSQL's own spellings, reflected
// and compared record by record; and the number of catalog queries each getMulti* issues for 50 tables.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BigInteger,
  Boolean as SqlBoolean,
  checkConstraint,
  column,
  compile,
  createEngine,
  DateTime,
  Date as SqlDate,
  Enum,
  Float,
  foreignKeyConstraint,
  func,
  index,
  insert,
  inspect,
  Integer,
  Interval,
  JSON as SqlJSON,
  LargeBinary,
  literal,
  literalColumn,
  MetaData,
  NoSuchTableError,
  Numeric,
  primaryKeyConstraint,
  select,
  SmallInteger,
  String as SqlString,
  Table,
  Text,
  text,
  Time,
  uniqueConstraint,
  UUID,
  type AnyTable,
  type Engine,
  type ExecuteEvent,
  type SqlExpression,
} from "../../src/index.js";
import type { IntrospectionConnection } from "../../src/dialect/index.js";
import { PostgreSQLIntrospector } from "../../src/dialects/postgresql/introspection.js";
import { col, fk, ix } from "./reflected-records.js";
import { JSONB, JSONBType, jsonb } from "../../src/postgresql.js";
import { createScratchDatabase, isDialectAvailable, type ScratchDatabase } from "../../src/testing/index.js";
import { DEFAULT_POSTGRESQL_URL } from "../../src/testing/servers.js";

const serverUrl = process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL;

/** The Athanor-created schema: default schema plus `other`. */
function athanorSchema(): MetaData {
  const md = new MetaData();
  const users = new Table(
    "users",
    md,
    {
      id: column(Integer()).primaryKey(),
      email: column(SqlString(120)).unique(),
      name: column(SqlString(100)).index().comment("display name"),
      role: column(SqlString(20)).serverDefault("member"),
      created_at: column(DateTime()).serverDefault(func.now()),
    },
    { comment: "people" },
  );
  new Table("groups", md, { id: column(BigInteger()).primaryKey(), title: column(Text()) });
  new Table(
    "memberships",
    md,
    { user_id: column(Integer()), group_id: column(BigInteger()) },
    primaryKeyConstraint(["user_id", "group_id"], { name: "memberships_key" }),
    foreignKeyConstraint(["user_id"], ["users.id"], {
      name: "fk_member_user",
      onDelete: "CASCADE",
      onUpdate: "RESTRICT",
    }),
    foreignKeyConstraint(["group_id"], ["groups.id"], { onDelete: "SET NULL", onUpdate: "SET DEFAULT" }),
  );
  new Table(
    "items",
    md,
    {
      id: column(BigInteger()).primaryKey(),
      owner_id: column(Integer()).references(() => users.c.id, { onDelete: "CASCADE" }),
      small: column(SmallInteger()).nullable(),
      price: column(Numeric(10, 2)).serverDefault(literal("-1.50", Numeric(10, 2))),
      whole: column(Numeric(12)).nullable(),
      any_num: column(Numeric()).nullable(),
      ratio: column(Float()).nullable(),
      single: column(Float(24)).nullable(),
      active: column(SqlBoolean()).serverDefault(literal(true, SqlBoolean())),
      title: column(SqlString(200)),
      loose: column(SqlString()).nullable(),
      body: column(Text()).nullable().comment("it's long"),
      at: column(DateTime()).nullable(),
      happened: column(DateTime({ timezone: true })).nullable(),
      day: column(SqlDate()).serverDefault("2020-01-01"),
      clock: column(Time()).nullable(),
      span: column(Interval()).nullable(),
      meta: column(SqlJSON()).nullable(),
      uid: column(UUID()).nullable(),
      status: column(Enum(["todo", "done"], { name: "item_status" })).serverDefault("todo"),
      mood: column(Enum(["sad", "ok", "happy"])).nullable(),
      blob: column(LargeBinary()).nullable(),
      qty: column(Integer()).serverDefault(literal(-1, Integer())),
      double_qty: column(Integer()).nullable().computed(literalColumn("qty * 2"), { persisted: true }),
    },
    uniqueConstraint(["owner_id", "title"], { name: "uq_items_owner_title" }),
    checkConstraint((c) => c.qty!.ge(0), { name: "qty_min" }),
    index("ix_items_price_title", ["price", "title"], { unique: true }),
    index("ix_items_active_title", ["title"], { where: literalColumn("active", SqlBoolean()) }),
    index("ix_items_lower_title", [literalColumn("lower(title)"), "price"]),
  );
  new Table(
    "notes",
    md,
    {
      id: column(Integer()).primaryKey(),
      user_id: column(Integer()).references(() => users.c.id),
      kind: column(Enum(["a", "b"], { name: "note_kind" })),
    },
    { schema: "other" },
  );
  new Table(
    "notes_seen",
    md,
    { note_id: column(Integer()).primaryKey().autoincrement(false).references("other.notes.id") },
    { schema: "other" },
  );
  return md;
}

/** Hand-written DDL in PostgreSQL's own spellings (not created by Athanor). */
const HAND_WRITTEN = [
  "CREATE DOMAIN positive_int AS int4 CHECK (VALUE > 0)",
  "CREATE TYPE hw_color AS ENUM ('red', 'green', 'blue')",
  `CREATE TABLE hw_parent (
     a int4 NOT NULL,
     b varchar(10) NOT NULL,
     PRIMARY KEY (a, b)
   )`,
  `CREATE TABLE hw_things (
     id serial PRIMARY KEY,
     big bigserial,
     always_id int8 GENERATED ALWAYS AS IDENTITY,
     i4 int4 DEFAULT 42,
     i2 int2,
     amount decimal(10,2) DEFAULT 0,
     whole numeric(8),
     f4 float4,
     f8 float8 DEFAULT -2.5,
     flag bool DEFAULT false,
     name character varying(50) DEFAULT 'n/a'::character varying,
     free character varying,
     code char(3),
     note text DEFAULT 'it''s',
     ts timestamp,
     tstz timestamptz DEFAULT now(),
     d date,
     t time(0),
     ttz timetz,
     dur interval,
     doc jsonb,
     u uuid,
     raw bytea,
     color hw_color DEFAULT 'green',
     pos positive_int,
     tags text[],
     addr inet,
     pa int4,
     pb varchar(10),
     CONSTRAINT hw_pair_fk FOREIGN KEY (pa, pb) REFERENCES hw_parent (a, b) ON UPDATE CASCADE ON DELETE NO ACTION,
     UNIQUE (code),
     CHECK (i4 < 1000)
   )`,
  "COMMENT ON TABLE hw_things IS 'hand made'",
  "CREATE UNIQUE INDEX hw_things_lower_name ON hw_things (lower(name)) WHERE flag",
  "CREATE INDEX hw_things_sum ON hw_things ((i4 + i2), d DESC) INCLUDE (note)",
  'CREATE TABLE "Mixed Case" ("Weird ""Col""" int4 REFERENCES hw_things (id))',
  "CREATE TABLE hw_empty ()",
  "CREATE VIEW hw_view AS SELECT id, name FROM hw_things",
  "CREATE MATERIALIZED VIEW hw_matview AS SELECT id FROM hw_things",
];

describe.runIf(isDialectAvailable("postgresql"))("PostgreSQL introspection", () => {
  let db: ScratchDatabase;
  let engine: Engine;
  const introspector = new PostgreSQLIntrospector();
  const md = athanorSchema();

  /** Runs `fn` on a connection of the engine. */
  async function withConn<T>(fn: (conn: IntrospectionConnection) => Promise<T>): Promise<T> {
    await using conn = await engine.connect();
    return await fn(conn);
  }

  beforeAll(async () => {
    db = await createScratchDatabase("postgresql", serverUrl);
    engine = createEngine(db.url);
    await engine.begin(async (conn) => {
      await conn.execute(text("CREATE SCHEMA other"));
    });
    await md.createAll(engine);
    await engine.begin(async (conn) => {
      for (const sql of HAND_WRITTEN) await conn.execute(text(sql));
    });
  });
  afterAll(async () => {
    await engine?.dispose();
    await db?.drop();
  });

  it("lists schemas, tables and views", async () => {
    await withConn(async (conn) => {
      expect(await introspector.getSchemaNames(conn)).toEqual(["other", "public"]);
      expect(await introspector.getTableNames(conn, undefined)).toEqual([
        "Mixed Case",
        "groups",
        "hw_empty",
        "hw_parent",
        "hw_things",
        "items",
        "memberships",
        "users",
      ]);
      expect(await introspector.getTableNames(conn, "public")).toEqual(
        await introspector.getTableNames(conn, undefined),
      );
      expect(await introspector.getTableNames(conn, "other")).toEqual(["notes", "notes_seen"]);
      expect(await introspector.getTableNames(conn, "no_such_schema")).toEqual([]);
      expect(await introspector.getViewNames(conn, undefined)).toEqual(["hw_matview", "hw_view"]);
      expect(await introspector.getViewNames(conn, "other")).toEqual([]);
    });
  });

  it("reflects every column type, default, identity, computed column and comment Athanor creates", async () => {
    const columns = await withConn((conn) =>
      introspector.getMultiColumns(conn, undefined, ["users", "items", "groups"]),
    );
    expect([...columns.keys()]).toEqual(["groups", "items", "users"]);
    expect(columns.get("users")).toEqual([
      col("id", Integer(), { autoincrement: true }),
      col("email", SqlString(120)),
      col("name", SqlString(100), { comment: "display name" }),
      col("role", SqlString(20), { default: "'member'" }),
      // func.now() is written CURRENT_TIMESTAMP(3) for a millisecond column.
      col("created_at", DateTime(), { default: "CURRENT_TIMESTAMP(3)" }),
    ]);
    expect(columns.get("groups")).toEqual([col("id", BigInteger(), { autoincrement: true }), col("title", Text())]);
    expect(columns.get("items")).toEqual([
      col("id", BigInteger(), { autoincrement: true }),
      col("owner_id", Integer()),
      col("small", SmallInteger(), { nullable: true }),
      // PostgreSQL prints a negative constant as '-1.50'::numeric: the quotes and the cast go.
      col("price", Numeric(10, 2), { default: "-1.50" }),
      col("whole", Numeric(12), { nullable: true }),
      col("any_num", Numeric(), { nullable: true }),
      col("ratio", Float(), { nullable: true }),
      col("single", Float(24), { nullable: true }),
      col("active", SqlBoolean(), { default: "true" }),
      col("title", SqlString(200)),
      col("loose", SqlString(), { nullable: true }),
      col("body", Text(), { nullable: true, comment: "it's long" }),
      col("at", DateTime(), { nullable: true }),
      col("happened", DateTime({ timezone: true }), { nullable: true }),
      col("day", SqlDate(), { default: "'2020-01-01'" }),
      col("clock", Time(), { nullable: true }),
      col("span", Interval(), { nullable: true }),
      col("meta", SqlJSON(), { nullable: true }),
      col("uid", UUID(), { nullable: true }),
      col("status", Enum(["todo", "done"], { name: "item_status" }), { default: "'todo'" }),
      col("mood", Enum(["sad", "ok", "happy"], { name: "items_mood_enum" }), { nullable: true }),
      col("blob", LargeBinary(), { nullable: true }),
      col("qty", Integer(), { default: "-1" }),
      col("double_qty", Integer(), { nullable: true, computed: { sqltext: "qty * 2", persisted: true } }),
    ]);
  });

  it("reflects tables of another schema, with their enums and cross-schema foreign keys", async () => {
    await withConn(async (conn) => {
      const columns = await introspector.getMultiColumns(conn, "other", undefined);
      expect(columns).toEqual(
        new Map([
          [
            "notes",
            [
              col("id", Integer(), { autoincrement: true }),
              col("user_id", Integer()),
              col("kind", Enum(["a", "b"], { name: "note_kind" })),
            ],
          ],
          ["notes_seen", [col("note_id", Integer())]],
        ]),
      );
      expect(await introspector.getMultiForeignKeys(conn, "other", undefined)).toEqual(
        new Map([
          ["notes", [fk("fk_notes_user_id_users", ["user_id"], "users", ["id"], { referredSchema: "public" })]],
          ["notes_seen", [fk("fk_notes_seen_note_id_notes", ["note_id"], "notes", ["id"])]],
        ]),
      );
      expect(await introspector.getMultiPkConstraint(conn, "other", ["notes"])).toEqual(
        new Map([["notes", { name: "pk_notes", columns: ["id"] }]]),
      );
      // A table of the default schema is not found under another schema.
      expect(await introspector.getMultiColumns(conn, "other", ["users"])).toEqual(new Map());
    });
  });

  it("reflects primary keys, foreign keys, unique and check constraints and indexes", async () => {
    const names = ["users", "groups", "memberships", "items"];
    await withConn(async (conn) => {
      expect(await introspector.getMultiPkConstraint(conn, undefined, names)).toEqual(
        new Map([
          ["groups", { name: "pk_groups", columns: ["id"] }],
          ["items", { name: "pk_items", columns: ["id"] }],
          ["memberships", { name: "memberships_key", columns: ["user_id", "group_id"] }],
          ["users", { name: "pk_users", columns: ["id"] }],
        ]),
      );
      expect(await introspector.getMultiForeignKeys(conn, undefined, names)).toEqual(
        new Map([
          ["groups", []],
          ["items", [fk("fk_items_owner_id_users", ["owner_id"], "users", ["id"], { onDelete: "CASCADE" })]],
          [
            "memberships",
            [
              fk("fk_member_user", ["user_id"], "users", ["id"], { onDelete: "CASCADE", onUpdate: "RESTRICT" }),
              fk("fk_memberships_group_id_groups", ["group_id"], "groups", ["id"], {
                onDelete: "SET NULL",
                onUpdate: "SET DEFAULT",
              }),
            ],
          ],
          ["users", []],
        ]),
      );
      expect(await introspector.getMultiUniqueConstraints(conn, undefined, names)).toEqual(
        new Map([
          ["groups", []],
          ["items", [{ name: "uq_items_owner_title", columns: ["owner_id", "title"] }]],
          ["memberships", []],
          ["users", [{ name: "uq_users_email", columns: ["email"] }]],
        ]),
      );
      expect(await introspector.getMultiCheckConstraints(conn, undefined, names)).toEqual(
        new Map([
          ["groups", []],
          ["items", [{ name: "ck_items_qty_min", sqltext: "qty >= 0" }]],
          ["memberships", []],
          ["users", []],
        ]),
      );
      // Indexes backing the primary keys and unique constraints are not indexes here.
      expect(await introspector.getMultiIndexes(conn, undefined, names)).toEqual(
        new Map([
          ["groups", []],
          [
            "items",
            [
              ix("ix_items_active_title", ["title"], { where: "active" }),
              ix("ix_items_lower_title", [undefined, "price"], { expressions: ["lower(title::text)", "price"] }),
              ix("ix_items_price_title", ["price", "title"], { unique: true }),
            ],
          ],
          ["memberships", []],
          ["users", [ix("ix_users_name", ["name"])]],
        ]),
      );
      expect(await introspector.getMultiTableComment(conn, undefined, names)).toEqual(
        new Map([
          ["groups", undefined],
          ["items", undefined],
          ["memberships", undefined],
          ["users", "people"],
        ]),
      );
    });
  });

  it("answers only for tables that exist, and for every table of the schema when none are listed", async () => {
    await withConn(async (conn) => {
      const some = await introspector.getMultiTableComment(conn, undefined, ["users", "nope", "hw_things"]);
      expect(some).toEqual(
        new Map([
          ["hw_things", "hand made"],
          ["users", "people"],
        ]),
      );
      const all = await introspector.getMultiPkConstraint(conn, undefined, undefined);
      expect([...all.keys()]).toEqual(await introspector.getTableNames(conn, undefined));
      expect(all.get("hw_empty")).toBeUndefined();
      expect(all.has("hw_empty")).toBe(true);
      expect((await introspector.getMultiColumns(conn, undefined, ["hw_empty"])).get("hw_empty")).toEqual([]);
      expect(await introspector.getMultiIndexes(conn, undefined, [])).toEqual(new Map());
    });
  });

  it("reflects a table written by hand in PostgreSQL's own spellings", async () => {
    await withConn(async (conn) => {
      const columns = (await introspector.getMultiColumns(conn, undefined, ["hw_things"])).get("hw_things");
      const byName = new Map((columns ?? []).map((c) => [c.name, c]));
      const passthrough = (name: string): unknown => ({
        type: byName.get(name)?.type.toString(),
        kind: byName.get(name)?.type.kind,
      });
      // Types Athanor has no class for are named passthroughs; checked apart from the rest.
      expect(passthrough("tags")).toEqual({ type: "text[]", kind: "custom" });
      expect(passthrough("addr")).toEqual({ type: "inet", kind: "custom" });
      // jsonb is JSONB() (toEqual below does not compare classes).
      expect(byName.get("doc")?.type).toBeInstanceOf(JSONBType);
      expect(columns?.filter((c) => c.name !== "tags" && c.name !== "addr")).toEqual([
        // serial / bigserial: autoincrement, and their nextval(…) default is not reported.
        col("id", Integer(), { autoincrement: true }),
        col("big", BigInteger(), { autoincrement: true }),
        col("always_id", BigInteger(), { autoincrement: true }),
        col("i4", Integer(), { nullable: true, default: "42" }),
        col("i2", SmallInteger(), { nullable: true }),
        col("amount", Numeric(10, 2), { nullable: true, default: "0" }),
        col("whole", Numeric(8), { nullable: true }),
        col("f4", Float(24), { nullable: true }),
        col("f8", Float(), { nullable: true, default: "-2.5" }),
        col("flag", SqlBoolean(), { nullable: true, default: "false" }),
        col("name", SqlString(50), { nullable: true, default: "'n/a'" }),
        col("free", SqlString(), { nullable: true }),
        col("code", SqlString(3), { nullable: true }),
        col("note", Text(), { nullable: true, default: "'it''s'" }),
        col("ts", DateTime(), { nullable: true }),
        col("tstz", DateTime({ timezone: true }), { nullable: true, default: "now()" }),
        col("d", SqlDate(), { nullable: true }),
        col("t", Time(), { nullable: true }),
        col("ttz", Time(), { nullable: true }),
        col("dur", Interval(), { nullable: true }),
        col("doc", JSONB(), { nullable: true }),
        col("u", UUID(), { nullable: true }),
        col("raw", LargeBinary(), { nullable: true }),
        col("color", Enum(["red", "green", "blue"], { name: "hw_color" }), { nullable: true, default: "'green'" }),
        // A domain is its base type.
        col("pos", Integer(), { nullable: true }),
        col("pa", Integer(), { nullable: true }),
        col("pb", SqlString(10), { nullable: true }),
      ]);

      const one = ["hw_things"];
      expect((await introspector.getMultiPkConstraint(conn, undefined, one)).get("hw_things")).toEqual({
        name: "hw_things_pkey",
        columns: ["id"],
      });
      expect((await introspector.getMultiForeignKeys(conn, undefined, one)).get("hw_things")).toEqual([
        fk("hw_pair_fk", ["pa", "pb"], "hw_parent", ["a", "b"], { onUpdate: "CASCADE" }),
      ]);
      expect((await introspector.getMultiUniqueConstraints(conn, undefined, one)).get("hw_things")).toEqual([
        { name: "hw_things_code_key", columns: ["code"] },
      ]);
      expect((await introspector.getMultiCheckConstraints(conn, undefined, one)).get("hw_things")).toEqual([
        { name: "hw_things_i4_check", sqltext: "i4 < 1000" },
      ]);
      // INCLUDE columns and DESC are not part of the record; a unique index stays an index.
      expect((await introspector.getMultiIndexes(conn, undefined, one)).get("hw_things")).toEqual([
        ix("hw_things_lower_name", [undefined], { unique: true, expressions: ["lower(name::text)"], where: "flag" }),
        ix("hw_things_sum", [undefined, "d"], { expressions: ["(i4 + i2)", "d"] }),
      ]);
    });
  });

  it("reflects quoted names, unnamed foreign keys, and views named explicitly", async () => {
    await withConn(async (conn) => {
      expect(await introspector.getMultiColumns(conn, undefined, ["Mixed Case"])).toEqual(
        new Map([["Mixed Case", [col('Weird "Col"', Integer(), { nullable: true })]]]),
      );
      expect((await introspector.getMultiForeignKeys(conn, undefined, ["Mixed Case"])).get("Mixed Case")).toEqual([
        fk('Mixed Case_Weird "Col"_fkey', ['Weird "Col"'], "hw_things", ["id"]),
      ]);
      expect(await introspector.getMultiColumns(conn, undefined, ["hw_view", "hw_matview"])).toEqual(
        new Map([
          ["hw_matview", [col("id", Integer(), { nullable: true })]],
          ["hw_view", [col("id", Integer(), { nullable: true }), col("name", SqlString(50), { nullable: true })]],
        ]),
      );
      // Views are not tables unless named.
      expect((await introspector.getMultiColumns(conn, undefined, undefined)).has("hw_view")).toBe(false);
    });
  });

  it("serves inspect() and metadata.reflect(): reflected types compile to the DDL they came from", async () => {
    const insp = inspect(engine);
    expect((await insp.getColumns("users")).map((c) => c.name)).toEqual(["id", "email", "name", "role", "created_at"]);
    await expect(insp.getColumns("nope")).rejects.toThrow(NoSuchTableError);
    expect(await insp.getTableComment("hw_things")).toBe("hand made");

    const reflected = new MetaData();
    await reflected.reflect(engine, { only: ["users", "groups", "memberships", "items"] });
    for (const original of md.sortedTables.filter((t) => t.schema === undefined)) {
      const back = reflected.table(original.name) as AnyTable;
      expect(back.columns.map((c) => c.name)).toEqual(original.columns.map((c) => c.name));
      for (const c of original.columns) {
        const r = back.column(c.name);
        const ctx = { table: original.name, column: c.name };
        expect(engine.dialect.typeSql(r.type, ctx), `${original.name}.${c.name}`).toBe(
          engine.dialect.typeSql(c.type, ctx),
        );
        expect(r.nullable, `${original.name}.${c.name} nullable`).toBe(c.nullable);
      }
    }
    const other = new MetaData();
    await other.reflect(engine, { schema: "other" });
    const notes = other.table("other.notes") as AnyTable;
    expect(notes.columns.map((c) => c.name)).toEqual(["id", "user_id", "kind"]);
    await using conn = await engine.connect();
    expect((await conn.execute(select(func.count()).from(notes))).scalar()).toBe(0);

    // Columns of passthrough types read as the driver returns them (the row is never committed).
    const things = (await new MetaData().reflect(engine, { only: ["hw_things"] }))[0] as AnyTable;
    await conn.execute(text("INSERT INTO hw_things (tags, addr, color) VALUES ('{a,b}', '10.0.0.1', 'red')"));
    const row = (
      await conn.execute(select(things.column("tags"), things.column("addr"), things.column("color")))
    ).one();
    expect([row[0], row[1], row[2]]).toEqual([["a", "b"], "10.0.0.1", "red"]);
  });

  it("JSONB() columns: declared JSONB, bound as JSONB, queried with the jsonb operators, reflected as JSONB()", async () => {
    const jmd = new MetaData();
    const docs = new Table("jsonb_docs", jmd, {
      id: column(Integer()).primaryKey(),
      body: column(JSONB<{ tags: string[]; n?: number }>()),
      plain: column(SqlJSON()).nullable(),
    });
    await jmd.createAll(engine);
    try {
      const cols = await inspect(engine).getColumns("jsonb_docs");
      expect(cols.map((c) => engine.dialect.typeSql(c.type))).toEqual(["INTEGER", "JSONB", "JSON"]);
      expect(cols[1]?.type).toBeInstanceOf(JSONBType);
      const insertSql = compile(insert(docs).values({ id: 1, body: { tags: [] } }), engine.dialect).sql;
      expect(insertSql).toContain("$2::JSONB");
      await engine.begin(async (conn) => {
        await conn.execute(insert(docs), [
          { id: 1, body: { tags: ["sql", "pg"], n: 1 }, plain: null },
          { id: 2, body: { tags: ["js"] }, plain: { a: 1 } },
        ]);
      });
      await using conn = await engine.connect();
      const tagged = await conn.execute(
        select(docs.c.id)
          .where(jsonb(docs.c.body).contains({ tags: ["pg"] }))
          .orderBy(docs.c.id),
      );
      expect(tagged.scalars().all()).toEqual([1]);
      const bodies = (await conn.execute(select(docs.c.body).orderBy(docs.c.id))).scalars().all();
      expect(bodies).toEqual([{ tags: ["sql", "pg"], n: 1 }, { tags: ["js"] }]);
      // A whole-value comparison binds the value as JSONB too (jsonb = jsonb).
      const same = await conn.execute(select(docs.c.id).where(docs.c.body.eq({ tags: ["js"] })));
      expect(same.scalars().all()).toEqual([2]);
      // Every jsonb() operator, on the JSONB column and on the JSON one (cast to JSONB where needed).
      const ids = async (criterion: SqlExpression<boolean>): Promise<unknown[]> =>
        (await conn.execute(select(docs.c.id).where(criterion).orderBy(docs.c.id))).scalars().all();
      expect(await ids(jsonb(docs.c.body).get("tags").get(0).getText(0).eq("s"))).toEqual([]);
      expect(await ids(jsonb(docs.c.body).get("tags").getText(0).eq("js"))).toEqual([2]);
      expect(await ids(jsonb(docs.c.body).getText("n").eq("1"))).toEqual([1]);
      expect(await ids(jsonb(docs.c.body).containedBy({ tags: ["js"], extra: true }))).toEqual([2]);
      expect(await ids(jsonb(docs.c.body).hasKey("n"))).toEqual([1]);
      expect(await ids(jsonb(docs.c.plain).contains({ a: 1 }))).toEqual([2]);
      expect(await ids(jsonb(docs.c.plain).hasKey("a"))).toEqual([2]);
    } finally {
      await jmd.dropAll(engine);
    }
  });

  it("columns of types Athanor has no class for are written, compared and re-created in their own spelling", async () => {
    const things = (await new MetaData().reflect(engine, { only: ["hw_things"] }))[0] as AnyTable;
    const tags = things.column("tags");
    const addr = things.column("addr");
    expect(engine.dialect.typeSql(tags.type)).toBe("text[]");
    expect(engine.dialect.typeSql(addr.type)).toBe("inet");
    await using conn = await engine.connect();
    // Bound values are cast to the column's own type, so PostgreSQL compares inet with inet.
    await conn.execute(insert(things).values({ tags: ["x", "y z"], addr: "192.168.0.1", color: "blue" }));
    const row = (await conn.execute(select(tags, addr).where(addr.eq("192.168.0.1")))).one();
    expect([row[0], row[1]]).toEqual([["x", "y z"], "192.168.0.1"]);
    expect(compile(select(addr).where(addr.eq("10.0.0.1")), engine.dialect).sql).toContain("= $1::inet");
    await conn.rollback();
    // The same table re-created from its reflection has the same column types.
    const copy = new MetaData();
    const table = new Table("hw_native_copy", copy, {
      tags: column(tags.type),
      addr: column(addr.type),
    });
    await copy.createAll(engine);
    try {
      const back = (await inspect(engine).getColumns("hw_native_copy")).map((c) => engine.dialect.typeSql(c.type));
      expect(back).toEqual(["text[]", "inet"]);
      await engine.begin(async (c) => {
        await c.execute(insert(table).values({ tags: ["q"], addr: "::1" }));
      });
      await using check = await engine.connect();
      expect([...(await check.execute(select(table.c.addr, table.c.tags))).one()]).toEqual(["::1", ["q"]]);
    } finally {
      await copy.dropAll(engine);
    }
  });

  it("reads back the same records from tables created from its own reflection", async () => {
    const names = ["users", "groups", "memberships", "items", "hw_parent"];
    // Reflected names are final: without `namingConvention: null` the default `ck` convention would name
    // the reflected check "ck_items_ck_items_qty_min" (reflect passes the full name as the convention's
    // constraint_name).
    const reflected = new MetaData({ namingConvention: null });
    await reflected.reflect(engine, { only: names });
    const copy = await createScratchDatabase("postgresql", serverUrl);
    const copyEngine = createEngine(copy.url);
    try {
      await reflected.createAll(copyEngine);
      const read = async (e: Engine): Promise<unknown[]> => {
        await using conn = await e.connect();
        return [
          await introspector.getMultiColumns(conn, undefined, names),
          await introspector.getMultiPkConstraint(conn, undefined, names),
          await introspector.getMultiForeignKeys(conn, undefined, names),
          await introspector.getMultiIndexes(conn, undefined, names),
          await introspector.getMultiUniqueConstraints(conn, undefined, names),
          await introspector.getMultiCheckConstraints(conn, undefined, names),
          await introspector.getMultiTableComment(conn, undefined, names),
        ];
      };
      expect(await read(copyEngine)).toEqual(await read(engine));
    } finally {
      await copyEngine.dispose();
      await copy.drop();
    }
  });

  it("issues one catalog query per getMulti* call, for 50 tables as for one", async () => {
    const many = new MetaData();
    for (let i = 0; i < 50; i++) {
      new Table(
        `many_${String(i).padStart(2, "0")}`,
        many,
        {
          id: column(Integer()).primaryKey(),
          name: column(SqlString(20)).index().unique(),
          ref: column(Integer())
            .nullable()
            .references(`other.many_${String(Math.max(0, i - 1)).padStart(2, "0")}.id`),
          n: column(Integer()).serverDefault(literal(0, Integer())),
        },
        checkConstraint((c) => c.n!.ge(0), { name: "n_min" }),
        { schema: "other" },
      );
    }
    await many.createAll(engine);
    const statements: string[] = [];
    const count = (e: ExecuteEvent): void => {
      statements.push(e.sql);
    };
    const names = many.sortedTables.map((t) => t.name);
    await using conn = await engine.connect();
    await conn.execute(text("SELECT 1"));
    engine.on("beforeExecute", count);
    try {
      for (const tables of [names, names.slice(0, 1), undefined]) {
        for (const method of [
          "getMultiColumns",
          "getMultiPkConstraint",
          "getMultiForeignKeys",
          "getMultiIndexes",
          "getMultiUniqueConstraints",
          "getMultiCheckConstraints",
          "getMultiTableComment",
        ] as const) {
          statements.length = 0;
          const result = await introspector[method](conn, "other", tables);
          expect(statements, `${method} for ${tables?.length ?? "all"} tables`).toHaveLength(1);
          expect(result.size).toBe(tables === undefined ? 52 : tables.length);
        }
      }
    } finally {
      engine.off("beforeExecute", count);
    }
    const fks = await introspector.getMultiForeignKeys(conn, "other", names);
    expect(fks.get("many_07")).toEqual([fk("fk_many_07_ref_many_06", ["ref"], "many_06", ["id"])]);
  });
});
