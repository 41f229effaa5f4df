// How the MySQL introspector reads catalog text without a server: defaults, CHECK clauses and expressions as
// MySQL 8 and MariaDB each spell them come out spelled one way, and MySQL 8's type names map like MariaDB's.
// (The live-server tests are in test/dialect/mysql-introspection.test.ts; this server is MariaDB, so MySQL 8's
// spellings are given here as MySQL 8 reports them.)
import { describe, expect, it } from "vitest";
import { Boolean as SqlBoolean, Enum, Integer, JSON as SqlJSON, Numeric, SmallInteger, Text } from "../../src/index.js";
import { normaliseDefault, normaliseSqlText, reflectColumnType } from "../../src/dialects/mysql/catalog-text.js";

describe("MySQL 8 and MariaDB catalog spellings", () => {
  it("writes string literals one way, whichever way the server quoted them", () => {
    // MariaDB: a literal default is quoted with doubled quotes, an expression's literal with backslashes.
    expect(normaliseSqlText("'it''s \\\\ x'")).toBe("'it''s \\\\ x'");
    expect(normaliseSqlText("'it\\'s \\\\ x'")).toBe("'it''s \\\\ x'");
    // MySQL 8 escapes the whole text of an expression, and adds charset introducers.
    expect(normaliseSqlText("concat(`s`,_utf8mb4\\'it\\\\\\'s\\')")).toBe("concat(`s`,'it''s')");
    expect(normaliseSqlText("(`status` in (_utf8mb4\\'a\\',_utf8mb4\\'b\\'))")).toBe("`status` in ('a','b')");
    expect(normaliseSqlText("_binary'x'")).toBe("_binary'x'");
    expect(normaliseSqlText("my_utf8mb4")).toBe("my_utf8mb4");
  });

  it("drops parentheses around the whole text only", () => {
    expect(normaliseSqlText("(`qty` >= 0)")).toBe("`qty` >= 0");
    expect(normaliseSqlText("((`a` + 1))")).toBe("`a` + 1");
    expect(normaliseSqlText("(`a` > 0) and (`b` > 0)")).toBe("(`a` > 0) and (`b` > 0)");
    expect(normaliseSqlText("(`a` = ')(')")).toBe("`a` = ')('");
  });

  it("reads defaults as MySQL 8 reports them: bare literals, escaped expressions", () => {
    const mysql = (raw: string | undefined, dataType: string, extra = "") =>
      normaliseDefault(raw, { dataType, extra, quoted: false });
    expect(mysql("member", "varchar")).toBe("'member'");
    expect(mysql("it's \\ x", "varchar")).toBe("'it''s \\\\ x'");
    expect(mysql("1.50", "decimal")).toBe("1.50");
    expect(mysql("2024-02-29", "date")).toBe("'2024-02-29'");
    expect(mysql("CURRENT_TIMESTAMP(3)", "datetime", "DEFAULT_GENERATED")).toBe("CURRENT_TIMESTAMP(3)");
    expect(mysql("CURRENT_TIMESTAMP", "timestamp", "on update CURRENT_TIMESTAMP")).toBe("CURRENT_TIMESTAMP");
    expect(mysql("_utf8mb4\\'none yet\\'", "longtext", "DEFAULT_GENERATED")).toBe("'none yet'");
    expect(mysql("(`qty` * 2)", "int", "DEFAULT_GENERATED")).toBe("`qty` * 2");
    expect(mysql("0x6162", "varbinary")).toBe("0x6162");
    expect(mysql("0x", "varchar")).toBe("'0x'");
    expect(mysql(undefined, "int")).toBeUndefined();
  });

  it("reads defaults as MariaDB reports them", () => {
    const maria = (raw: string | undefined, dataType = "varchar") =>
      normaliseDefault(raw, { dataType, extra: "", quoted: true });
    expect(maria("NULL")).toBeUndefined();
    expect(maria(undefined)).toBeUndefined();
    expect(maria("'NULL'")).toBe("'NULL'");
    expect(maria("current_timestamp()", "datetime")).toBe("CURRENT_TIMESTAMP");
    expect(maria("current_timestamp(3)", "datetime")).toBe("CURRENT_TIMESTAMP(3)");
    expect(maria("b'101'", "bit")).toBe("b'101'");
  });

  it("maps MySQL 8 type spellings", () => {
    expect(reflectColumnType("json", "json")).toStrictEqual(SqlJSON());
    expect(reflectColumnType("int", "int")).toStrictEqual(Integer());
    expect(reflectColumnType("int unsigned", "int")).toStrictEqual(Integer());
    expect(reflectColumnType("tinyint(1)", "tinyint")).toStrictEqual(SqlBoolean());
    expect(reflectColumnType("tinyint", "tinyint")).toStrictEqual(SmallInteger());
    expect(reflectColumnType("longtext", "longtext")).toStrictEqual(Text());
    expect(reflectColumnType("decimal(65,30)", "decimal")).toStrictEqual(Numeric());
    expect(reflectColumnType("enum('x','it''s','a\\\\b')", "enum")).toStrictEqual(Enum(["x", "it's", "a\\b"]));
  });
});
