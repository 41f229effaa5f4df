// main.ts — `npm start`: creates the seed schema, adds sample data and runs the three queries.
import { insert } from "../../src/index.js";
import { engine } from "./db.js";
import { getProjectStats, getUserProjects, searchTasks } from "./queries.js";
import { metadata, projects, tasks, users } from "./schema.js";

await metadata.dropAll(engine);
await metadata.createAll(engine);

const { ann, website } = await engine.begin(async (conn) => {
  const annId = (await conn.execute(insert(users).values({ name: "Ann", email: "ann@example.com", role: "admin" })))
    .insertedPrimaryKey[0] as string;
  const boId = (await conn.execute(insert(users).values({ name: "Bo", email: "bo@example.com" })))
    .insertedPrimaryKey[0] as string;
  const ids: Record<string, string> = {};
  for (const p of [
    { name: "Website", description: "The public site", ownerId: annId },
    { name: "Mobile app", description: null, ownerId: annId },
    { name: "Legacy", description: "Retired", status: "archived", ownerId: annId },
  ]) {
    ids[p.name] = (await conn.execute(insert(projects).values(p))).insertedPrimaryKey[0] as string;
  }
  await conn.execute(insert(tasks), [
    { title: "Design landing page", status: "done", projectId: ids.Website as string, assigneeId: boId },
    { title: "Write landing copy", status: "todo", projectId: ids.Website as string, assigneeId: null },
    { title: "Set up CI", status: "in_progress", projectId: ids.Website as string, assigneeId: annId },
    { title: "Login screen", status: "todo", projectId: ids["Mobile app"] as string, assigneeId: boId },
  ]);
  return { ann: { id: annId, email: "ann@example.com" }, website: { id: ids.Website as string, name: "Website" } };
});

await engine.begin(async (db) => {
  const found = await getUserProjects(db, ann.id);
  console.log(`Active projects of ${ann.email}:`);
  for (const p of found)
    console.log(`  ${p.name} (${p.tasks.length} tasks: ${p.tasks.map((t) => t.title).join(", ")})`);

  console.log(`Task stats of ${website.name}:`, await getProjectStats(db, website.id));

  const matches = await searchTasks(db, "LANDING", website.id);
  console.log(
    `Tasks in ${website.name} matching "landing":`,
    matches.map((t) => t.title),
  );
});

await engine.dispose();
