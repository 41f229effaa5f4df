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

/** Prints, per dialect and query, µs per build+compile vs build+cache hit. */
export function benchCompile(): void {
  console.log(
    `\ncompile vs compiled-cache hit (µs per statement, ${ITERATIONS} iterations; each builds the statement)`,
  );
  for (const url of ["sqlite://", "postgresql://localhost/x", "mysql://localhost/x"]) {
    const dialect = createEngine(url).dialect;
    for (const [name, build] of Object.entries(queries)) {
      const buildOnly = time(() => {
        statementShape(build().toSelectNode());
      });
      const compile = time(() => {
        const node = build().toSelectNode();
        dialect.createCompiler(bindIndex(statementShape(node))).compile(node);
      });
      const cache = new LRUCache<string, unknown>(500);
      const hit = time(() => {
        const node = build().toSelectNode();
        const shape = statementShape(node);
        if (!cache.get(shape.key)) cache.set(shape.key, dialect.createCompiler(bindIndex(shape)).compile(node));
      });
      console.log(
        `${dialect.name.padEnd(10)} ${name.padEnd(16)} build+key ${buildOnly.toFixed(2).padStart(6)}   build+compile ${compile.toFixed(2).padStart(6)}   build+cache hit ${hit.toFixed(2).padStart(6)}   compile alone ${(compile - buildOnly).toFixed(2).padStart(6)} vs hit alone ${(hit - buildOnly).toFixed(2).padStart(6)}`,
      );
    }
  }
}
