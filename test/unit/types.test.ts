import { describe, expect, it } from "vitest";
import { ArgumentError, DataError } from "../../src/errors/index.js";
import * as t from "../../src/types/index.js";

/** The DataError message a bad bind value gives, or "" when it was accepted. */
function refusal(type: t.SqlType, value: unknown, direction: "bind" | "result" = "bind"): string {
  try {
    if (direction === "bind") type.bind(value);
    else type.result(value);
    return "";
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
}

describe("Integer and SmallInteger", () => {
  it("bind safe integers (and bigints in range) as numbers", () => {
    expect(t.Integer().bind(2147483647)).toBe(2147483647);
    expect(t.Integer().bind(-5n)).toBe(-5);
    expect(t.SmallInteger().bind(-32768)).toBe(-32768);
  });
  it("refuse fractions, unsafe integers and non-numbers", () => {
    expect(refusal(t.Integer(), 1.5)).toMatch(/Integer cannot take 1.5: not a safe integer/);
    expect(refusal(t.Integer(), 2 ** 53)).toMatch(/not a safe integer/);
    expect(refusal(t.Integer(), 2n ** 60n)).toMatch(/use BigInteger/);
    expect(refusal(t.Integer(), "1")).toMatch(/expected an integer number/);
  });
  it("decode numbers, numeric strings, bigints and booleans", () => {
    expect(t.Integer().result("42")).toBe(42);
    expect(t.Integer().result(7n)).toBe(7);
    expect(t.Integer().result(true)).toBe(1);
    expect(refusal(t.Integer(), "9007199254740993", "result")).toMatch(/BigInteger/);
  });
});

describe("BigInteger", () => {
  it("binds bigints, safe integers and digit strings within 64 bits", () => {
    const b = t.BigInteger();
    expect(b.bind(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(b.bind(12)).toBe(12n);
    expect(b.bind("-9223372036854775808")).toBe(-(2n ** 63n));
    expect(refusal(b, 2n ** 63n)).toMatch(/signed 64-bit/);
    expect(refusal(b, 1.5)).toMatch(/expected a bigint/);
  });
  it("decodes to bigint", () => {
    expect(t.BigInteger().result("9007199254740993")).toBe(9007199254740993n);
    expect(t.BigInteger().result(3)).toBe(3n);
  });
});

describe("Numeric", () => {
  it("binds plain decimal strings from strings, numbers and bigints", () => {
    const n = t.Numeric(20, 4);
    expect(n.bind("1e3")).toBe("1000");
    expect(n.bind(0.5)).toBe("0.5");
    expect(n.bind(12n)).toBe("12");
    expect(n.bind("-0.0001")).toBe("-0.0001");
    expect(n.bind("1.50000")).toBe("1.50000");
  });
  it("refuses fractional digits beyond the scale: databases would round them silently", () => {
    expect(refusal(t.Numeric(10, 2), "1.234")).toMatch(/more than 2 fractional digits/);
    expect(refusal(t.Numeric(10), "1.5")).toMatch(/more than 0 fractional digits/);
    expect(refusal(t.Numeric(10), "2.000")).toBe("");
  });
  it("refuses what is not a finite decimal", () => {
    expect(refusal(t.Numeric(), "abc")).toMatch(/not a finite decimal/);
    expect(refusal(t.Numeric(), Number.POSITIVE_INFINITY)).toMatch(/not a finite decimal/);
    expect(refusal(t.Numeric(), null)).toMatch(/not a finite decimal/);
  });
  it("pads results to the scale, and drops trailing zeros without one", () => {
    expect(t.Numeric(10, 2).result("1.5")).toBe("1.50");
    expect(t.Numeric(10, 2).result(3)).toBe("3.00");
    expect(t.Numeric(10).result("7.000")).toBe("7");
    expect(t.Numeric().result("1.500000000000000000000000000000")).toBe("1.5");
    expect(t.Numeric().result("-0.000")).toBe("0");
    expect(t.Numeric().result("100")).toBe("100");
  });
  it("validates its declaration", () => {
    expect(() => t.Numeric(0)).toThrow(ArgumentError);
    expect(() => t.Numeric(5, 6)).toThrow(/from 0 to the precision/);
    expect(() => t.Numeric(undefined, 2)).toThrow(/needs a precision/);
    expect(t.Numeric(10).effectiveScale).toBe(0);
    expect(t.Numeric().effectiveScale).toBeUndefined();
  });
});

describe("Float", () => {
  it("binds numbers and decodes numeric text", () => {
    expect(t.Float().bind(0.1)).toBe(0.1);
    expect(t.Float().result("1.5e300")).toBe(1.5e300);
    expect(t.Float().result("NaN")).toBeNaN();
    expect(refusal(t.Float(), "1.5")).toMatch(/expected a number/);
    expect(refusal(t.Float(), "x", "result")).toMatch(/not a number/);
  });
  it("takes a precision in binary digits, 1 to 53", () => {
    expect(t.Float(24).precision).toBe(24);
    expect(t.Float(24).toString()).toBe("Float(24)");
    expect(() => t.Float(54)).toThrow(ArgumentError);
    expect(() => t.Float(0)).toThrow(ArgumentError);
  });
});

describe("Boolean", () => {
  it("binds booleans only and decodes every driver's spelling", () => {
    expect(t.SqlBoolean().bind(false)).toBe(false);
    expect(refusal(t.SqlBoolean(), 1)).toMatch(/expected true or false/);
    expect([1, 1n, "1", "t", "true", true].map((v) => t.SqlBoolean().result(v))).toEqual(Array(6).fill(true));
    expect([0, 0n, "0", "f", "false", false].map((v) => t.SqlBoolean().result(v))).toEqual(Array(6).fill(false));
    expect(refusal(t.SqlBoolean(), 2, "result")).toMatch(/not a boolean/);
  });
});

describe("String and Text", () => {
  it("bind strings and decode strings, buffers and numbers", () => {
    expect(t.SqlString(10).bind("héllo")).toBe("héllo");
    expect(refusal(t.SqlString(10), 5)).toMatch(/expected a string/);
    expect(t.Text().result(Buffer.from("ü"))).toBe("ü");
    expect(t.Text().result(12)).toBe("12");
  });
  it("validate the length", () => {
    expect(() => t.SqlString(0)).toThrow(ArgumentError);
    expect(() => t.SqlString(1.5)).toThrow(/positive integer/);
    expect(t.Text().text).toBe(true);
  });
});

describe("DateTime, Date and Time", () => {
  it("DateTime refuses an Invalid Date, naming it as such", () => {
    expect(() => t.DateTime().bind(new Date("nope"))).toThrow(/DateTime cannot take an Invalid Date/);
  });

  it("DateTime binds Dates and ISO strings, and decodes timestamps with offsets", () => {
    const when = new Date("2024-03-10T07:30:00.123Z");
    expect(t.DateTime().bind(when)).toBe(when);
    expect(t.DateTime().bind("2024-03-10T07:30:00.123Z")).toEqual(when);
    expect(t.DateTime().result("2024-03-10 02:30:00.123-05")).toEqual(when);
    expect(t.DateTime().result("2024-03-10 07:30:00.123000")).toEqual(when);
    expect(refusal(t.DateTime(), new Date(Number.NaN))).toMatch(/valid Date/);
    expect(refusal(t.DateTime(), "2024-03-10 07:30:00.1234", "result")).toMatch(/sub-millisecond/);
  });
  it("Date is a YYYY-MM-DD string", () => {
    expect(t.SqlDate().bind(new Date("2024-02-29T23:59:59Z"))).toBe("2024-02-29");
    expect(t.SqlDate().result("2024-02-29 00:00:00")).toBe("2024-02-29");
    expect(refusal(t.SqlDate(), "2024/02/29")).toMatch(/YYYY-MM-DD/);
  });
  it("Time is an HH:MM[:SS[.ffffff]] string", () => {
    expect(t.Time().bind("23:59:59.999999")).toBe("23:59:59.999999");
    expect(refusal(t.Time(), "23:59:59.9999999")).toMatch(/HH:MM/);
    expect(refusal(t.Time(), 5, "result")).toMatch(/not a time/);
  });
});

describe("JSON, UUID and LargeBinary", () => {
  it("JSON binds JSON text and decodes text, buffers and parsed values", () => {
    expect(t.SqlJSON().bind({ a: [1, "x"] })).toBe('{"a":[1,"x"]}');
    expect(refusal(t.SqlJSON(), undefined)).toMatch(/JSON cannot represent it/);
    expect(refusal(t.SqlJSON(), 1n)).toMatch(/JSON.stringify failed/);
    expect(t.SqlJSON().result('{"a":1}')).toEqual({ a: 1 });
    expect(t.SqlJSON().result(Buffer.from("[1]"))).toEqual([1]);
  });
  it("UUID is lower-cased and validated", () => {
    expect(t.UUID().bind("123E4567-E89B-12D3-A456-426614174000")).toBe("123e4567-e89b-12d3-a456-426614174000");
    expect(refusal(t.UUID(), "123e4567")).toMatch(/expected a UUID/);
    expect(t.UUID().result(Buffer.from("123e4567e89b12d3a456426614174000", "hex"))).toBe(
      "123e4567-e89b-12d3-a456-426614174000",
    );
  });
  it("LargeBinary binds Uint8Arrays as Buffers over the same bytes", () => {
    const bytes = Uint8Array.from([0, 255, 7]);
    const bound = t.LargeBinary().bind(bytes);
    expect(Buffer.isBuffer(bound)).toBe(true);
    expect([...bound]).toEqual([0, 255, 7]);
    expect(refusal(t.LargeBinary(), [0, 1])).toMatch(/Uint8Array/);
    expect(t.LargeBinary(16).toString()).toBe("LargeBinary(16)");
    expect(() => t.LargeBinary(-1)).toThrow(ArgumentError);
  });
});

describe("Enum", () => {
  const Status = t.Enum(["todo", "done"]);
  enum Mood {
    Happy = "happy",
    Sad = "sad",
    // An alias on purpose: Enum must list its value once.
    // eslint-disable-next-line @typescript-eslint/no-duplicate-enum-values
    Glad = "happy",
  }

  it("binds and decodes its values only, naming the allowed ones", () => {
    expect(Status.kind).toBe("enum");
    expect(Status.bind("done")).toBe("done");
    expect(refusal(Status, "later")).toBe('Enum("todo", "done") cannot take "later": expected one of "todo", "done"');
    expect(refusal(Status, "TODO")).toMatch(/expected one of/);
    expect(refusal(Status, 0)).toMatch(/expected one of/);
    expect(Status.result("todo")).toBe("todo");
    expect(Status.result(Buffer.from("done"))).toBe("done");
    expect(refusal(Status, "archived", "result")).toMatch(/not one of "todo", "done"/);
  });

  it("takes a TypeScript string enum, in declaration order, aliases once", () => {
    const m = t.Enum(Mood, { name: "mood" });
    expect(m.values).toEqual(["happy", "sad"]);
    expect(m.bind(Mood.Sad)).toBe("sad");
    expect(m.name).toBe("mood");
    expect(m.toString()).toBe("Enum mood");
  });

  it("is immutable and keeps its own copy of the values", () => {
    const values = ["a", "b"];
    const e = t.Enum(values);
    values.push("c");
    expect(e.values).toEqual(["a", "b"]);
    expect(Object.isFrozen(e.values)).toBe(true);
    expect(refusal(e, "c")).toMatch(/expected one of/);
  });

  it("refuses empty, repeated, non-string values and empty names", () => {
    expect(() => t.Enum([])).toThrow(ArgumentError);
    expect(() => t.Enum(["a", "b", "a"])).toThrow(/repeated: "a"/);
    enum Numeric {
      A,
      B,
    }
    expect(() => t.Enum(Numeric as unknown as Record<string, string>)).toThrow(/numeric TS enums/);
    expect(() => t.Enum(["a"], { name: "" })).toThrow(/non-empty/);
  });

  it("knows its longest value in characters, the empty string included", () => {
    expect(t.Enum(["a", "ééé", "😀😀"]).maxLength).toBe(3);
    expect(t.Enum(["", "x"]).bind("")).toBe("");
  });

  it("names its database type by the name option or the column", () => {
    expect(t.enumTypeName(t.Enum(["a"], { name: "mood" }), { table: "t", column: "c" })).toBe("mood");
    expect(t.enumTypeName(Status, { table: "tasks", column: "status" })).toBe("tasks_status_enum");
    expect(() => t.enumTypeName(Status)).toThrow(ArgumentError);
  });
});

describe("Interval", () => {
  const I = t.Interval();

  it("binds ISO 8601 durations in canonical form", () => {
    expect(I.kind).toBe("interval");
    expect(I.bind("P1Y2M3DT4H5M6.789S")).toBe("P1Y2M3DT4H5M6.789S");
    expect(I.bind("P14M")).toBe("P1Y2M");
    expect(I.bind("P2W")).toBe("P14D");
    expect(I.bind("PT90M")).toBe("PT1H30M");
    expect(I.bind("PT36H")).toBe("PT36H"); // hours are not days
    expect(I.bind("P-1DT2H")).toBe("P-1DT2H");
    expect(I.bind("-P1DT2H")).toBe("P-1DT-2H");
    expect(I.bind("pt1,5s")).toBe("PT1.5S");
    expect(I.bind("P0D")).toBe("PT0S");
    expect(I.bind("PT0.000001S")).toBe("PT0.000001S");
    expect(I.bind("P-1Y2M")).toBe("P-10M");
  });

  it("binds parts objects (and so Temporal.Duration)", () => {
    expect(I.bind({ days: 1, hours: 2 })).toBe("P1DT2H");
    expect(I.bind({ minutes: -90 })).toBe("PT-1H-30M");
    expect(I.bind({ seconds: 0.1, milliseconds: 5, microseconds: 7n })).toBe("PT0.105007S");
    expect(I.bind({ years: 1, weeks: 1, nanoseconds: 3000 })).toBe("P1Y7DT0.000003S");
    expect(I.bind({})).toBe("PT0S");
  });

  it("decodes every PostgreSQL output style but sql_standard", () => {
    expect(I.result("1 year 2 mons 3 days 04:05:06.789")).toBe("P1Y2M3DT4H5M6.789S");
    expect(I.result("-1 days +02:03:04.5")).toBe("P-1DT2H3M4.5S");
    expect(I.result("00:00:00")).toBe("PT0S");
    expect(I.result("-00:00:00.5")).toBe("PT-0.5S");
    expect(I.result("100:00:00")).toBe("PT100H");
    expect(I.result("@ 1 day -2 hours -3 mins -4.5 secs ago")).toBe("P-1DT2H3M4.5S");
    expect(I.result("P-1DT-2H-3M-4.5S")).toBe("P-1DT-2H-3M-4.5S");
    expect(refusal(I, "+0-0 -1 +2:03:04.5", "result")).toMatch(/sql_standard/);
  });

  it("holds PostgreSQL's extremes exactly", () => {
    const max = "178956970 years 7 mons 2147483647 days 2562047788:00:54.775807";
    const min = "-178956970 years -8 mons -2147483648 days -2562047788:00:54.775808";
    expect(I.result(max)).toBe("P178956970Y7M2147483647DT2562047788H54.775807S");
    expect(I.result(min)).toBe("P-178956970Y-8M-2147483648DT-2562047788H-54.775808S");
    expect(t.intervalFields(min)).toEqual({ months: -(2 ** 31), days: -(2 ** 31), microseconds: -(2n ** 63n) });
  });

  it("refuses what PostgreSQL would round or cannot hold, and what is not an interval", () => {
    expect(refusal(I, "PT0.0000001S")).toMatch(/sub-microsecond/);
    expect(refusal(I, "P1.5D")).toMatch(/days must be whole/);
    expect(refusal(I, { hours: 1.5 })).toMatch(/hours must be whole/);
    expect(refusal(I, { nanoseconds: 1 })).toMatch(/whole microseconds/);
    expect(refusal(I, { hour: 1 })).toMatch(/unknown interval part "hour"/);
    expect(refusal(I, { days: Number.NaN })).toMatch(/finite number/);
    expect(refusal(I, "P2147483648D")).toMatch(/days out of the 32-bit range/);
    expect(refusal(I, "P178956971Y")).toMatch(/months out of the 32-bit range/);
    expect(refusal(I, "PT2562047789H")).toMatch(/64-bit microsecond range/);
    for (const bad of ["", "P", "PT", "P1DT", "1 fortnight", "1 day 2", "P1S", "T1H", "yesterday"]) {
      expect(refusal(I, bad), bad).toMatch(/not an ISO 8601 duration/);
    }
    expect(refusal(I, 3600)).toMatch(/expected an ISO 8601 duration string/);
    expect(refusal(I, new Date())).toMatch(/expected an ISO 8601 duration string/);
    expect(refusal(I, [1])).toMatch(/expected an ISO 8601 duration string/);
  });

  it("gives the fields for arithmetic, and formats them back", () => {
    const f = t.intervalFields("P1Y2M3DT4H");
    expect(f).toEqual({ months: 14, days: 3, microseconds: 14_400_000_000n });
    expect(t.formatInterval(f)).toBe("P1Y2M3DT4H");
    expect(() => t.intervalFields("nope")).toThrow(DataError);
  });
});

describe("custom types", () => {
  it("encode through their impl, Enum included", () => {
    const Level = t.customType<number, "low" | "high">({
      impl: t.Enum(["low", "high"]),
      name: "Level",
      toDriver: (v) => (v > 5 ? "high" : "low"),
      fromDriver: (v) => (v === "high" ? 10 : 0),
    });
    expect(Level.bind(7)).toBe("high");
    expect(Level.result("low")).toBe(0);
    expect(refusal(Level, "medium", "result")).toMatch(/not one of/);
  });
});

describe("storedType and declaredDdl", () => {
  const wrap = <I>(impl: t.SqlType<I>, ddl?: string) =>
    t.customType<I, I>({ impl, ...(ddl === undefined ? {} : { ddl }), toDriver: (v) => v, fromDriver: (v) => v });

  it("unwrap custom types to the type stored, through every level", () => {
    const inner = t.String(32);
    expect(t.storedType(wrap(wrap(inner)))).toBe(inner);
    expect(t.storedType(inner)).toBe(inner);
  });

  it("find the outermost DDL spelling a custom type declares", () => {
    expect(t.declaredDdl(wrap(wrap(t.Text(), "inet")))).toBe("inet");
    expect(t.declaredDdl(wrap(wrap(t.Text(), "inet"), "cidr"))).toBe("cidr");
    expect(t.declaredDdl(wrap(t.Text()))).toBeUndefined();
    expect(t.declaredDdl(t.Text())).toBeUndefined();
  });
});
