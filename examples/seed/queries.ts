// queries.ts — the seed's three queries as Core statements (the ORM version uses select(Project) and selectinload).
import { and, func, select, type Connection } from "../../src/index.js";
import { projects, tasks } from "./schema.js";

/** Active projects of a user, newest first, each with its tasks loaded by one extra IN query (no N+1). */
export async function getUserProjects(db: Connection, userId: string) {
  const rows = (
    await db.execute(
      select(projects)
        .where(projects.c.ownerId.eq(userId), projects.c.status.eq("active"))
        .orderBy(projects.c.createdAt.desc(), projects.c.name),
    )
  )
    .mappings()
    .all();
  if (rows.length === 0) return [];
  const taskRows = (
    await db.execute(
      select(tasks)
        .where(tasks.c.projectId.in(rows.map((p) => p.id)))
        .orderBy(tasks.c.title),
    )
  )
    .mappings()
    .all();
  return rows.map((p) => ({ ...p, tasks: taskRows.filter((t) => t.projectId === p.id) }));
}

/** Number of tasks per status in a project. */
export async function getProjectStats(db: Connection, projectId: string): Promise<Record<string, number>> {
  const result = await db.execute(
    select(tasks.c.status, func.count(tasks.c.id).label("count"))
      .where(tasks.c.projectId.eq(projectId))
      .groupBy(tasks.c.status)
      .orderBy(tasks.c.status),
  );
  return Object.fromEntries(result.all().map((row) => [row.status, row.count])); // row.status: string, row.count: number
}

/** Case-insensitive search in task titles (ILIKE on PostgreSQL, lower() LIKE lower() elsewhere). */
export async function searchTasks(db: Connection, query: string, projectId: string) {
  const result = await db.execute(
    select(tasks)
      .where(and(tasks.c.projectId.eq(projectId), tasks.c.title.ilike(`%${query}%`)))
      .orderBy(tasks.c.title)
      .limit(20),
  );
  return result.mappings().all();
}
