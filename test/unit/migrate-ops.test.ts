/** Migration operations as data: each op's reverse, its TypeScript source (golden), and its statements. */

import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  Boolean as SqlBoolean,
  checkConstraint,
  column,
  compile,
  createEngine,
  customType,
  DateTime,
  Enum,
  func,
  index,
  Integer,
  literal,
  literalColumn,
  NotSupportedError,
  Numeric,
  select,
  String as SqlString,
  text,
  Text,
  uniqueConstraint,
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
  DropColumnOp,
  DropConstraintOp,
  DropIndexOp,
  DropTableOp,
  ExecuteOp,
  IrreversibleOperationError,
  type MigrateOp,
  Operations,
  RenameTableOp,
} from "../../src/migrate/ops/index.js";
import { type D, dialects, thrown } from "./ddl-support.js";

/** The SQL an op runs on a dialect. */
const sqlOf = (op: MigrateOp, d: D): string[] => op.statements(dialects[d]).map((s) => compile(s, d).sql);

const tasks = new CreateTableOp(
  "tasks",
  {
    id: column(SqlString(36)).primaryKey(),
    title: column(SqlString(200)),
    status: column(Enum(["todo", "done"])).serverDefault("todo"),
    ownerId: column(Integer(), { name: "owner_id" }).nullable().references("users.id", { onDelete: "CASCADE" }),
    createdAt: column(DateTime()).serverDefault(func.now()).comment("when"),
  },
  [uniqueConstraint(["title"], { name: "uq_title" }), index("ix_tasks_status", ["status"]), { comment: "to do" }],
);

const cases: [MigrateOp, string][] = [
  [
    tasks,
    'op.createTable("tasks", { id: column(String(36)).primaryKey(), title: column(String(200)), status: column(Enum(["todo", "done"])).serverDefault("todo"), ownerId: column(Integer(), { name: "owner_id" }).nullable().references("users.id", { onDelete: "CASCADE" }), createdAt: column(DateTime()).serverDefault(func.now()).comment("when") }, uniqueConstraint(["title"], { name: "uq_title" }), index("ix_tasks_status", ["status"]), { comment: "to do" })',
  ],
  [new DropTableOp("tasks", { schema: "app" }), 'op.dropTable("tasks", { schema: "app" })'],
  [new RenameTableOp("a", "b"), 'op.renameTable("a", "b")'],
  [
    new AddColumnOp("tasks", "done", column(SqlBoolean()).serverDefault(literalColumn("false"))),
    'op.addColumn("tasks", "done", column(Boolean()).serverDefault(literalColumn("false")))',
  ],
  [new DropColumnOp("tasks", "done"), 'op.dropColumn("tasks", "done")'],
  [
    new DropColumnOp("tasks", "n", { column: column(Numeric(10, 2)).nullable() }),
    'op.dropColumn("tasks", "n", { column: column(Numeric(10, 2)).nullable() })',
  ],
  [
    new AlterColumnOp("tasks", "title", {
      type: SqlString(400),
      nullable: true,
      serverDefault: null,
      newName: "name",
      existingType: SqlString(200),
      existingNullable: false,
      existingServerDefault: "x",
    }),
    'op.alterColumn("tasks", "title", { type: String(400), nullable: true, serverDefault: null, newName: "name", existingType: String(200), existingNullable: false, existingServerDefault: "x" })',
  ],
  [
    new CreateIndexOp("ix_t", "tasks", ["a", "b"], { unique: true }),
    'op.createIndex("ix_t", "tasks", ["a", "b"], { unique: true })',
  ],
  [new DropIndexOp("ix_t", "tasks"), 'op.dropIndex("ix_t", "tasks")'],
  [new CreateUniqueConstraintOp("uq_t", "tasks", ["a"]), 'op.createUniqueConstraint("uq_t", "tasks", ["a"])'],
  [
    new CreateForeignKeyOp("fk_t", "tasks", "users", ["owner_id"], ["id"], { onDelete: "SET NULL" }),
    'op.createForeignKey("fk_t", "tasks", "users", ["owner_id"], ["id"], { onDelete: "SET NULL" })',
  ],
  [new CreateCheckConstraintOp("ck_t", "tasks", "n > 0"), 'op.createCheckConstraint("ck_t", "tasks", "n > 0")'],
  [new CreatePrimaryKeyOp("pk_t", "tasks", ["id"]), 'op.createPrimaryKey("pk_t", "tasks", ["id"])'],
  [new DropConstraintOp("fk_t", "tasks", "foreignKey"), 'op.dropConstraint("fk_t", "tasks", "foreignKey")'],
  [
    new CreateTableCommentOp("tasks", "to do", { existingComment: null }),
    'op.createTableComment("tasks", "to do", { existingComment: null })',
  ],
  [
    new ExecuteOp("UPDATE tasks SET n = 1", { reverse: text("UPDATE tasks SET n = 0") }),
    'op.execute("UPDATE tasks SET n = 1", { reverse: "UPDATE tasks SET n = 0" })',
  ],
  [
    new BulkInsertOp("tasks", { id: column(Integer()).primaryKey(), big: column(Integer()) }, [
      { id: 1, big: 2n },
      { id: 2, big: null },
    ]),
    'op.bulkInsert("tasks", { id: column(Integer()).primaryKey(), big: column(Integer()) }, [{ id: 1, big: 2n }, { id: 2, big: null }])',
  ],
];

describe("TypeScript rendering (golden)", () => {
  for (const [op, source] of cases) it(op.name, () => expect(op.toTypeScript()).toBe(source));
});

describe("reverse", () => {
  it("createTable ⇄ dropTable, carrying the definition", () => {
    const drop = tasks.reverse();
    expect(drop).toBeInstanceOf(DropTableOp);
    expect(drop.reverse()).toBe(tasks);
    expect(thrown(() => new DropTableOp("tasks").reverse())).toBeInstanceOf(IrreversibleOperationError);
  });

  it("renameTable swaps the names", () => {
    expect(new RenameTableOp("a", "b", "s").reverse().toTypeScript()).toBe('op.renameTable("b", "a", { schema: "s" })');
  });

  it("addColumn ⇄ dropColumn", () => {
    const add = new AddColumnOp("t", "c", column(Integer()).nullable());
    expect(add.reverse().toTypeScript()).toBe('op.dropColumn("t", "c", { column: column(Integer()).nullable() })');
    expect(add.reverse().reverse().toTypeScript()).toBe(add.toTypeScript());
    expect(thrown(() => new DropColumnOp("t", "c").reverse())).toBeInstanceOf(IrreversibleOperationError);
  });

  it("alterColumn swaps changes and existing values, renames back", () => {
    const op = new AlterColumnOp("t", "a", {
      type: SqlString(40),
      nullable: false,
      newName: "b",
      existingType: SqlString(20),
      existingNullable: true,
    });
    expect(op.reverse().toTypeScript()).toBe(
      'op.alterColumn("t", "b", { type: String(20), nullable: true, newName: "a", existingType: String(40), existingNullable: false })',
    );
    const partial = new AlterColumnOp("t", "a", { nullable: false, existingType: SqlString(20) });
    const error = thrown(() => partial.reverse());
    expect(error).toBeInstanceOf(IrreversibleOperationError);
    expect((error as Error).message).toContain("existingNullable");
  });

  it("indexes and constraints reverse through their drops", () => {
    const ix = new CreateIndexOp("ix", "t", ["a"]);
    expect(ix.reverse().toTypeScript()).toBe('op.dropIndex("ix", "t")');
    expect(ix.reverse().reverse()).toBe(ix);
    for (const c of [
      new CreateUniqueConstraintOp("uq", "t", ["a"]),
      new CreateForeignKeyOp("fk", "t", "u", ["a"], ["id"]),
      new CreateCheckConstraintOp("ck", "t", "a > 0"),
      new CreatePrimaryKeyOp("pk", "t", ["a"]),
    ]) {
      const drop = c.reverse();
      expect(drop.kind).toBe(c.kind);
      expect(drop.reverse()).toBe(c);
    }
    expect(thrown(() => new DropIndexOp("ix", "t").reverse())).toBeInstanceOf(IrreversibleOperationError);
    expect(thrown(() => new DropConstraintOp("c", "t", "check").reverse())).toBeInstanceOf(IrreversibleOperationError);
  });

  it("table comments, execute and bulkInsert", () => {
    expect(new CreateTableCommentOp("t", "new", { existingComment: "old" }).reverse().toTypeScript()).toBe(
      'op.createTableComment("t", "old", { existingComment: "new" })',
    );
    expect(thrown(() => new CreateTableCommentOp("t", "x").reverse())).toBeInstanceOf(IrreversibleOperationError);
    expect(new ExecuteOp("A", { reverse: "B" }).reverse().toTypeScript()).toBe('op.execute("B", { reverse: "A" })');
    expect(thrown(() => new ExecuteOp("A").reverse())).toBeInstanceOf(IrreversibleOperationError);
    expect(thrown(() => new BulkInsertOp("t", {}, []).reverse())).toBeInstanceOf(IrreversibleOperationError);
  });
});

describe("statements per dialect", () => {
  it("createTable: PostgreSQL enum type first, referenced tables need not be known", () => {
    const pg = sqlOf(tasks, "postgresql");
    expect(pg[0]).toBe(`CREATE TYPE "tasks_status_enum" AS ENUM ('todo', 'done')`);
    expect(pg[1]).toContain(
      `CONSTRAINT "fk_tasks_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE`,
    );
    expect(sqlOf(tasks.reverse(), "postgresql")).toEqual([`DROP TABLE "tasks"`, `DROP TYPE "tasks_status_enum"`]);
    expect(sqlOf(new DropTableOp("tasks"), "postgresql")).toEqual([`DROP TABLE "tasks"`]);
  });

  it("alterColumn: PostgreSQL clauses then the rename; MySQL restates the column", () => {
    const op = new AlterColumnOp("t", "a", { nullable: false, newName: "b", existingType: SqlString(20) });
    expect(sqlOf(op, "postgresql")).toEqual([
      `ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL`,
      `ALTER TABLE "t" RENAME COLUMN "a" TO "b"`,
    ]);
    expect(sqlOf(op, "mysql")).toEqual([
      "ALTER TABLE `t` MODIFY COLUMN `a` VARCHAR(20) NOT NULL",
      "ALTER TABLE `t` RENAME COLUMN `a` TO `b`",
    ]);
    expect(thrown(() => new AlterColumnOp("t", "a", { nullable: false }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => new AlterColumnOp("t", "a", { type: SqlString(1) }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => new AlterColumnOp("t", "a", {}))).toBeInstanceOf(ArgumentError);
  });

  it("constraints: MySQL drops each kind by its own words", () => {
    expect(sqlOf(new DropConstraintOp("fk", "t", "foreignKey"), "mysql")).toEqual([
      "ALTER TABLE `t` DROP FOREIGN KEY `fk`",
    ]);
    expect(sqlOf(new DropConstraintOp("uq", "t", "unique"), "mysql")).toEqual(["ALTER TABLE `t` DROP INDEX `uq`"]);
    expect(sqlOf(new DropConstraintOp("ck", "t", "check"), "postgresql")).toEqual([
      `ALTER TABLE "t" DROP CONSTRAINT "ck"`,
    ]);
    expect(sqlOf(new CreateCheckConstraintOp("ck", "t", "a > 0"), "postgresql")).toEqual([
      `ALTER TABLE "t" ADD CONSTRAINT "ck" CHECK (a > 0)`,
    ]);
  });

  it("table comments: COMMENT ON, or a MySQL table option", () => {
    const op = new CreateTableCommentOp("t", "it's");
    expect(sqlOf(op, "postgresql")).toEqual([`COMMENT ON TABLE "t" IS 'it''s'`]);
    expect(sqlOf(op, "mysql")).toEqual(["ALTER TABLE `t` COMMENT = 'it''s'"]);
    expect(sqlOf(new CreateTableCommentOp("t", null), "postgresql")).toEqual([`COMMENT ON TABLE "t" IS NULL`]);
  });
});

/** Operations that records what a revision calls instead of running it. */
class Recorder extends Operations {
  readonly ops: MigrateOp[] = [];
  override run(op: MigrateOp): Promise<void> {
    this.ops.push(op);
    return Promise.resolve();
  }
}

describe("rendered TypeScript runs as the operation it came from", () => {
  // What a revision file imports, in scope for the rendered calls.
  const scope = {
    column,
    String: SqlString,
    Integer,
    Boolean: SqlBoolean,
    Numeric,
    DateTime,
    Enum,
    func,
    literalColumn,
    uniqueConstraint,
    index,
    text,
  };

  it("every golden case round-trips through Operations", async () => {
    await using conn = await createEngine("sqlite://").connect();
    for (const [op, source] of cases) {
      const recorder = new Recorder(conn);
      const call = new Function("op", ...Object.keys(scope), `return ${source};`) as (...a: unknown[]) => Promise<void>;
      await call(recorder, ...Object.values(scope));
      expect(
        recorder.ops.map((o) => o.toTypeScript()),
        op.name,
      ).toEqual([source]);
    }
  });
});

describe("what has no TypeScript source is refused by name", () => {
  it("custom types, client-side defaults, function CHECKs and non-text statements", () => {
    const custom = customType({
      name: "citext",
      ddl: "CITEXT",
      impl: Text(),
      toDriver: (v: string) => v,
      fromDriver: (v: string) => v,
    });
    const errors = [
      () => new AddColumnOp("t", "c", column(custom)).toTypeScript(),
      () => new AddColumnOp("t", "c", column(Integer()).default(1)).toTypeScript(),
      () => new CreateTableOp("t", { a: column(Integer()) }, [checkConstraint((c) => c["a"]!.gt(0))]).toTypeScript(),
      () => new ExecuteOp(select(literal(1))).toTypeScript(),
    ].map((fn) => thrown(fn));
    for (const error of errors) expect(error).toBeInstanceOf(NotSupportedError);
    expect((errors[0] as Error).message).toContain("custom type");
  });

  it("columns declaring constraints are refused by addColumn (add them as operations)", () => {
    const error = thrown(() => new AddColumnOp("t", "c", column(Integer()).references("u.id")));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toContain("references()");
  });
});
