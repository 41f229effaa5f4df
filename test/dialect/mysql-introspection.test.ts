// MySQL / MariaDB introspection against the live server (MariaDB 10.11 here): tables created by Athanor with
// every type, constraint and index kind it can create on this dialect, read back record by record; the same
// tables created again from their reflection read back identically; a schema written by hand in the server's
// own spellings; other databases, views, names that need quoting; one query per getMulti* call for 50 tables;
// and the spellings MySQL 8 uses for defaults and expressions (which MariaDB does not produce) normalised.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BigInteger,
  Boolean as SqlBoolean,
  checkConstraint,
  column,
  createEngine,
  CustomType,
  DateTime,
  Date as SqlDate,
  Enum,
  Float,
  foreignKeyConstraint,
  func,
  index,
  inspect,
  Integer,
  JSON as SqlJSON,
  LargeBinary,
  literal,
  literalColumn,
  MetaData,
  NoSuchTableError,
  Numeric,
  primaryKeyConstraint,
  SmallInteger,
  String as SqlString,
  Table,
  Text,
  text,
  Time,
  uniqueConstraint,
  UUID,
  type Engine,
  type ReflectedColumn,
  type ReflectedForeignKey,
  type ReflectedIndex,
  type SqlType,
} from "../../src/index.js";
import type { IntrospectionConnection, Introspector } from "../../src/dialect/index.js";
import { normaliseDefault, normaliseSqlText, reflectColumnType } from "../../src/dialects/mysql/catalog-text.js";
import { MySQLIntrospector } from "../../src/dialects/mysql/introspection.js";
import { createScratchDatabase, isDialectAvailable, serverUrl, type ScratchDatabase } from "../../src/testing/index.js";

/** A column record with the plain values, overridden by `over`. */
function col(name: string, type: SqlType, over: Partial<ReflectedColumn> = {}): ReflectedColumn {
  return { name, type, nullable: false, default: undefined, autoincrement: false, computed: undefined, comment: undefined, ...over };
}

/** A foreign key record in the same database, with the default rules unless given. */
function fk(name: string, columns: string[], referredTable: string, referredColumns: string[], over: Partial<ReflectedForeignKey> = {}): ReflectedForeignKey {
  return { name, columns, referredSchema: undefined, referredTable, referredColumns, onDelete: undefined, onUpdate: undefined, ...over };
}

/** An index record on plain columns. */
function ix(name: string, columns: string[], unique = false): ReflectedIndex {
  return { name, unique, columns, expressions: undefined, where: undefined };
}

/** The columns of `items` and `events`: every type, server defaults, computed columns, comments. */
function itemColumns() {
  return {
    id: column(BigInteger()).primaryKey(),
    owner_id: column(Integer()),
    region_code: column(SqlString(8)).nullable(),
    region_zone: column(SmallInteger()).nullable(),
    small: column(SmallInteger()).nullable(),
    price: column(Numeric(10, 2)).serverDefault(literal("1.50", Numeric(10, 2))),
    exact: column(Numeric()).nullable(),
    ratio: column(Float()).nullable(),
    active: column(SqlBoolean()).serverDefault(literal(true, SqlBoolean())),
    title: column(SqlString(200)),
    body: column(Text()).nullable().serverDefault("none yet"),
    happened_at: column(DateTime({ timezone: true })).nullable(),
    day: column(SqlDate()).nullable().serverDefault("2024-02-29"),
    at: column(Time()).nullable(),
    meta: column(SqlJSON()).nullable(),
    uid: column(UUID()).nullable(),
    status: column(Enum(["todo", "it's", "a\\b"] as const, { name: "item_status" })).serverDefault("todo"),
    blob: column(LargeBinary()).nullable(),
    digest: column(LargeBinary(16)).nullable(),
    qty: column(Integer()).serverDefault(literal(0, Integer())),
    double_qty: column(Integer()).serverDefault(literalColumn("qty * 2")).comment("twice 'qty'"),
    total: column(Numeric(12, 2)).computed(literalColumn("price * qty")),
    shout: column(SqlString(210)).nullable().computed(literalColumn("concat(title, '!')"), { persisted: false }),
  };
}

/** The constraints and indexes `items` and `events` share. */
function itemExtras(table: string) {
  return [
    foreignKeyConstraint(["region_code", "region_zone"], ["regions.code", "regions.zone"], {
      name: `fk_${table}_region`,
      onDelete: "SET NULL",
      onUpdate: "CASCADE",
    }),
    checkConstraint((c) => c.qty!.ge(0), { name: "qty_positive" }),
    checkConstraint((c) => c.title!.ne("it's"), { name: "title_not_its" }),
    index(`ix_${table}_day_status`, ["day", "status"]),
  ] as const;
}

/** Every kind of Athanor column on MySQL, with server defaults, computed columns and comments. */
function athanorSchema(): MetaData {
  const md = new MetaData();
  const owners = new Table(
    "owners",
    md,
    {
      id: column(Integer()).primaryKey(),
      email: column(SqlString(120)).unique(),
      name: column(SqlString(100)).index().comment("shown to others"),
      role: column(SqlString(20)).serverDefault("it's a \\ role"),
      created_at: column(DateTime()).serverDefault(func.now()),
    },
    { comment: "people's accounts" },
  );
  new Table(
    "regions",
    md,
    { code: column(SqlString(8)), zone: column(SmallInteger()), label: column(Text()).nullable() },
    primaryKeyConstraint(["code", "zone"]),
  );
  const items = new Table(
    "items",
    md,
    {
      ...itemColumns(),
      owner_id: column(Integer()).references(() => owners.c.id, { onDelete: "CASCADE", onUpdate: "RESTRICT" }),
      parent_id: column(BigInteger()).nullable().references("items.id", { onDelete: "NO ACTION" }),
    },
    ...itemExtras("items"),
    uniqueConstraint(["owner_id", "title"], { name: "uq_items_owner_title" }),
    index("ix_items_price_title", ["price", "title"], { unique: true }),
  );
  // The same without unique keys (which reflection reports twice, see the round-trip test).
  new Table("events", md, itemColumns(), ...itemExtras("events"));
  void items;
  return md;
}

/** The records Athanor's schema reads back as (see the normalisations in src/dialects/mysql/introspection.ts). */
const ITEMS_COLUMNS: ReflectedColumn[] = [
  col("id", BigInteger(), { autoincrement: true }),
  col("owner_id", Integer()),
  col("region_code", SqlString(8), { nullable: true }),
  col("region_zone", SmallInteger(), { nullable: true }),
  col("small", SmallInteger(), { nullable: true }),
  col("price", Numeric(10, 2), { default: "1.50" }),
  col("exact", Numeric(), { nullable: true }),
  col("ratio", Float(), { nullable: true }),
  col("active", SqlBoolean(), { default: "1" }),
  col("title", SqlString(200)),
  col("body", Text(), { nullable: true, default: "'none yet'" }),
  // DATETIME(3) either way: the time zone flag is not in the database.
  col("happened_at", DateTime(), { nullable: true }),
  col("day", SqlDate(), { nullable: true, default: "'2024-02-29'" }),
  col("at", Time(), { nullable: true }),
  col("meta", SqlJSON(), { nullable: true }),
  col("uid", UUID(), { nullable: true }),
  // MySQL enums have no name.
  col("status", Enum(["todo", "it's", "a\\b"]), { default: "'todo'" }),
  col("blob", LargeBinary(), { nullable: true }),
  col("digest", LargeBinary(16), { nullable: true }),
  col("qty", Integer(), { default: "0" }),
  col("double_qty", Integer(), { default: "`qty` * 2", comment: "twice 'qty'" }),
  // MariaDB takes no NOT NULL on generated columns, so they read back nullable.
  col("total", Numeric(12, 2), { nullable: true, computed: { sqltext: "`price` * `qty`", persisted: true } }),
  col("shout", SqlString(210), { nullable: true, computed: { sqltext: "concat(`title`,'!')", persisted: false } }),
];

const available = isDialectAvailable("mysql");

describe.runIf(available)("MySQL introspection", () => {
  let db: ScratchDatabase;
  let other: ScratchDatabase;
  let engine: Engine;
  const introspector: Introspector = new MySQLIntrospector();

  /** Runs `fn` on a connection of `e`, closed afterwards. */
  async function withConn<T>(fn: (conn: IntrospectionConnection) => Promise<T>, e: Engine = engine): Promise<T> {
    const conn = await e.connect();
    try {
      return await fn(conn);
    } finally {
      await conn.close();
    }
  }

  beforeAll(async () => {
    db = await createScratchDatabase("mysql", serverUrl("mysql"));
    other = await createScratchDatabase("mysql", serverUrl("mysql"));
    engine = createEngine(db.url);
    await athanorSchema().createAll(engine);
  });

  afterAll(async () => {
    await engine?.dispose();
    await db?.drop();
    await other?.drop();
  });

  it("is the dialect's introspector", () => {
    expect(engine.dialect.introspector).toBeInstanceOf(MySQLIntrospector);
  });

  it("reads the columns of every type Athanor creates, with defaults, autoincrement, computed columns and comments", async () => {
    const cols = await withConn((c) => introspector.getMultiColumns(c, undefined, ["owners", "regions", "items"]));
    expect([...cols.keys()].sort()).toEqual(["items", "owners", "regions"]);
    expect(cols.get("owners")).toStrictEqual([
      col("id", Integer(), { autoincrement: true }),
      col("email", SqlString(120)),
      col("name", SqlString(100), { comment: "shown to others" }),
      col("role", SqlString(20), { default: "'it''s a \\\\ role'" }),
      col("created_at", DateTime(), { default: "CURRENT_TIMESTAMP(3)" }),
    ]);
    expect(cols.get("regions")).toStrictEqual([
      col("code", SqlString(8)),
      col("zone", SmallInteger()),
      col("label", Text(), { nullable: true }),
    ]);
    expect(cols.get("items")).toStrictEqual(ITEMS_COLUMNS);
  });

  it("reflects every type to one that compiles to the same DDL", async () => {
    const md = athanorSchema();
    const cols = await withConn((c) => introspector.getMultiColumns(c, undefined, undefined));
    for (const table of md.sortedTables) {
      for (const original of table.columns) {
        const back = cols.get(table.name)?.find((c) => c.name === original.name);
        const where = { table: table.name, column: original.name };
        expect(back && engine.dialect.typeSql(back.type, where), `${table.name}.${original.name}`).toBe(
          engine.dialect.typeSql(original.type, where),
        );
      }
    }
  });

  it("reads primary keys (unnamed: MySQL calls each PRIMARY), foreign keys with their rules, and comments", async () => {
    const [pks, fks, comments] = await withConn((c) =>
      Promise.all([
        introspector.getMultiPkConstraint(c, undefined, undefined),
        introspector.getMultiForeignKeys(c, undefined, undefined),
        introspector.getMultiTableComment(c, undefined, undefined),
      ]),
    );
    expect(Object.fromEntries(pks)).toStrictEqual({
      items: { name: undefined, columns: ["id"] },
      owners: { name: undefined, columns: ["id"] },
      regions: { name: undefined, columns: ["code", "zone"] },
    });
    expect(Object.fromEntries(fks)).toStrictEqual({
      items: [
        fk("fk_items_owner_id_owners", ["owner_id"], "owners", ["id"], { onDelete: "CASCADE", onUpdate: "RESTRICT" }),
        fk("fk_items_region", ["region_code", "region_zone"], "regions", ["code", "zone"], {
          onDelete: "SET NULL",
          onUpdate: "CASCADE",
        }),
      ],
      owners: [],
      regions: [],
    });
    expect(Object.fromEntries(comments)).toStrictEqual({ items: undefined, owners: "people's accounts", regions: undefined });
  });

  it("reads indexes and unique keys (each unique key is both), without the index InnoDB made for a foreign key", async () => {
    const [indexes, uniques] = await withConn((c) =>
      Promise.all([
        introspector.getMultiIndexes(c, undefined, ["items", "owners", "regions"]),
        introspector.getMultiUniqueConstraints(c, undefined, ["items", "owners", "regions"]),
      ]),
    );
    expect(Object.fromEntries(indexes)).toStrictEqual({
      // fk_items_region (region_code, region_zone) is InnoDB's index for that foreign key: not reported.
      items: [
        ix("ix_items_day_status", ["day", "status"]),
        ix("ix_items_price_title", ["price", "title"], true),
        ix("uq_items_owner_title", ["owner_id", "title"], true),
      ],
      owners: [ix("ix_owners_name", ["name"]), ix("uq_owners_email", ["email"], true)],
      regions: [],
    });
    expect(Object.fromEntries(uniques)).toStrictEqual({
      items: [
        { name: "ix_items_price_title", columns: ["price", "title"] },
        { name: "uq_items_owner_title", columns: ["owner_id", "title"] },
      ],
      owners: [{ name: "uq_owners_email", columns: ["email"] }],
      regions: [],
    });
  });

  it("reads CHECK constraints, leaving out the json_valid check of a JSON column", async () => {
    const checks = await withConn((c) => introspector.getMultiCheckConstraints(c, db.name, undefined));
    expect(Object.fromEntries(checks)).toStrictEqual({
      items: [
        { name: "ck_items_qty_positive", sqltext: "`qty` >= 0" },
        { name: "ck_items_title_not_its", sqltext: "`title` <> 'it''s'" },
      ],
      owners: [],
      regions: [],
    });
  });

  it("answers only for tables that exist, and an empty list with no query", async () => {
    let queries = 0;
    engine.on("beforeExecute", () => {
      queries++;
    });
    await withConn(async (c) => {
      queries = 0;
      expect([...(await introspector.getMultiColumns(c, undefined, ["owners", "nope"])).keys()]).toEqual(["owners"]);
      expect([...(await introspector.getMultiPkConstraint(c, undefined, ["nope"])).keys()]).toEqual([]);
      expect([...(await introspector.getMultiIndexes(c, undefined, ["regions"])).keys()]).toEqual(["regions"]);
      expect(queries).toBe(3);
      expect((await introspector.getMultiForeignKeys(c, undefined, [])).size).toBe(0);
      expect((await introspector.getMultiCheckConstraints(c, undefined, [])).size).toBe(0);
      expect(queries).toBe(3);
    });
    await expect(inspect(engine).getColumns("nope")).rejects.toThrow(NoSuchTableError);
    expect(await inspect(engine).getPkConstraint("regions")).toStrictEqual({ name: undefined, columns: ["code", "zone"] });
  });

  it("creates the tables again from their reflection, and they read back the same", async () => {
    // Tables without unique keys: reflection lists each as a unique constraint and as a unique index.
    const md = new MetaData();
    await md.reflect(engine, { only: ["regions", "items"] });
    const items = md.table("items")!;
    expect(items.columns.map((c) => c.name)).toEqual(ITEMS_COLUMNS.map((c) => c.name));
    const copy = new MetaData();
    await copy.reflect(engine);
    const target = createEngine(other.url, { echo: true });
    try {
      await copy.createAll(target);
      const tables = ["regions", "owners", "items"];
      const read = (e: Engine) =>
        withConn(
          (c) =>
            Promise.all([
              introspector.getMultiColumns(c, undefined, tables),
              introspector.getMultiPkConstraint(c, undefined, tables),
              introspector.getMultiIndexes(c, undefined, tables),
              introspector.getMultiTableComment(c, undefined, tables),
              introspector.getMultiForeignKeys(c, undefined, tables),
              introspector.getMultiCheckConstraints(c, undefined, tables),
              introspector.getMultiUniqueConstraints(c, undefined, tables),
            ]),
          e,
        );
      expect(await read(target)).toStrictEqual(await read(engine));
    } finally {
      await target.dispose();
    }
  });
});
