// The Session on every database: add + commit + get, the identity map, FK-ordered INSERTs, generated keys and server
// defaults written back, a failed flush needing rollback(), Session.begin, and inspect() through the life cycle.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createEngine,
  DateTime,
  type Engine,
  func,
  Integer,
  select,
  String as SqlString,
  UniqueViolationError,
} from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import {
  AsyncSession,
  column,
  declarativeBase,
  inspect,
  InvalidRequestError,
  mapped,
  PendingRollbackError,
  sessionmaker,
  UnmappedInstanceError,
} from "../../src/orm/index.js";
import { Base, Project, Task, User } from "./fixtures-seed-models.js";

const Local = declarativeBase({ naming: "snake_case" });

@mapped
class Author extends Local.Model("authors", {
  id: column(Integer()).primaryKey(),
  name: column(SqlString(50)).unique(),
  createdAt: column(DateTime()).serverDefault(func.now()),
}) {}

@mapped
class Book extends Local.Model("books", {
  id: column(Integer()).primaryKey(),
  title: column(SqlString(50)),
  authorId: column(Integer()).references(() => Author.id),
}) {}

@mapped
class Membership extends Local.Model("memberships", {
  userId: column(SqlString(10)).primaryKey(),
  groupId: column(Integer()).primaryKey().autoincrement(false),
  role: column(SqlString(10)).default("member"),
}) {}

describeEachDialect("orm session", (ctx) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine(ctx.url());
    await Base.metadata.createAll(engine);
    await Local.metadata.createAll(engine);
  });
  afterAll(async () => {
    await Local.metadata.dropAll(engine);
    await Base.metadata.dropAll(engine);
    await engine.dispose();
  });
  const Session = () => sessionmaker(engine);

  it("add + commit, then get in a fresh session", async () => {
    const S = Session();
    let id: string;
    {
      await using session = S();
      const ann = new User({ name: "Ann", email: "ann@example.com" });
      session.add(ann);
      expect(session.new).toEqual([ann]);
      await session.commit();
      expect(session.new).toEqual([]);
      id = ann.id; // the client-side default, written onto the object at flush
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(ann.role).toBe("member");
    }
    await using session = S();
    const ann = await session.get(User, id);
    expect(ann).toBeInstanceOf(User);
    expect(ann?.email).toBe("ann@example.com");
    expect(ann?.createdAt).toBeInstanceOf(Date);
    expect(await session.get(User, "no-such-id")).toBeNull();
    expect(await session.get(User, { id })).toBe(ann);
  });

  it("identity map: one object per row, pending changes kept when the row is loaded again", async () => {
    const S = Session();
    await S.begin(async (s) => s.add(new User({ id: "im1", name: "Im", email: "im@example.com" })));
    // Without autoflush the change stays in memory while the row is read again.
    await using session = S({ autoflush: false });
    const a = await session.get(User, "im1");
    expect(await session.get(User, "im1")).toBe(a);
    if (!a) throw new Error("not found");
    a.name = "Changed in memory";
    const [queried] = (await session.scalars(select(User).where(User.email.eq("im@example.com")))).all();
    expect(queried).toBe(a);
    expect(queried?.name).toBe("Changed in memory");
    const row = (await session.execute(select(User, User.email).where(User.id.eq("im1")))).one();
    expect(row[0]).toBe(a);
    expect(inspect(a).modified).toEqual(["name"]);
    expect(session.identityMap).toContain(a);
    await session.commit(); // flushes the change, ends the transaction and returns the connection (SQLite has one)
    expect(inspect(a).modified).toEqual([]);
    expect(await session.get(User, "im1")).toBe(a);
    // A session-less Core connection still builds fresh objects.
    await using conn = await engine.connect();
    const fresh = (await conn.execute(select(User).where(User.id.eq("im1")))).scalars().one();
    expect(fresh).not.toBe(a);
    expect(fresh.name).toBe("Changed in memory");
  });

  it("autoflushes new objects before a query, which then returns those same objects", async () => {
    await using session = Session()();
    const u = new User({ name: "Auto", email: "auto@example.com" });
    session.add(u);
    const found = (await session.scalars(select(User).where(User.email.eq("auto@example.com")))).all();
    expect(found).toEqual([u]);
    expect(found[0]).toBe(u);
    expect(inspect(u).status).toBe("persistent");
    const conn = await session.connection();
    expect(conn.inTransaction()).toBe(true);
    expect(session.inTransaction()).toBe(true);
    await session.rollback(); // the INSERT is undone: the object is transient again
    expect(inspect(u).status).toBe("transient");
    expect(session.inTransaction()).toBe(false);
    await using manual = Session()({ autoflush: false });
    manual.add(new User({ name: "Manual", email: "manual@example.com" }));
    expect(await manual.scalar(select(func.count(User.id)).where(User.email.eq("manual@example.com")))).toBe(0);
    await manual.rollback();
  });

  it("flushes parents before children added in reverse order (mappers sorted by foreign key)", async () => {
    await using session = Session()();
    const task = new Task({ id: "fk-t1", title: "Plan", projectId: "fk-p1" });
    const project = new Project({ id: "fk-p1", name: "Site", ownerId: "fk-u1" });
    const owner = new User({ id: "fk-u1", name: "Own", email: "own@example.com" });
    session.addAll([task, project, owner]);
    await session.flush();
    expect([task, project, owner].map((o) => inspect(o).status)).toEqual(["persistent", "persistent", "persistent"]);
    await session.commit();
    expect(await session.scalar(select(func.count(Task.id)).where(Task.projectId.eq("fk-p1")))).toBe(1);
    expect(project.createdAt).toBeInstanceOf(Date);
    expect(project.status).toBe("active");
    expect(project.description).toBeNull();
  });

  it("sets a new object's foreign key from the many-to-one object it points at (inserted first)", async () => {
    await using session = Session()();
    const owner = new User({ name: "Rel", email: "rel@example.com" });
    const project = new Project({ name: "Linked", owner });
    const task = new Task({ title: "Linked task", project });
    session.addAll([task, project, owner]);
    await session.commit();
    expect(project.ownerId).toBe(owner.id);
    expect(task.projectId).toBe(project.id);
    const row = (await session.execute(select(Task.projectId, Project.ownerId).join(Task.project))).all();
    expect(row.filter((r) => r.projectId === project.id).map((r) => r.ownerId)).toEqual([owner.id]);
  });

  it("writes generated keys and server defaults back onto the objects, in add order", async () => {
    await using session = Session()();
    const authors = ["Ada", "Bea", "Cy"].map((name) => new Author({ name }));
    session.addAll(authors);
    await session.flush();
    const ids = authors.map((a) => a.id);
    expect(ids.every((id) => typeof id === "number")).toBe(true);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    for (const a of authors) expect(a.createdAt).toBeInstanceOf(Date);
    expect(inspect(authors[0] as Author).identityKey).toEqual([ids[0]]);
    const ada = authors[0] as Author;
    session.add(new Book({ title: "Notes", authorId: ada.id }));
    await session.commit();
    expect(await session.get(Author, ada.id)).toBe(ada);
    const titles = (await session.scalars(select(Book.title).where(Book.authorId.eq(ada.id)))).all();
    expect(titles).toEqual(["Notes"]);
  });

  it("gets by a composite primary key as an array or an object", async () => {
    await using session = Session()();
    const m = new Membership({ userId: "u9", groupId: 7 });
    session.add(m);
    await session.commit();
    expect(m.role).toBe("member");
    expect(await session.get(Membership, ["u9", 7])).toBe(m);
    expect(await session.get(Membership, { groupId: 7, userId: "u9" })).toBe(m);
    await session.commit();
    await using other = Session()();
    const loaded = await other.get(Membership, ["u9", 7]);
    expect(loaded).not.toBe(m);
    expect(loaded?.role).toBe("member");
    expect(inspect(loaded as Membership).identityKey).toEqual(["u9", 7]);
    await expect(other.get(Membership, "u9")).rejects.toThrow(
      "session.get(Membership, …): the primary key is (userId, groupId); pass [userId, groupId] or { userId, groupId }",
    );
  });

  it("a failed flush rolls back and the session needs rollback() (PendingRollbackError until then)", async () => {
    await using session = Session()();
    session.add(new Author({ name: "Dup" }));
    await session.commit();
    const dup = new Author({ name: "Dup" });
    const ok = new Author({ name: "Fine" });
    session.addAll([ok, dup]);
    const failure = await session.flush().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UniqueViolationError);
    expect(inspect(dup).status).toBe("pending");
    expect(inspect(ok).status).toBe("pending");
    expect([ok.id, ok.createdAt, dup.id]).toEqual([undefined, undefined, undefined]); // nothing of the lost rows
    const blocked = await session.get(Author, 1).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(PendingRollbackError);
    expect((blocked as Error).message).toMatch(
      /^This session's transaction was rolled back because a flush failed \(UniqueViolationError: .*\): call await session\.rollback\(\) before using the session again$/,
    );
    expect((blocked as Error).cause).toBe(failure);
    await expect(session.commit()).rejects.toBeInstanceOf(PendingRollbackError);
    await session.rollback();
    session.expunge(dup);
    expect(inspect(dup).status).toBe("transient");
    await session.commit();
    expect(inspect(ok).status).toBe("persistent");
    const names = (await session.scalars(select(Author.name).where(Author.name.in(["Dup", "Fine"])))).all();
    expect([...names].sort()).toEqual(["Dup", "Fine"]);
  });

  it("a flush failing at a later mapper forgets the keys the earlier INSERTs wrote onto the objects", async () => {
    await using session = Session()();
    const first = new Author({ name: "First" });
    session.add(first);
    await session.flush();
    session.add(new Book({ id: 500, title: "Taken", authorId: first.id }));
    await session.commit();
    const author = new Author({ name: "Second" });
    const clash = new Book({ id: 500, title: "Clash", authorId: first.id });
    session.addAll([clash, author]);
    await expect(session.flush()).rejects.toBeInstanceOf(UniqueViolationError);
    expect([author.id, author.createdAt]).toEqual([undefined, undefined]);
    await session.rollback();
    session.expunge(clash);
    await session.commit();
    expect(typeof author.id).toBe("number");
    expect(await session.scalar(select(Author.name).where(Author.id.eq(author.id)))).toBe("Second");
  });

  it("Session.begin commits on success and rolls back (and rethrows) on error", async () => {
    const S = Session();
    const made = await S.begin(async (s) => {
      const b = new Author({ name: "Begun" });
      s.add(b);
      return b;
    });
    expect(inspect(made).status).toBe("detached");
    expect(typeof made.id).toBe("number");
    const boom = new Error("boom");
    const lost = new Author({ name: "Lost" });
    await expect(
      S.begin(async (s) => {
        s.add(lost);
        await s.flush();
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(inspect(lost).status).toBe("transient");
    await using session = S();
    const names = (await session.scalars(select(Author.name).where(Author.name.in(["Begun", "Lost"])))).all();
    expect(names).toEqual(["Begun"]);
  });

  it("inspect() follows an object through transient, pending, persistent and detached", async () => {
    await using session = Session()();
    const user = new User({ name: "Life", email: "life@example.com" });
    let info = inspect(user);
    expect([info.status, info.transient, info.identityKey, info.session]).toEqual([
      "transient",
      true,
      undefined,
      undefined,
    ]);
    expect(info.modified).toEqual(["name", "email"]);
    session.add(user);
    expect(inspect(user).status).toBe("pending");
    expect(inspect(user).session).toBe(session);
    expect(session.inTransaction()).toBe(false);
    await session.flush();
    expect(session.inTransaction()).toBe(true);
    info = inspect(user);
    expect([info.status, info.persistent, info.identityKey]).toEqual(["persistent", true, [user.id]]);
    expect(info.modified).toEqual([]);
    user.role = "admin";
    expect(inspect(user).modified).toEqual(["role"]);
    session.expunge(user);
    expect(inspect(user).status).toBe("detached");
    session.add(user);
    expect(inspect(user).status).toBe("persistent");
    await session.close();
    expect(inspect(user).status).toBe("detached");
    expect(Object.keys(user)).not.toContain("state");
    // Misuse: unmapped objects, objects of another session.
    expect(() => inspect({})).toThrow(UnmappedInstanceError);
    expect(() => session.add({ name: "x" })).toThrow(
      "<Object object> is not an instance of a mapped class, so session.add() cannot take it: pass an object of a class that extends Base.Model(...) and is decorated with @mapped",
    );
    const other = new AsyncSession(engine);
    const shared = new User({ name: "Two", email: "two@example.com" });
    other.add(shared);
    expect(() => session.add(shared)).toThrow(InvalidRequestError);
    expect(() => session.add(shared)).toThrow(
      "<User object (pending)> is already in another session: expunge it there first (otherSession.expunge(obj)) or close that session, then add it here",
    );
    await other.close();
    expect(inspect(shared).status).toBe("transient");
  });
});

describeEachDialect("orm session updates and deletes", (ctx) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine(ctx.url());
    await Local.metadata.createAll(engine);
  });
  afterAll(async () => {
    await Local.metadata.dropAll(engine);
    await engine.dispose();
  });

  it("UPDATEs only the changed columns of dirty objects at flush; isModified and dirty follow", async () => {
    const Session = sessionmaker(engine);
    const ada = await Session.begin(async (s) => {
      const a = new Author({ name: "Upd" });
      s.add(a);
      return a;
    });
    await using session = Session();
    const a = (await session.get(Author, ada.id)) as Author;
    expect(session.isModified(a)).toBe(false);
    expect(session.dirty).toEqual([]);
    a.name = "Updated";
    expect(session.isModified(a)).toBe(true);
    expect(session.dirty).toEqual([a]);
    // Autoflush: the query sees the change.
    expect(await session.scalar(select(Author.name).where(Author.id.eq(a.id)))).toBe("Updated");
    expect(session.dirty).toEqual([]);
    expect(inspect(a).modified).toEqual([]);
    await session.commit();
    await using other = Session();
    expect((await other.get(Author, a.id))?.name).toBe("Updated");
  });

  it("delete() removes rows at flush, children before parents; deleted, then detached at commit", async () => {
    const Session = sessionmaker(engine);
    const [authorId, bookId] = await Session.begin(async (s) => {
      const a = new Author({ name: "Del" });
      s.add(a);
      await s.flush();
      const b = new Book({ title: "Gone", authorId: a.id });
      s.add(b);
      await s.flush();
      return [a.id, b.id] as const;
    });
    await using session = Session();
    const author = (await session.get(Author, authorId)) as Author;
    const book = (await session.get(Book, bookId)) as Book;
    session.delete(author);
    session.delete(book);
    expect(session.deleted).toEqual([author, book]);
    await session.flush();
    expect(inspect(author).status).toBe("deleted");
    expect(await session.get(Author, authorId)).toBeNull();
    await session.commit();
    expect(inspect(book).status).toBe("detached");
    expect(() => session.delete(new Author({ name: "New" }))).toThrow(InvalidRequestError);
  });

  it("a rollback after a flushed delete makes the object persistent again", async () => {
    const Session = sessionmaker(engine);
    const id = await Session.begin(async (s) => {
      const a = new Author({ name: "Kept" });
      s.add(a);
      await s.flush();
      return a.id;
    });
    await using session = Session();
    const a = (await session.get(Author, id)) as Author;
    session.delete(a);
    await session.flush();
    await session.rollback();
    expect(inspect(a).status).toBe("persistent");
    expect(await session.get(Author, id)).toBe(a);
  });
});
