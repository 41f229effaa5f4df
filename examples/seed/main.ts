// main.ts — `npm start`: builds the seed schema, adds sample data and runs the three queries.
import { randomUUID } from "node:crypto";
import { text } from "../../src/index.js";
import { engine } from "./db.js";
import { getProjectStats, getUserProjects, searchTasks } from "./queries.js";
import { resetSchema } from "./schema.js";

const ann = { id: randomUUID(), name: "Ann", email: "ann@example.com", role: "admin" };
const bo = { id: randomUUID(), name: "Bo", email: "bo@example.com", role: "member" };
const website = {
  id: randomUUID(),
  name: "Website",
  description: "The public site",
  status: "active",
  ownerId: ann.id,
};
const mobile = { id: randomUUID(), name: "Mobile app", description: null, status: "active", ownerId: ann.id };
const legacy = { id: randomUUID(), name: "Legacy", description: "Retired", status: "archived", ownerId: ann.id };
const tasks = [
  { title: "Design landing page", status: "done", projectId: website.id, assigneeId: bo.id },
  { title: "Write landing copy", status: "todo", projectId: website.id, assigneeId: null },
  { title: "Set up CI", status: "in_progress", projectId: website.id, assigneeId: ann.id },
  { title: "Login screen", status: "todo", projectId: mobile.id, assigneeId: bo.id },
].map((t) => ({ id: randomUUID(), ...t }));

await engine.begin(async (conn) => {
  await resetSchema(conn);
  await conn.execute(text("INSERT INTO users (id, name, email, role) VALUES (:id, :name, :email, :role)"), [ann, bo]);
  await conn.execute(
    text(
      "INSERT INTO projects (id, name, description, status, owner_id, task_count) VALUES (:id, :name, :description, :status, :ownerId, 0)",
    ),
    [website, mobile, legacy],
  );
  await conn.execute(
    text(
      "INSERT INTO tasks (id, title, status, project_id, assignee_id) VALUES (:id, :title, :status, :projectId, :assigneeId)",
    ),
    tasks,
  );
});

await engine.begin(async (db) => {
  const projects = await getUserProjects(db, ann.id);
  console.log(`Active projects of ${ann.email}:`);
  for (const p of projects)
    console.log(`  ${p.name} (${p.tasks.length} tasks: ${p.tasks.map((t) => t.title).join(", ")})`);

  console.log(`Task stats of ${website.name}:`, await getProjectStats(db, website.id));

  const found = await searchTasks(db, "LANDING", website.id);
  console.log(
    `Tasks in ${website.name} matching "landing":`,
    found.map((t) => t.title),
  );
});

await engine.dispose();
