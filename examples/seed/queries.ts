// queries.ts — the seed's three queries, as text() statements with typed result columns.
import { DateTime, Integer, String as SqlString, Text, text, type Connection } from "../../src/index.js";

const projectsOfUser = text(
  `SELECT id, name, description, status, created_at FROM projects
   WHERE owner_id = :userId AND status = :status ORDER BY created_at DESC, name`,
).columns({ id: SqlString(), name: SqlString(), description: Text(), status: SqlString(), createdAt: DateTime() });

const tasksOfProjects = (count: number) =>
  text(
    `SELECT id, title, status, project_id FROM tasks WHERE project_id IN (${Array.from({ length: count }, (_, i) => `:p${i}`).join(", ")}) ORDER BY title`,
  ).columns({
    id: SqlString(),
    title: SqlString(),
    status: SqlString(),
    projectId: SqlString(),
  });

/** Active projects of a user, newest first, each with its tasks loaded by one extra query (no N+1). */
export async function getUserProjects(db: Connection, userId: string) {
  const projects = (await db.execute(projectsOfUser, { userId, status: "active" })).mappings().all();
  if (projects.length === 0) return [];
  const params = Object.fromEntries(projects.map((p, i) => [`p${i}`, p.id]));
  const tasks = (await db.execute(tasksOfProjects(projects.length), params)).mappings().all();
  return projects.map((p) => ({ ...p, tasks: tasks.filter((t) => t.projectId === p.id) }));
}

const statsOfProject = text(
  "SELECT status, count(id) AS count FROM tasks WHERE project_id = :projectId GROUP BY status ORDER BY status",
).columns({
  status: SqlString(),
  count: Integer(),
});

/** Number of tasks per status in a project. */
export async function getProjectStats(db: Connection, projectId: string): Promise<Record<string, number>> {
  const result = await db.execute(statsOfProject, { projectId });
  return Object.fromEntries(result.all().map((row) => [row.status, row.count]));
}

const searchInProject = text(
  "SELECT id, title, status FROM tasks WHERE project_id = :projectId AND lower(title) LIKE lower(:pattern) ESCAPE '!' ORDER BY title LIMIT 20",
).columns({ id: SqlString(), title: SqlString(), status: SqlString() });

/** Case-insensitive search in task titles (the Core issue turns this into `Task.title.ilike(...)`). */
export async function searchTasks(db: Connection, query: string, projectId: string) {
  const escaped = query.replace(/[!%_]/g, (c) => `!${c}`);
  return (await db.execute(searchInProject, { projectId, pattern: `%${escaped}%` })).mappings().all();
}
