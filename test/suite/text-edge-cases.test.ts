// text() on every database (issue 8, #12): a string holding one backslash is read as the database reads it,
// so the parameter after it is found; a parameter named like an Object.prototype property is missing when
// the parameters object does not have it.
import { expect, it } from "vitest";
import { ArgumentError, Integer, String as SqlString, text } from "../../src/index.js";
import { describeEachDialect, type TestDialect } from "../../src/testing/index.js";
import { engines } from "./support.js";

/** A one-backslash string literal, as each database writes it by default. */
const ONE_BACKSLASH: Record<TestDialect, string> = {
  postgresql: "'\\'",
  sqlite: "'\\'",
  mysql: "'\\\\'",
};

describeEachDialect("text() edge cases", (ctx) => {
  const engine = engines(ctx);

  it("a parameter after a string holding a backslash is bound", async () => {
    const e = engine();
    const stmt = text(`select ${ONE_BACKSLASH[ctx.dialect]} as a, :x as b`).columns({ a: SqlString(), b: Integer() });
    await using conn = await e.connect();
    expect((await conn.execute(stmt, { x: 7 })).tuples().all()).toEqual([["\\", 7]]);
  });

  it("':__proto__' and ':constructor' with {} are missing parameters", async () => {
    const e = engine();
    await using conn = await e.connect();
    for (const name of ["__proto__", "constructor"]) {
      const error = await conn.execute(text(`select :${name} as v`), {}).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error, name).toBeInstanceOf(ArgumentError);
      expect((error as Error).message).toMatch(new RegExp(`'${name}' \\(got no such key\\)`));
    }
    expect(Number((await conn.execute(text("select :constructor as v"), { constructor: 3 })).scalar())).toBe(3);
  });
});
