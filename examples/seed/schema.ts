// schema.ts — the seed's three tables as Core Tables (the ORM's models replace this with classes later).
import { randomUUID } from "node:crypto";
import { column, DateTime, func, Integer, MetaData, String, Table, Text } from "../../src/index.js";

export const metadata = new MetaData();

export const users = new Table("users", metadata, {
  id: column(String(36))
    .primaryKey()
    .default(() => randomUUID()),
  name: column(String(100)),
  email: column(String(255)).unique().index(),
  role: column(String(20)).default("member"),
  createdAt: column(DateTime(), { name: "created_at" }).serverDefault(func.now()),
});

export const projects = new Table("projects", metadata, {
  id: column(String(36))
    .primaryKey()
    .default(() => randomUUID()),
  name: column(String(100)),
  description: column(Text()).nullable(),
  status: column(String(20)).default("active"),
  ownerId: column(String(36), { name: "owner_id" }).references(() => users.c.id, { onDelete: "CASCADE" }),
  taskCount: column(Integer(), { name: "task_count" }).default(0),
  createdAt: column(DateTime(), { name: "created_at" }).serverDefault(func.now()),
});

export const tasks = new Table("tasks", metadata, {
  id: column(String(36))
    .primaryKey()
    .default(() => randomUUID()),
  title: column(String(200)),
  status: column(String(20)).default("todo"),
  projectId: column(String(36), { name: "project_id" }).references(() => projects.c.id, { onDelete: "CASCADE" }),
  assigneeId: column(String(36), { name: "assignee_id" })
    .references(() => users.c.id)
    .nullable(),
});
