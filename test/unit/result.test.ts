import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  InvalidRequestError,
  MultipleResultsFoundError,
  NoResultFoundError,
  ResourceClosedError,
} from "../../src/errors/errors.js";
import { AsyncResult, Result, rowToArray, rowToObject, type AsyncResultOptions } from "../../src/result/index.js";

type Users = Result<[number, string], { id: number; name: string }>;

/** A buffered result over (id, name) rows 1..count. */
function users(count: number): Users {
  const rows = Array.from({ length: count }, (_, i) => [i + 1, `u${i + 1}`]);
  return new Result({ keys: ["id", "name"], rows, rowcount: count });
}

/** Row values as arrays, for comparisons. */
const arrays = (rows: readonly Parameters<typeof rowToArray>[0][]): unknown[][] => rows.map((r) => rowToArray(r));

describe("Result: fetching", () => {
  it("all() returns every row, then [] once exhausted", () => {
    const r = users(3);
    expect(arrays(r.all())).toEqual([
      [1, "u1"],
      [2, "u2"],
      [3, "u3"],
    ]);
    expect(r.all()).toEqual([]);
    expect(r.closed).toBe(false);
    expect(r.fetchOne()).toBeNull();
  });

  it("rows handed out are not handed out again", () => {
    const r = users(5);
    expect(r.fetchOne()?.id).toBe(1);
    expect(r.fetchMany(2).map((row) => row.id)).toEqual([2, 3]);
    expect(r.all().map((row) => row.id)).toEqual([4, 5]);
  });

  it("fetchOne() returns null at the end", () => {
    const r = users(1);
    expect(r.fetchOne()?.name).toBe("u1");
    expect(r.fetchOne()).toBeNull();
    expect(r.fetchOne()).toBeNull();
  });

  it("fetchMany(n) returns at most n rows, fewer at the end, then []", () => {
    const r = users(5);
    expect(r.fetchMany(2)).toHaveLength(2);
    expect(r.fetchMany(2)).toHaveLength(2);
    expect(r.fetchMany(2)).toHaveLength(1);
    expect(r.fetchMany(2)).toEqual([]);
  });

  it("fetchMany and partitions reject a size that is not a positive integer", () => {
    const r = users(2);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => r.fetchMany(bad)).toThrow(ArgumentError);
      expect(() => r.partitions(bad)).toThrow(ArgumentError);
    }
    expect(r.all()).toHaveLength(2);
  });

  it("partitions(n) yields arrays of at most n rows, the last one smaller", () => {
    expect([...users(5).partitions(2)].map((p) => p.length)).toEqual([2, 2, 1]);
    expect([...users(4).partitions(2)].map((p) => p.length)).toEqual([2, 2]);
    expect([...users(3).partitions(10)].map((p) => p.length)).toEqual([3]);
    expect([...users(0).partitions(3)]).toEqual([]);
    const ids = [...users(7).partitions(3)].map((p) => p.map((row) => row.id));
    expect(ids).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("iterates with for...of; breaking out leaves the rest fetchable", () => {
    const r = users(4);
    const seen: number[] = [];
    for (const row of r) {
      seen.push(row.id);
      if (row.id === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(r.closed).toBe(false);
    expect(r.all().map((row) => row.id)).toEqual([3, 4]);
  });

  it("iterates with for await, like a streaming result", async () => {
    const seen: string[] = [];
    for await (const row of users(3)) seen.push(row.name);
    expect(seen).toEqual(["u1", "u2", "u3"]);
  });

  it("destructures rows while iterating", () => {
    const pairs: [number, string][] = [];
    for (const [id, name] of users(2)) pairs.push([id, name]);
    expect(pairs).toEqual([
      [1, "u1"],
      [2, "u2"],
    ]);
  });

  it("keys() lists the column names", () => {
    const r = users(1);
    expect(r.keys()).toEqual(["id", "name"]);
    r.close();
    expect(r.keys()).toEqual(["id", "name"]);
    expect(Object.isFrozen(r.keys())).toBe(true);
  });
});

describe("Result: first, one, scalar and closing", () => {
  it("first() returns the first row and closes", () => {
    const r = users(3);
    expect(r.first()?.id).toBe(1);
    expect(r.closed).toBe(true);
    expect(() => r.all()).toThrow(ResourceClosedError);
    expect(() => r.fetchOne()).toThrow(ResourceClosedError);
    expect(() => r.fetchMany(1)).toThrow("This result object is closed");
    expect(() => [...r]).toThrow(ResourceClosedError);
    expect(() => r.first()).toThrow(ResourceClosedError);
  });

  it("first() on an empty result returns null and closes", () => {
    const r = users(0);
    expect(r.first()).toBeNull();
    expect(r.closed).toBe(true);
  });

  it("first() after all() returns null (exhausted is not closed)", () => {
    const r = users(2);
    r.all();
    expect(r.first()).toBeNull();
    expect(r.closed).toBe(true);
  });

  it("one() returns the only row and closes", () => {
    const r = users(1);
    expect(rowToObject(r.one())).toEqual({ id: 1, name: "u1" });
    expect(r.closed).toBe(true);
    expect(() => r.all()).toThrow(ResourceClosedError);
  });

  it("one() throws NoResultFoundError or MultipleResultsFoundError, and closes", () => {
    const none = users(0);
    expect(() => none.one()).toThrow(NoResultFoundError);
    expect(none.closed).toBe(true);
    const many = users(2);
    expect(() => many.one()).toThrow(MultipleResultsFoundError);
    expect(many.closed).toBe(true);
    expect(() => users(3).one()).toThrow("Multiple rows were found when exactly one was required");
    expect(() => users(0).one()).toThrow("No row was found when one was required");
  });

  it("one() after a partial fetch considers the remaining rows only", () => {
    const r = users(2);
    r.fetchOne();
    expect(r.one().id).toBe(2);
  });

  it("oneOrNone() returns the row or null and throws for several", () => {
    expect(users(0).oneOrNone()).toBeNull();
    expect(users(1).oneOrNone()?.name).toBe("u1");
    const many = users(2);
    expect(() => many.oneOrNone()).toThrow(MultipleResultsFoundError);
    expect(many.closed).toBe(true);
  });

  it("scalar() returns the first column of the first row, or null, and closes", () => {
    const r = users(3);
    expect(r.scalar()).toBe(1);
    expect(r.closed).toBe(true);
    expect(users(0).scalar()).toBeNull();
    expect(new Result({ keys: ["x"], rows: [[null]] }).scalar()).toBeNull();
  });

  it("scalarOne() and scalarOneOrNone() follow one() and oneOrNone()", () => {
    expect(users(1).scalarOne()).toBe(1);
    expect(() => users(0).scalarOne()).toThrow(NoResultFoundError);
    expect(() => users(2).scalarOne()).toThrow(MultipleResultsFoundError);
    expect(users(0).scalarOneOrNone()).toBeNull();
    expect(users(1).scalarOneOrNone()).toBe(1);
    expect(() => users(2).scalarOneOrNone()).toThrow(MultipleResultsFoundError);
    const r = users(1);
    r.scalarOne();
    expect(r.closed).toBe(true);
  });

  it("close() is idempotent and fetches afterwards throw", () => {
    const r = users(2);
    r.close();
    r.close();
    expect(r.closed).toBe(true);
    expect(() => r.all()).toThrow(ResourceClosedError);
    expect(() => r.scalars().all()).toThrow(ResourceClosedError);
  });

  it("`using` closes the result at the end of the scope", () => {
    const r = users(2);
    {
      using scoped = r;
      expect(scoped.fetchOne()?.id).toBe(1);
    }
    expect(r.closed).toBe(true);
  });
});

describe("Result: statement metadata", () => {
  it("a statement without rows reports returnsRows false and refuses fetches", () => {
    const r = new Result({ keys: [], rows: [], rowcount: 3 });
    expect(r.returnsRows).toBe(false);
    expect(r.rowcount).toBe(3);
    expect(r.closed).toBe(true);
    expect(() => r.all()).toThrow(ResourceClosedError);
    expect(() => r.first()).toThrow("This result object does not return rows");
    expect(() => r.scalar()).toThrow(ResourceClosedError);
  });

  it("rowcount defaults to -1; lastrowid is undefined unless the driver gave one", () => {
    const r = new Result({ keys: ["id"], rows: [[1]] });
    expect(r.returnsRows).toBe(true);
    expect(r.rowcount).toBe(-1);
    expect(r.lastrowid).toBeUndefined();
    expect(new Result({ keys: [], rows: [], rowcount: null }).rowcount).toBe(-1);
    expect(new Result({ keys: [], rows: [], rowcount: 1, lastrowid: 5n }).lastrowid).toBe(5n);
    expect(new Result({ keys: [], rows: [], rowcount: 1, lastrowid: 7 }).lastrowid).toBe(7);
  });

  it("insertedPrimaryKey returns what the engine gave, and throws otherwise", () => {
    const r = new Result({ keys: [], rows: [], rowcount: 1, insertedPrimaryKey: [10, "x"] });
    expect(r.insertedPrimaryKey).toEqual([10, "x"]);
    const plain = new Result({ keys: ["id"], rows: [[1]] });
    expect(() => plain.insertedPrimaryKey).toThrow(InvalidRequestError);
    expect(() => plain.insertedPrimaryKey).toThrow("insertedPrimaryKey is only available for insert() constructs");
  });
});

describe("Result: scalars() and mappings()", () => {
  it("scalars() yields the first column by default, an index or a name", () => {
    expect(users(3).scalars().all()).toEqual([1, 2, 3]);
    expect(users(2).scalars(1).all()).toEqual(["u1", "u2"]);
    expect(users(2).scalars("name").all()).toEqual(["u1", "u2"]);
  });

  it("scalars() rejects an index out of range, an unknown name and an ambiguous name", () => {
    expect(() => users(1).scalars(2)).toThrow(ArgumentError);
    expect(() => users(1).scalars(-1)).toThrow(ArgumentError);
    expect(() => users(1).scalars(0.5)).toThrow(ArgumentError);
    expect(() => users(1).scalars("nope" as "id")).toThrow(InvalidRequestError);
    const dup = new Result({ keys: ["id", "id"], rows: [[1, 2]] });
    expect(() => dup.scalars("id")).toThrow("Ambiguous column name 'id' in result set; use labels");
    expect(dup.scalars(1).all()).toEqual([2]);
  });

  it("scalar views have every accessor and share the rows of their result", () => {
    const r = users(6);
    const s = r.scalars();
    expect(s.fetchOne()).toBe(1);
    expect(r.fetchOne()?.id).toBe(2);
    expect(s.fetchMany(2)).toEqual([3, 4]);
    expect([...s.partitions(5)]).toEqual([[5, 6]]);
    expect(s.all()).toEqual([]);
    expect(users(2).scalars().first()).toBe(1);
    expect(users(1).scalars(1).one()).toBe("u1");
    expect(() => users(2).scalars().one()).toThrow(MultipleResultsFoundError);
    expect(users(0).scalars().oneOrNone()).toBeNull();
    expect([...users(2).scalars()]).toEqual([1, 2]);
  });

  it("closing a view closes its result", () => {
    const r = users(3);
    const s = r.scalars();
    expect(s.first()).toBe(1);
    expect(r.closed).toBe(true);
    expect(s.closed).toBe(true);
    expect(() => r.all()).toThrow(ResourceClosedError);
  });

  it("scalars keep null values distinct from the end", () => {
    const r = new Result({ keys: ["x"], rows: [[null], [2]] });
    const s = r.scalars();
    expect(s.fetchOne()).toBeNull();
    expect(s.fetchOne()).toBe(2);
    expect(s.fetchOne()).toBeNull();
    expect(new Result({ keys: ["x"], rows: [[null]] }).scalars().one()).toBeNull();
  });

  it("mappings() yields plain objects of names", () => {
    const maps = users(2).mappings().all();
    expect(maps).toEqual([
      { id: 1, name: "u1" },
      { id: 2, name: "u2" },
    ]);
    expect(Object.getPrototypeOf(maps[0])).toBe(Object.prototype);
    const m = users(3).mappings();
    expect(m.first()).toEqual({ id: 1, name: "u1" });
    expect(m.closed).toBe(true);
    expect(users(1).mappings().one()).toEqual({ id: 1, name: "u1" });
    expect([...users(3).mappings().partitions(2)].map((p) => p.length)).toEqual([2, 1]);
  });

  it("mappings() keep keys that collide with Object members", () => {
    const r = new Result({ keys: ["__proto__", "constructor", "toString"], rows: [[1, 2, 3]] });
    const [m] = r.mappings().all();
    expect(Object.keys(m!)).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(JSON.stringify(m)).toBe('{"__proto__":1,"constructor":2,"toString":3}');
  });

  it("mappings() refuses ambiguous names", () => {
    const r = new Result({ keys: ["id", "id"], rows: [[1, 2]] });
    expect(() => r.mappings()).toThrow(InvalidRequestError);
    expect(() => r.mappings()).toThrow("Ambiguous column name 'id'");
  });
});

describe("Result: unique()", () => {
  const rowsOf = (keys: string[], rows: unknown[][]) => new Result({ keys, rows });

  it("deduplicates rows by value and returns the same result", () => {
    const r = rowsOf(
      ["a", "b"],
      [
        [1, "x"],
        [1, "x"],
        [1, "y"],
        [2, "x"],
        [1, "y"],
      ],
    );
    expect(r.unique()).toBe(r);
    expect(arrays(r.all())).toEqual([
      [1, "x"],
      [1, "y"],
      [2, "x"],
    ]);
  });

  it("compares Dates by time, bytes by content, bigint and number by value", () => {
    const t = Date.UTC(2024, 0, 2);
    const r = rowsOf(
      ["d", "b", "n"],
      [
        [new Date(t), Buffer.from([1, 2]), 5n],
        [new Date(t), new Uint8Array([1, 2]), 5],
        [new Date(t + 1), Buffer.from([1, 2]), 5n],
        [new Date(t), Buffer.from([1, 3]), 5n],
        [new Date(t), Buffer.from([1, 2]), 6n],
        [new Date(t), Buffer.from([1, 2]), 2n ** 64n],
        [new Date(t), Buffer.from([1, 2]), 2n ** 64n],
      ],
    );
    expect(r.unique().all()).toHaveLength(5);
  });

  it("compares decoded JSON by structure, whatever the key order, and other objects by identity", () => {
    class Entity {
      constructor(readonly id: number) {}
    }
    const e = new Entity(1);
    const r = rowsOf(
      ["j"],
      [
        [{ a: 1, b: [1, { c: 2 }] }],
        [{ b: [1, { c: 2 }], a: 1 }],
        [{ a: 1, b: [1, { c: 3 }] }],
        [e],
        [e],
        [new Entity(1)],
      ],
    );
    expect(r.unique().scalars().all()).toHaveLength(4);
  });

  it("never confuses a string with a value of another type", () => {
    const d = new Date(0);
    const r = rowsOf(["v"], [["\0d0"], [d], ["5"], [5], [null], ["null"], [undefined], [true], ["t"]]);
    expect(r.scalars().unique().all()).toHaveLength(9);
    const pairs = rowsOf(
      ["a", "b"],
      [
        ["a,b", "c"],
        ["a", "b,c"],
        [1, "2"],
        ["1", 2],
      ],
    );
    expect(pairs.unique().all()).toHaveLength(4);
  });

  it("deduplicates by a key function", () => {
    const r = users(5).unique((row) => row.id % 2);
    expect(r.all().map((row) => row.id)).toEqual([1, 2]);
    const byDate = rowsOf(
      ["id", "at"],
      [
        [1, new Date(5)],
        [2, new Date(5)],
      ],
    ).unique((row) => row.at);
    expect(byDate.all()).toHaveLength(1);
  });

  it("works on scalars and on mappings, before or after deriving them", () => {
    const data = [
      [1, "a"],
      [1, "b"],
      [2, "a"],
    ];
    const make = () => rowsOf(["id", "name"], data);
    expect(make().unique().scalars().all()).toEqual([1, 2]);
    expect(make().scalars().unique().all()).toEqual([1, 2]);
    expect(make().scalars(1).unique().all()).toEqual(["a", "b"]);
    expect(make().unique().mappings().all()).toHaveLength(3);
    expect(
      make()
        .mappings()
        .unique((m) => m.name)
        .all(),
    ).toEqual([
      { id: 1, name: "a" },
      { id: 1, name: "b" },
    ]);
    // A key function given on the rows keeps applying to the rows behind a derived view.
    expect(
      make()
        .unique((row) => row.name)
        .scalars()
        .all(),
    ).toEqual([1, 1]);
  });

  it("fetchMany and partitions count unique rows", () => {
    const r = rowsOf(["v"], [[1], [1], [2], [2], [3], [3], [4]]).unique();
    expect(r.scalars().fetchMany(2)).toEqual([1, 2]);
    const p = rowsOf(["v"], [[1], [1], [2], [2], [3], [3], [4]]).unique();
    expect([...p.scalars().partitions(3)]).toEqual([[1, 2, 3], [4]]);
  });

  it("one() ignores duplicates of the single row", () => {
    const r = rowsOf(["v"], [[1], [1], [1]]).unique();
    expect(r.scalarOne()).toBe(1);
    expect(() =>
      rowsOf(["v"], [[1], [1], [2]])
        .unique()
        .one(),
    ).toThrow(MultipleResultsFoundError);
    expect(() =>
      rowsOf(["v"], [[1], [1], [2]])
        .unique()
        .scalars()
        .oneOrNone(),
    ).toThrow(MultipleResultsFoundError);
  });

  it("iteration skips duplicates too", () => {
    const seen: unknown[] = [];
    for (const v of rowsOf(["v"], [[1], [1], [2]])
      .scalars()
      .unique())
      seen.push(v);
    expect(seen).toEqual([1, 2]);
  });
});

/** What the fake cursor saw. */
interface SourceStats {
  readonly reads: number[];
  closes: number;
  maxInFlight: number;
}

/**
 * A streaming source over `rows` with the engine's contract (`read(n)` returns up to n rows, `[]` at the end),
 * recording every call. `failAt`: the read call (0-based) that rejects.
 */
function source(
  rows: readonly unknown[][],
  options: { batchSize?: number; failAt?: number; keys?: string[] } = {},
): { options: AsyncResultOptions; stats: SourceStats } {
  const stats: SourceStats = { reads: [], closes: 0, maxInFlight: 0 };
  let pos = 0;
  let inFlight = 0;
  return {
    stats,
    options: {
      keys: options.keys ?? ["id", "name"],
      batchSize: options.batchSize,
      read: async (count) => {
        const call = stats.reads.push(count) - 1;
        inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        if (call === options.failAt) throw new Error("connection lost");
        const batch = rows.slice(pos, pos + count);
        pos += batch.length;
        return batch;
      },
      close: async () => {
        stats.closes++;
      },
    },
  };
}

const userRows = (count: number): unknown[][] => Array.from({ length: count }, (_, i) => [i + 1, `u${i + 1}`]);

function stream(count: number, options: { batchSize?: number; failAt?: number } = {}) {
  const { options: opts, stats } = source(userRows(count), options);
  return { result: new AsyncResult<[number, string], { id: number; name: string }>(opts), stats };
}

describe("AsyncResult: bounded pulling", () => {
  it("all() reads batch by batch, never more than batchSize, and releases the cursor at the end", async () => {
    const { result, stats } = stream(10, { batchSize: 3 });
    const rows = await result.all();
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stats.reads).toEqual([3, 3, 3, 3, 3]);
    expect(Math.max(...stats.reads)).toBe(3);
    expect(stats.closes).toBe(1);
    expect(result.closed).toBe(false);
    expect(await result.all()).toEqual([]);
    await result.close();
    expect(stats.closes).toBe(1);
    expect(result.closed).toBe(true);
  });

  it("uses 1000 as the default batch size and rejects a bad one", async () => {
    const { result, stats } = stream(5);
    await result.all();
    expect(stats.reads).toEqual([1000, 1000]);
    expect(() => new AsyncResult({ ...source([]).options, batchSize: 0 })).toThrow(ArgumentError);
    expect(() => new AsyncResult({ ...source([]).options, batchSize: 2.5 })).toThrow(ArgumentError);
  });

  it("for await reads one batch at a time", async () => {
    const { result, stats } = stream(7, { batchSize: 2 });
    const seen: number[] = [];
    for await (const row of result) {
      seen.push(row.id);
      // Rows are pulled lazily: at most the rows seen so far plus one batch were read.
      expect(stats.reads.length).toBeLessThanOrEqual(Math.ceil(seen.length / 2));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(stats.reads).toEqual([2, 2, 2, 2, 2]);
    expect(stats.closes).toBe(1);
  });

  it("breaking out of for await closes the cursor", async () => {
    const { result, stats } = stream(100, { batchSize: 10 });
    for await (const row of result) {
      if (row.id === 3) break;
    }
    expect(stats.reads).toEqual([10]);
    expect(stats.closes).toBe(1);
    expect(result.closed).toBe(true);
    await expect(result.all()).rejects.toThrow(ResourceClosedError);
  });

  it("an error in the loop body closes the cursor", async () => {
    const { result, stats } = stream(5, { batchSize: 2 });
    await expect(
      (async () => {
        for await (const row of result) if (row.id === 2) throw new Error("boom");
      })(),
    ).rejects.toThrow("boom");
    expect(stats.closes).toBe(1);
    expect(result.closed).toBe(true);
  });

  it("first() reads a single row and closes", async () => {
    const { result, stats } = stream(50, { batchSize: 20 });
    expect((await result.first())?.name).toBe("u1");
    expect(stats.reads).toEqual([1]);
    expect(stats.closes).toBe(1);
    expect(result.closed).toBe(true);
    await expect(result.fetchOne()).rejects.toThrow(ResourceClosedError);
    expect(await stream(0).result.first()).toBeNull();
  });

  it("one() reads two rows at most and closes", async () => {
    const { result, stats } = stream(50, { batchSize: 20 });
    await expect(result.one()).rejects.toThrow(MultipleResultsFoundError);
    expect(stats.reads).toEqual([2]);
    expect(stats.closes).toBe(1);
    const single = stream(1);
    expect((await single.result.one()).id).toBe(1);
    expect(single.stats.closes).toBe(1);
    await expect(stream(0).result.one()).rejects.toThrow(NoResultFoundError);
    expect(await stream(0).result.oneOrNone()).toBeNull();
    expect((await stream(1).result.oneOrNone())?.id).toBe(1);
    await expect(stream(2).result.oneOrNone()).rejects.toThrow(MultipleResultsFoundError);
  });

  it("fetchOne and fetchMany cross batch boundaries", async () => {
    const { result, stats } = stream(5, { batchSize: 2 });
    expect((await result.fetchOne())?.id).toBe(1);
    expect((await result.fetchMany(3)).map((r) => r.id)).toEqual([2, 3, 4]);
    expect((await result.fetchMany(3)).map((r) => r.id)).toEqual([5]);
    expect(await result.fetchMany(3)).toEqual([]);
    expect(await result.fetchOne()).toBeNull();
    expect(Math.max(...stats.reads)).toBe(2);
    await expect(result.fetchMany(0)).rejects.toThrow(ArgumentError);
  });

  it("partitions(n) yields arrays of at most n rows; breaking out closes", async () => {
    const sizes: number[] = [];
    const { result, stats } = stream(7, { batchSize: 2 });
    for await (const part of result.partitions(3)) sizes.push(part.length);
    expect(sizes).toEqual([3, 3, 1]);
    expect(Math.max(...stats.reads)).toBe(2);
    expect(() => result.partitions(0)).toThrow(ArgumentError);

    const early = stream(7, { batchSize: 2 });
    for await (const part of early.result.partitions(2)) {
      expect(part).toHaveLength(2);
      break;
    }
    expect(early.stats.closes).toBe(1);
    expect(early.result.closed).toBe(true);
  });

  it("a failed read propagates its error and closes the result", async () => {
    const { result, stats } = stream(10, { batchSize: 2, failAt: 1 });
    await expect(result.all()).rejects.toThrow("connection lost");
    expect(stats.closes).toBe(1);
    expect(result.closed).toBe(true);
    await expect(result.fetchOne()).rejects.toThrow(ResourceClosedError);
    await result.close();
    expect(stats.closes).toBe(1);
  });

  it("a failed read inside for await propagates too", async () => {
    const { result, stats } = stream(10, { batchSize: 2, failAt: 0 });
    await expect(
      (async () => {
        for await (const _row of result);
      })(),
    ).rejects.toThrow("connection lost");
    expect(stats.closes).toBe(1);
  });

  it("close() is idempotent and releases the cursor once", async () => {
    const { result, stats } = stream(10);
    await Promise.all([result.close(), result.close()]);
    await result.close();
    expect(stats.closes).toBe(1);
    expect(stats.reads).toEqual([]);
    await expect(result.first()).rejects.toThrow(ResourceClosedError);
  });

  it("close() during a read waits for it and the pending fetch fails as closed", async () => {
    const { result, stats } = stream(10, { batchSize: 5 });
    const pending = result.fetchMany(3);
    pending.catch(() => undefined); // observed below; must not count as unhandled meanwhile
    await result.close();
    await expect(pending).rejects.toThrow(ResourceClosedError);
    expect(stats.closes).toBe(1);
  });

  it("concurrent fetches never read the cursor twice at once and hand out each row once", async () => {
    const { result, stats } = stream(9, { batchSize: 2 });
    const parts = await Promise.all([result.fetchMany(4), result.fetchMany(4), result.fetchMany(4)]);
    expect(stats.maxInFlight).toBe(1);
    const ids = parts.flat().map((r) => r.id);
    expect(ids.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("`await using` closes the cursor at the end of the scope", async () => {
    const { result, stats } = stream(10, { batchSize: 4 });
    {
      await using scoped = result;
      expect((await scoped.fetchOne())?.id).toBe(1);
    }
    expect(stats.closes).toBe(1);
    expect(result.closed).toBe(true);
  });
});

describe("AsyncResult: views and uniqueness", () => {
  it("keys() and scalar accessors", async () => {
    expect(stream(1).result.keys()).toEqual(["id", "name"]);
    expect(await stream(3).result.scalar()).toBe(1);
    expect(await stream(0).result.scalar()).toBeNull();
    expect(await stream(1).result.scalarOne()).toBe(1);
    await expect(stream(2).result.scalarOne()).rejects.toThrow(MultipleResultsFoundError);
    await expect(stream(0).result.scalarOne()).rejects.toThrow(NoResultFoundError);
    expect(await stream(0).result.scalarOneOrNone()).toBeNull();
    const { result, stats } = stream(3);
    await result.scalar();
    expect(result.closed).toBe(true);
    expect(stats.closes).toBe(1);
  });

  it("scalars() and mappings() read the same cursor", async () => {
    const { result } = stream(5, { batchSize: 2 });
    const ids = result.scalars();
    expect(await ids.fetchOne()).toBe(1);
    expect((await result.fetchOne())?.id).toBe(2);
    expect(await result.mappings().fetchMany(2)).toEqual([
      { id: 3, name: "u3" },
      { id: 4, name: "u4" },
    ]);
    expect(await result.scalars("name").all()).toEqual(["u5"]);
    expect(await stream(3).result.scalars(1).all()).toEqual(["u1", "u2", "u3"]);
    const seen: number[] = [];
    for await (const id of stream(3).result.scalars()) seen.push(id);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("breaking out of a scalar view closes the result", async () => {
    const { result, stats } = stream(10, { batchSize: 3 });
    for await (const id of result.scalars()) if (id === 1) break;
    expect(result.closed).toBe(true);
    expect(stats.closes).toBe(1);
  });

  it("mappings() refuses ambiguous names", () => {
    const r = new AsyncResult(source([], { keys: ["a", "a"] }).options);
    expect(() => r.mappings()).toThrow(InvalidRequestError);
  });

  it("unique() deduplicates across batches, on rows, scalars and mappings", async () => {
    const dup = () =>
      new AsyncResult(
        source(
          [
            [1, "a"],
            [1, "a"],
            [2, "a"],
            [1, "a"],
            [3, "b"],
          ],
          { batchSize: 2 },
        ).options,
      );
    expect((await dup().unique().all()).map((r) => rowToArray(r))).toEqual([
      [1, "a"],
      [2, "a"],
      [3, "b"],
    ]);
    expect(await dup().unique().scalars().all()).toEqual([1, 2, 3]);
    expect(await dup().scalars(1).unique().all()).toEqual(["a", "b"]);
    expect(await dup().mappings().unique().fetchMany(2)).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "a" },
    ]);
    expect(
      await dup()
        .unique((row) => row[1])
        .scalars()
        .all(),
    ).toEqual([1, 3]);
    const one = new AsyncResult(
      source(
        [
          [1, "a"],
          [1, "a"],
          [1, "a"],
        ],
        { batchSize: 1 },
      ).options,
    );
    expect((await one.unique().one())[0]).toBe(1);
  });
});
