import { describe, expect, it } from "vitest";
import { ArgumentError, InvalidRequestError, ResourceClosedError } from "../../src/errors/errors.js";
import { Result, rowToArray, rowToObject } from "../../src/result/index.js";

type Users = Result<[number, string, string | null], { id: number; name: string; email: string | null }>;

/** A buffered result over (id, name, email) rows 1..count. */
function users(count: number): Users {
  return Result.fromRows({
    keys: ["id", "name", "email"],
    rows: Array.from({ length: count }, (_, i) => [i + 1, `u${i + 1}`, i % 2 === 0 ? `u${i + 1}@x` : null]),
    rowcount: count,
    lastrowid: 7,
  });
}

describe("Result.fromRows()", () => {
  it("builds a result over the rows given, with their metadata", () => {
    const r = Result.fromRows<[number, string], { id: number; name: string }>({
      keys: ["id", "name"],
      rows: [
        [1, "Ann"],
        [2, "Bo"],
      ],
      rowcount: 2,
      insertedPrimaryKey: [2],
    });
    expect(r).toBeInstanceOf(Result);
    expect(r.keys()).toEqual(["id", "name"]);
    expect(r.rowcount).toBe(2);
    expect(r.insertedPrimaryKey).toEqual([2]);
    expect(r.all().map((row) => row.name)).toEqual(["Ann", "Bo"]);
  });

  it("with no keys, is a result that returns no rows", () => {
    const r = Result.fromRows({ keys: [], rows: [], rowcount: 3 });
    expect(r.returnsRows).toBe(false);
    expect(r.rowcount).toBe(3);
    expect(() => r.all()).toThrow(ResourceClosedError);
  });
});

describe("Result.columns()", () => {
  it("chooses and reorders columns by name or position", () => {
    const r = users(2).columns("email", 0);
    expect(r.keys()).toEqual(["email", "id"]);
    const rows = r.all();
    expect(rows.map((row) => rowToArray(row))).toEqual([
      ["u1@x", 1],
      [null, 2],
    ]);
    expect(rowToObject(rows[0]!)).toEqual({ email: "u1@x", id: 1 });
    expect(rows[0]!.email).toBe("u1@x");
  });

  it("reads the same rows as its result: what one hands out, the other does not", () => {
    const base = users(3);
    const names = base.columns("name");
    expect(rowToArray(base.fetchOne()!)).toEqual([1, "u1", "u1@x"]);
    expect(names.fetchOne()!.name).toBe("u2");
    expect(base.all().map((row) => row.id)).toEqual([3]);
    expect(names.all()).toEqual([]);
  });

  it("keeps rowcount, lastrowid and insertedPrimaryKey; closing it closes the result", () => {
    const base = users(2);
    const r = base.columns(1);
    expect(r.rowcount).toBe(2);
    expect(r.lastrowid).toBe(7);
    r.close();
    expect(base.closed).toBe(true);
    expect(() => base.all()).toThrow(ResourceClosedError);
  });

  it("may repeat a column (the repeated name is ambiguous, positions are not)", () => {
    const row = users(1).columns("id", "id").one();
    expect(rowToArray(row)).toEqual([1, 1]);
    expect(() => row.id).toThrow(InvalidRequestError);
  });

  it("has the other views: scalars(), mappings(), tuples(), and columns() again", () => {
    expect(users(2).columns("name", "id").scalars().all()).toEqual(["u1", "u2"]);
    expect(users(1).columns(2).mappings().all()).toEqual([{ email: "u1@x" }]);
    expect(users(1).columns("name", "id").tuples().one()).toEqual(["u1", 1]);
    expect(rowToArray(users(1).columns("email", "name", "id").columns(2, 0).one())).toEqual([1, "u1@x"]);
  });

  it("a unique() result stays unique, by the chosen columns", () => {
    const r = Result.fromRows({
      keys: ["a", "b"],
      rows: [
        [1, "x"],
        [1, "y"],
        [2, "x"],
      ],
    });
    expect(r.unique().columns("a").scalars().all()).toEqual([1, 2]);
  });

  it("rejects no columns, a position out of range, an unknown name", () => {
    expect(() => users(1).columns()).toThrow(ArgumentError);
    expect(() => users(1).columns(3)).toThrow(/out of range/);
    // @ts-expect-error: no such column
    expect(() => users(1).columns("nope")).toThrow(/Could not locate column 'nope'/);
  });

  it("on a result that returns no rows, is one too", () => {
    const r = Result.fromRows({ keys: [], rows: [], rowcount: 1 }).columns(0);
    expect(r.returnsRows).toBe(false);
    expect(r.rowcount).toBe(1);
    expect(() => r.all()).toThrow(ResourceClosedError);
  });
});

describe("Result.tuples()", () => {
  it("yields plain arrays of the row values, which have array methods", () => {
    const tuples = users(2).tuples().all();
    expect(tuples).toEqual([
      [1, "u1", "u1@x"],
      [2, "u2", null],
    ]);
    expect(Array.isArray(tuples[0])).toBe(true);
    expect(tuples.map((t) => t.map(String).join("|"))).toEqual(["1|u1|u1@x", "2|u2|null"]);
  });

  it("reads the same rows as its result and follows unique()", () => {
    const base = Result.fromRows({ keys: ["a"], rows: [[1], [1], [2], [3]] });
    base.fetchOne();
    expect(base.unique().tuples().all()).toEqual([[1], [2], [3]]);
    expect(base.all()).toEqual([]);
  });
});
