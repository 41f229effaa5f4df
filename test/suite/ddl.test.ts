// Compliance suite for DDL: metadata.createAll / dropAll on every database with every type, constraint and
// index kind; rows written with insert() and read back with select(); constraints enforced with typed
// errors; checkFirst; foreign-key cycles; identifiers that need quoting. Skips by capability only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BigInteger,
  Boolean as SqlBoolean,
  checkConstraint,
  CheckViolationError,
  column,
  CreateIndex,
  CreateTable,
  createEngine,
  DataError,
  Date as SqlDate,
  DateTime,
  DBAPIError,
  deleteFrom,
  DropIndex,
  DropTable,
  type Engine,
  Enum,
  type Executable,
  Float,
  ForeignKeyViolationError,
  func,
  index,
  insert,
  IntegrityError,
  Integer,
  Interval,
  JSON as SqlJSON,
  LargeBinary,
  literal,
  literalColumn,
  MetaData,
  NotNullViolationError,
  Numeric,
  select,
  SmallInteger,
  String as SqlString,
  Table,
  text,
  Text,
  Time,
  uniqueConstraint,
  UniqueViolationError,
  update,
  UUID,
} from "../../src/index.js";
import type { Capabilities } from "../../src/dialect/index.js";
import { type DialectTestContext, describeEachDialect, type TestDialect } from "../../src/testing/index.js";
import { capabilitiesOf, engines } from "./support.js";

/** The error a promise rejects with (failing the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the statement to fail");
    },
    (error: unknown) => error,
  );
}

/** Runs one statement in its own transaction and returns the error it fails with. */
function refused(
  engine: Engine,
  stmt: Executable<readonly unknown[], object>,
  params?: Record<string, unknown>,
): Promise<unknown> {
  return failure(engine.begin((conn) => conn.execute(stmt, params)));
}

/** Whether a table exists, by the dialect's catalog query. */
async function exists(engine: Engine, name: string): Promise<boolean> {
  await using conn = await engine.connect();
  return engine.dialect.hasTable(conn, name, undefined);
}

/** Runs statements in one transaction. */
async function run(engine: Engine, ...stmts: Executable<readonly unknown[], object>[]): Promise<void> {
  await engine.begin(async (conn) => {
    for (const stmt of stmts) await conn.execute(stmt);
  });
}

/**
 * Catalog queries for a table's comment (`t`) and one column's (`c`), per database that has comments (each
 * catalog is its own), read with raw SQL rather than with the reflection under test.
 */
const COMMENTS_SQL: Partial<Record<TestDialect, (table: string, col: string) => string>> = {
  postgresql: (table, col) =>
    `SELECT obj_description('${table}'::regclass, 'pg_class') AS t, col_description('${table}'::regclass,
       (SELECT attnum FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attname = '${col}')) AS c`,
  mysql: (table, col) =>
    `SELECT (SELECT table_comment FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${table}') AS t,
       (SELECT column_comment FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${table}'
          AND column_name = '${col}') AS c`,
};

/** The comments of a table and one of its columns, from the catalog (where the database has comments). */
async function comments(ctx: DialectTestContext, table: string, col: string): Promise<[unknown, unknown]> {
  const sql = COMMENTS_SQL[ctx.dialect];
  if (sql === undefined) throw new Error(`no comment catalog query for ${ctx.dialect}`);
  const [row] = await ctx.adminQuery(sql(table, col));
  return [row?.["t"], row?.["c"]];
}

const Status = Enum(["todo", "doing", "done"]);

/** A schema using every type, constraint and index kind the dialect has. */
function fullSchema(caps: Capabilities) {
  const md = new MetaData();
  const owners = new Table(
    "dd_owners",
    md,
    {
      id: column(Integer()).primaryKey().autoincrement(),
      email: column(SqlString(100)).unique(),
      name: column(SqlString(50)).index(),
      role: column(SqlString(20)).serverDefault("member"),
      createdAt: column(DateTime(), { name: "created_at" }).serverDefault(func.now()),
      age: column(Integer()).nullable(),
      bio: column(Text()).nullable().comment("about the owner"),
    },
    checkConstraint((c) => c.age!.ge(0), { name: "age_nonneg" }),
    { comment: "people who own items" },
  );
  const items = new Table(
    "dd_items",
    md,
    {
      id: column(BigInteger()).primaryKey().autoincrement(),
      ownerId: column(Integer(), { name: "owner_id" }).references(() => owners.c.id, { onDelete: "CASCADE" }),
      code: column(SqlString(10)),
      region: column(SqlString(2)),
      status: column(Status).serverDefault("todo"),
      small: column(SmallInteger()),
      price: column(Numeric(10, 2)),
      ratio: column(Float()),
      active: column(SqlBoolean()).serverDefault(literal(true)),
      day: column(SqlDate()),
      at: column(Time()),
      stamp: column(DateTime({ timezone: true })),
      data: column(SqlJSON<{ tags: string[] }>()).nullable(),
      uid: column(UUID()),
      blob: column(LargeBinary()).nullable(),
      qty: column(Integer()).serverDefault(literal(1)),
      double: column(Integer()).computed(literalColumn("qty * 2")),
      ...(caps.virtualComputedColumns
        ? { triple: column(Integer()).nullable().computed(literalColumn("qty * 3"), { persisted: false }) }
        : {}),
      ...(caps.intervalType ? { span: column(Interval()).nullable() } : {}),
    },
    uniqueConstraint(["code", "region"]),
    index("dd_items_owner_status", ["ownerId", "status"]),
    ...(caps.partialIndexes
      ? [index("dd_items_live_code", ["code"], { unique: true, where: (c) => c.active!.eq(true) })]
      : []),
    ...(caps.expressionIndexes ? [index("dd_items_lower_code", [(c) => func.lower(c.code)])] : []),
  );
  return { md, owners, items };
}

/** A valid item row; tests override what they need. */
function item(changes: Record<string, unknown> = {}): never {
  return {
    ownerId: 1,
    code: "B1",
    region: "EU",
    small: 1,
    price: "1.00",
    ratio: 1,
    day: "2024-01-01",
    at: "00:00:00",
    stamp: new Date(0),
    uid: "00000000-0000-4000-8000-000000000000",
    ...changes,
  } as never;
}

describeEachDialect("ddl", (ctx) => {
  const engine = engines(ctx);
  const caps = capabilitiesOf(ctx);

  describe("a schema with every type, constraint and index kind", () => {
    const { md, owners, items } = fullSchema(caps);
    let e: Engine;
    let before: number;

    beforeAll(async () => {
      e = createEngine(ctx.url());
      await md.dropAll(e);
      before = Date.now();
      await md.createAll(e);
      await e.begin(async (conn) => {
        await conn.execute(insert(owners), [
          { email: "ann@example.com", name: "Ann", age: 30, bio: null },
          { email: "bo@example.com", name: "Bo", age: null, bio: "it's Bo \\o/" },
        ]);
        await conn.execute(
          insert(items).values(
            item({
              code: "A1",
              small: -5,
              price: "12.50",
              ratio: 0.25,
              day: "2024-02-29",
              at: "12:34:56",
              stamp: new Date("2024-03-10T02:30:00.123Z"),
              data: { tags: ["x", "y"] },
              uid: "7f0c6a3e-8d47-4b6e-9a39-2f4d1c0e5b11",
              blob: new Uint8Array([0, 1, 255]),
              ...(caps.intervalType ? { span: "P1DT2H" } : {}),
            }),
          ),
        );
      });
    });

    afterAll(async () => {
      await md.dropAll(e);
      expect(await exists(e, "dd_items")).toBe(false);
      expect(await exists(e, "dd_owners")).toBe(false);
      await e.dispose();
    });

    it("createAll creates the tables and their indexes", async () => {
      expect(await exists(e, "dd_owners")).toBe(true);
      expect(await exists(e, "dd_items")).toBe(true);
      const names = ["ix_dd_owners_name", "dd_items_owner_status"];
      if (caps.partialIndexes) names.push("dd_items_live_code");
      if (caps.expressionIndexes) names.push("dd_items_lower_code");
      for (const name of names) {
        const table = name.includes("owners") ? owners : items;
        // Creating an index again fails because it exists; IF NOT EXISTS leaves it be.
        expect(await refused(e, new CreateIndex(table, name))).toBeInstanceOf(DBAPIError);
        await run(e, new CreateIndex(table, name, { ifNotExists: true }));
      }
    });

    it("reads back every type written with insert()", async () => {
      await using conn = await e.connect();
      const row = (await conn.execute(select(items))).mappings().one() as Record<string, unknown>;
      expect(row).toMatchObject({
        id: 1n,
        ownerId: 1,
        code: "A1",
        region: "EU",
        small: -5,
        price: "12.50",
        ratio: 0.25,
        day: "2024-02-29",
        stamp: new Date("2024-03-10T02:30:00.123Z"),
        data: { tags: ["x", "y"] },
        uid: "7f0c6a3e-8d47-4b6e-9a39-2f4d1c0e5b11",
      });
      expect(row["at"]).toMatch(/^12:34:56/);
      expect([...(row["blob"] as Uint8Array)]).toEqual([0, 1, 255]);
      if (caps.intervalType) expect(row["span"]).toBe("P1DT2H");
    });

    it("fills server defaults and computes computed columns", async () => {
      await using conn = await e.connect();
      const owner = (
        await conn.execute(select(owners.c.role, owners.c.createdAt, owners.c.bio).where(owners.c.name.eq("Bo")))
      )
        .mappings()
        .one();
      expect(owner.role).toBe("member");
      expect(owner.bio).toBe("it's Bo \\o/");
      // now(): a UTC timestamp read back as a Date (a time-zone mistake would be hours off).
      expect(owner.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(owner.createdAt.getTime() - before)).toBeLessThan(30 * 60_000);
      const row = (await conn.execute(select(items))).mappings().one() as Record<string, unknown>;
      expect(row).toMatchObject({ status: "todo", active: true, qty: 1, double: 2 });
      if (caps.virtualComputedColumns) expect(row["triple"]).toBe(3);
      await conn.execute(update(items).values({ qty: 5 }));
      expect((await conn.execute(select(items.c.double))).scalar()).toBe(10);
      await conn.rollback();
    });

    it("enforces UNIQUE, FOREIGN KEY, CHECK and NOT NULL with typed errors", async () => {
      expect(await refused(e, insert(owners).values({ email: "ann@example.com", name: "Dup" }))).toBeInstanceOf(
        UniqueViolationError,
      );
      expect(await refused(e, insert(items).values(item({ code: "A1", region: "EU" })))).toBeInstanceOf(
        UniqueViolationError,
      );
      expect(await refused(e, insert(items).values(item({ ownerId: 999 })))).toBeInstanceOf(ForeignKeyViolationError);
      expect(await refused(e, insert(owners).values({ email: "c@example.com", name: "C", age: -1 }))).toBeInstanceOf(
        CheckViolationError,
      );
      expect(await refused(e, insert(owners).values({ email: null, name: "N" } as never))).toBeInstanceOf(
        NotNullViolationError,
      );
    });

    it("keeps an enum column to its values in the database too", async () => {
      // Written with text(), around the Enum type's own check.
      const error = await refused(e, text("UPDATE dd_items SET status = :s"), { s: "bogus" });
      expect(error instanceof IntegrityError || error instanceof DataError).toBe(true);
    });

    it.skipIf(!caps.partialIndexes)("a partial unique index applies to its rows only", async () => {
      await using conn = await e.connect();
      await conn.execute(insert(items).values(item({ code: "P", region: "US", active: false })));
      await conn.execute(insert(items).values(item({ code: "P", region: "FR", active: false })));
      await conn.execute(insert(items).values(item({ code: "P", region: "DE" })));
      const error = await failure(conn.execute(insert(items).values(item({ code: "P", region: "IT" }))));
      expect(error).toBeInstanceOf(UniqueViolationError);
      await conn.rollback();
    });

    it("deletes children ON DELETE CASCADE", async () => {
      await using conn = await e.connect();
      await conn.execute(deleteFrom(owners).where(owners.c.id.eq(1)));
      expect((await conn.execute(select(func.count()).from(items))).scalar()).toBe(0);
      await conn.rollback();
    });

    it.skipIf(caps.comments === "none")("stores table and column comments", async () => {
      expect(await comments(ctx, "dd_owners", "bio")).toEqual(["people who own items", "about the owner"]);
    });
  });

  it("checkFirst: creating or dropping twice is fine; without it the second run fails", async () => {
    const e = engine();
    const md = new MetaData();
    new Table("dd_check", md, {
      id: column(Integer()).primaryKey().autoincrement(),
      mood: column(Enum(["calm", "busy"], { name: "dd_mood" })),
      n: column(Integer()).index(),
    });
    await md.dropAll(e);
    await md.createAll(e);
    await md.createAll(e);
    expect(await failure(md.createAll(e, { checkFirst: false }))).toBeInstanceOf(DBAPIError);
    expect(await exists(e, "dd_check")).toBe(true);
    await md.dropAll(e);
    await md.dropAll(e);
    expect(await exists(e, "dd_check")).toBe(false);
    expect(await failure(md.dropAll(e, { checkFirst: false }))).toBeInstanceOf(DBAPIError);
    // Everything is gone, enum types included: creating without checking works.
    await md.createAll(e, { checkFirst: false });
    await md.dropAll(e, { checkFirst: false });
  });

  it("creates and drops only the tables asked for", async () => {
    const e = engine();
    const md = new MetaData();
    const a = new Table("dd_only_a", md, { id: column(Integer()).primaryKey() });
    new Table("dd_only_b", md, { id: column(Integer()).primaryKey() });
    await md.createAll(e, { tables: [a] });
    expect([await exists(e, "dd_only_a"), await exists(e, "dd_only_b")]).toEqual([true, false]);
    await md.dropAll(e, { tables: [a] });
    expect(await exists(e, "dd_only_a")).toBe(false);
  });

  it.skipIf(!caps.transactionalDdl)(
    "a failing createAll leaves nothing behind where DDL is transactional",
    async () => {
      const e = engine();
      const md = new MetaData();
      new Table("dd_tx_ok", md, { id: column(Integer()).primaryKey() });
      new Table("dd_tx_bad", md, {
        id: column(Integer()).primaryKey().autoincrement(),
        n: column(Integer()).serverDefault(literalColumn("1 +")),
      });
      expect(await failure(md.createAll(e))).toBeInstanceOf(DBAPIError);
      expect(await exists(e, "dd_tx_ok")).toBe(false);
    },
  );

  it("orders tables by foreign key and handles dependency cycles", async () => {
    const e = engine();
    const md = new MetaData();
    // Defined children first: createAll must still create parents first.
    const emp = new Table("dd_cyc_emp", md, {
      id: column(Integer()).primaryKey().autoincrement(false),
      deptId: column(Integer(), { name: "dept_id" }).nullable().references("dd_cyc_dept.id"),
      managerId: column(Integer(), { name: "manager_id" }).nullable().references("dd_cyc_emp.id"),
    });
    const dept = new Table("dd_cyc_dept", md, {
      id: column(Integer()).primaryKey().autoincrement(false),
      headId: column(Integer(), { name: "head_id" }).nullable().references("dd_cyc_emp.id"),
    });
    const office = new Table("dd_cyc_office", md, {
      id: column(Integer()).primaryKey().autoincrement(),
      deptId: column(Integer(), { name: "dept_id" }).references(() => dept.c.id),
    });
    await md.dropAll(e);
    await md.createAll(e);
    await e.begin(async (conn) => {
      await conn.execute(insert(dept).values({ id: 1, headId: null }));
      await conn.execute(insert(emp).values({ id: 10, deptId: 1, managerId: null }));
      await conn.execute(insert(emp).values({ id: 11, deptId: 1, managerId: 10 }));
      await conn.execute(update(dept).values({ headId: 10 }));
      await conn.execute(insert(office).values({ deptId: 1 }));
    });
    expect(await refused(e, insert(emp).values({ id: 12, deptId: 99, managerId: null }))).toBeInstanceOf(
      ForeignKeyViolationError,
    );
    expect(await refused(e, update(dept).values({ headId: 99 }))).toBeInstanceOf(ForeignKeyViolationError);
    // Rows still point at each other: dropAll removes the cycle's foreign keys first where it can.
    await md.dropAll(e);
    for (const name of ["dd_cyc_emp", "dd_cyc_dept", "dd_cyc_office"]) expect(await exists(e, name)).toBe(false);
  });

  it("quotes table and column names with quotes, spaces and reserved words", async () => {
    const e = engine();
    const md = new MetaData();
    const order = new Table("order", md, {
      id: column(Integer()).primaryKey().autoincrement(),
      select: column(SqlString(50)).index(),
      quoted: column(SqlString(50), { name: 'my "quoted" col' }).unique(),
      spaced: column(Integer(), { name: "a b" }).nullable().serverDefault(literal(7)),
    });
    const line = new Table("order line", md, {
      id: column(Integer()).primaryKey().autoincrement(),
      order: column(Integer(), { name: "order" }).references(() => order.c.id),
      group: column(SqlString(10), { name: "group" }),
    });
    await md.dropAll(e);
    await md.createAll(e);
    await e.begin(async (conn) => {
      await conn.execute(insert(order).values({ select: 'x\'; DROP TABLE "order"; --', quoted: 'q"q`q' }));
      await conn.execute(insert(line).values({ order: 1, group: "g" }));
    });
    {
      await using conn = await e.connect();
      const rows = (
        await conn.execute(select(order.c.select, order.c.quoted, order.c.spaced, line.c.group).join(line))
      ).all();
      expect(rows.map((r) => [...r])).toEqual([['x\'; DROP TABLE "order"; --', 'q"q`q', 7, "g"]]);
    }
    expect(await refused(e, insert(order).values({ select: "y", quoted: 'q"q`q' }))).toBeInstanceOf(
      UniqueViolationError,
    );
    await md.dropAll(e);
    expect(await exists(e, "order")).toBe(false);
    expect(await exists(e, "order line")).toBe(false);
  });

  it("runs the constructs: CreateTable (with toStatements), CreateIndex, DropIndex, DropTable", async () => {
    const e = engine();
    const md = new MetaData();
    const t = new Table(
      "dd_construct",
      md,
      {
        id: column(Integer()).primaryKey().autoincrement(),
        kind: column(Enum(["a", "b"])),
        n: column(Integer()).index(),
      },
      { comment: "made by hand" },
    );
    await run(e, ...new DropTable(t, { ifExists: true }).toStatements(e.dialect, { enumTypes: false }));
    await run(e, ...new CreateTable(t).toStatements(e.dialect));
    await run(e, insert(t).values({ kind: "b", n: 1 }));
    expect(await refused(e, new CreateIndex(t, "ix_dd_construct_n"))).toBeInstanceOf(DBAPIError);
    await run(e, new DropIndex(t, "ix_dd_construct_n"));
    await run(e, new CreateIndex(t, "ix_dd_construct_n"));
    await run(e, ...new DropTable(t).toStatements(e.dialect));
    expect(await exists(e, "dd_construct")).toBe(false);
    // The enum type went with it: the table can be created again from scratch.
    await run(e, ...new CreateTable(t).toStatements(e.dialect));
    await run(e, ...new DropTable(t).toStatements(e.dialect));
  });

  it("recompiles a table whose default changed (the compiled cache keys DDL by its literals)", async () => {
    const e = engine();
    const make = (value: string) => {
      const md = new MetaData();
      return {
        md,
        t: new Table("dd_cache", md, {
          id: column(Integer()).primaryKey().autoincrement(),
          s: column(SqlString(5)).serverDefault(value),
        }),
      };
    };
    for (const value of ["one", "two"]) {
      const { md, t } = make(value);
      await md.dropAll(e);
      await md.createAll(e);
      await run(e, insert(t).values({}));
      {
        await using conn = await e.connect();
        expect((await conn.execute(select(t.c.s))).scalar()).toBe(value);
      }
      await md.dropAll(e);
    }
  });
});
