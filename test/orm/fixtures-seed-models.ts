// The seed's three models exactly as DESIGN.md writes them ("The seed, as Athanor code"), on their own base.
// `override` on toString: this repository compiles with noImplicitOverride (DESIGN.md writes the class without it).
import { randomUUID } from "node:crypto";
import { DateTime, func, Integer, String, Text } from "../../src/index.js";
import { column, declarativeBase, mapped, relationship } from "../../src/orm/index.js";

export const Base = declarativeBase({ naming: "snake_case" });

@mapped
export class User extends Base.Model("users", {
  id: column(String(36))
    .primaryKey()
    .default(() => randomUUID()),
  name: column(String(100)),
  email: column(String(255)).unique().index(),
  role: column(String(20)).default("member"),
  createdAt: column(DateTime()).serverDefault(func.now()),
  projects: relationship.many(() => Project, { backPopulates: "owner", cascade: "all, delete" }),
}) {
  override toString() {
    return `<User ${this.email}>`;
  }
}

@mapped
export class Project extends Base.Model("projects", {
  id: column(String(36))
    .primaryKey()
    .default(() => randomUUID()),
  name: column(String(100)),
  description: column(Text()).nullable(),
  status: column(String(20)).default("active"),
  ownerId: column(String(36)).references(() => User.id),
  taskCount: column(Integer()).default(0),
  createdAt: column(DateTime()).serverDefault(func.now()),
  owner: relationship.one(() => User, { backPopulates: "projects" }),
  tasks: relationship.many(() => Task, { backPopulates: "project", cascade: "all, delete" }),
}) {}

@mapped
export class Task extends Base.Model("tasks", {
  id: column(String(36))
    .primaryKey()
    .default(() => randomUUID()),
  title: column(String(200)),
  status: column(String(20)).default("todo"),
  projectId: column(String(36)).references(() => Project.id),
  assigneeId: column(String(36))
    .references(() => User.id)
    .nullable(),
  project: relationship.one(() => Project, { backPopulates: "tasks" }),
}) {}
