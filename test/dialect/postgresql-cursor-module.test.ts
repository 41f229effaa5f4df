// `createEngine(url, { cursorModule })`: conn.stream() on PostgreSQL uses the pg-cursor package passed in.
import pg from "pg";
import { expect, test } from "vitest";
import { createEngine, Integer, text } from "../../src/index.js";
import { DEFAULT_POSTGRESQL_URL } from "../../src/testing/servers.js";

/** Name held in a variable: `pg-cursor` ships no typings. */
const PG_CURSOR: string = "pg-cursor";
const URL = process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL;

test("stream() opens its server-side cursor with the pg-cursor class passed in", async () => {
  const { default: Cursor } = (await import(PG_CURSOR)) as { default: new (...args: never[]) => object };
  let cursors = 0;
  class CountingCursor extends Cursor {
    constructor(...args: never[]) {
      super(...args);
      cursors++;
    }
  }
  await using engine = createEngine(URL, { module: pg, cursorModule: CountingCursor });
  await using conn = await engine.connect();
  const result = await conn.stream(
    text("select generate_series(1, 5) as n").columns({ n: Integer() }),
    {},
    {
      yieldPer: 2,
    },
  );
  const values: number[] = [];
  for await (const row of result) values.push(row.n as number);
  expect(values).toEqual([1, 2, 3, 4, 5]);
  expect(cursors).toBe(1);
});
