// `npm run bench`: Athanor vs the raw driver, in the same run, on each reachable database.
// The raw side runs the very SQL Athanor compiles (prepared the way each driver allows), so the ratio is
// Athanor's own cost: compile-cache lookup, binding through codecs, result decoding and Row objects.
// Reports operations per second and raw/athanor (1.00 = as fast as the raw driver; 2.00 = half as fast).
import { randomUUID } from "node:crypto";
import { and, compile, createEngine, func, insert, select, type Engine, type Executable } from "../src/index.js";
import { DEFAULT_MYSQL_URL, DEFAULT_POSTGRESQL_URL } from "../src/testing/servers.js";
import { metadata, projects, tasks, users } from "../examples/seed/schema.js";
import { SqliteDialect } from "../src/sqlite.js";
import { benchCompile } from "./compile.js";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3000);

/** A raw driver connection running one SQL text with positional parameters, prepared where it can be. */
interface RawClient {
  query(sql: string, params: readonly unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

const rawClients: Record<string, (url: string) => Promise<RawClient>> = {
  sqlite: async (url) => {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.replace(/^sqlite:\/\/\//, ""));
    // The SQL Athanor compiles may call the functions its SQLite dialect defines on each connection (ILIKE).
    for (const { name, fn } of new SqliteDialect().sqlFunctions())
      db.function(name, { deterministic: true, safeIntegers: true }, fn as (...args: unknown[]) => unknown);
    const statements = new Map<string, ReturnType<typeof db.prepare>>();
    return {
      query: async (sql, params) => {
        let stmt = statements.get(sql);
        if (!stmt) statements.set(sql, (stmt = db.prepare(sql).raw(true)));
        const values = params.map((p) => (typeof p === "number" && Number.isInteger(p) ? BigInt(p) : p));
        return (stmt.all as (...args: unknown[]) => unknown[])(...values);
      },
      close: async () => {
        db.close();
      },
    };
  },
  postgresql: async (url) => {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const names = new Map<string, string>();
    return {
      query: (sql, params) => {
        let name = names.get(sql);
        if (!name) names.set(sql, (name = `raw_${names.size + 1}`));
        return client.query({ name, text: sql, values: params as unknown[], rowMode: "array" });
      },
      close: () => client.end(),
    };
  },
  mysql: async (url) => {
    const mysql = await import("mysql2/promise");
    const conn = await mysql.createConnection({
      uri: url,
      rowsAsArray: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
    });
    return { query: (sql, params) => conn.execute(sql, params as never), close: () => conn.end() };
  },
};

const targets = [
  { dialect: "sqlite", url: `sqlite:////tmp/athanor-bench-${randomUUID()}.db` },
  { dialect: "postgresql", url: process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL },
  { dialect: "mysql", url: process.env.ATHANOR_TEST_MYSQL_URL ?? DEFAULT_MYSQL_URL },
] as const;

/** Minimum wall time of the warm-up and of the measurement: µs-scale calls need thousands to reach a steady JIT. */
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 400);

/** Operations per second of `fn`, after a warm-up; at least ITERATIONS calls and MIN_MS of measurement. */
async function time(fn: (i: number) => Promise<unknown>): Promise<number> {
  let i = 0;
  const w0 = performance.now();
  while (i < Math.min(500, ITERATIONS) || performance.now() - w0 < MIN_MS) await fn(i++);
  let n = 0;
  const t0 = performance.now();
  while (n < ITERATIONS || performance.now() - t0 < MIN_MS) await fn(n++);
  return (n / (performance.now() - t0)) * 1000;
}

/** Seed-shaped data: 20 users, 10 projects each, 10 tasks per project. */
async function seed(engine: Engine): Promise<{ userIds: string[]; projectIds: string[] }> {
  await metadata.dropAll(engine);
  await metadata.createAll(engine);
  const userIds = Array.from({ length: 20 }, () => randomUUID());
  const projectIds: string[] = [];
  await engine.begin(async (conn) => {
    await conn.execute(
      insert(users),
      userIds.map((id, i) => ({ id, name: `user ${i}`, email: `u${i}@example.com` })),
    );
    const projectRows = userIds.flatMap((ownerId) =>
      Array.from({ length: 10 }, (_, j) => {
        const id = randomUUID();
        projectIds.push(id);
        return { id, name: `project ${j}`, ownerId, status: j % 3 === 0 ? "archived" : "active" };
      }),
    );
    await conn.execute(insert(projects), projectRows);
    await conn.execute(
      insert(tasks),
      projectIds.flatMap((projectId) =>
        Array.from({ length: 10 }, (_, k) => ({
          title: `task ${k} landing`,
          status: ["todo", "done", "in_progress"][k % 3] as string,
          projectId,
        })),
      ),
    );
  });
  return { userIds, projectIds };
}

/** The seed's queries as Core statements, for a given iteration. */
function queries(
  userIds: string[],
  projectIds: string[],
): Record<string, (i: number) => Executable<readonly unknown[], object>> {
  const user = (i: number): string => userIds[i % userIds.length] as string;
  const project = (i: number): string => projectIds[i % projectIds.length] as string;
  return {
    "pk lookup": (i) => select(users.c.id, users.c.name, users.c.email).where(users.c.id.eq(user(i))),
    getUserProjects: (i) =>
      select(projects)
        .where(projects.c.ownerId.eq(user(i)), projects.c.status.eq("active"))
        .orderBy(projects.c.createdAt.desc()),
    getProjectStats: (i) =>
      select(tasks.c.status, func.count(tasks.c.id).label("count"))
        .where(tasks.c.projectId.eq(project(i)))
        .groupBy(tasks.c.status),
    searchTasks: (i) =>
      select(tasks)
        .where(and(tasks.c.projectId.eq(project(i)), tasks.c.title.ilike("%landing%")))
        .limit(20),
  };
}

benchCompile();
console.log(
  `\nqueries vs the raw driver running the same SQL, at least ${ITERATIONS} iterations and ${MIN_MS} ms each after a warm-up (ops/s)`,
);
for (const target of targets) {
  const engine = createEngine(target.url);
  let data: { userIds: string[]; projectIds: string[] };
  try {
    data = await seed(engine);
  } catch (error) {
    console.log(`${target.dialect}: skipped (${(error as Error).message.split("\n")[0]})`);
    await engine.dispose();
    continue;
  }
  const raw = await rawClients[target.dialect]!(target.url);
  const conn = await engine.connect();
  conn.executionOptions({ isolationLevel: "AUTOCOMMIT" });
  for (const [name, build] of Object.entries(queries(data.userIds, data.projectIds))) {
    // The raw side gets its SQL and parameters precomputed, outside the timing.
    const prepared = Array.from({ length: ITERATIONS }, (_, i) => compile(build(i), engine.dialect));
    const rawOps = await time(async (i) => {
      const { sql, params } = prepared[i % prepared.length] as (typeof prepared)[number];
      return raw.query(sql, params);
    });
    const athOps = await time(async (i) => (await conn.execute(build(i))).all());
    console.log(
      `${target.dialect.padEnd(10)} ${name.padEnd(16)} raw ${rawOps.toFixed(0).padStart(6)}   athanor ${athOps.toFixed(0).padStart(6)}   raw/athanor ${(rawOps / athOps).toFixed(2)}`,
    );
  }
  await conn.close();
  await raw.close();
  await metadata.dropAll(engine);
  await engine.dispose();
}
