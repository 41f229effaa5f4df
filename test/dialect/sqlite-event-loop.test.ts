// better-sqlite3 is synchronous, so a long loop of SQLite statements used to hold off every timer and
// signal handler until it ended (issue 8, #9): a 100 ms timer was 3.5 s late. Statements now let the event
// loop turn after 10 ms of continuous work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine, Integer, text } from "../../src/index.js";

describe("SQLite and the event loop", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine("sqlite://");
    await engine.begin((c) => c.execute(text("create table el_t (id integer primary key, n integer)")));
  });
  afterAll(() => engine.dispose());

  it("a timer due during a long run of statements fires on time, not after the run", async () => {
    const insert = text("insert into el_t (n) values (:n)");
    const count = text("select count(*) as n from el_t").columns({ n: Integer() });
    let firedAfter: number | undefined;
    const started = performance.now();
    setTimeout(() => {
      firedAfter = performance.now() - started;
    }, 20);
    let ran = 0;
    await engine.begin(async (c) => {
      // At least 400 ms of back-to-back statements.
      while (performance.now() - started < 400) {
        await c.execute(insert, { n: ran++ });
      }
      expect(Number(await c.scalar(count))).toBe(ran);
    });
    expect(firedAfter).toBeDefined();
    expect(firedAfter as number).toBeLessThan(150);
  });
});
