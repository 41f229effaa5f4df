// Compliance suite for ALTER TABLE: columns added, renamed, altered and dropped and tables renamed on every
// database, with the rows kept across each change. ALTER COLUMN skips where capabilities.alterColumns is false.
import { describe, expect, it } from "vitest";
import {
  AddColumn,
  AlterColumn,
  BigInteger,
  column,
  columnDef,
  CreateTable,
  DropColumn,
  type Engine,
  type Executable,
  insert,
  Integer,
  MetaData,
  NotNullViolationError,
  RenameColumn,
  RenameTable,
  String as SqlString,
  Table,
  text,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { capabilitiesOf, engines } from "./support.js";

/** Runs each construct's statements for the engine's dialect, in one transaction. */
async function run(
  engine: Engine,
  ...stmts: (Executable<readonly unknown[], object> & { toStatements?: (d: Engine["dialect"]) => unknown[] })[]
): Promise<void> {
  await engine.begin(async (conn) => {
    for (const stmt of stmts) {
      const all = (stmt.toStatements?.(engine.dialect) ?? [stmt]) as Executable<readonly unknown[], object>[];
      for (const s of all) await conn.execute(s);
    }
  });
}

/** Every row of a table, ordered by id, as plain objects. */
async function rows(engine: Engine, table: string): Promise<Record<string, unknown>[]> {
  await using conn = await engine.connect();
  const q = engine.dialect.quoteIdentifier(table);
  return (await conn.execute(text(`SELECT * FROM ${q} ORDER BY ${engine.dialect.quoteIdentifier("id")}`)))
    .mappings()
    .all()
    .map((r) => ({ ...r }));
}

describeEachDialect("ddl: ALTER TABLE", (ctx) => {
  const engine = engines(ctx);
  const caps = capabilitiesOf(ctx);

  describe("columns added, renamed and dropped, the table renamed", () => {
    it("keeps the rows through every step", async () => {
      const e = engine();
      const md = new MetaData();
      const t = new Table("al_people", md, {
        id: column(Integer()).primaryKey(),
        name: column(SqlString(20)),
      });
      await run(e, new CreateTable(t));
      await run(
        e,
        insert(t).values([
          { id: 1, name: "ann" },
          { id: 2, name: "bo" },
        ]),
      );

      await run(e, new AddColumn("al_people", columnDef("role", column(SqlString(10)).serverDefault("member"))));
      await run(e, new AddColumn("al_people", columnDef("age", column(Integer()).nullable())));
      expect(await rows(e, "al_people")).toEqual([
        { id: 1, name: "ann", role: "member", age: null },
        { id: 2, name: "bo", role: "member", age: null },
      ]);

      await run(e, new RenameColumn("al_people", "name", "full_name"));
      await run(e, new DropColumn("al_people", "age"));
      await run(e, new RenameTable("al_people", "al_persons"));
      expect(await rows(e, "al_persons")).toEqual([
        { id: 1, full_name: "ann", role: "member" },
        { id: 2, full_name: "bo", role: "member" },
      ]);
      await run(e, text("DROP TABLE al_persons"));
    });
  });

  describe("ALTER COLUMN", () => {
    it.skipIf(!caps.alterColumns)("type, nullability, server default and comment, data kept", async () => {
      const e = engine();
      const md = new MetaData();
      const t = new Table("al_scores", md, {
        id: column(Integer()).primaryKey(),
        points: column(Integer()).nullable(),
        label: column(SqlString(10)).nullable(),
      });
      await run(e, new CreateTable(t));
      await run(
        e,
        insert(t).values([
          { id: 1, points: 5, label: "a" },
          { id: 2, points: 7, label: "b" },
        ]),
      );

      // Widen the type and forbid NULL in one statement (PostgreSQL: two clauses; MySQL: one MODIFY).
      await run(
        e,
        new AlterColumn("al_scores", columnDef("points", column(BigInteger()).comment("score")), {
          changes: ["type", "nullable", "comment"],
        }),
      );
      await run(
        e,
        new AlterColumn("al_scores", columnDef("label", column(SqlString(40)).nullable().serverDefault("none")), {
          changes: ["type", "serverDefault"],
        }),
      );
      await run(e, text("INSERT INTO al_scores (id, points) VALUES (3, 9007199254740993)"));
      const after = await rows(e, "al_scores");
      expect(after.map((r) => [r["id"], String(r["points"]), r["label"]])).toEqual([
        [1, "5", "a"],
        [2, "7", "b"],
        [3, "9007199254740993", "none"],
      ]);
      const refused = await e
        .begin((conn) => conn.execute(text("INSERT INTO al_scores (id, points) VALUES (4, NULL)")))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toBeInstanceOf(NotNullViolationError);

      // Drop the default again and allow NULL again.
      await run(
        e,
        new AlterColumn("al_scores", columnDef("label", column(SqlString(40)).nullable()), {
          changes: ["serverDefault"],
        }),
        new AlterColumn("al_scores", columnDef("points", column(BigInteger()).nullable().comment("score")), {
          changes: ["nullable"],
        }),
      );
      await run(e, text("INSERT INTO al_scores (id) VALUES (5)"));
      const last = (await rows(e, "al_scores")).at(-1);
      expect([last?.["points"], last?.["label"]]).toEqual([null, null]);
      await run(e, text("DROP TABLE al_scores"));
    });

    it.skipIf(caps.alterColumns)("is refused with a pointer to batch mode", async () => {
      const e = engine();
      const error = await run(
        e,
        new AlterColumn("al_none", columnDef("x", column(Integer())), { changes: ["type"] }),
      ).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(String(error)).toContain("batchAlterTable");
    });
  });
});
