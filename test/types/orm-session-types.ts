// Type-level tests for the ORM Session: get() and scalars()/execute() of model classes are typed by the model.
// Checked by `npm run typecheck` (TypeScript 5.9 and 7); never run.
import { expectTypeOf } from "vitest";
import { type Engine, func, select } from "../../src/index.js";
import { type AsyncSession, inspect, type InstanceStatus, sessionmaker } from "../../src/orm/index.js";
import { Project, User } from "../orm/fixtures-seed-models.js";

declare const engine: Engine;
declare const session: AsyncSession;

export async function sessionTypes(id: string): Promise<void> {
  expectTypeOf(await session.get(User, id)).toEqualTypeOf<User | null>();
  expectTypeOf(await session.get(Project, [id])).toEqualTypeOf<Project | null>();
  expectTypeOf((await session.scalars(select(User))).all()).toEqualTypeOf<User[]>();
  expectTypeOf(await session.scalar(select(func.count(User.id)))).toEqualTypeOf<number | null>();
  const row = (await session.execute(select(User, Project.name))).one();
  expectTypeOf(row[0]).toEqualTypeOf<User>();
  expectTypeOf(row.name).toEqualTypeOf<string>();
  expectTypeOf(inspect(new User({ name: "A", email: "a@example.com" })).status).toEqualTypeOf<InstanceStatus>();

  const Session = sessionmaker(engine, { expireOnCommit: false, autoflush: true });
  await using s = Session();
  expectTypeOf(s).toEqualTypeOf<AsyncSession>();
  const made = await Session.begin(async (tx) => {
    const u = new User({ name: "B", email: "b@example.com" });
    tx.add(u);
    return u;
  });
  expectTypeOf(made).toEqualTypeOf<User>();
  // @ts-expect-error expireOnCommit: true is not supported yet
  sessionmaker(engine, { expireOnCommit: true });
  // @ts-expect-error get() takes a mapped class, not a table name
  await session.get("users", id);
}
