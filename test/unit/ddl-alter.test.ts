/** Golden ALTER TABLE DDL on every dialect: add / drop / rename columns, rename tables, alter columns. */

import { describe, expect, it } from "vitest";
import {
  AddConstraint,
  checkDef,
  constraintRef,
  CreateIndex,
  DropConstraint,
  DropIndex,
  foreignKeyDef,
  indexDefOf,
  primaryKeyDef,
  SetComment,
  uniqueDef,
  AddColumn,
  AlterColumn,
  ArgumentError,
  column,
  columnDef,
  DropColumn,
  DateTime,
  Enum,
  func,
  Integer,
  literalColumn,
  MetaData,
  NotSupportedError,
  RenameColumn,
  RenameTable,
  String as SqlString,
  Table,
  Text,
} from "../../src/index.js";
import { type D, dialects, sql, thrown } from "./ddl-support.js";

const all = (stmt: { toStatements(d: (typeof dialects)[D]): { compile(d: unknown): { sql: string } }[] }, d: D) =>
  stmt.toStatements(dialects[d]).map((s) => s.compile(dialects[d]).sql);

describe("ADD COLUMN", () => {
  const md = new MetaData();
  const users = new Table("users", md, {
    id: column(Integer()).primaryKey(),
    status: column(SqlString(20)).serverDefault("open").comment("state"),
  });

  it("a Table's column by key, with its default", () => {
    expect(sql(new AddColumn(users, "status"), "postgresql")).toBe(
      `ALTER TABLE "users" ADD COLUMN "status" VARCHAR(20) DEFAULT 'open' NOT NULL`,
    );
    expect(sql(new AddColumn(users, "status"), "mysql")).toBe(
      "ALTER TABLE `users` ADD COLUMN `status` VARCHAR(20) DEFAULT 'open' NOT NULL COMMENT 'state'",
    );
    expect(sql(new AddColumn(users, "status"), "sqlite")).toBe(
      `ALTER TABLE "users" ADD COLUMN "status" VARCHAR(20) DEFAULT 'open' NOT NULL`,
    );
  });

  it("PostgreSQL: the comment as COMMENT ON, an enum's type first", () => {
    expect(all(new AddColumn(users, "status"), "postgresql")).toEqual([
      `ALTER TABLE "users" ADD COLUMN "status" VARCHAR(20) DEFAULT 'open' NOT NULL`,
      `COMMENT ON COLUMN "users"."status" IS 'state'`,
    ]);
    const mood = new AddColumn(
      { name: "users", schema: "app" },
      columnDef("mood", column(Enum(["up", "down"])).nullable()),
    );
    expect(all(mood, "postgresql")).toEqual([
      `CREATE TYPE "app"."users_mood_enum" AS ENUM ('up', 'down')`,
      `ALTER TABLE "app"."users" ADD COLUMN "mood" "app"."users_mood_enum"`,
    ]);
    expect(all(mood, "mysql")).toEqual(["ALTER TABLE `app`.`users` ADD COLUMN `mood` ENUM('up', 'down')"]);
  });

  it("columnDef refuses constraints, and a key needs its Table", () => {
    expect(thrown(() => columnDef("x", column(Integer()).unique()))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => new AddColumn("users", "status"))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => new AddColumn(users, "nope"))).toBeInstanceOf(ArgumentError);
  });
});

describe("DROP COLUMN, RENAME", () => {
  it("the same on every dialect but for quoting", () => {
    expect(sql(new DropColumn("users", "bio"), "postgresql")).toBe(`ALTER TABLE "users" DROP COLUMN "bio"`);
    expect(sql(new DropColumn("users", "bio"), "mysql")).toBe("ALTER TABLE `users` DROP COLUMN `bio`");
    expect(sql(new RenameTable({ name: "users", schema: "s" }, "accounts"), "postgresql")).toBe(
      `ALTER TABLE "s"."users" RENAME TO "accounts"`,
    );
    expect(sql(new RenameTable("users", "accounts"), "mysql")).toBe("ALTER TABLE `users` RENAME TO `accounts`");
    expect(sql(new RenameColumn("users", "bio", "about"), "sqlite")).toBe(
      `ALTER TABLE "users" RENAME COLUMN "bio" TO "about"`,
    );
    expect(sql(new RenameColumn("users", "bio", "about"), "mysql")).toBe(
      "ALTER TABLE `users` RENAME COLUMN `bio` TO `about`",
    );
  });

  it("refuses a new name longer than the dialect takes", () => {
    expect(thrown(() => sql(new RenameTable("users", "x".repeat(64)), "postgresql"))).toBeInstanceOf(ArgumentError);
  });
});

describe("ALTER COLUMN", () => {
  const about = columnDef("about", column(Text()).serverDefault(literalColumn("'none'")).comment("who"));
  const every = new AlterColumn("users", about, {
    changes: ["comment", "serverDefault", "nullable", "type"],
    using: literalColumn(`"about"::text`),
  });

  it("PostgreSQL: one clause per change, the comment apart", () => {
    expect(all(every, "postgresql")).toEqual([
      `ALTER TABLE "users" ALTER COLUMN "about" TYPE TEXT USING "about"::text, ALTER COLUMN "about" SET NOT NULL, ALTER COLUMN "about" SET DEFAULT 'none'`,
      `COMMENT ON COLUMN "users"."about" IS 'who'`,
    ]);
    const loosen = new AlterColumn("users", columnDef("about", column(Text()).nullable()), {
      changes: ["nullable", "serverDefault"],
    });
    expect(sql(loosen, "postgresql")).toBe(
      `ALTER TABLE "users" ALTER COLUMN "about" DROP NOT NULL, ALTER COLUMN "about" DROP DEFAULT`,
    );
    const onlyComment = new AlterColumn("users", about, { changes: ["comment"] });
    expect(all(onlyComment, "postgresql")).toEqual([`COMMENT ON COLUMN "users"."about" IS 'who'`]);
    expect(thrown(() => sql(onlyComment, "postgresql"))).toBeInstanceOf(ArgumentError);
  });

  it("MySQL: MODIFY COLUMN restates the whole column", () => {
    expect(all(every, "mysql")).toEqual([
      "ALTER TABLE `users` MODIFY COLUMN `about` LONGTEXT DEFAULT ('none') NOT NULL COMMENT 'who'",
    ]);
    const md = new MetaData();
    const t = new Table("t", md, { at: column(DateTime()).nullable().serverDefault(func.now()) });
    expect(sql(new AlterColumn(t, "at", { changes: ["nullable"] }), "mysql")).toBe(
      "ALTER TABLE `t` MODIFY COLUMN `at` DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3)",
    );
  });

  it("SQLite: NotSupportedError pointing at batch mode", () => {
    const error = thrown(() => sql(every, "sqlite"));
    expect(error).toBeInstanceOf(NotSupportedError);
    expect((error as Error).message).toContain("batchAlterTable");
  });

  it("needs at least one known change", () => {
    expect(thrown(() => new AlterColumn("users", about, { changes: [] }))).toBeInstanceOf(ArgumentError);
  });
});

describe("DROP COLUMN of an enum column", () => {
  it("drops its named type after it where enums are types, given the column", () => {
    const mood = columnDef("mood", column(Enum(["up", "down"])));
    expect(
      all({ toStatements: (d) => new DropColumn("users", "mood").toStatements(d, { column: mood }) }, "postgresql"),
    ).toEqual([`ALTER TABLE "users" DROP COLUMN "mood"`, `DROP TYPE "users_mood_enum"`]);
    expect(
      all({ toStatements: (d) => new DropColumn("users", "mood").toStatements(d, { column: mood }) }, "mysql"),
    ).toEqual(["ALTER TABLE `users` DROP COLUMN `mood`"]);
  });
});

describe("constraints, indexes and comments by table name", () => {
  it("constraint descriptions built by name", () => {
    expect(sql(new AddConstraint("users", uniqueDef("uq_e", ["email"])), "postgresql")).toBe(
      `ALTER TABLE "users" ADD CONSTRAINT "uq_e" UNIQUE ("email")`,
    );
    expect(sql(new AddConstraint({ name: "users", schema: "s" }, primaryKeyDef("pk_u", ["id"])), "mysql")).toBe(
      "ALTER TABLE `s`.`users` ADD CONSTRAINT `pk_u` PRIMARY KEY (`id`)",
    );
    expect(
      sql(
        new AddConstraint("users", foreignKeyDef("fk_o", ["org_id"], "orgs", ["id"], { onDelete: "CASCADE" })),
        "postgresql",
      ),
    ).toBe(
      `ALTER TABLE "users" ADD CONSTRAINT "fk_o" FOREIGN KEY ("org_id") REFERENCES "orgs" ("id") ON DELETE CASCADE`,
    );
    expect(sql(new AddConstraint("users", checkDef("ck_a", literalColumn("age > 0"))), "mysql")).toBe(
      "ALTER TABLE `users` ADD CONSTRAINT `ck_a` CHECK (age > 0)",
    );
    expect(thrown(() => foreignKeyDef("fk", ["a", "b"], "t", ["id"]))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => uniqueDef("uq", []))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => new AddConstraint("users", "uq_e"))).toBeInstanceOf(ArgumentError);
  });

  it("DROP CONSTRAINT by kind and name", () => {
    expect(sql(new DropConstraint("users", constraintRef("foreignKey", "fk_o")), "mysql")).toBe(
      "ALTER TABLE `users` DROP FOREIGN KEY `fk_o`",
    );
    expect(sql(new DropConstraint("users", constraintRef("primaryKey", "pk_u")), "mysql")).toBe(
      "ALTER TABLE `users` DROP PRIMARY KEY",
    );
    expect(sql(new DropConstraint("users", constraintRef("check", "ck_a")), "postgresql")).toBe(
      `ALTER TABLE "users" DROP CONSTRAINT "ck_a"`,
    );
  });

  it("indexes by table name", () => {
    const ix = indexDefOf(
      { name: "users", schema: "s" },
      "ix_n",
      ["name", func.lower(literalColumn("email", SqlString()))],
      {
        unique: true,
      },
    );
    expect(sql(new CreateIndex("users", ix), "postgresql")).toBe(
      `CREATE UNIQUE INDEX "ix_n" ON "s"."users" ("name", (lower(email)))`,
    );
    expect(sql(new DropIndex("users", "ix_n"), "mysql")).toBe("DROP INDEX `ix_n` ON `users`");
    expect(thrown(() => new CreateIndex("users", "ix_n"))).toBeInstanceOf(ArgumentError);
  });

  it("SetComment: COMMENT ON, a MySQL table option, refused where there are none", () => {
    expect(sql(new SetComment("users", undefined, "people"), "postgresql")).toBe(
      `COMMENT ON TABLE "users" IS 'people'`,
    );
    expect(sql(new SetComment("users", "bio", undefined), "postgresql")).toBe(
      `COMMENT ON COLUMN "users"."bio" IS NULL`,
    );
    expect(sql(new SetComment("users", undefined, "people"), "mysql")).toBe("ALTER TABLE `users` COMMENT = 'people'");
    expect(thrown(() => sql(new SetComment("users", "bio", "x"), "mysql"))).toBeInstanceOf(NotSupportedError);
    expect(thrown(() => sql(new SetComment("users", undefined, "x"), "sqlite"))).toBeInstanceOf(NotSupportedError);
  });
});
