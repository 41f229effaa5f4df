// `npm run bench`: Athanor's engine vs the raw driver, in the same run, on each reachable database.
// Reports operations per second and the ratio raw/athanor (1.00 = as fast as the raw driver).
import { randomUUID } from "node:crypto";
import { createEngine, Integer, String as SqlString, text, type Engine } from "../src/index.js";
import { DEFAULT_MYSQL_URL, DEFAULT_POSTGRESQL_URL } from "../src/testing/servers.js";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5000);
const ROWS = 100;

interface Target {
  readonly name: string;
  readonly url: string;
  /** Opens a raw driver connection and returns a function running `select … where id = ?` by id. */
  readonly raw: () => Promise<{ byId: (id: number) => Promise<unknown>; close: () => Promise<void> }>;
}

const targets: Target[] = [
  {
    name: "sqlite (better-sqlite3)",
    url: `sqlite:////tmp/athanor-bench-${randomUUID()}.db`,
    raw: async () => {
      const { default: Database } = await import("better-sqlite3");
      const file = targets[0]?.url.replace("sqlite:///", "") as string;
      const db = new Database(file);
      const stmt = db.prepare("select id, name from bench_items where id = ?").raw(true);
      return {
        byId: async (id) => stmt.get(id),
        close: async () => {
          db.close();
        },
      };
    },
  },
  {
    name: "postgresql (pg)",
    url: process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL,
    raw: async () => {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: targets[1]?.url });
      await client.connect();
      return {
        byId: (id) =>
          client.query({
            name: "bench_by_id",
            text: "select id, name from bench_items where id = $1",
            values: [id],
            rowMode: "array",
          }),
        close: () => client.end(),
      };
    },
  },
  {
    name: "mysql (mysql2)",
    url: process.env.ATHANOR_TEST_MYSQL_URL ?? DEFAULT_MYSQL_URL,
    raw: async () => {
      const mysql = await import("mysql2/promise");
      const conn = await mysql.createConnection({ uri: targets[2]?.url as string, rowsAsArray: true });
      return {
        byId: (id) => conn.execute("select id, name from bench_items where id = ?", [id]),
        close: () => conn.end(),
      };
    },
  },
];

async function time(fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await fn(i);
  return (ITERATIONS / (performance.now() - t0)) * 1000;
}

async function setup(engine: Engine): Promise<void> {
  await engine.begin(async (conn) => {
    await conn.execute(text("drop table if exists bench_items"));
    await conn.execute(text("create table bench_items (id integer primary key, name varchar(50) not null)"));
    await conn.execute(
      text("insert into bench_items (id, name) values (:id, :name)"),
      Array.from({ length: ROWS }, (_, i) => ({ id: i + 1, name: `item ${i + 1}` })),
    );
  });
}

import { benchCompile } from "./compile.js";

benchCompile();
console.log(`\nselect one row by primary key, ${ITERATIONS} iterations each`);
for (const target of targets) {
  const engine = createEngine(target.url);
  try {
    await setup(engine);
  } catch (error) {
    console.log(`${target.name}: skipped (${(error as Error).message.split("\n")[0]})`);
    await engine.dispose();
    continue;
  }
  const raw = await target.raw();
  const stmt = text("select id, name from bench_items where id = :id").columns({ id: Integer(), name: SqlString() });
  const conn = await engine.connect();
  conn.executionOptions({ isolationLevel: "AUTOCOMMIT" });
  const rawOps = await time((i) => raw.byId((i % ROWS) + 1));
  const athOps = await time(async (i) => (await conn.execute(stmt, { id: (i % ROWS) + 1 })).one());
  console.log(
    `${target.name.padEnd(26)} raw ${rawOps.toFixed(0).padStart(7)} ops/s   athanor ${athOps.toFixed(0).padStart(7)} ops/s   raw/athanor ${(rawOps / athOps).toFixed(2)}`,
  );
  await conn.close();
  await raw.close();
  await engine.begin(async (c) => {
    await c.execute(text("drop table bench_items"));
  });
  await engine.dispose();
}
