// compile(stmt, dialect, params, { literalBinds: true }): every bound value written into the SQL as a
// literal, after its type's codec, in each dialect's spelling; values without a safe literal are refused.
import { describe, expect, it } from "vitest";
import {
  BigInteger,
  bindparam,
  compile,
  type CompileTarget,
  DataError,
  ArgumentError,
  DateTime,
  Enum,
  Float,
  insert,
  Integer,
  Interval,
  JSON as SqlJSON,
  LargeBinary,
  literal,
  Numeric,
  select,
  Boolean as SqlBoolean,
  Date as SqlDate,
  String as SqlString,
  type SqlExpression,
  text,
  Time,
  UUID,
  customType,
  column,
  CreateTable,
  MetaData,
  Table,
  Text,
} from "../../src/index.js";
import { users } from "./compile-fixtures.js";

/** The literal `expr` compiles to, alone in a select list. */
function lit(expr: SqlExpression, dialect: CompileTarget): string {
  const { sql, params } = compile(select(expr.label("v")), dialect, undefined, { literalBinds: true });
  expect(params).toEqual([]);
  const m = /^SELECT (.*) AS [`"]v[`"]$/s.exec(sql);
  if (!m?.[1]) throw new Error(`unexpected SQL: ${sql}`);
  return m[1];
}

const when = new Date(Date.UTC(2024, 2, 10, 7, 30, 0, 123));

/** Each value kind with what each dialect writes for it. */
const KINDS: readonly [string, () => SqlExpression, { postgresql: string; mysql: string; sqlite: string }][] = [
  [
    "plain string",
    () => literal("plain", SqlString()),
    { postgresql: "'plain'::VARCHAR", mysql: "'plain'", sqlite: "'plain'" },
  ],
  [
    "quotes doubled",
    () => literal("it's", SqlString()),
    { postgresql: "'it''s'::VARCHAR", mysql: "'it''s'", sqlite: "'it''s'" },
  ],
  [
    "a backslash",
    () => literal("\\'; x", SqlString()),
    { postgresql: "E'\\\\''; x'::VARCHAR", mysql: "_utf8mb4 X'5c273b2078'", sqlite: "'\\''; x'" },
  ],
  [
    "unicode and a newline",
    () => literal("Zoë 🚀\nb", SqlString()),
    { postgresql: "'Zoë 🚀\nb'::VARCHAR", mysql: "'Zoë 🚀\nb'", sqlite: "'Zoë 🚀\nb'" },
  ],
  ["integer", () => literal(42, Integer()), { postgresql: "42::INTEGER", mysql: "42", sqlite: "42" }],
  [
    "negative integer",
    () => literal(-42, Integer()),
    { postgresql: "(-42)::INTEGER", mysql: "(-42)", sqlite: "(-42)" },
  ],
  [
    "bigint",
    () => literal(-9007199254740993n, BigInteger()),
    { postgresql: "(-9007199254740993)::BIGINT", mysql: "(-9007199254740993)", sqlite: "(-9007199254740993)" },
  ],
  ["numeric", () => literal("12.50", Numeric(10, 2)), { postgresql: "12.50::NUMERIC", mysql: "12.50", sqlite: "12.5" }],
  [
    "float",
    () => literal(1.5e-7, Float()),
    { postgresql: "1.5e-7::DOUBLE PRECISION", mysql: "1.5e-7", sqlite: "1.5e-7" },
  ],
  ["true", () => literal(true, SqlBoolean()), { postgresql: "TRUE::BOOLEAN", mysql: "TRUE", sqlite: "TRUE" }],
  ["false", () => literal(false, SqlBoolean()), { postgresql: "FALSE::BOOLEAN", mysql: "FALSE", sqlite: "FALSE" }],
  [
    "naive datetime",
    () => literal(when, DateTime()),
    {
      postgresql: "'2024-03-10 07:30:00.123'::TIMESTAMP",
      mysql: "'2024-03-10 07:30:00.123'",
      sqlite: "'2024-03-10 07:30:00.123'",
    },
  ],
  [
    "datetime with a time zone",
    () => literal(when, DateTime({ timezone: true })),
    {
      postgresql: "'2024-03-10T07:30:00.123Z'::TIMESTAMPTZ",
      mysql: "'2024-03-10 07:30:00.123'",
      sqlite: "'2024-03-10 07:30:00.123'",
    },
  ],
  [
    "date",
    () => literal("2024-02-29", SqlDate()),
    { postgresql: "'2024-02-29'::DATE", mysql: "'2024-02-29'", sqlite: "'2024-02-29'" },
  ],
  [
    "time",
    () => literal("12:34:56.5", Time()),
    { postgresql: "'12:34:56.5'::TIME", mysql: "'12:34:56.5'", sqlite: "'12:34:56.5'" },
  ],
  ["interval", () => literal("P1DT2H", Interval()), { postgresql: "'P1DT2H'::INTERVAL", mysql: "", sqlite: "" }],
  [
    "uuid",
    () => literal("123E4567-E89B-12D3-A456-426614174000", UUID()),
    {
      postgresql: "'123e4567-e89b-12d3-a456-426614174000'::UUID",
      mysql: "'123e4567-e89b-12d3-a456-426614174000'",
      sqlite: "'123e4567-e89b-12d3-a456-426614174000'",
    },
  ],
  ["enum", () => literal("todo", Enum(["todo", "done"])), { postgresql: "'todo'", mysql: "'todo'", sqlite: "'todo'" }],
  [
    "JSON",
    () => literal({ a: "x'y", n: [1, null] }, SqlJSON()),
    {
      postgresql: `'{"a":"x''y","n":[1,null]}'::JSON`,
      mysql: `'{"a":"x''y","n":[1,null]}'`,
      sqlite: `'{"a":"x''y","n":[1,null]}'`,
    },
  ],
  [
    "JSON with a backslash",
    () => literal({ q: '"' }, SqlJSON()),
    { postgresql: `E'{"q":"\\\\""}'::JSON`, mysql: "_utf8mb4 X'7b2271223a225c22227d'", sqlite: `'{"q":"\\""}'` },
  ],
  [
    "binary",
    () => literal(Buffer.from([0, 255, 92]), LargeBinary()),
    { postgresql: "E'\\\\x00ff5c'::BYTEA", mysql: "X'00ff5c'", sqlite: "X'00ff5c'" },
  ],
  [
    "a custom type, through its codec",
    () =>
      literal(
        new Set(["a", "b"]),
        customType({
          impl: SqlString(),
          toDriver: (s: Set<string>) => [...s].join(","),
          fromDriver: (v) => new Set(v.split(",")),
        }),
      ),
    { postgresql: "'a,b'::VARCHAR", mysql: "'a,b'", sqlite: "'a,b'" },
  ],
  ["NULL", () => literal(null, Integer()), { postgresql: "NULL::INTEGER", mysql: "NULL", sqlite: "NULL" }],
  [
    "untyped string",
    () => literal("x", undefined as never),
    { postgresql: "'x'::VARCHAR", mysql: "'x'", sqlite: "'x'" },
  ],
];

describe("literalBinds: each value kind in each dialect", () => {
  for (const dialect of ["postgresql", "mysql", "sqlite"] as const) {
    for (const [kind, make, expected] of KINDS) {
      if (expected[dialect] === "") continue;
      it(`${dialect}: ${kind}`, () => {
        expect(lit(make(), dialect)).toBe(expected[dialect]);
      });
    }
  }

  it("untyped values are written as the dialect would bind them", () => {
    const q = text("SELECT :s, :n, :b, :d, :bin, :o, :nil");
    const params = { s: "a'b", n: -1.5, b: true, d: when, bin: new Uint8Array([1, 2]), o: { k: [1] }, nil: null };
    const sql = (d: CompileTarget) => compile(q, d, params, { literalBinds: true }).sql;
    expect(sql("postgresql")).toBe(
      `SELECT 'a''b', (-1.5), TRUE, '2024-03-10T07:30:00.123Z', E'\\\\x0102'::BYTEA, '{"k":[1]}', NULL`,
    );
    expect(sql("mysql")).toBe(`SELECT 'a''b', (-1.5), 1, '2024-03-10 07:30:00.123', X'0102', '{"k":[1]}', NULL`);
    expect(sql("sqlite")).toBe(`SELECT 'a''b', (-1.5), 1, '2024-03-10 07:30:00.123', X'0102', '{"k":[1]}', NULL`);
    expect(sql(undefined)).toBe(`SELECT 'a''b', (-1.5), TRUE, '2024-03-10 07:30:00.123', X'0102', '{"k":[1]}', NULL`);
  });
});

describe("literalBinds: statements", () => {
  it("an INSERT of a row, with no parameters left", () => {
    const stmt = insert(users).values({ id: 1, name: "O'Hara", email: null });
    expect(compile(stmt, "postgresql", undefined, { literalBinds: true })).toEqual({
      sql: `INSERT INTO "users" ("id", "name", "email", "logins") VALUES (1::INTEGER, 'O''Hara'::VARCHAR, NULL::VARCHAR, 0::INTEGER)`,
      params: [],
    });
    expect(stmt.compile("mysql", undefined, { literalBinds: true }).sql).toBe(
      "INSERT INTO `users` (`id`, `name`, `email`, `logins`) VALUES (1, 'O''Hara', NULL, 0)",
    );
  });

  it("named parameters take their values from params, else their defaults; a missing one is an ArgumentError", () => {
    const stmt = select(users.c.id).where(
      users.c.id.eq(bindparam("id", Integer())),
      users.c.name.ne(bindparam("n", SqlString(), "x")),
    );
    expect(compile(stmt, "sqlite", { id: 7 }, { literalBinds: true }).sql).toBe(
      `SELECT "users"."id" FROM "users" WHERE ("users"."id" = 7) AND ("users"."name" <> 'x')`,
    );
    expect(() => compile(stmt, "sqlite", {}, { literalBinds: true })).toThrow(ArgumentError);
    expect(() => compile(stmt, "sqlite", {}, { literalBinds: true })).toThrow(/bind parameter 'id'/);
    expect(() => compile(text("SELECT :a"), "sqlite", {}, { literalBinds: true })).toThrow(/bind parameter 'a'/);
  });

  it("an insert(table) planned from params", () => {
    expect(compile(insert(users), "sqlite", { id: 2, name: "Bo", email: "b@x" }, { literalBinds: true }).sql).toBe(
      `INSERT INTO "users" ("id", "name", "email", "logins") VALUES (2, 'Bo', 'b@x', 0)`,
    );
  });

  it("a negative literal never forms a -- comment, or loses its sign to a cast", () => {
    expect(lit(literal(-3, Integer()).neg(), "sqlite")).toBe("-(-3)");
    expect(lit(literal(-3, Integer()).neg(), "postgresql")).toBe("-(-3)::INTEGER");
    expect(compile(text("SELECT 1-:x"), "mysql", { x: -1 }, { literalBinds: true }).sql).toBe("SELECT 1-(-1)");
  });

  it("SQLite's ILIKE uses lower(), not the function only Athanor's connections define", () => {
    const stmt = select(users.c.id).where(users.c.name.ilike("ä%"));
    expect(compile(stmt, "sqlite").sql).toContain("athanor_casefold(");
    expect(compile(stmt, "sqlite", undefined, { literalBinds: true }).sql).toBe(
      `SELECT "users"."id" FROM "users" WHERE lower("users"."name") LIKE lower('ä%')`,
    );
  });

  it("LIKE's ESCAPE character is written as a value is", () => {
    const stmt = select(users.c.id).where(users.c.name.like("a\\%", { escape: "\\" }));
    expect(compile(stmt, "mysql", undefined, { literalBinds: true }).sql).toBe(
      "SELECT `users`.`id` FROM `users` WHERE `users`.`name` LIKE _utf8mb4 X'615c25' ESCAPE _utf8mb4 X'5c'",
    );
  });

  it("values the codec refuses are the codec's DataError, naming the parameter", () => {
    const stmt = select(users.c.id).where(users.c.id.eq(bindparam("id", Integer())));
    expect(() => compile(stmt, "postgresql", { id: 1.5 }, { literalBinds: true })).toThrow(
      /Bind parameter 'id' \(#1\) cannot be written as a literal: Integer cannot take 1\.5/,
    );
  });
});

describe("literalBinds: values without a safe literal are a DataError naming their position", () => {
  const refused: readonly [string, () => SqlExpression, RegExp][] = [
    ["NaN", () => literal(Number.NaN, Float()), /#1 .*NaN/],
    ["Infinity", () => literal(Number.POSITIVE_INFINITY, Float()), /Infinity has no SQL literal/],
    ["a NUL character", () => literal("a\u0000b", SqlString()), /NUL character/],
    ["a lone high surrogate", () => literal("a\uD83D", SqlString()), /lone UTF-16 surrogate/],
    ["a lone low surrogate", () => literal("\uDE80b", SqlString()), /lone UTF-16 surrogate/],
    [
      "an object without a type",
      () => literal(new Map([[1, 2]]) as never, undefined as never),
      /\[object Map\] has no SQL literal/,
    ],
  ];
  for (const dialect of ["postgresql", "mysql", "sqlite", undefined] as const) {
    for (const [what, make, message] of refused) {
      it(`${dialect ?? "generic"}: ${what}`, () => {
        let error: unknown;
        try {
          lit(make(), dialect);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DataError);
        expect((error as Error).message).toMatch(message);
      });
    }
  }

  it("the position counts the literals written before it", () => {
    const stmt = select(users.c.id).where(users.c.name.eq("a"), users.c.email.eq("b\u0000"));
    expect(() => compile(stmt, "sqlite", undefined, { literalBinds: true })).toThrow(/Bind parameter #2 /);
  });
});

describe("DDL literals come from the same renderer", () => {
  it("a server default goes through its type's codec, so date and JSON defaults can be written", () => {
    const t = new Table("ddl_lit", new MetaData(), {
      id: column(Integer()).primaryKey(),
      at: column(DateTime()).serverDefault(literal(when, DateTime())),
      doc: column(Text()).serverDefault(literal({ a: 1 }, SqlJSON()) as never),
      neg: column(Float()).serverDefault(literal(-1.5, Float())),
      path: column(SqlString(20)).serverDefault("C:\\tmp"),
    });
    const sql = (dialect: CompileTarget) => new CreateTable(t).compile(dialect).sql;
    expect(sql("postgresql")).toContain(`"at" TIMESTAMP(3) DEFAULT '2024-03-10 07:30:00.123' NOT NULL`);
    expect(sql("postgresql")).toContain(`"doc" TEXT DEFAULT '{"a":1}' NOT NULL`);
    expect(sql("postgresql")).toContain(`"neg" DOUBLE PRECISION DEFAULT -1.5 NOT NULL`);
    expect(sql("postgresql")).toContain(`"path" VARCHAR(20) DEFAULT E'C:\\\\tmp' NOT NULL`);
    expect(sql("mysql")).toContain("`at` DATETIME(3) DEFAULT '2024-03-10 07:30:00.123' NOT NULL");
    expect(sql("mysql")).toContain("`path` VARCHAR(20) DEFAULT 'C:\\\\tmp' NOT NULL");
    expect(sql("sqlite")).toContain(`"path" VARCHAR(20) DEFAULT 'C:\\tmp' NOT NULL`);
  });
});
