import { expect, it } from "vitest";
import {
  Integer,
  InvalidRequestError,
  OperationalError,
  ResourceClosedError,
  TimeoutError,
  text,
  type Connection,
  type Engine,
} from "../../src/index.js";
import { describeEachDialect, type TestDialect } from "../../src/testing/index.js";
import { capabilitiesOf, engines } from "./support.js";

const one = text("select 1 as x").columns({ x: Integer() });

/** How each database that can (capabilities.killConnection) kills another session by its id. */
const KILL_SQL: Partial<Record<TestDialect, (id: number) => string>> = {
  postgresql: (id) => `select pg_terminate_backend(${id})`,
  mysql: (id) => `KILL ${id}`,
};

/** This session's server id, and whether a session with a given id still exists (where caps.killConnection). */
const SESSION_ID_SQL: Partial<Record<TestDialect, string>> = {
  postgresql: "select pg_backend_pid()",
  mysql: "select connection_id()",
};
const SESSION_ALIVE_SQL: Partial<Record<TestDialect, string>> = {
  postgresql: "select count(*) as n from pg_stat_activity where pid = :id",
  mysql: "select count(*) as n from information_schema.processlist where id = :id",
};

describeEachDialect("pool", (ctx) => {
  const engine = engines(ctx);
  const caps = capabilitiesOf(ctx);

  /** The SQL that kills a session by id on this server (only used where caps.killConnection). */
  const killSql = (id: number): ReturnType<typeof text> => {
    const kill = KILL_SQL[ctx.dialect];
    if (kill === undefined) throw new Error(`${ctx.dialect} cannot kill a session (capabilities.killConnection)`);
    return text(kill(Number(id)));
  };

  /** Engine whose checkout events record each connection's server id. */
  function tracked(options: Parameters<typeof engine>[0] = {}): { e: Engine; ids: Map<Connection | "last", number> } {
    const e = engine(options);
    const ids = new Map<Connection | "last", number>();
    e.on("checkout", (raw) => {
      ids.set("last", raw.serverId ?? -1);
    });
    return { e, ids };
  }

  it("pool exhaustion raises TimeoutError naming the limits, and recovers when a connection returns", async () => {
    const e = engine({ poolSize: 1, maxOverflow: 0, poolTimeout: 0.2 });
    const first = await e.connect();
    const err = await e.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(
      caps.concurrentConnections ? /pool size 1, overflow 0/ : /single connection/,
    );
    expect((err as Error).message).toMatch(/0\.20s/);
    await first.close();
    await using again = await e.connect();
    expect((await again.execute(one)).scalarOne()).toBe(1);
  });

  it.skipIf(!caps.concurrentConnections)(
    "overflow connections are opened under load and closed when returned",
    async () => {
      const e = engine({ poolSize: 1, maxOverflow: 2, poolTimeout: 5 });
      const conns = await Promise.all([e.connect(), e.connect(), e.connect()]);
      expect(e.poolStatus()).toMatchObject({ checkedOut: 3, total: 3 });
      await Promise.all(conns.map((c) => c.close()));
      expect(e.poolStatus()).toMatchObject({ checkedOut: 0, idle: 1, total: 1 });
    },
  );

  it.skipIf(!caps.concurrentConnections)(
    "under contention with overflow, returned connections are reused, not closed and reopened",
    async () => {
      // Default limits (5 kept + 10 overflow), 10 workers × 30 transactions: every connection beyond the
      // fifth used to be closed on return and reopened by the next begin() (issue 8 #2: 2,987 for 3,000).
      const e = engine();
      let opened = 0;
      e.on("connect", () => {
        opened++;
      });
      const worker = async (): Promise<void> => {
        for (let i = 0; i < 30; i++) {
          await e.begin(async (conn) => {
            await conn.execute(one);
          });
        }
      };
      await Promise.all(Array.from({ length: 10 }, worker));
      expect(opened).toBeLessThanOrEqual(10);
      // Once idle, the pool keeps poolSize connections and closes the overflow.
      expect(e.poolStatus()).toMatchObject({ checkedOut: 0, idle: 5, total: 5 });
    },
  );

  it.skipIf(!caps.concurrentConnections)("a waiting checkout gets the next returned connection", async () => {
    const e = engine({ poolSize: 1, maxOverflow: 0, poolTimeout: 10 });
    const first = await e.connect();
    const waiting = e.connect();
    await first.close();
    await using second = await waiting;
    expect((await second.execute(one)).scalarOne()).toBe(1);
  });

  it.skipIf(caps.concurrentConnections)(
    "a nested engine.begin() on a single-connection engine fails at once, saying how to nest",
    async () => {
      // Without the check, the nested begin() waits out the 30-second pool timeout and ends in TimeoutError.
      const e = engine({ poolTimeout: 30 });
      const error = await e
        .begin(async (outer) => {
          await outer.execute(one);
          await e.begin(async (inner) => inner.execute(one));
        })
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as Error).message).toMatch(/keeps a single connection.*conn\.beginNested\(\)/s);
      // Outside begin(), and once the outer connection is back, connecting works.
      const conn = await e.connect();
      expect((await conn.execute(one)).scalarOne()).toBe(1);
      await conn.close();
      // Work a begin() body starts and leaves running waits for the connection like any other, once the body
      // is done (it is no longer nested).
      let later: Promise<unknown> | undefined;
      await e.begin(async (outer) => {
        await outer.execute(one);
        later = new Promise((resolve) => setTimeout(resolve, 10)).then(() =>
          e.begin(async (c) => (await c.execute(one)).scalarOne()),
        );
      });
      const holder = await e.connect();
      setTimeout(() => void holder.close(), 50);
      expect(await later).toBe(1);
    },
  );

  it.skipIf(!caps.concurrentConnections)("a nested engine.begin() runs on a second connection", async () => {
    const e = engine();
    const value = await e.begin(async (outer) => {
      await outer.execute(one);
      return e.begin(async (inner) => (await inner.execute(one)).scalarOne());
    });
    expect(value).toBe(1);
  });

  it("reuses pooled connections (one server session for sequential work)", async () => {
    const { e, ids } = tracked({ poolSize: 2 });
    const seen = new Set<number>();
    for (let i = 0; i < 3; i++) {
      await e.begin(async (conn) => {
        await conn.execute(one);
      });
      seen.add(ids.get("last") as number);
    }
    expect(seen.size).toBe(1);
    expect(e.poolStatus().total).toBe(1);
  });

  it.skipIf(!caps.killConnection)(
    "a connection killed by the server raises OperationalError, and the next checkout works",
    async () => {
      const { e, ids } = tracked({ poolSize: 2 });
      const victim = await e.connect();
      await victim.execute(one);
      const victimId = ids.get("last") as number;
      await e.begin(async (killer) => {
        await killer.execute(killSql(victimId));
      });
      const err = await victim.execute(one).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(err).toBeInstanceOf(OperationalError);
      expect((err as OperationalError).connectionInvalidated).toBe(true);
      expect(victim.invalidated).toBe(true);
      // The transaction was lost: the connection wants an explicit rollback before it reconnects.
      await expect(victim.execute(one)).rejects.toThrow(/rollback/);
      await victim.rollback();
      expect((await victim.execute(one)).scalarOne()).toBe(1);
      await victim.close();
      await using fresh = await e.connect();
      expect((await fresh.execute(one)).scalarOne()).toBe(1);
      expect(ids.get("last")).not.toBe(victimId);
    },
  );

  it.skipIf(!caps.killConnection)(
    "an idle pooled connection killed by the server is discarded, and poolPrePing hides it",
    async () => {
      for (const prePing of [true, false]) {
        const { e, ids } = tracked({ poolSize: 1, poolPrePing: prePing });
        await e.begin(async (conn) => {
          await conn.execute(one);
        });
        const idleId = ids.get("last") as number;
        const killerEngine = engine();
        await killerEngine.begin(async (killer) => {
          await killer.execute(killSql(idleId));
        });
        // Give the driver a moment to notice the closed socket (idle error event).
        await new Promise((resolve) => setTimeout(resolve, 200));
        await using conn = await e.connect();
        expect((await conn.execute(one)).scalarOne()).toBe(1);
        expect(ids.get("last")).not.toBe(idleId);
      }
    },
  );

  it.skipIf(!caps.concurrentConnections)("poolRecycle replaces connections older than the limit", async () => {
    const { e, ids } = tracked({ poolRecycle: 0.05 });
    await e.begin(async (c) => {
      await c.execute(one);
    });
    const firstId = ids.get("last");
    await new Promise((resolve) => setTimeout(resolve, 120));
    await e.begin(async (c) => {
      await c.execute(one);
    });
    expect(ids.get("last")).not.toBe(firstId);
  });

  it("dispose() closes the pool; later checkouts fail clearly", async () => {
    const e = engine();
    await e.begin(async (c) => {
      await c.execute(one);
    });
    expect(e.poolStatus().idle).toBe(1);
    await e.dispose();
    expect(e.poolStatus().total).toBe(0);
    await expect(e.connect()).rejects.toThrow(ResourceClosedError);
  });

  it.skipIf(!caps.killConnection)(
    "dispose() closes connections never closed, with a warning: no session stays open on the server",
    async () => {
      const lines: string[] = [];
      const e = engine({ echo: true, logger: { info: (m) => lines.push(m) } });
      const forgotten = await e.connect();
      await forgotten.execute(one); // a transaction is open: the session is "idle in transaction"
      const id = (await forgotten.execute(text(SESSION_ID_SQL[ctx.dialect] as string))).scalar();
      await e.dispose();
      expect(e.poolStatus()).toMatchObject({ checkedOut: 0, total: 0 });
      const warning = lines.find((l) => l.startsWith("dispose() closed connection"));
      expect(warning).toMatch(/never closed.*checked out at:\n.*pool\.test\.ts/s);
      // The server ends the session once its socket is closed.
      const other = engine();
      const alive = text(SESSION_ALIVE_SQL[ctx.dialect] as string).columns({ n: Integer() });
      let n = 1;
      for (let tries = 0; tries < 50 && n > 0; tries++) {
        await using c = await other.connect();
        n = Number((await c.execute(alive, { id })).scalar());
        if (n > 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(n).toBe(0);
      // Closing it afterwards is harmless; running on it fails clearly.
      await expect(forgotten.execute(one)).rejects.toThrow();
      await forgotten.close();
      expect(e.poolStatus()).toMatchObject({ checkedOut: 0, total: 0 });
    },
  );

  it("events: connect, checkout, checkin, beforeExecute and afterExecute fire with their data", async () => {
    const e = engine();
    const log: string[] = [];
    e.on("connect", (raw) => {
      log.push("connect");
      raw.info.set("tag", "t1");
    });
    e.on("checkout", (raw) => {
      log.push(`checkout:${String(raw.info.get("tag"))}`);
    });
    e.on("checkin", () => {
      log.push("checkin");
    });
    e.on("beforeExecute", (ev) => {
      log.push(`before:${ev.sql.replace(/\s+/g, " ")}:${String(ev.params)}`);
    });
    e.on("afterExecute", (ev) => {
      expect(ev.durationMs).toBeGreaterThanOrEqual(0);
      log.push(`after:${ev.executemany}`);
    });
    const stmt = text("select :v as v");
    await e.begin(async (conn) => {
      await conn.execute(stmt, { v: 7 });
    });
    await e.begin(async () => undefined);
    const ph = e.dialect.placeholder(0);
    expect(log).toEqual([
      "connect",
      "checkout:t1",
      `before:select ${ph} as v:7`,
      "after:false",
      "checkin",
      "checkout:t1",
      "checkin",
    ]);
  });

  it("a connect listener can run SQL on each new connection", async () => {
    const e = engine();
    let ran = 0;
    e.on("connect", async (raw) => {
      await raw.execute("select 1");
      ran++;
    });
    await using conn = await e.connect();
    expect((await conn.execute(one)).scalarOne()).toBe(1);
    expect(ran).toBe(1);
  });

  it("echo logs each statement with its parameters, timing and compiled-cache status", async () => {
    const lines: string[] = [];
    const e = engine({ echo: true, logger: { info: (m) => lines.push(m) } });
    const stmt = text("select :a as a");
    await e.begin(async (conn) => {
      await conn.execute(stmt, { a: "first" });
      await conn.execute(text("select :a as a"), { a: "second" });
    });
    const joined = lines.join("\n");
    expect(joined).toMatch(/BEGIN \(implicit\)/);
    expect(joined).toMatch(/\[generated in \d+\.\d+s\] \[ 'first' \] \(\d+\.\d+ ms\)/);
    expect(joined).toMatch(/\[cached since \d+\.\d+s ago\] \[ 'second' \]/);
    expect(joined).toMatch(/COMMIT/);
    expect(e.compiledCacheSize).toBe(1);
  });

  it("hideParameters keeps parameters out of logs and errors", async () => {
    const lines: string[] = [];
    const e = engine({ echo: true, hideParameters: true, logger: { info: (m) => lines.push(m) } });
    await using conn = await e.connect();
    await conn.execute(text("select :secret as s"), { secret: "top-secret-value" });
    const err = await conn
      .execute(text("select * from no_such_table_x where a = :secret"), { secret: "top-secret-value" })
      .then(
        () => undefined,
        (error: unknown) => error as Error & { params: unknown },
      );
    expect(err).toBeDefined();
    expect(err?.params).toBeUndefined();
    expect(String(err)).not.toContain("top-secret-value");
    expect(lines.join("\n")).not.toContain("top-secret-value");
    expect(lines.join("\n")).toContain("hidden due to hideParameters=true");
  });

  it.skipIf(caps.concurrentConnections)(
    "SQLite keeps one connection: memory databases share data across checkouts",
    async () => {
      const e = engine({}, "sqlite://");
      await e.begin(async (c) => {
        await c.execute(text("create table mem_t (x integer)"));
        await c.execute(text("insert into mem_t values (1)"));
      });
      await using conn = await e.connect();
      expect((await conn.execute(text("select count(*) as n from mem_t").columns({ n: Integer() }))).scalarOne()).toBe(
        1,
      );
      expect(e.poolStatus()).toMatchObject({ size: 1, maxOverflow: 0 });
    },
  );
});
