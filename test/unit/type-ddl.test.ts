import { describe, expect, it } from "vitest";
import type { Dialect } from "../../src/dialect/index.js";
import { MySQLDialect } from "../../src/dialects/mysql/index.js";
import { PostgreSQLDialect } from "../../src/dialects/postgresql/index.js";
import { SqliteDialect } from "../../src/dialects/sqlite/index.js";
import { ArgumentError, NotSupportedError } from "../../src/errors/index.js";
import * as t from "../../src/types/index.js";
import { JSONB } from "../../src/postgresql.js";

const dialects = {
  postgresql: new PostgreSQLDialect(),
  mysql: new MySQLDialect(),
  sqlite: new SqliteDialect(),
} as const;

type Golden = readonly [type: t.SqlType, postgresql: string, mysql: string, sqlite: string];

/** Errors in the golden table: the error class the type compiler throws. */
const NOT_SUPPORTED = "!NotSupportedError";
const ARGUMENT = "!ArgumentError";

const Mood = t.Enum(["happy", "sad"], { name: "mood" });

/** Every type's DDL on every dialect. */
const GOLDEN: Record<string, Golden> = {
  Integer: [t.Integer(), "INTEGER", "INTEGER", "INTEGER"],
  SmallInteger: [t.SmallInteger(), "SMALLINT", "SMALLINT", "SMALLINT"],
  BigInteger: [t.BigInteger(), "BIGINT", "BIGINT", "BIGINT"],
  "Numeric()": [t.Numeric(), "NUMERIC", "DECIMAL(65, 30)", "NUMERIC"],
  "Numeric(10)": [t.Numeric(10), "NUMERIC(10)", "DECIMAL(10)", "NUMERIC(10)"],
  "Numeric(10, 2)": [t.Numeric(10, 2), "NUMERIC(10, 2)", "DECIMAL(10, 2)", "NUMERIC(10, 2)"],
  "Numeric(65, 30)": [t.Numeric(65, 30), "NUMERIC(65, 30)", "DECIMAL(65, 30)", "NUMERIC(65, 30)"],
  "Numeric(66)": [t.Numeric(66), "NUMERIC(66)", ARGUMENT, "NUMERIC(66)"],
  "Numeric(40, 31)": [t.Numeric(40, 31), "NUMERIC(40, 31)", ARGUMENT, "NUMERIC(40, 31)"],
  "Numeric(1001)": [t.Numeric(1001), ARGUMENT, ARGUMENT, "NUMERIC(1001)"],
  "Float()": [t.Float(), "DOUBLE PRECISION", "DOUBLE", "REAL"],
  "Float(24)": [t.Float(24), "REAL", "DOUBLE", "REAL"],
  "Float(25)": [t.Float(25), "DOUBLE PRECISION", "DOUBLE", "REAL"],
  Boolean: [t.SqlBoolean(), "BOOLEAN", "BOOLEAN", "BOOLEAN"],
  "String(100)": [t.SqlString(100), "VARCHAR(100)", "VARCHAR(100)", "VARCHAR(100)"],
  "String()": [t.SqlString(), "VARCHAR", ARGUMENT, "VARCHAR"],
  Text: [t.Text(), "TEXT", "LONGTEXT", "TEXT"],
  DateTime: [t.DateTime(), "TIMESTAMP(3)", "DATETIME(3)", "DATETIME"],
  "DateTime(tz)": [t.DateTime({ timezone: true }), "TIMESTAMP(3) WITH TIME ZONE", "DATETIME(3)", "DATETIME"],
  Date: [t.SqlDate(), "DATE", "DATE", "DATE"],
  Time: [t.Time(), "TIME", "TIME(6)", "TIME"],
  Interval: [t.Interval(), "INTERVAL", NOT_SUPPORTED, NOT_SUPPORTED],
  JSON: [t.SqlJSON(), "JSON", "JSON", "JSON"],
  "JSONB (athanor/postgresql)": [JSONB(), "JSONB", "JSON", "JSON"],
  UUID: [t.UUID(), "UUID", "CHAR(36)", "CHAR(36)"],
  "Enum named": [Mood, '"mood"', "ENUM('happy', 'sad')", "VARCHAR(5)"],
  "Enum hostile": [
    t.Enum(["it's", "a\\b", 'dq"', "ünï"], { name: 'my "enum"' }),
    '"my ""enum"""',
    "ENUM('it''s', 'a\\\\b', 'dq\"', 'ünï')",
    "VARCHAR(4)",
  ],
  "Enum trailing space": [t.Enum(["a "], { name: "e" }), '"e"', ARGUMENT, "VARCHAR(2)"],
  "Enum empty string": [t.Enum([""], { name: "e" }), '"e"', "ENUM('')", "VARCHAR(1)"],
  "Enum unnamed": [t.Enum(["a"]), ARGUMENT, "ENUM('a')", "VARCHAR(1)"],
  LargeBinary: [t.LargeBinary(), "BYTEA", "LONGBLOB", "BLOB"],
  "LargeBinary(16)": [t.LargeBinary(16), "BYTEA", "VARBINARY(16)", "BLOB"],
  "custom on String(32)": [
    t.customType<string[], string>({
      impl: t.SqlString(32),
      toDriver: (v) => v.join(),
      fromDriver: (v) => v.split(","),
    }),
    "VARCHAR(32)",
    "VARCHAR(32)",
    "VARCHAR(32)",
  ],
  "custom with its own DDL spelling": [
    t.customType<string, string>({ impl: t.Text(), ddl: "inet", toDriver: (v) => v, fromDriver: (v) => v }),
    "inet",
    "inet",
    "inet",
  ],
  "custom on custom on Enum": [
    t.customType({
      impl: t.customType({ impl: Mood, toDriver: (v: "happy" | "sad") => v, fromDriver: (v) => v }),
      toDriver: (v: boolean) => (v ? "happy" : "sad"),
      fromDriver: (v) => v === "happy",
    }),
    '"mood"',
    "ENUM('happy', 'sad')",
    "VARCHAR(5)",
  ],
};

/** `typeSql`, or `!ErrorClass` when it throws. */
function ddl(dialect: Dialect, type: t.SqlType): string {
  try {
    return dialect.typeSql(type);
  } catch (e) {
    if (e instanceof ArgumentError) return ARGUMENT;
    if (e instanceof NotSupportedError) return NOT_SUPPORTED;
    throw e;
  }
}

describe("typeSql: golden DDL type names", () => {
  for (const [name, [type, ...expected]] of Object.entries(GOLDEN)) {
    it(name, () => {
      expect([ddl(dialects.postgresql, type), ddl(dialects.mysql, type), ddl(dialects.sqlite, type)]).toEqual(expected);
    });
  }

  it("explains what does not compile", () => {
    expect(() => dialects.mysql.typeSql(t.SqlString())).toThrow("VARCHAR requires a length on mysql");
    expect(() => dialects.mysql.typeSql(t.Interval())).toThrow(/intervalType/);
    expect(() => dialects.sqlite.typeSql(t.Interval())).toThrow(/intervalType/);
    expect(() => dialects.mysql.typeSql(t.Numeric(70, 2))).toThrow(/at most 65 digits/);
    expect(() => dialects.mysql.typeSql(t.Enum(["a "]))).toThrow(/trailing spaces/);
    expect(() => dialects.postgresql.typeSql(t.Enum(["a"]))).toThrow(/name it: Enum/);
  });

  it("refuses a user subclass of SqlType that claims a built-in kind", () => {
    class Fake extends t.SqlType<string> {
      readonly kind = "string" as const;
      toString(): string {
        return "Fake";
      }
      get cacheKey(): string {
        return "fake";
      }
      bind(v: unknown): unknown {
        return v;
      }
      result(v: unknown): string {
        return String(v);
      }
    }
    expect(() => dialects.sqlite.typeSql(new Fake())).toThrow(/customType\(\)/);
  });
});

describe("enums by dialect", () => {
  const Status = t.Enum(["todo", "done"]);
  const column = { table: "tasks", column: "status" };

  it("name an unnamed PostgreSQL enum after its column", () => {
    expect(dialects.postgresql.typeSql(Status, column)).toBe('"tasks_status_enum"');
    expect(dialects.postgresql.typeSql(Mood, column)).toBe('"mood"');
    expect(dialects.mysql.typeSql(Status, column)).toBe("ENUM('todo', 'done')");
    expect(dialects.sqlite.typeSql(Status, column)).toBe("VARCHAR(4)");
  });

  it("declare how each dialect stores them", () => {
    expect(dialects.postgresql.capabilities.enumStyle).toBe("named-type");
    expect(dialects.mysql.capabilities.enumStyle).toBe("inline");
    expect(dialects.sqlite.capabilities.enumStyle).toBe("check");
  });

  it("give the CHECK condition with quoted identifiers and literals", () => {
    expect(dialects.sqlite.enumCheckSql(Status, "status")).toBe(`"status" IN ('todo', 'done')`);
    expect(dialects.sqlite.enumCheckSql(t.Enum(["it's"]), 'we"ird')).toBe(`"we""ird" IN ('it''s')`);
    expect(dialects.mysql.enumCheckSql(t.Enum(["a\\'"]), "c")).toBe("`c` IN ('a\\\\''')");
  });
});

describe("quoteString", () => {
  const hostile = ["", "plain", "it's", "''", "a\\b", "\\'; DROP TABLE x; --", "ünï 😀", "new\nline"];

  it("doubles quotes on SQLite, leaving backslashes alone", () => {
    expect(hostile.map((s) => dialects.sqlite.quoteString(s))).toEqual([
      "''",
      "'plain'",
      "'it''s'",
      "''''''",
      "'a\\b'",
      "'\\''; DROP TABLE x; --'",
      "'ünï 😀'",
      "'new\nline'",
    ]);
  });

  it("on PostgreSQL, writes a string with a backslash as E'…' (whatever standard_conforming_strings is)", () => {
    expect(hostile.map((s) => dialects.postgresql.quoteString(s))).toEqual([
      "''",
      "'plain'",
      "'it''s'",
      "''''''",
      "E'a\\\\b'",
      "E'\\\\''; DROP TABLE x; --'",
      "'ünï 😀'",
      "'new\nline'",
    ]);
  });

  it("also escapes backslashes on MySQL", () => {
    expect(hostile.map((s) => dialects.mysql.quoteString(s))).toEqual([
      "''",
      "'plain'",
      "'it''s'",
      "''''''",
      "'a\\\\b'",
      "'\\\\''; DROP TABLE x; --'",
      "'ünï 😀'",
      "'new\nline'",
    ]);
  });
});

describe("Numeric() on MySQL is DECIMAL(65, 30)", () => {
  it("refuses a bind value with more fractional digits than DECIMAL(65, 30) keeps", () => {
    const bind = dialects.mysql.processors(t.Numeric()).bind;
    const thirty = `0.${"1".repeat(30)}`;
    expect(bind(thirty)).toBe(thirty);
    expect(bind(`${thirty}000`)).toBe(`${thirty}000`);
    expect(() => bind(`${thirty}1`)).toThrow(/more than 30 fractional digits/);
    // Other dialects keep every digit of an unconstrained NUMERIC (or refuse by significant digits).
    expect(dialects.postgresql.processors(t.Numeric()).bind(`${thirty}1`)).toBe(`${thirty}1`);
  });
});

describe("capabilities", () => {
  it("say which dialects have an interval type", () => {
    expect(dialects.postgresql.capabilities.intervalType).toBe(true);
    expect(dialects.mysql.capabilities.intervalType).toBe(false);
    expect(dialects.sqlite.capabilities.intervalType).toBe(false);
  });
});
