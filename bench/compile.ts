// Compile cost of the seed's three queries as Core statements: a fresh compile vs a compiled-cache hit.
// Each iteration builds the statement anew (as application code does), so both sides pay for building it
// and computing its structural key; only the compile differs.
import { bindIndex, statementShape } from "../src/ast/index.js";
import { and, func, select, type Select } from "../src/index.js";
import { createEngine } from "../src/index.js";
import { LRUCache } from "../src/util/lru.js";
import { projects, tasks } from "../examples/seed/schema.js";

const ITERATIONS = Number(process.env.BENCH_COMPILE_ITERATIONS ?? 20000);

const queries: Record<string, () => Select> = {
  getUserProjects: () =>
    select(projects)
      .where(projects.c.ownerId.eq("u1"), projects.c.status.eq("active"))
      .orderBy(projects.c.createdAt.desc()) as unknown as Select,
  getProjectStats: () =>
    select(tasks.c.status, func.count(tasks.c.id).label("count"))
      .where(tasks.c.projectId.eq("p1"))
      .groupBy(tasks.c.status) as unknown as Select,
  searchTasks: () =>
    select(tasks)
      .where(and(tasks.c.projectId.eq("p1"), tasks.c.title.ilike("%x%")))
      .limit(20) as unknown as Select,
};

function time(fn: () => void): number {
  for (let i = 0; i < 5000; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < ITERATIONS; i++) fn();
  return ((performance.now() - t0) * 1000) / ITERATIONS; // microseconds per iteration
}

/** Prints, per dialect and query: µs to build a statement and compute its key, to compile it, and to hit the cache. */
export function benchCompile(): void {
  console.log(`\ncompile vs compiled-cache hit (µs per statement, ${ITERATIONS} iterations)`);
  for (const url of ["sqlite://", "postgresql://localhost/x", "mysql://localhost/x"]) {
    const dialect = createEngine(url).dialect;
    for (const [name, build] of Object.entries(queries)) {
      // Application code builds a statement and Athanor computes its structural key on every execution.
      const buildAndKey = time(() => {
        statementShape(build().toSelectNode());
      });
      // The same key and nodes every time: what is left is the compile itself, or the cache lookup.
      const node = build().toSelectNode();
      const shape = statementShape(node);
      const index = bindIndex(shape);
      const compile = time(() => {
        dialect.createCompiler(index).compile(node);
      });
      const cache = new LRUCache<string, unknown>(500);
      cache.set(shape.key, dialect.createCompiler(index).compile(node));
      const hit = time(() => {
        if (!cache.get(shape.key)) throw new Error("miss");
      });
      console.log(
        `${dialect.name.padEnd(10)} ${name.padEnd(16)} build+key ${buildAndKey.toFixed(2).padStart(6)}   compile ${compile.toFixed(2).padStart(6)}   cache hit ${hit.toFixed(3).padStart(7)}   hit/compile ${(hit / compile).toFixed(3)}`,
      );
    }
  }
}
