// The ORM's models in Core, on every database: Base.metadata.createAll, Core inserts through a model class, and
// selects of model classes yielding objects of the class (built from the row, constructor not called).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEngine, type Engine, insert, select } from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { engines } from "../suite/support.js";
import { UnloadedRelationshipError } from "../../src/orm/index.js";
import { Base, Project, Task, User } from "./fixtures-seed-models.js";

describeEachDialect("orm models in core", (ctx) => {
  const engine = engines(ctx);
  let setup: Engine;
  beforeAll(async () => {
    setup = createEngine(ctx.url());
    await Base.metadata.createAll(setup);
    await setup.begin(async (conn) => {
      await conn.execute(insert(User), [
        { id: "u1", name: "Ann", email: "ann@example.com" },
        { id: "u2", name: "Bo", email: "bo@example.com", role: "admin" },
      ]);
      await conn.execute(insert(Project), [
        { id: "p1", name: "Site", ownerId: "u1" },
        { id: "p2", name: "App", ownerId: "u1", description: "mobile" },
      ]);
      await conn.execute(insert(Task).values({ id: "t1", title: "Plan", projectId: "p1" }));
    });
  });
  afterAll(async () => {
    await Base.metadata.dropAll(setup);
    await setup.dispose();
  });

  it("creates the tables with snake_case column names", async () => {
    await using conn = await engine().connect();
    const rows = (await conn.execute(select(Project.ownerId, Project.taskCount).where(Project.id.eq("p1")))).all();
    expect(rows.map((r) => [r.ownerId, r.taskCount])).toEqual([["u1", 0]]);
    expect(Project.ownerId.name).toBe("owner_id");
    expect(User.createdAt.name).toBe("created_at");
  });

  it("select(Model) yields objects of the class, with their columns' values and methods", async () => {
    await using conn = await engine().connect();
    const ann = (await conn.execute(select(User).where(User.email.eq("ann@example.com")))).scalars().one();
    expect(ann).toBeInstanceOf(User);
    expect(ann.name).toBe("Ann");
    expect(ann.role).toBe("member");
    expect(ann.createdAt).toBeInstanceOf(Date);
    expect(String(ann)).toBe("<User ann@example.com>");
    // Not loaded: reading the relationship throws, naming the loader option; setting it stores the value.
    expect(Object.keys(ann)).not.toContain("projects");
    expect(() => ann.projects).toThrow(UnloadedRelationshipError);
    expect(() => ann.projects).toThrow(
      "User.projects is not loaded (Athanor does no IO on attribute access): load it with the query, .options(selectinload(User.projects))",
    );
    ann.projects = [];
    expect(ann.projects).toEqual([]);
    const task = (await conn.execute(select(Task))).scalars().one();
    expect(() => task.project).toThrow(/Task\.project is not loaded .*joinedload\(Task\.project\)/);
  });

  it("select(Model, column).join(...) mixes objects and values", async () => {
    await using conn = await engine().connect();
    const rows = (
      await conn.execute(select(User, Project.name).join(Project, Project.ownerId.eq(User.id)).orderBy(Project.name))
    ).all();
    expect(rows.map((r) => [r[0].name, r.name])).toEqual([
      ["Ann", "App"],
      ["Ann", "Site"],
    ]);
    expect(rows[0]?.[0]).toBeInstanceOf(User);
    // The relationship attribute is a join target with its ON clause.
    const viaRel = (await conn.execute(select(Task.title, Project.name).join(Task.project))).all();
    expect(viaRel.map((r) => [r.title, r.name])).toEqual([["Plan", "Site"]]);
    const descriptions = (await conn.execute(select(Project).orderBy(Project.id))).scalars().all();
    expect(descriptions.map((p) => p.description)).toEqual([null, "mobile"]);
    expect(descriptions[0]).toBeInstanceOf(Project);
  });
});
