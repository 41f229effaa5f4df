// Type-level tests for the ORM's declarative models: the seed's three models (test/orm/fixtures-seed-models.ts,
// as DESIGN.md writes them), their static, instance and constructor types, and the misuse cases of DESIGN.md.
// Checked by `npm run typecheck` (TypeScript 5.9 and 7); never run.
import { expectTypeOf } from "vitest";
import {
  type Column,
  type Connection,
  func,
  Integer,
  type MetaData,
  select,
  String as SqlString,
} from "../../src/index.js";
import { column, declarativeBase, mapped, mapperOf, relationship } from "../../src/orm/index.js";
import type { Row } from "../../src/result/index.js";
import { Project, Task, User } from "../orm/fixtures-seed-models.js";

declare const conn: Connection;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// --- static side: typed Core columns ------------------------------------------------------------------------
expectTypeOf(Project.ownerId).toEqualTypeOf<Column<string, "ownerId", "projects">>();
expectTypeOf(Project.description).toEqualTypeOf<Column<string | null, "description", "projects">>();
expectTypeOf(User.name).toEqualTypeOf<Column<string, "name", "users">>();
expectTypeOf(User.createdAt).toEqualTypeOf<Column<Date, "createdAt", "users">>();
User.name.label("owner");

export async function coreQueries(id: string): Promise<void> {
  const ids = (await conn.execute(select(Project.id).where(Project.ownerId.eq(id)))).scalars().all();
  expectTypeOf(ids).toEqualTypeOf<string[]>();
  const stats = (
    await conn.execute(
      select(Task.status, func.count(Task.id).label("count")).where(Task.projectId.eq(id)).groupBy(Task.status),
    )
  ).one();
  expectTypeOf<Same<typeof stats, Row<[string, number], { status: string; count: number }>>>().toEqualTypeOf<true>();
  // select(Model) yields instances.
  const projects = (await conn.execute(select(Project).where(Project.status.eq("active")))).scalars().all();
  expectTypeOf(projects).toEqualTypeOf<Project[]>();
  const pairs = (await conn.execute(select(User, Project.name).join(Project, Project.ownerId.eq(User.id)))).one();
  expectTypeOf(pairs[0]).toEqualTypeOf<User>();
  expectTypeOf(pairs.name).toEqualTypeOf<string>();
  // A relationship attribute is a join target.
  select(User.id).join(User.projects);
  // @ts-expect-error: a string column compared with a number
  select(Project.id).where(Project.ownerId.eq(1));
}

// --- instance side: typed values --------------------------------------------------------------------------------
declare const p: Project;
expectTypeOf(p.description).toEqualTypeOf<string | null>();
expectTypeOf(p.tasks).toEqualTypeOf<Task[]>();
expectTypeOf(p.owner).toEqualTypeOf<User>();
expectTypeOf(p.taskCount).toEqualTypeOf<number>();
expectTypeOf(p.createdAt).toEqualTypeOf<Date>();
declare const t: Task;
expectTypeOf(t.assigneeId).toEqualTypeOf<string | null>();
expectTypeOf(t.project).toEqualTypeOf<Project>();
declare const u: User;
expectTypeOf(u.projects).toEqualTypeOf<Project[]>();
expectTypeOf(u.toString()).toEqualTypeOf<string>();

// --- constructors ----------------------------------------------------------------------------------------------
const ann = new User({ name: "Ann", email: "ann@example.com" });
const site = new Project({ name: "Site", owner: ann, tasks: [new Task({ title: "Plan", projectId: "p1" })] });
new Project({ name: "Site", ownerId: ann.id });
new Task({ title: "Ship", project: site });
new Task({ title: "Ship", project: site, assigneeId: null, status: "doing" });
// @ts-expect-error: name is required (no default, not nullable)
new User({ email: "bo@example.com" });
// @ts-expect-error: unknown key
new User({ name: "Bo", email: "bo@example.com", nickname: "b" });
// @ts-expect-error: wrong value type
new Project({ name: 3 });
// @ts-expect-error: a relationship takes objects of its target class
new Project({ name: "Site", owner: site });
// @ts-expect-error: a collection takes an array
new Project({ name: "Site", tasks: new Task({ title: "x", projectId: "p" }) });

// --- misuse caught by @mapped ----------------------------------------------------------------------------------
const Misc = declarativeBase();

@mapped
export class Author extends Misc.Model("authors", {
  id: column(Integer()).primaryKey(),
  books: relationship.many(() => Book, { backPopulates: "author" }),
}) {}

@mapped
export class Book extends Misc.Model("books", {
  id: column(Integer()).primaryKey(),
  authorId: column(Integer()).references(() => Author.id),
  author: relationship.one(() => Author, { backPopulates: "books" }),
}) {}

// @ts-expect-error: backPopulates names a relationship the target does not have
@mapped
export class Shelf extends Misc.Model("shelves", {
  id: column(Integer()).primaryKey(),
  bookId: column(Integer()).references(() => Book.id),
  book: relationship.one(() => Book, { backPopulates: "shelvez" }),
}) {}

// @ts-expect-error: backPopulates names a relationship that points at another class
@mapped
export class Review extends Misc.Model("reviews", {
  id: column(Integer()).primaryKey(),
  bookId: column(Integer()).references(() => Book.id),
  book: relationship.one(() => Book, { backPopulates: "author" }),
}) {}

// A self-referential adjacency list: inside its own base expression a class cannot be referred to (TS2506), so the
// foreign key and remoteSide name columns by string.
@mapped
export class Node extends Misc.Model("nodes", {
  id: column(Integer()).primaryKey(),
  label: column(SqlString(50)),
  parentId: column(Integer()).references("nodes.id").nullable(),
  parent: relationship.one(() => Node, { remoteSide: ["id"], backPopulates: "children", optional: true }),
  children: relationship.many(() => Node, { backPopulates: "parent" }),
}) {}
declare const n: Node;
expectTypeOf(n.parent).toEqualTypeOf<Node | null>();
expectTypeOf(n.children).toEqualTypeOf<Node[]>();
new Node({ label: "root" });

// A column keyed prototype is rejected (every class has its own prototype).
// @ts-expect-error: prototype cannot be a key of a model
Misc.Model("protos", { id: column(Integer()).primaryKey(), prototype: column(Integer()) });
// Options are checked where they are written.
// @ts-expect-error: misspelled option
relationship.one(() => Book, { backPopulate: "author" });
// @ts-expect-error: optional is for relationship.one
relationship.many(() => Book, { optional: true });
expectTypeOf(Misc.metadata).toEqualTypeOf<MetaData>();
expectTypeOf(mapperOf(Book).table.name).toEqualTypeOf<string>();

// A class that is not a model cannot be @mapped.
// @ts-expect-error: not a Base.Model class
@mapped
export class Plain {}
