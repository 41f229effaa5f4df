// Declarative mapping without a database: tables made by Base.Model, the statics and constructors of model classes,
// @mapped's run-time checks, and the configure step (directions, join columns, and its errors).
import { describe, expect, it } from "vitest";
import {
  checkConstraint,
  Column,
  foreignKeyConstraint,
  index,
  Integer,
  MetaData,
  select,
  String as SqlString,
  Table,
  uniqueConstraint,
} from "../../src/index.js";
import {
  AmbiguousForeignKeysError,
  column,
  declarativeBase,
  mapped,
  mapperOf,
  NoForeignKeysError,
  relationship,
  snakeCase,
  UnmappedClassError,
} from "../../src/orm/index.js";
import { Base, Project, Task, User } from "./fixtures-seed-models.js";

describe("declarative models", () => {
  it("creates each model's table in Base.metadata, snake_case unless a column names itself", () => {
    expect([...Base.metadata.tables.keys()]).toEqual(["users", "projects", "tasks"]);
    const projects = Base.metadata.table("projects");
    expect(projects?.columns.map((c) => c.name)).toEqual([
      "id",
      "name",
      "description",
      "status",
      "owner_id",
      "task_count",
      "created_at",
    ]);
    const B = declarativeBase({ naming: "snake_case" });
    @mapped
    class Thing extends B.Model("things", {
      id: column(Integer()).primaryKey(),
      createdAt: column(Integer(), { name: "born" }),
      HTTPStatus: column(Integer()),
    }) {}
    expect(Thing.createdAt.name).toBe("born");
    expect(Thing.HTTPStatus.name).toBe("http_status");
    expect(snakeCase("taskCount")).toBe("task_count");
    const plain = declarativeBase();
    @mapped
    class Other extends plain.Model("others", { id: column(Integer()).primaryKey(), createdAt: column(Integer()) }) {}
    expect(Other.createdAt.name).toBe("createdAt");
  });

  it("uses a given MetaData and passes table options through", () => {
    const metadata = new MetaData();
    const B = declarativeBase({ metadata });
    @mapped
    class Account extends B.Model(
      "accounts",
      { id: column(Integer()).primaryKey(), code: column(SqlString(10)), region: column(SqlString(10)) },
      {
        comment: "ledger accounts",
        tableArgs: [
          uniqueConstraint(["code", "region"]),
          index("ix_accounts_region", ["region"]),
          checkConstraint((c) => c.code.ne("")),
        ],
      },
    ) {}
    expect(B.metadata).toBe(metadata);
    const table = metadata.table("accounts");
    expect(table?.comment).toBe("ledger accounts");
    expect(table?.extras.map((e) => e.kind)).toEqual(["unique", "index", "check"]);
    expect(mapperOf(Account).table).toBe(table);
  });

  it("puts typed Core columns on the class, usable in Core statements", () => {
    expect(Project.ownerId).toBeInstanceOf(Column);
    expect(Project.ownerId.table).toBe(Base.metadata.table("projects"));
    const sql = select(Project.id).where(Project.ownerId.eq("u1")).toString();
    expect(sql).toContain('"projects"."owner_id" = ?');
    // `name` and `length` are columns, not the class's own statics.
    expect(User.name).toBeInstanceOf(Column);
    expect(select(User.name.label("owner")).toString()).toContain('"users"."name" AS "owner"');
  });

  it("constructs objects from their attributes, collections starting empty", () => {
    const ann = new User({ name: "Ann", email: "ann@example.com" });
    expect(ann.name).toBe("Ann");
    expect(ann.projects).toEqual([]);
    const tasks = [new Task({ title: "Plan", projectId: "p1" })];
    const site = new Project({ name: "Site", owner: ann, tasks });
    expect(site.owner).toBe(ann);
    expect(site.tasks).toBe(tasks);
    // Attributes are own, enumerable properties (relationships too, once set).
    expect(Object.keys(site)).toEqual(["name", "owner", "tasks"]);
    const later = new Project({ name: "Later", ownerId: "u1" });
    // A relationship not given is unset on a new object (null, as SQLAlchemy's None), not "unloaded".
    expect(later.owner).toBeNull();
    later.owner = ann;
    expect(later.owner).toBe(ann);
    expect(Object.keys(later)).toEqual(["name", "ownerId", "tasks", "owner"]);
    expect(() => new User({ name: "Bo", email: "b", nickname: "b" } as never)).toThrow(
      /'nickname' is not a column or relationship of the 'users' model/,
    );
  });

  it("rejects a column keyed prototype and definitions that are neither columns nor relationships", () => {
    const B = declarativeBase();
    expect(() => B.Model("bad", { prototype: column(Integer()) } as never)).toThrow(/'prototype' cannot be a column/);
    expect(() => B.Model("bad2", { id: 3 as never })).toThrow(/neither a column\(\.\.\.\) nor a relationship/);
    expect(() => relationship.one(User as never)).toThrow(/a function returning the target class/);
    expect(() => relationship.many(() => User, { backPopulate: "x" } as never)).toThrow(
      /relationship\.many\(\): unknown option 'backPopulate'; the options are backPopulates, cascade/,
    );
  });

  it("rejects columns redeclared as class fields", () => {
    const B = declarativeBase();
    expect(() => {
      @mapped
      class Person extends B.Model("people", {
        id: column(Integer()).primaryKey(),
        name: column(SqlString(50)),
      }) {
        name!: string;
      }
      return Person;
    }).toThrow(/Person redeclares 'name' as class field/);
  });

  it("maps a class that extends Base.Model through an intermediate class", () => {
    const B = declarativeBase();
    class Named extends B.Model("labels", { id: column(Integer()).primaryKey(), name: column(SqlString(20)) }) {
      greet(): string {
        return `hi ${this.name}`;
      }
    }
    @mapped
    class Label extends Named {}
    expect(Label.name).toBeInstanceOf(Column);
    expect(new Label({ id: 1, name: "x" }).greet()).toBe("hi x");
    expect(mapperOf(Label).table.name).toBe("labels");
  });

  it("rejects a model without a primary key, a class mapped twice, a class that is not a model", () => {
    const B = declarativeBase();
    expect(() => {
      @mapped
      class NoKey extends B.Model("nokey", { a: column(Integer()) }) {}
      return NoKey;
    }).toThrow(/has no primary key/);
    const Shared = B.Model("shared", { id: column(Integer()).primaryKey() });
    @mapped
    class First extends Shared {}
    expect(mapperOf(First).className).toBe("First");
    expect(() => {
      @mapped
      class Second extends Shared {}
      return Second;
    }).toThrow(/Second and First both extend Base.Model\("shared"/);
    expect(() => mapped(class {} as never, { kind: "class", name: "X" } as never)).toThrow(
      /does not extend Base.Model/,
    );
    expect(() => mapperOf(class Nope {})).toThrow(UnmappedClassError);
  });
});

describe("mappers and relationships", () => {
  it("knows each class's table, columns and primary key, from the class or an object", () => {
    const m = mapperOf(Project);
    expect(m.class).toBe(Project);
    expect(m.className).toBe("Project");
    expect([...m.columns.keys()]).toEqual(["id", "name", "description", "status", "ownerId", "taskCount", "createdAt"]);
    expect(m.primaryKey.map((c) => c.name)).toEqual(["id"]);
    expect(mapperOf(new Project({ name: "x", ownerId: "u" }))).toBe(m);
  });

  it("works out directions, join columns and backPopulates pairs from the foreign keys", () => {
    const projects = mapperOf(User).relationship("projects");
    expect(projects.direction).toBe("one-to-many");
    expect(projects.uselist).toBe(true);
    expect(projects.target).toBe(mapperOf(Project));
    expect(projects.pairs.map((p) => [String(p.local), String(p.remote)])).toEqual([["users.id", "projects.owner_id"]]);
    expect([...projects.cascade].sort()).toEqual(["delete", "expunge", "merge", "refresh-expire", "save-update"]);
    const owner = mapperOf(Project).relationship("owner");
    expect(owner.direction).toBe("many-to-one");
    expect(owner.uselist).toBe(false);
    expect(owner.pairs.map((p) => [String(p.local), String(p.remote)])).toEqual([["projects.owner_id", "users.id"]]);
    expect(owner.backPopulates).toBe(projects);
    expect(projects.backPopulates).toBe(owner);
    expect([...owner.cascade]).toEqual(["save-update", "merge"]);
    expect(String(owner.joinCondition().node.kind)).toBe("binary");
    expect(() => mapperOf(User).relationship("nope")).toThrow(
      /User has no relationship 'nope'; its relationships are projects/,
    );
  });

  it("maps one-to-one, many-to-many, self-referential and several-foreign-key relationships", () => {
    const B = declarativeBase({ naming: "snake_case" });
    const memberships = new Table("memberships", B.metadata, {
      personId: column(Integer(), { name: "person_id" }).primaryKey().references("persons.id"),
      clubId: column(Integer(), { name: "club_id" }).primaryKey().references("clubs.id"),
    });
    @mapped
    class Person extends B.Model("persons", {
      id: column(Integer()).primaryKey(),
      clubs: relationship.many(() => Club, { secondary: memberships, backPopulates: "members" }),
      passport: relationship.one(() => Passport, { backPopulates: "holder" }),
      authored: relationship.many(() => Ticket, { foreignKeys: ["authorId"], backPopulates: "author" }),
    }) {}
    @mapped
    class Club extends B.Model("clubs", {
      id: column(Integer()).primaryKey(),
      members: relationship.many(() => Person, { secondary: "memberships", backPopulates: "clubs" }),
    }) {}
    @mapped
    class Passport extends B.Model("passports", {
      id: column(Integer()).primaryKey(),
      holderId: column(Integer())
        .references(() => Person.id)
        .unique(),
      holder: relationship.one(() => Person, { backPopulates: "passport" }),
    }) {}
    @mapped
    class Ticket extends B.Model("tickets", {
      id: column(Integer()).primaryKey(),
      authorId: column(Integer()).references(() => Person.id),
      assigneeId: column(Integer())
        .references(() => Person.id)
        .nullable(),
      author: relationship.one(() => Person, { foreignKeys: () => [Ticket.authorId], backPopulates: "authored" }),
      assignee: relationship.one(() => Person, { foreignKeys: ["assigneeId"], optional: true }),
    }) {}
    @mapped
    class Category extends B.Model("categories", {
      id: column(Integer()).primaryKey(),
      parentId: column(Integer()).references("categories.id").nullable(),
      parent: relationship.one(() => Category, { remoteSide: ["id"], backPopulates: "children", optional: true }),
      children: relationship.many(() => Category, { backPopulates: "parent", orderBy: () => [Category.id] }),
    }) {}

    const clubs = mapperOf(Person).relationship("clubs");
    expect(clubs.direction).toBe("many-to-many");
    expect(clubs.secondary).toBe(memberships);
    expect(clubs.pairs.map((p) => [String(p.local), String(p.remote)])).toEqual([
      ["persons.id", "memberships.person_id"],
    ]);
    expect(clubs.secondaryPairs.map((p) => [String(p.local), String(p.remote)])).toEqual([
      ["memberships.club_id", "clubs.id"],
    ]);
    expect(clubs.backPopulates).toBe(mapperOf(Club).relationship("members"));
    const passport = mapperOf(Person).relationship("passport");
    expect([passport.direction, passport.uselist]).toEqual(["one-to-many", false]);
    expect(mapperOf(Passport).relationship("holder").direction).toBe("many-to-one");
    expect(
      mapperOf(Ticket)
        .relationship("assignee")
        .pairs.map((p) => String(p.local)),
    ).toEqual(["tickets.assignee_id"]);
    expect(
      mapperOf(Ticket)
        .relationship("author")
        .pairs.map((p) => String(p.local)),
    ).toEqual(["tickets.author_id"]);
    expect(
      mapperOf(Person)
        .relationship("authored")
        .pairs.map((p) => String(p.remote)),
    ).toEqual(["tickets.author_id"]);
    const parent = mapperOf(Category).relationship("parent");
    const children = mapperOf(Category).relationship("children");
    expect([parent.direction, children.direction]).toEqual(["many-to-one", "one-to-many"]);
    expect(parent.pairs.map((p) => [String(p.local), String(p.remote)])).toEqual([
      ["categories.parent_id", "categories.id"],
    ]);
    expect(parent.backPopulates).toBe(children);
    expect(children.orderBy()).toEqual([Category.id]);
    expect(parent.orderBy()).toEqual([]);
    // A relationship attribute is a join target.
    expect(select(Person.id).join(Person.passport).toString()).toContain(
      'JOIN "passports" ON "persons"."id" = "passports"."holder_id"',
    );
    expect(() => select(Person.id).join(Person.clubs)).toThrow(/association table 'memberships'/);
    expect(String(Person.clubs)).toBe("persons.clubs");
  });

  it("maps composite keys and composite foreign keys, and columns keyed name and length", () => {
    const B = declarativeBase({ naming: "snake_case" });
    @mapped
    class Shelf extends B.Model("shelves", {
      room: column(Integer()).primaryKey(),
      number: column(Integer()).primaryKey(),
      name: column(SqlString(20)),
      length: column(Integer()),
      books: relationship.many(() => Volume, { backPopulates: "shelf" }),
    }) {}
    @mapped
    class Volume extends B.Model(
      "volumes",
      {
        id: column(Integer()).primaryKey(),
        shelfRoom: column(Integer()),
        shelfNumber: column(Integer()),
        shelf: relationship.one(() => Shelf, { backPopulates: "books" }),
      },
      { tableArgs: [foreignKeyConstraint(["shelfRoom", "shelfNumber"], ["shelves.room", "shelves.number"])] },
    ) {}
    expect(mapperOf(Shelf).primaryKey.map((c) => c.name)).toEqual(["room", "number"]);
    const shelf = mapperOf(Volume).relationship("shelf");
    expect(shelf.direction).toBe("many-to-one");
    expect(shelf.pairs.map((p) => [p.local.name, p.remote.name])).toEqual([
      ["shelf_room", "room"],
      ["shelf_number", "number"],
    ]);
    expect(Shelf.name).toBe(mapperOf(Shelf).table.c.name);
    expect(Shelf.length).toBe(mapperOf(Shelf).table.c.length);
    expect(select(Shelf.length).toString()).toContain('"shelves"."length"');
  });

  it("reports ambiguous and missing foreign keys, and mismatched directions", () => {
    const ambiguous = declarativeBase();
    @mapped
    class A extends ambiguous.Model("a", { id: column(Integer()).primaryKey() }) {}
    @mapped
    class B extends ambiguous.Model("b", {
      id: column(Integer()).primaryKey(),
      firstId: column(Integer()).references(() => A.id),
      secondId: column(Integer()).references(() => A.id),
      a: relationship.one(() => A),
    }) {}
    expect(() => mapperOf(B).relationships).toThrow(AmbiguousForeignKeysError);
    expect(() => mapperOf(A).relationships).toThrow(
      /B\.a: several foreign keys link 'b' and 'a' \(b\.firstId -> a\.id; b\.secondId -> a\.id\); say which with foreignKeys/,
    );

    const none = declarativeBase();
    @mapped
    class C extends none.Model("c", { id: column(Integer()).primaryKey(), d: relationship.many(() => D) }) {}
    @mapped
    class D extends none.Model("d", { id: column(Integer()).primaryKey() }) {}
    expect(() => mapperOf(C).relationship("d")).toThrow(NoForeignKeysError);
    expect(mapperOf(D).className).toBe("D");

    const wrongWay = declarativeBase();
    @mapped
    class E extends wrongWay.Model("e", { id: column(Integer()).primaryKey() }) {}
    @mapped
    class F extends wrongWay.Model("f", {
      id: column(Integer()).primaryKey(),
      eId: column(Integer()).references(() => E.id),
      es: relationship.many(() => E),
    }) {}
    expect(() => mapperOf(F).relationships).toThrow(
      /F\.es is relationship\.many\(\), but its foreign key \(f\.eId\) is on F's table/,
    );

    const unmapped = declarativeBase();
    class G {}
    @mapped
    class H extends unmapped.Model("h", { id: column(Integer()).primaryKey(), g: relationship.one(() => G) }) {}
    expect(() => mapperOf(H).relationships).toThrow(/H\.g: the target class is not a mapped class/);

    const badCascade = declarativeBase();
    @mapped
    class I extends badCascade.Model("i", {
      id: column(Integer()).primaryKey(),
      parentId: column(Integer()).references("i.id"),
      kids: relationship.many(() => I, { cascade: "all, delete-orphans" }),
    }) {}
    expect(() => mapperOf(I).relationships).toThrow(/unknown cascade "delete-orphans"/);

    const orphans = declarativeBase();
    @mapped
    class P extends orphans.Model("p", { id: column(Integer()).primaryKey() }) {}
    @mapped
    class Q extends orphans.Model("q", {
      id: column(Integer()).primaryKey(),
      pId: column(Integer()).references(() => P.id),
      p: relationship.one(() => P, { cascade: "all, delete-orphan" }),
    }) {}
    expect(() => mapperOf(Q).relationships).toThrow(
      /Q\.p: the delete-orphan cascade is for one-to-many relationships \(a child has one parent\); this one is many-to-one/,
    );
  });

  it("checks backPopulates at configure time (missing, pointing elsewhere, mismatched)", () => {
    const missing = declarativeBase();
    // @ts-expect-error: @mapped's parameter type finds it at compile time too
    @mapped
    class J extends missing.Model("j", {
      id: column(Integer()).primaryKey(),
      ks: relationship.many(() => K, { backPopulates: "jay" }),
    }) {}
    @mapped
    class K extends missing.Model("k", {
      id: column(Integer()).primaryKey(),
      jId: column(Integer()).references("j.id"),
    }) {}
    expect(() => mapperOf(K).relationships).toThrow(
      /J\.ks: backPopulates "jay", but K has no relationship "jay"; add K\.jay = relationship\.one\(\(\) => J, \{ backPopulates: "ks" \}\)/,
    );
    expect(mapperOf(J).configured).toBe(false);

    const mismatched = declarativeBase();
    // @ts-expect-error: M.l names "other", not "ms"
    @mapped
    class L extends mismatched.Model("l", {
      id: column(Integer()).primaryKey(),
      ms: relationship.many(() => M, { backPopulates: "l" }),
    }) {}
    // @ts-expect-error: M.l's backPopulates "other" is not a relationship of L
    @mapped
    class M extends mismatched.Model("m", {
      id: column(Integer()).primaryKey(),
      lId: column(Integer()).references("l.id"),
      l: relationship.one(() => L, { backPopulates: "other" }),
      other: relationship.one(() => L),
    }) {}
    expect(() => mapperOf(L).relationships).toThrow(
      /L\.ms: backPopulates "l", but M\.l has backPopulates "other"; the two must name each other/,
    );

    const directions = declarativeBase();
    const links = new Table("links", directions.metadata, {
      nId: column(Integer()).primaryKey().references("n.id"),
      oId: column(Integer()).primaryKey().references("o.id"),
    });
    @mapped
    class N extends directions.Model("n", {
      id: column(Integer()).primaryKey(),
      os: relationship.many(() => O, { secondary: links, backPopulates: "n" }),
    }) {}
    @mapped
    class O extends directions.Model("o", {
      id: column(Integer()).primaryKey(),
      nId: column(Integer()).references("n.id"),
      n: relationship.one(() => N, { backPopulates: "os" }),
    }) {}
    expect(() => mapperOf(O).relationships).toThrow(
      /N\.os is many-to-many but its backPopulates O\.n is many-to-one; the mirror of a many-to-many relationship is many-to-many/,
    );
    expect(mapperOf(N).configured).toBe(false);
  });
});
