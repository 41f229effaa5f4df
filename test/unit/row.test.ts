import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../src/errors/errors.js";
import { isRow, Result, rowKeys, rowToArray, rowToObject, type Row } from "../../src/result/index.js";

/** One row over `keys` and `values`, made the way the engine makes them. */
function makeRow<T extends readonly unknown[] = unknown[], N extends object = Record<string, unknown>>(
  keys: readonly string[],
  values: readonly unknown[],
): Row<T, N> {
  return new Result<T, N>({ keys, rows: [values] }).one();
}

describe("Row: tuple and named access", () => {
  const row = makeRow<[number, string], { id: number; name: string }>(["id", "name"], [1, "a"]);

  it("reads by index and by name", () => {
    expect(row[0]).toBe(1);
    expect(row[1]).toBe("a");
    expect(row.id).toBe(1);
    expect(row.name).toBe("a");
    expect((row as unknown as Record<number, unknown>)[2]).toBeUndefined();
  });

  it("has the column count as length", () => {
    expect(row.length).toBe(2);
  });

  it("spreads, destructures and iterates like a tuple", () => {
    expect([...row]).toEqual([1, "a"]);
    const [id, name] = row;
    expect([id, name]).toEqual([1, "a"]);
    const seen: unknown[] = [];
    for (const value of row) seen.push(value);
    expect(seen).toEqual([1, "a"]);
    expect(Array.from(row)).toEqual([1, "a"]);
  });

  it("is not an array and has no array methods", () => {
    expect(Array.isArray(row)).toBe(false);
    expect("map" in row).toBe(false);
    expect("filter" in row).toBe(false);
    expect((row as unknown as Record<string, unknown>).slice).toBeUndefined();
  });

  it("cannot be assigned to", () => {
    expect(() => {
      (row as unknown as Record<string, unknown>).id = 2;
    }).toThrow(TypeError);
    expect(() => {
      (row as unknown as Record<number, unknown>)[0] = 2;
    }).toThrow(TypeError);
    expect(row.id).toBe(1);
  });

  it("serializes to an object of names with JSON.stringify", () => {
    expect(JSON.stringify(row)).toBe('{"id":1,"name":"a"}');
    expect(JSON.stringify([row, row])).toBe('[{"id":1,"name":"a"},{"id":1,"name":"a"}]');
  });

  it("shows its names and values in util.inspect", () => {
    expect(inspect(row)).toBe("Row { id: 1, name: 'a' }");
    expect(inspect([row])).toBe("[ Row { id: 1, name: 'a' } ]");
    expect(inspect({ a: { b: row } }, { depth: 1 })).toBe("{ a: { b: [Row] } }");
    expect(inspect(makeRow(["first name", "x"], [1, { deep: { deeper: 1 } }]), { depth: 1 })).toBe(
      "Row { 'first name': 1, x: { deep: [Object] } }",
    );
  });

  it("converts to a string without throwing", () => {
    expect(`${row}`).toBe("Row { id: 1, name: 'a' }");
    expect(String(row)).toBe("Row { id: 1, name: 'a' }");
    expect(Object.prototype.toString.call(row)).toBe("[object Row]");
  });

  it("keeps its values when the source array is reused", () => {
    const values = [7, "x"];
    const r = makeRow(["id", "name"], values);
    expect(rowToArray(r)).toEqual([7, "x"]);
  });
});

describe("Row helpers", () => {
  const row = makeRow<[number, string], { id: number; name: string }>(["id", "name"], [1, "a"]);

  it("rowToObject gives a plain object of names", () => {
    const obj = rowToObject(row);
    expect(obj).toEqual({ id: 1, name: "a" });
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
  });

  it("rowToArray gives a fresh array", () => {
    const arr = rowToArray(row);
    expect(arr).toEqual([1, "a"]);
    arr[0] = 99;
    expect(row[0]).toBe(1);
    expect(rowToArray(row)).not.toBe(arr);
  });

  it("rowKeys gives the names in order", () => {
    expect(rowKeys(row)).toEqual(["id", "name"]);
    expect(rowKeys(makeRow(["id", "id"], [1, 2]))).toEqual(["id", "id"]);
  });

  it("isRow tells rows from other values", () => {
    expect(isRow(row)).toBe(true);
    expect(isRow([1, "a"])).toBe(false);
    expect(isRow({ id: 1 })).toBe(false);
    expect(isRow(null)).toBe(false);
  });

  it("helpers reject non-rows", () => {
    expect(() => rowToObject({} as unknown as typeof row)).toThrow(TypeError);
    expect(() => rowToArray({} as unknown as typeof row)).toThrow(TypeError);
    expect(() => rowKeys({} as unknown as typeof row)).toThrow(TypeError);
  });

  it("rows with the same key list share one class; other key lists get their own", () => {
    const a = makeRow(["id", "name"], [1, "a"]);
    const b = makeRow(["id", "name"], [2, "b"]);
    const c = makeRow(["id", "title"], [3, "c"]);
    const d = makeRow(["id,name"], [4]);
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(Object.getPrototypeOf(a)).not.toBe(Object.getPrototypeOf(c));
    expect(Object.getPrototypeOf(a)).not.toBe(Object.getPrototypeOf(d));
    expect((c as Record<string, unknown>).title).toBe("c");
    expect((d as Record<string, unknown>)["id,name"]).toBe(4);
  });
});

describe("Row: column names that collide with built-ins", () => {
  const names = ["length", "map", "keys", "constructor", "toString", "toJSON", "valueOf", "then", "__proto__"];

  for (const name of names) {
    it(`a column named ${name} reads as its value and the row still works`, () => {
      const row = makeRow(["id", name], [1, "v"]) as Record<string, unknown>;
      expect(row[name]).toBe("v");
      expect(row.id).toBe(1);
      expect([...(row as unknown as Iterable<unknown>)]).toEqual([1, "v"]);
      const [a, b] = row as unknown as Iterable<unknown>;
      expect([a, b]).toEqual([1, "v"]);
      expect(JSON.parse(JSON.stringify(row))).toEqual(JSON.parse(`{"id":1,${JSON.stringify(name)}:"v"}`));
      expect(inspect(row)).toBe(`Row { id: 1, ${name === "__proto__" ? "['__proto__']" : name}: 'v' }`);
      expect(`${String(row)}`).toBe(inspect(row, { breakLength: Infinity }));
      expect(rowToArray(row as unknown as Row)).toEqual([1, "v"]);
      expect(rowKeys(row as unknown as Row)).toEqual(["id", name]);
      expect(isRow(row)).toBe(true);
    });
  }

  it("every colliding name at once", () => {
    const values = names.map((_, i) => i * 10);
    const row = makeRow(names, values) as Record<string, unknown>;
    names.forEach((name, i) => expect(row[name]).toBe(i * 10));
    expect([...(row as unknown as Iterable<unknown>)]).toEqual(values);
    expect(JSON.stringify(row)).toBe(`{${names.map((n, i) => `${JSON.stringify(n)}:${i * 10}`).join(",")}}`);
    expect(rowToObject(row as unknown as Row)).toEqual(JSON.parse(JSON.stringify(row)));
    expect(Object.getPrototypeOf(rowToObject(row as unknown as Row))).toBe(Object.prototype);
    expect(inspect(row)).toContain("Row {");
  });

  it("a length column wins over the column count", () => {
    const row = makeRow<[number, number], { id: number; length: number }>(["id", "length"], [1, 42]);
    expect(row.length).toBe(42);
    expect([...row]).toEqual([1, 42]);
  });

  it("a row with a then column can be awaited and returned from async code", async () => {
    const row = makeRow(["then"], ["x"]);
    const awaited = await Promise.resolve(row);
    expect(awaited).toBe(row);
    expect((awaited as Record<string, unknown>).then).toBe("x");
  });

  it("index access wins over a column named like an index; other numeric names are named access", () => {
    const row = makeRow(["1", "0", "5"], ["a", "b", "c"]) as Record<string, unknown>;
    expect(row[0]).toBe("a");
    expect(row[1]).toBe("b");
    expect(row[2]).toBe("c");
    expect(row[5]).toBe("c");
    expect(rowToObject(row as unknown as Row)).toEqual({ 1: "a", 0: "b", 5: "c" });
  });
});

describe("Row: ambiguous names", () => {
  const row = makeRow(["id", "name", "id"], [1, "a", 2]) as Record<string, unknown>;

  it("index access gives every column", () => {
    expect(row[0]).toBe(1);
    expect(row[2]).toBe(2);
    expect([...(row as unknown as Iterable<unknown>)]).toEqual([1, "a", 2]);
    expect(row.length).toBe(3);
  });

  it("named access to the ambiguous name throws; other names work", () => {
    expect(() => row.id).toThrow(InvalidRequestError);
    expect(() => row.id).toThrow("Ambiguous column name 'id' in result set; use labels");
    expect(row.name).toBe("a");
  });

  it("rowToObject and JSON.stringify refuse to drop a column", () => {
    expect(() => rowToObject(row as unknown as Row)).toThrow("Ambiguous column name 'id'");
    expect(() => JSON.stringify(row)).toThrow(InvalidRequestError);
  });

  it("util.inspect and String show every column", () => {
    expect(inspect(row)).toBe("Row { id: 1, name: 'a', id: 2 }");
    expect(String(row)).toBe("Row { id: 1, name: 'a', id: 2 }");
  });

  it("ambiguous then and constructor keep their built-in meaning (Promise and inspect read them)", async () => {
    const r = makeRow(["then", "then", "constructor", "constructor"], [1, 2, 3, 4]) as Record<string, unknown>;
    expect(r.then).toBeUndefined();
    expect(typeof r.constructor).toBe("function");
    expect(await Promise.resolve(r)).toBe(r);
    expect(inspect(r)).toBe("Row { then: 1, then: 2, constructor: 3, constructor: 4 }");
  });

  it("ambiguous length, toJSON and map throw on named access but do not break iteration", () => {
    const r = makeRow(["length", "length", "map", "map", "toJSON", "toJSON"], [1, 2, 3, 4, 5, 6]) as Record<
      string,
      unknown
    >;
    expect(() => r.length).toThrow(InvalidRequestError);
    expect(() => r.map).toThrow(InvalidRequestError);
    expect(() => r.toJSON).toThrow(InvalidRequestError);
    expect([...(r as unknown as Iterable<unknown>)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(inspect(r)).toContain("length: 1, length: 2");
  });
});
