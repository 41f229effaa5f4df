// Migration compliance suite: every operation run up, then its reverse, on every database, with the rows
// kept where the operation allows. Skips only by declared capability.
import { describe, expect, it } from "vitest";
import {
  BigInteger,
  column,
  type Engine,
  Enum,
  inspect,
  Integer,
  IntegrityError,
  literalColumn,
  String as SqlString,
  text,
} from "../../src/index.js";
import {
  AddColumnOp,
  AlterColumnOp,
  BulkInsertOp,
  CreateCheckConstraintOp,
  CreateForeignKeyOp,
  CreateIndexOp,
  CreatePrimaryKeyOp,
  CreateTableCommentOp,
  CreateTableOp,
  CreateUniqueConstraintOp,
  ExecuteOp,
  type MigrateOp,
  Operations,
  RenameTableOp,
} from "../../src/migrate/ops/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { capabilitiesOf, engines } from "../suite/support.js";

/** Runs operations through `Operations`, each in its own transaction. */
async function apply(engine: Engine, ...ops: MigrateOp[]): Promise<void> {
  for (const op of ops) await engine.begin((conn) => new Operations(conn).run(op));
}

/** Rows of a table ordered by id, as plain objects with numbers for integers. */
async function rows(engine: Engine, table: string): Promise<Record<string, unknown>[]> {
  await using conn = await engine.connect();
  const result = await conn.execute(text(`SELECT * FROM ${table} ORDER BY id`));
  return result
    .mappings()
    .all()
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
}

/** Whether a table exists. */
async function exists(engine: Engine, table: string): Promise<boolean> {
  await using conn = await engine.connect();
  return engine.dialect.hasTable(conn, table, undefined);
}

/** The error a statement fails with (undefined when it succeeds). */
async function failure(engine: Engine, sql: string): Promise<unknown> {
  return engine
    .begin((conn) => conn.execute(text(sql)))
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

const people = new CreateTableOp("mo_people", {
  id: column(Integer()).primaryKey().autoincrement(false),
  name: column(SqlString(40)),
  mood: column(Enum(["up", "down"])).serverDefault("up"),
});

const seed = new BulkInsertOp("mo_people", { id: column(Integer()).primaryKey(), name: column(SqlString(40)) }, [
  { id: 1, name: "ann" },
  { id: 2, name: "bo" },
]);

describeEachDialect("migrate: operations up and down", (ctx) => {
  const engine = engines(ctx);
  const caps = capabilitiesOf(ctx);

  /** A fresh mo_people with two rows. */
  async function seeded(e: Engine): Promise<void> {
    await e.begin((conn) => conn.execute(text("DROP TABLE IF EXISTS mo_people")));
    if (caps.enumStyle === "named-type")
      await e.begin((conn) => conn.execute(text("DROP TYPE IF EXISTS mo_people_mood_enum")));
    await apply(e, people, seed);
  }

  it("createTable ⇄ dropTable (with its enum type), bulkInsert", async () => {
    const e = engine();
    await seeded(e);
    expect(await rows(e, "mo_people")).toEqual([
      { id: 1, name: "ann", mood: "up" },
      { id: 2, name: "bo", mood: "up" },
    ]);
    await apply(e, people.reverse());
    expect(await exists(e, "mo_people")).toBe(false);
    // Creating it again proves the enum type went with the table.
    await apply(e, people.reverse().reverse());
    expect(await exists(e, "mo_people")).toBe(true);
    await apply(e, people.reverse());
  });

  it("renameTable and back, rows kept", async () => {
    const e = engine();
    await seeded(e);
    const op = new RenameTableOp("mo_people", "mo_persons");
    await apply(e, op);
    expect((await rows(e, "mo_persons")).map((r) => r["name"])).toEqual(["ann", "bo"]);
    await apply(e, op.reverse());
    expect((await rows(e, "mo_people")).map((r) => r["name"])).toEqual(["ann", "bo"]);
  });

  it("addColumn ⇄ dropColumn, rows kept", async () => {
    const e = engine();
    await seeded(e);
    const op = new AddColumnOp("mo_people", "age", column(Integer()).serverDefault(literalColumn("7")).nullable());
    await apply(e, op);
    expect((await rows(e, "mo_people")).map((r) => r["age"])).toEqual([7, 7]);
    await apply(e, op.reverse());
    expect(Object.keys((await rows(e, "mo_people"))[0] ?? {})).not.toContain("age");
    expect((await rows(e, "mo_people")).map((r) => r["name"])).toEqual(["ann", "bo"]);
  });

  it("addColumn ⇄ dropColumn of an enum column, its type (PostgreSQL) created and dropped with it", async () => {
    const e = engine();
    await seeded(e);
    const op = new AddColumnOp("mo_people", "level", column(Enum(["low", "high"])).serverDefault("low"));
    await apply(e, op, op.reverse(), op);
    expect((await rows(e, "mo_people")).map((r) => r["level"])).toEqual(["low", "low"]);
    await apply(e, op.reverse());
    expect((await rows(e, "mo_people")).map((r) => r["name"])).toEqual(["ann", "bo"]);
  });

  it("alterColumn rename (every database), rows kept", async () => {
    const e = engine();
    await seeded(e);
    const op = new AlterColumnOp("mo_people", "name", { newName: "full_name" });
    await apply(e, op);
    expect((await rows(e, "mo_people")).map((r) => r["full_name"])).toEqual(["ann", "bo"]);
    await apply(e, op.reverse());
    expect((await rows(e, "mo_people")).map((r) => r["name"])).toEqual(["ann", "bo"]);
  });

  it.skipIf(!caps.alterColumns)("alterColumn type, nullability, server default, comment and back", async () => {
    const e = engine();
    await seeded(e);
    const op = new AlterColumnOp("mo_people", "name", {
      type: SqlString(200),
      nullable: true,
      serverDefault: "anon",
      comment: caps.comments === "none" ? undefined : "the name",
      existingType: SqlString(40),
      existingNullable: false,
      existingServerDefault: null,
      existingComment: caps.comments === "none" ? undefined : null,
    });
    await apply(e, op);
    await e.begin((conn) => conn.execute(text("INSERT INTO mo_people (id) VALUES (3)")));
    expect((await rows(e, "mo_people")).map((r) => r["name"])).toEqual(["ann", "bo", "anon"]);
    const name = (await inspect(e).getColumns("mo_people")).find((c) => c.name === "name");
    expect(name?.nullable).toBe(true);
    if (caps.comments !== "none") expect(name?.comment).toBe("the name");

    await e.begin((conn) => conn.execute(text("UPDATE mo_people SET name = 'cy' WHERE id = 3")));
    await apply(e, op.reverse());
    expect((await rows(e, "mo_people")).map((r) => r["name"])).toEqual(["ann", "bo", "cy"]);
    expect(await failure(e, "INSERT INTO mo_people (id) VALUES (4)")).toBeInstanceOf(IntegrityError);
    const back = (await inspect(e).getColumns("mo_people")).find((c) => c.name === "name");
    expect([back?.nullable, back?.comment ?? undefined]).toEqual([false, undefined]);
  });

  it.skipIf(!caps.alterColumns)("alterColumn widens an integer to a bigint with the values kept", async () => {
    const e = engine();
    await seeded(e);
    const op = new AlterColumnOp("mo_people", "id", {
      type: BigInteger(),
      existingType: Integer(),
      existingNullable: false,
    });
    await apply(e, op);
    await e.begin((conn) => conn.execute(text("INSERT INTO mo_people (id, name) VALUES (9007199254740993, 'big')")));
    expect((await rows(e, "mo_people")).slice(0, 2).map((r) => r["id"])).toEqual([1, 2]);
    await e.begin((conn) => conn.execute(text("DELETE FROM mo_people WHERE id > 2")));
    await apply(e, op.reverse());
    expect((await rows(e, "mo_people")).map((r) => r["id"])).toEqual([1, 2]);
  });

  it("createIndex ⇄ dropIndex (unique), rows kept", async () => {
    const e = engine();
    await seeded(e);
    const op = new CreateIndexOp("ix_mo_people_name", "mo_people", ["name"], { unique: true });
    await apply(e, op);
    expect((await inspect(e).getIndexes("mo_people")).map((i) => i.name)).toContain("ix_mo_people_name");
    expect(await failure(e, "INSERT INTO mo_people (id, name) VALUES (3, 'ann')")).toBeInstanceOf(IntegrityError);
    await apply(e, op.reverse());
    expect(await failure(e, "INSERT INTO mo_people (id, name) VALUES (3, 'ann')")).toBeUndefined();
  });

  describe("constraints", () => {
    it.skipIf(!caps.alterConstraints)("unique constraint up and down", async () => {
      const e = engine();
      await seeded(e);
      const op = new CreateUniqueConstraintOp("uq_mo_people_name", "mo_people", ["name"]);
      await apply(e, op);
      expect(await failure(e, "INSERT INTO mo_people (id, name) VALUES (3, 'ann')")).toBeInstanceOf(IntegrityError);
      await apply(e, op.reverse());
      expect(await failure(e, "INSERT INTO mo_people (id, name) VALUES (3, 'ann')")).toBeUndefined();
    });

    it.skipIf(!caps.alterConstraints)("check constraint up and down", async () => {
      const e = engine();
      await seeded(e);
      const op = new CreateCheckConstraintOp("ck_mo_people_id", "mo_people", "id < 100");
      await apply(e, op);
      expect(await failure(e, "INSERT INTO mo_people (id, name) VALUES (500, 'x')")).toBeInstanceOf(IntegrityError);
      await apply(e, op.reverse());
      expect(await failure(e, "INSERT INTO mo_people (id, name) VALUES (500, 'x')")).toBeUndefined();
    });

    it.skipIf(!caps.alterConstraints)("foreign key and primary key up and down", async () => {
      const e = engine();
      await seeded(e);
      await e.begin((conn) => conn.execute(text("DROP TABLE IF EXISTS mo_notes")));
      const notes = new CreateTableOp("mo_notes", {
        id: column(Integer()),
        personId: column(Integer(), { name: "person_id" }),
      });
      const pk = new CreatePrimaryKeyOp("pk_mo_notes", "mo_notes", ["id"]);
      const fk = new CreateForeignKeyOp("fk_mo_notes_person", "mo_notes", "mo_people", ["person_id"], ["id"]);
      await apply(e, notes, pk, fk);
      await e.begin((conn) => conn.execute(text("INSERT INTO mo_notes (id, person_id) VALUES (1, 1)")));
      expect(await failure(e, "INSERT INTO mo_notes (id, person_id) VALUES (2, 99)")).toBeInstanceOf(IntegrityError);
      expect(await failure(e, "INSERT INTO mo_notes (id, person_id) VALUES (1, 2)")).toBeInstanceOf(IntegrityError);
      await apply(e, fk.reverse(), pk.reverse());
      expect(await failure(e, "INSERT INTO mo_notes (id, person_id) VALUES (1, 99)")).toBeUndefined();
      expect(await rows(e, "mo_notes")).toEqual([
        { id: 1, person_id: 1 },
        { id: 1, person_id: 99 },
      ]);
      await apply(e, notes.reverse());
    });
  });

  it.skipIf(caps.comments === "none")("createTableComment and back", async () => {
    const e = engine();
    await seeded(e);
    const op = new CreateTableCommentOp("mo_people", "people we know", { existingComment: null });
    await apply(e, op);
    expect(await inspect(e).getTableComment("mo_people")).toBe("people we know");
    await apply(e, op.reverse());
    expect(await inspect(e).getTableComment("mo_people")).toBeFalsy();
  });

  it("execute with its reverse", async () => {
    const e = engine();
    await seeded(e);
    const op = new ExecuteOp("UPDATE mo_people SET name = 'zed' WHERE id = 2", {
      reverse: "UPDATE mo_people SET name = 'bo' WHERE id = 2",
    });
    await apply(e, op);
    expect((await rows(e, "mo_people")).map((r) => r["name"])).toEqual(["ann", "zed"]);
    await apply(e, op.reverse());
    expect((await rows(e, "mo_people")).map((r) => r["name"])).toEqual(["ann", "bo"]);
  });

  it("op.connection runs Core statements inside a migration", async () => {
    const e = engine();
    await seeded(e);
    await e.begin(async (conn) => {
      const op = new Operations(conn);
      await op.addColumn("mo_people", "nick", column(SqlString(20)).nullable());
      await op.connection.execute(text("UPDATE mo_people SET nick = name"));
    });
    expect((await rows(e, "mo_people")).map((r) => r["nick"])).toEqual(["ann", "bo"]);
  });
});
