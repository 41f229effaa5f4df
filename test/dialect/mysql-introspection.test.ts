// MySQL / MariaDB introspection against the live server (MariaDB 10.11 here): tables created by Athanor with
// every type, constraint and index kind it can create on this dialect, read back record by record; the same
// tables created again from their reflection read back identically; a schema written by hand in the server's
// own spellings; other databases, views, names that need quoting; one query per getMulti* call for 50 tables.
// (The spellings MySQL 8 uses, which MariaDB does not produce, are in test/unit/mysql-catalog-text.test.ts.)
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
  insert,
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
  select,
  SmallInteger,
  String as SqlString,
  Table,
  Text,
  Time,
  uniqueConstraint,
  UUID,
  type AnyTable,
  type Engine,
  type ReflectedColumn,
  type ReflectedForeignKey,
} from "../../src/index.js";
import type { IntrospectionConnection, Introspector } from "../../src/dialect/index.js";
import { MySQLIntrospector } from "../../src/dialects/mysql/introspection.js";
import { col, fk, ix } from "./reflected-records.js";
import { createScratchDatabase, isDialectAvailable, serverUrl, type ScratchDatabase } from "../../src/testing/index.js";

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

/** What the columns of `events` (and, before `parent_id`, of `items`) read back as. */
const EVENT_COLUMNS: ReflectedColumn[] = [
  col("id", BigInteger(), { autoincrement: true }),
  col("owner_id", Integer()),
  col("region_code", SqlString(8), { nullable: true }),
  col("region_zone", SmallInteger(), { nullable: true }),
  col("small", SmallInteger(), { nullable: true }),
  col("price", Numeric(10, 2), { default: "1.50" }),
  // DECIMAL(65, 30), what Numeric() is written as.
  col("exact", Numeric(), { nullable: true }),
  col("ratio", Float(), { nullable: true }),
  // TINYINT(1), and TRUE is 1.
  col("active", SqlBoolean(), { default: "1" }),
  col("title", SqlString(200)),
  col("body", Text(), { nullable: true, default: "'none yet'" }),
  // DATETIME(3) either way: the time zone flag is not in the database.
  col("happened_at", DateTime(), { nullable: true }),
  col("day", SqlDate(), { nullable: true, default: "'2024-02-29'" }),
  col("at", Time(), { nullable: true }),
  // MariaDB: LONGTEXT with CHECK (json_valid(`meta`)).
  col("meta", SqlJSON(), { nullable: true }),
  // CHAR(36).
  col("uid", UUID(), { nullable: true }),
  // MySQL enums have no name.
  col("status", Enum(["todo", "it's", "a\\b"]), { default: "'todo'" }),
  col("blob", LargeBinary(), { nullable: true }),
  col("digest", LargeBinary(16), { nullable: true }),
  col("qty", Integer(), { default: "0" }),
  col("double_qty", Integer(), { default: "`qty` * 2", comment: "twice 'qty'" }),
  // MariaDB takes no NOT NULL on a generated column, so they read back nullable.
  col("total", Numeric(12, 2), { nullable: true, computed: { sqltext: "`price` * `qty`", persisted: true } }),
  col("shout", SqlString(210), { nullable: true, computed: { sqltext: "concat(`title`,'!')", persisted: false } }),
];

/** The checks of `items` and `events`. */
function checksOf(table: string): { name: string; sqltext: string }[] {
  return [
    { name: `ck_${table}_qty_positive`, sqltext: "`qty` >= 0" },
    { name: `ck_${table}_title_not_its`, sqltext: "`title` <> 'it''s'" },
  ];
}

/** Hand-written DDL in MariaDB's / MySQL's own spellings, none of it from Athanor. */
const HAND_DDL = [
  `CREATE TABLE legacy_users (
    id int(11) NOT NULL AUTO_INCREMENT,
    login varchar(64) NOT NULL,
    is_admin tinyint(1) NOT NULL DEFAULT '0',
    karma bigint(20) unsigned DEFAULT NULL,
    rank_no mediumint(9) NOT NULL DEFAULT 7,
    level tinyint(4) DEFAULT NULL,
    balance decimal(10,2) NOT NULL DEFAULT '0.00',
    whole decimal(8,0) DEFAULT NULL,
    score float DEFAULT NULL,
    weight double DEFAULT NULL,
    token char(36) DEFAULT NULL,
    country char(2) NOT NULL DEFAULT 'NL',
    bio text,
    notes mediumtext,
    prefs json DEFAULT NULL,
    kind enum('a','b''c') NOT NULL DEFAULT 'a',
    born date DEFAULT NULL,
    wake time DEFAULT NULL,
    created datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    touched timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
    avatar mediumblob,
    hash binary(20) DEFAULT NULL,
    yr year(4) DEFAULT NULL,
    flags set('x','y') DEFAULT 'x',
    PRIMARY KEY (id),
    UNIQUE KEY login (login),
    KEY bio_prefix (bio(20)),
    KEY recent (created DESC, id),
    CONSTRAINT legacy_karma CHECK (karma < 1000000)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='from before'`,
  `CREATE TABLE legacy_posts (
    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id int(11) NOT NULL,
    editor_id int(11) DEFAULT NULL,
    title varchar(255) NOT NULL DEFAULT '',
    stars int CHECK (stars BETWEEN 0 AND 5),
    FOREIGN KEY (user_id) REFERENCES legacy_users (id) ON DELETE CASCADE,
    CONSTRAINT posts_editor FOREIGN KEY (editor_id) REFERENCES legacy_users (id),
    INDEX by_title (title, user_id)
  )`,
  "CREATE VIEW legacy_admins AS SELECT id, login FROM legacy_users WHERE is_admin = 1",
];

const available = isDialectAvailable("mysql");

describe.runIf(available)("MySQL introspection", () => {
  let db: ScratchDatabase;
  let other: ScratchDatabase;
  let engine: Engine;
  let mariadb = false;
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

  /** Every record of `tables`, for comparing two databases. */
  function readAll(conn: IntrospectionConnection, tables: readonly string[] | undefined, schema?: string) {
    return Promise.all([
      introspector.getMultiColumns(conn, schema, tables),
      introspector.getMultiPkConstraint(conn, schema, tables),
      introspector.getMultiForeignKeys(conn, schema, tables),
      introspector.getMultiIndexes(conn, schema, tables),
      introspector.getMultiUniqueConstraints(conn, schema, tables),
      introspector.getMultiCheckConstraints(conn, schema, tables),
      introspector.getMultiTableComment(conn, schema, tables),
    ]);
  }

  beforeAll(async () => {
    db = await createScratchDatabase("mysql", serverUrl("mysql"));
    other = await createScratchDatabase("mysql", serverUrl("mysql"));
    engine = createEngine(db.url);
    mariadb = /mariadb/i.test(String((await db.adminQuery("SELECT VERSION() AS v"))[0]?.["v"]));
    await athanorSchema().createAll(engine);
    for (const sql of HAND_DDL) await other.adminQuery(sql);
  });

  afterAll(async () => {
    await engine?.dispose();
    // `other` first: its table `cross` has a foreign key into `db`, which cannot be dropped before it.
    await other?.drop();
    await db?.drop();
  });

  it("is the dialect's introspector", () => {
    expect(engine.dialect.introspector).toBeInstanceOf(MySQLIntrospector);
  });

  it("lists tables, views and databases", async () => {
    await withConn(async (c) => {
      expect(await introspector.getTableNames(c, undefined)).toEqual(["events", "items", "owners", "regions"]);
      expect(await introspector.getTableNames(c, other.name)).toEqual(["legacy_posts", "legacy_users"]);
      expect(await introspector.getViewNames(c, other.name)).toEqual(["legacy_admins"]);
      expect(await introspector.getViewNames(c, undefined)).toEqual([]);
      const schemas = await introspector.getSchemaNames(c);
      expect(schemas).toEqual(expect.arrayContaining([db.name, other.name]));
      expect(schemas).not.toContain("information_schema");
      expect(schemas).not.toContain("mysql");
    });
  });

  it("reads the columns of every type Athanor creates, with defaults, autoincrement, computed columns and comments", async () => {
    const cols = await withConn((c) => introspector.getMultiColumns(c, undefined, undefined));
    expect([...cols.keys()].sort()).toEqual(["events", "items", "owners", "regions"]);
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
    expect(cols.get("events")).toStrictEqual(EVENT_COLUMNS);
    expect(cols.get("items")).toStrictEqual([...EVENT_COLUMNS, col("parent_id", BigInteger(), { nullable: true })]);
  });

  it("reflects every column to a type that compiles to the same DDL", async () => {
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

  it("reads primary keys (unnamed: MySQL names each PRIMARY), foreign keys with their rules, and comments", async () => {
    const [pks, fks, comments] = await withConn((c) =>
      Promise.all([
        introspector.getMultiPkConstraint(c, undefined, undefined),
        introspector.getMultiForeignKeys(c, undefined, undefined),
        introspector.getMultiTableComment(c, undefined, undefined),
      ]),
    );
    expect(Object.fromEntries(pks)).toStrictEqual({
      events: { name: undefined, columns: ["id"] },
      items: { name: undefined, columns: ["id"] },
      owners: { name: undefined, columns: ["id"] },
      regions: { name: undefined, columns: ["code", "zone"] },
    });
    const region = (table: string): ReflectedForeignKey =>
      fk(`fk_${table}_region`, ["region_code", "region_zone"], "regions", ["code", "zone"], {
        onDelete: "SET NULL",
        onUpdate: "CASCADE",
      });
    // The server's default rule (what no ON DELETE / ON UPDATE reads back as) is undefined: RESTRICT on
    // MariaDB, NO ACTION on MySQL; the other one is kept.
    expect(Object.fromEntries(fks)).toStrictEqual({
      events: [region("events")],
      items: [
        fk("fk_items_owner_id_owners", ["owner_id"], "owners", ["id"], {
          onDelete: "CASCADE",
          onUpdate: mariadb ? undefined : "RESTRICT",
        }),
        fk("fk_items_parent_id_items", ["parent_id"], "items", ["id"], { onDelete: mariadb ? "NO ACTION" : undefined }),
        region("items"),
      ],
      owners: [],
      regions: [],
    });
    expect(Object.fromEntries(comments)).toStrictEqual({
      events: undefined,
      items: undefined,
      owners: "people's accounts",
      regions: undefined,
    });
  });

  it("reads indexes and unique keys (a unique key is both), without the indexes InnoDB made for foreign keys", async () => {
    const [indexes, uniques] = await withConn((c) =>
      Promise.all([
        introspector.getMultiIndexes(c, undefined, ["items", "owners", "regions"]),
        introspector.getMultiUniqueConstraints(c, undefined, ["items", "owners", "regions"]),
      ]),
    );
    // fk_items_region (region_code, region_zone) and fk_items_parent_id_items are InnoDB's.
    expect(Object.fromEntries(indexes)).toStrictEqual({
      items: [
        ix("ix_items_day_status", ["day", "status"]),
        ix("ix_items_price_title", ["price", "title"], { unique: true }),
        ix("uq_items_owner_title", ["owner_id", "title"], { unique: true }),
      ],
      owners: [ix("ix_owners_name", ["name"]), ix("uq_owners_email", ["email"], { unique: true })],
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

  it("reads CHECK constraints, without the json_valid check of a JSON column", async () => {
    const checks = await withConn((c) => introspector.getMultiCheckConstraints(c, db.name, undefined));
    expect(Object.fromEntries(checks)).toStrictEqual({
      events: checksOf("events"),
      items: checksOf("items"),
      owners: [],
      regions: [],
    });
  });

  it("answers only for tables that exist, and for an empty list without a query", async () => {
    let queries = 0;
    engine.on("beforeExecute", () => {
      queries++;
    });
    await withConn(async (c) => {
      queries = 0;
      expect([...(await introspector.getMultiColumns(c, undefined, ["owners", "nope"])).keys()]).toEqual(["owners"]);
      expect([...(await introspector.getMultiPkConstraint(c, undefined, ["nope"])).keys()]).toEqual([]);
      expect([...(await introspector.getMultiIndexes(c, undefined, ["regions"])).keys()]).toEqual(["regions"]);
      expect([...(await introspector.getMultiTableComment(c, undefined, ["Regions"])).keys()]).toEqual([]);
      expect(queries).toBe(4);
      expect((await introspector.getMultiForeignKeys(c, undefined, [])).size).toBe(0);
      expect((await introspector.getMultiCheckConstraints(c, undefined, [])).size).toBe(0);
      expect(queries).toBe(4);
    });
    await expect(inspect(engine).getColumns("nope")).rejects.toThrow(NoSuchTableError);
    expect(await inspect(engine).getPkConstraint("regions")).toStrictEqual({
      name: undefined,
      columns: ["code", "zone"],
    });
  });

  it("creates tables again from their reflection, and they read back the same", async () => {
    // `items` and `owners` have unique keys, which MySQL cannot tell from unique indexes: reflection lists
    // each both ways, and the MetaData built from that would create the index twice.
    const tables = ["regions", "events"];
    const md = new MetaData();
    await md.reflect(engine, { only: tables });
    const copyDb = await createScratchDatabase("mysql", serverUrl("mysql"));
    const target = createEngine(copyDb.url);
    try {
      await md.createAll(target);
      expect(await withConn((c) => readAll(c, tables), target)).toStrictEqual(
        await withConn((c) => readAll(c, tables)),
      );
    } finally {
      await target.dispose();
      await copyDb.drop();
    }
  });

  it("reads a hand-written schema in the server's own spellings, from another database", async () => {
    const [cols, pks, fks, indexes, uniques, checks, comments] = await withConn((c) =>
      readAll(c, undefined, other.name),
    );
    expect([...cols.keys()]).toEqual(["legacy_posts", "legacy_users"]);
    const custom = (name: string) => cols.get("legacy_users")?.find((c) => c.name === name)?.type;
    const users = cols.get("legacy_users")?.filter((c) => !(c.type instanceof CustomType));
    expect(users).toStrictEqual([
      col("id", Integer(), { autoincrement: true }),
      col("login", SqlString(64)),
      col("is_admin", SqlBoolean(), { default: "0" }),
      // UNSIGNED and the display width are dropped.
      col("karma", BigInteger(), { nullable: true }),
      col("rank_no", Integer(), { default: "7" }),
      col("level", SmallInteger(), { nullable: true }),
      col("balance", Numeric(10, 2), { default: "0.00" }),
      col("whole", Numeric(8, 0), { nullable: true }),
      col("score", Float(24), { nullable: true }),
      col("weight", Float(), { nullable: true }),
      col("token", UUID(), { nullable: true }),
      col("country", SqlString(2), { default: "'NL'" }),
      col("bio", Text(), { nullable: true }),
      col("notes", Text(), { nullable: true }),
      col("prefs", SqlJSON(), { nullable: true }),
      col("kind", Enum(["a", "b'c"]), { default: "'a'" }),
      col("born", SqlDate(), { nullable: true }),
      col("wake", Time(), { nullable: true }),
      col("created", DateTime(), { default: "CURRENT_TIMESTAMP" }),
      col("touched", DateTime({ timezone: true }), { default: "CURRENT_TIMESTAMP" }),
      col("avatar", LargeBinary(), { nullable: true }),
      col("hash", LargeBinary(20), { nullable: true }),
    ]);
    // Types Athanor has no class for: custom types named after the column type.
    expect(String(custom("yr"))).toBe("YEAR(4)");
    expect((custom("yr") as CustomType<unknown>).impl).toStrictEqual(Integer());
    expect(String(custom("flags"))).toBe("SET('x','y')");
    expect(cols.get("legacy_users")?.find((c) => c.name === "flags")?.default).toBe("'x'");
    expect(cols.get("legacy_posts")).toStrictEqual([
      col("id", Integer(), { autoincrement: true }),
      col("user_id", Integer()),
      col("editor_id", Integer(), { nullable: true }),
      col("title", SqlString(255), { default: "''" }),
      col("stars", Integer(), { nullable: true }),
    ]);
    expect(Object.fromEntries(pks)).toStrictEqual({
      legacy_posts: { name: undefined, columns: ["id"] },
      legacy_users: { name: undefined, columns: ["id"] },
    });
    expect(Object.fromEntries(fks)).toStrictEqual({
      legacy_posts: [
        // An unnamed foreign key gets a generated name.
        fk("legacy_posts_ibfk_1", ["user_id"], "legacy_users", ["id"], { onDelete: "CASCADE" }),
        fk("posts_editor", ["editor_id"], "legacy_users", ["id"]),
      ],
      legacy_users: [],
    });
    // InnoDB named the foreign keys' indexes after the first column (unnamed) and the constraint: not reported.
    expect(Object.fromEntries(indexes)).toStrictEqual({
      legacy_posts: [ix("by_title", ["title", "user_id"])],
      legacy_users: [
        { name: "bio_prefix", unique: false, columns: ["bio"], expressions: ["`bio`(20)"], where: undefined },
        ix("login", ["login"], { unique: true }),
        {
          name: "recent",
          unique: false,
          columns: ["created", "id"],
          expressions: ["`created` DESC", "`id`"],
          where: undefined,
        },
      ],
    });
    expect(Object.fromEntries(uniques)).toStrictEqual({
      legacy_posts: [],
      legacy_users: [{ name: "login", columns: ["login"] }],
    });
    // A column-level check is named after its column on MariaDB; the JSON column's check is not reported.
    expect(checks.get("legacy_users")).toStrictEqual([{ name: "legacy_karma", sqltext: "`karma` < 1000000" }]);
    expect(checks.get("legacy_posts")?.map((c) => c.sqltext)).toEqual(["`stars` between 0 and 5"]);
    expect(Object.fromEntries(comments)).toStrictEqual({ legacy_posts: undefined, legacy_users: "from before" });
  });

  it("reads a view's columns when it is asked for by name", async () => {
    const [cols, comments] = await withConn((c) =>
      Promise.all([
        introspector.getMultiColumns(c, other.name, ["legacy_admins"]),
        introspector.getMultiTableComment(c, other.name, ["legacy_admins"]),
      ]),
    );
    expect(cols.get("legacy_admins")).toStrictEqual([
      col("id", Integer(), { default: "0" }),
      col("login", SqlString(64)),
    ]);
    expect(comments.get("legacy_admins")).toBeUndefined();
  });

  it("reads names that need quoting, and a foreign key into another database", async () => {
    await other.adminQuery(
      "CREATE TABLE `we``ird` (`i'd` INT PRIMARY KEY, `da``ta` JSON, `Mixed` INT, KEY `k``1` (`Mixed`))",
    );
    await other.adminQuery(
      `CREATE TABLE \`cross\` (id INT PRIMARY KEY, owner INT, CONSTRAINT cross_owner FOREIGN KEY (owner) REFERENCES \`${db.name}\`.owners (id))`,
    );
    const [cols, fks, indexes, checks] = await withConn((c) =>
      Promise.all([
        introspector.getMultiColumns(c, other.name, ["we`ird", "cross"]),
        introspector.getMultiForeignKeys(c, other.name, ["cross"]),
        introspector.getMultiIndexes(c, other.name, ["we`ird"]),
        introspector.getMultiCheckConstraints(c, other.name, ["we`ird"]),
      ]),
    );
    expect(cols.get("we`ird")).toStrictEqual([
      col("i'd", Integer()),
      col("da`ta", SqlJSON(), { nullable: true }),
      col("Mixed", Integer(), { nullable: true }),
    ]);
    expect(fks.get("cross")).toStrictEqual([
      fk("cross_owner", ["owner"], "owners", ["id"], { referredSchema: db.name }),
    ]);
    expect(indexes.get("we`ird")).toStrictEqual([ix("k`1", ["Mixed"])]);
    expect(checks.get("we`ird")).toStrictEqual([]);
  });

  it("columns of types Athanor has no class for are written, compared and re-created in their own spelling", async () => {
    const md = new MetaData();
    await md.reflect(engine, { only: ["legacy_users"], schema: other.name });
    const users = md.table(`${other.name}.legacy_users`) as AnyTable;
    const flags = users.column("flags");
    const yr = users.column("yr");
    expect([engine.dialect.typeSql(flags.type), engine.dialect.typeSql(yr.type)]).toEqual(["SET('x','y')", "YEAR(4)"]);
    const copy = new MetaData();
    const table = new Table("native_copy", copy, { flags: column(flags.type), yr: column(yr.type).nullable() });
    await copy.createAll(engine);
    try {
      const back = await inspect(engine).getColumns("native_copy");
      expect(back.map((c) => engine.dialect.typeSql(c.type))).toEqual(["SET('x','y')", "YEAR(4)"]);
      await engine.begin(async (conn) => {
        await conn.execute(insert(table).values({ flags: "x,y", yr: 2024 }));
      });
      await using conn = await engine.connect();
      const row = (await conn.execute(select(table.c.flags, table.c.yr).where(table.c.flags.eq("x,y")))).one();
      expect([...row]).toEqual(["x,y", 2024]);
    } finally {
      await copy.dropAll(engine);
    }
  });

  it("issues one query per getMulti* call for 50 tables", async () => {
    const many = await createScratchDatabase("mysql", serverUrl("mysql"));
    const e = createEngine(many.url);
    try {
      const md = new MetaData();
      for (let i = 0; i < 50; i++) {
        new Table(
          `t${i}`,
          md,
          {
            id: column(Integer()).primaryKey(),
            name: column(SqlString(20)).index(),
            meta: column(SqlJSON()).nullable(),
            ref: column(Integer())
              .nullable()
              .references(`t${i === 0 ? 0 : i - 1}.id`),
            n: column(Integer()),
          },
          checkConstraint((c) => c.n!.gt(0), { name: "n_positive" }),
          { comment: `table ${i}` },
        );
      }
      await md.createAll(e);
      const conn = await e.connect();
      let queries = 0;
      e.on("beforeExecute", () => {
        queries++;
      });
      try {
        const names = md.sortedTables.map((t) => t.name);
        for (const tables of [undefined, names]) {
          const counts: number[] = [];
          const results = [];
          for (const read of [
            () => introspector.getMultiColumns(conn, undefined, tables),
            () => introspector.getMultiPkConstraint(conn, undefined, tables),
            () => introspector.getMultiForeignKeys(conn, undefined, tables),
            () => introspector.getMultiIndexes(conn, undefined, tables),
            () => introspector.getMultiUniqueConstraints(conn, undefined, tables),
            () => introspector.getMultiCheckConstraints(conn, undefined, tables),
            () => introspector.getMultiTableComment(conn, undefined, tables),
          ]) {
            queries = 0;
            results.push(await read());
            counts.push(queries);
          }
          expect(counts).toEqual([1, 1, 1, 1, 1, 1, 1]);
          for (const r of results) expect(r.size).toBe(50);
        }
        const cols = await introspector.getMultiColumns(conn, undefined, undefined);
        expect(cols.get("t49")?.map((c) => c.type)).toStrictEqual([
          Integer(),
          SqlString(20),
          SqlJSON(),
          Integer(),
          Integer(),
        ]);
        const checks = await introspector.getMultiCheckConstraints(conn, undefined, ["t7"]);
        expect(checks.get("t7")).toStrictEqual([{ name: "ck_t7_n_positive", sqltext: "`n` > 0" }]);
      } finally {
        await conn.close();
      }
    } finally {
      await e.dispose();
      await many.drop();
    }
  });
});
