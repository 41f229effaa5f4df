// Reflection round trip on every dialect: a schema using every type, constraint and index kind is created
// with createAll, reflected into a new MetaData, and compared with its definition. Types are compared by
// the DDL they compile to on the dialect (what the database can tell apart), so a documented normalisation
// such as MySQL's BOOLEAN = TINYINT(1) is no difference.
import { afterEach, expect, it } from "vitest";
import {
  BigInteger,
  Boolean as SqlBoolean,
  checkConstraint,
  column,
  DateTime,
  Date as SqlDate,
  Enum,
  Float,
  func,
  index,
  insert,
  inspect,
  Integer,
  literal,
  Interval,
  JSON as SqlJSON,
  LargeBinary,
  MetaData,
  NoSuchTableError,
  Numeric,
  select,
  SmallInteger,
  String as SqlString,
  Table,
  Text,
  Time,
  UUID,
  uniqueConstraint,
  type AnyTable,
  type Engine,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { capabilitiesOf, engines } from "./support.js";

function schema(caps: ReturnType<typeof capabilitiesOf>): MetaData {
  const metadata = new MetaData();
  const owners = new Table("rf_owners", metadata, {
    id: column(Integer()).primaryKey(),
    email: column(SqlString(120)).unique(),
    name: column(SqlString(100)).index(),
    role: column(SqlString(20)).serverDefault("member"),
    createdAt: column(DateTime(), { name: "created_at" }).serverDefault(func.now()),
  });
  new Table(
    "rf_items",
    metadata,
    {
      id: column(Integer()).primaryKey(), // SQLite stores an autoincrement key as INTEGER whatever its declared width
      ownerId: column(Integer(), { name: "owner_id" }).references(() => owners.c.id, { onDelete: "CASCADE" }),
      small: column(SmallInteger()).nullable(),
      big: column(BigInteger()).nullable(),
      price: column(Numeric(10, 2)),
      ratio: column(Float()).nullable(),
      active: column(SqlBoolean()).serverDefault(literal(true, SqlBoolean())).nullable(),
      title: column(SqlString(200)),
      body: column(Text()).nullable(),
      happenedAt: column(DateTime({ timezone: true }), { name: "happened_at" }).nullable(),
      day: column(SqlDate()).nullable(),
      at: column(Time()).nullable(),
      meta: column(SqlJSON()).nullable(),
      uid: column(UUID()).nullable(),
      status: column(Enum(["todo", "done"] as const, { name: "rf_status" })),
      blob: column(LargeBinary()).nullable(),
      ...(caps.intervalType ? { span: column(Interval()).nullable() } : {}),
      qty: column(Integer()).serverDefault(literal(0, Integer())),
    },
    uniqueConstraint(["ownerId", "title"], { name: "uq_rf_items_owner_title" }),
    checkConstraint((c) => c.qty!.ge(0), { name: "qty_positive" }),
    index("ix_rf_items_price_title", ["price", "title"], { unique: true }),
  );
  return metadata;
}

describeEachDialect("reflection", (ctx) => {
  const engine = engines(ctx);
  const caps = capabilitiesOf(ctx);
  const created: { e: Engine; md: MetaData }[] = [];
  afterEach(async () => {
    for (const { e, md } of created.splice(0)) await md.dropAll(e);
  });

  async function createSchema(e: Engine, md: MetaData): Promise<void> {
    created.push({ e, md });
    await md.dropAll(e);
    await md.createAll(e);
  }

  it("reflects the tables created from a MetaData back to the same definition", async () => {
    const e = engine();
    const md = schema(caps);
    await createSchema(e, md);
    const reflected = new MetaData();
    await reflected.reflect(e, { only: ["rf_owners", "rf_items"] });
    for (const original of md.sortedTables) {
      const back = reflected.table(original.name) as AnyTable;
      expect(back, original.name).toBeDefined();
      expect(back.columns.map((c) => c.name)).toEqual(original.columns.map((c) => c.name));
      for (const col of original.columns) {
        const r = back.columns.find((c) => c.name === col.name);
        expect(r, `${original.name}.${col.name}`).toBeDefined();
        const ctxCol = { table: original.name, column: col.name };
        expect(e.dialect.typeSql(r!.type, ctxCol), `${original.name}.${col.name} type`).toBe(
          e.dialect.typeSql(col.type, ctxCol),
        );
        expect(r!.nullable, `${original.name}.${col.name} nullable`).toBe(col.nullable);
      }
      expect(back.primaryKey.map((c) => c.name)).toEqual(original.primaryKey.map((c) => c.name));
    }
    const insp = inspect(e);
    const fks = await insp.getForeignKeys("rf_items");
    expect(fks).toHaveLength(1);
    expect(fks[0]).toMatchObject({
      columns: ["owner_id"],
      referredTable: "rf_owners",
      referredColumns: ["id"],
      onDelete: "CASCADE",
      name: "fk_rf_items_owner_id_rf_owners",
    });
    const uniques = await insp.getUniqueConstraints("rf_items");
    expect(uniques.map((u) => [u.name, u.columns])).toContainEqual(["uq_rf_items_owner_title", ["owner_id", "title"]]);
    const indexes = await insp.getIndexes("rf_items");
    expect(indexes.find((i) => i.name === "ix_rf_items_price_title")).toMatchObject({
      unique: true,
      columns: ["price", "title"],
    });
    const ownerIndexes = await insp.getIndexes("rf_owners");
    expect(ownerIndexes.find((i) => i.name === "ix_rf_owners_name")).toMatchObject({
      unique: false,
      columns: ["name"],
    });
    const checks = await insp.getCheckConstraints("rf_items");
    expect(checks.map((c) => c.name)).toContain("ck_rf_items_qty_positive");
    const cols = await insp.getColumns("rf_owners");
    expect(cols.find((c) => c.name === "id")?.autoincrement).toBe(true);
    expect(cols.find((c) => c.name === "role")?.default).toBe("'member'");
    await expect(insp.getColumns("rf_nope")).rejects.toThrow(NoSuchTableError);
  });

  it("a reflected MetaData re-creates the same schema (create → reflect → drop → create → reflect)", async () => {
    const e = engine();
    const md = schema(caps);
    await createSchema(e, md);
    const first = new MetaData();
    await first.reflect(e, { only: ["rf_owners", "rf_items"] });
    const insp = inspect(e);
    const snapshot = async (): Promise<unknown> => ({
      columns: [...(await insp.getMultiColumns({ tables: ["rf_owners", "rf_items"] })).entries()].map(([t, cols]) => [
        t,
        cols.map((c) => [
          c.name,
          e.dialect.typeSql(c.type, { table: t, column: c.name }),
          c.nullable,
          c.default,
          c.autoincrement,
        ]),
      ]),
      pks: [...(await insp.getMultiPkConstraint({ tables: ["rf_owners", "rf_items"] })).entries()],
      fks: [...(await insp.getMultiForeignKeys({ tables: ["rf_owners", "rf_items"] })).entries()],
      indexes: [...(await insp.getMultiIndexes({ tables: ["rf_owners", "rf_items"] })).entries()],
      uniques: [...(await insp.getMultiUniqueConstraints({ tables: ["rf_owners", "rf_items"] })).entries()],
      checks: [...(await insp.getMultiCheckConstraints({ tables: ["rf_owners", "rf_items"] })).entries()].map(
        ([t, cks]) => [t, cks.map((c) => c.name)],
      ),
    });
    const before = await snapshot();
    await md.dropAll(e);
    created.push({ e, md: first });
    await first.createAll(e);
    expect(await snapshot()).toEqual(before);
  });

  it("reflected tables can be queried with the expression language", async () => {
    const e = engine();
    const md = schema(caps);
    await createSchema(e, md);
    const reflected = new MetaData();
    await reflected.reflect(e, { only: ["rf_owners"] });
    const owners = reflected.table("rf_owners") as AnyTable;
    await e.begin(async (conn) => {
      await conn.execute(insert(owners).values({ email: "a@x", name: "Ann" }));
      const row = (
        await conn.execute(select(owners.column("name"), owners.column("role")).where(owners.column("email").eq("a@x")))
      ).one();
      expect([row[0], row[1]]).toEqual(["Ann", "member"]);
    });
  });

  it("reads 200 tables with a bounded number of queries", async () => {
    const e = engine();
    const md = new MetaData();
    for (let i = 0; i < 200; i++) {
      new Table(`rf_many_${i}`, md, {
        id: column(Integer()).primaryKey(),
        name: column(SqlString(20)).index(),
        ref: column(Integer())
          .nullable()
          .references(`rf_many_${i === 0 ? 0 : i - 1}.id`),
      });
    }
    await createSchema(e, md);
    let queries = 0;
    e.on("beforeExecute", () => {
      queries++;
    });
    const reflected = new MetaData();
    await reflected.reflect(e, { only: (name) => name.startsWith("rf_many_") });
    expect(reflected.sortedTables).toHaveLength(200);
    expect(queries).toBeLessThanOrEqual(12);
    queries = 0;
    const few = new MetaData();
    await few.reflect(e, { only: ["rf_many_1", "rf_many_2"] });
    const fewQueries = queries;
    expect(fewQueries).toBeLessThanOrEqual(12);
    expect((few.table("rf_many_2") as AnyTable).columns.map((c) => c.name)).toEqual(["id", "name", "ref"]);
  });
});
