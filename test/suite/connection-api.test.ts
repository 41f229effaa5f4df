// Compliance suite for the SQLAlchemy-style shortcuts: Connection.scalar / scalars / dialect, and
// Result.columns / tuples over real rows.
import { expect, it } from "vitest";
import { bindparam, func, Integer, ResourceClosedError, select, text } from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { employees, NAMES } from "./fixtures/core-schema.js";
import { inRollback, useCoreSchema } from "./fixtures/core-setup.js";

const e = employees.c;

describeEachDialect("connection api", (ctx) => {
  const engine = useCoreSchema(ctx);

  it("scalar() returns the first column of the first row, decoded by its type", async () => {
    await using conn = await engine().connect();
    const name: string | null = await conn.scalar(select(e.name, e.id).where(e.id.eq(1)));
    expect(name).toBe("Alice");
    const count = await conn.scalar(select(func.count(e.id)));
    expect(count).toBe(NAMES.length);
    const hired = await conn.scalar(select(e.hiredOn).where(e.id.eq(1)));
    expect(hired).toBe("2015-03-01");
  });

  it("scalar() returns null when there is no row, and takes parameters", async () => {
    await using conn = await engine().connect();
    expect(await conn.scalar(select(e.name).where(e.id.eq(-1)))).toBeNull();
    const byId = select(e.name).where(e.id.eq(bindparam("id", Integer())));
    expect(await conn.scalar(byId, { id: 2 })).toBe("Bob");
    expect(await conn.scalar(text("select :x").columns({ x: Integer() }), { x: 41 })).toBe(41);
  });

  it("scalar() of a statement that returns no rows fails as result.scalar() does", async () => {
    await inRollback(engine(), async (conn) => {
      await expect(conn.scalar(text("update cs_employees set bonus = 1 where id = 1"))).rejects.toThrow(
        ResourceClosedError,
      );
    });
  });

  it("scalars() yields the first column of every row", async () => {
    await using conn = await engine().connect();
    const names = await conn.scalars(select(e.name, e.id).orderBy(e.id));
    expect(names.all()).toEqual(NAMES);
    const none = await conn.scalars(select(e.id).where(e.id.eq(-1)));
    expect(none.all()).toEqual([]);
    const unique = (await conn.scalars(select(e.deptId).orderBy(e.id))).unique().all();
    expect(unique).toEqual([1, 2, null]);
  });

  it("dialect is the engine's", async () => {
    await using conn = await engine().connect();
    expect(conn.dialect).toBe(engine().dialect);
    expect(conn.dialect.name).toBe(ctx.dialect);
  });

  it("a result's columns() and tuples() read the same rows", async () => {
    await using conn = await engine().connect();
    const result = await conn.execute(select(e.id, e.name, e.email).where(e.id.le(2)).orderBy(e.id));
    const first = result.columns("email", 0).first()!;
    expect([first[0], first[1]]).toEqual(["alice@corp.com", 1]);
    const tuples = (await conn.execute(select(e.id, e.name).where(e.id.le(2)).orderBy(e.id))).tuples().all();
    expect(tuples).toEqual([
      [1, "Alice"],
      [2, "Bob"],
    ]);
  });
});
