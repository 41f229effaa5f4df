// An unresponsive PostgreSQL server does not hang a checkout (issue 8, #5): a connect has a default
// timeout, and poolTimeout bounds the whole checkout, a pre-ping and a waiter's new connection included.
// The server is made unresponsive by a TCP proxy in front of it that stops forwarding.
import { createServer, type Server, Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine, Integer, OperationalError, text, TimeoutError } from "../../src/index.js";
import { isDialectAvailable, parseServerUrl } from "../../src/testing/index.js";
import { DEFAULT_POSTGRESQL_URL } from "../../src/testing/servers.js";

const serverUrl = process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL;
const one = text("select 1 as x").columns({ x: Integer() });

/** A TCP proxy to PostgreSQL that can stop answering (sockets stay open, nothing is forwarded). */
class FreezableProxy {
  frozen = false;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  port = 0;

  constructor(host: string, port: number) {
    this.#server = createServer((client) => {
      this.#track(client);
      if (this.frozen) return; // accepted, never answered
      const upstream = new Socket();
      this.#track(upstream);
      upstream.connect(port, host);
      client.on("data", (d) => {
        if (!this.frozen) upstream.write(d);
      });
      upstream.on("data", (d) => {
        if (!this.frozen) client.write(d);
      });
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => this.#sockets.delete(socket));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    const address = this.#server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Settles `promise` or gives "hung" after `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise((resolve) => {
    timer = setTimeout(() => resolve("hung"), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => "resolved",
        (error: unknown) => error,
      ),
      hung,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe.runIf(isDialectAvailable("postgresql"))("PostgreSQL: an unresponsive server", () => {
  const parts = parseServerUrl(serverUrl);
  let proxy: FreezableProxy;
  const open: Engine[] = [];
  const engineVia = (options: Parameters<typeof createEngine>[1]): Engine => {
    const url = `postgresql://${parts.user ?? "postgres"}${parts.password ? `:${encodeURIComponent(parts.password)}` : ""}@127.0.0.1:${proxy.port}/postgres`;
    const e = createEngine(url, options);
    open.push(e);
    return e;
  };

  beforeAll(async () => {
    proxy = new FreezableProxy(parts.host ?? "127.0.0.1", parts.port ?? 5432);
    await proxy.listen();
  });
  afterEach(async () => {
    proxy.frozen = false;
    await Promise.all(open.splice(0).map((e) => e.dispose()));
  });
  afterAll(async () => {
    await proxy.close();
  });

  it("a connect gives up after the default timeout (10 s) instead of waiting forever", async () => {
    proxy.frozen = true;
    const e = engineVia({ poolTimeout: 60 });
    const started = Date.now();
    const outcome = await within(e.connect(), 20_000);
    expect(outcome).toBeInstanceOf(OperationalError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
  }, 30_000);

  it("poolTimeout bounds a pre-ping the server never answers", async () => {
    const e = engineVia({ poolPrePing: true, poolTimeout: 0.5, poolSize: 1 });
    await e.begin((c) => c.execute(one)); // one idle connection in the pool
    proxy.frozen = true;
    const started = Date.now();
    const outcome = await within(e.connect(), 8_000);
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect((outcome as Error).message).toMatch(/pre-ping.*0\.50s/);
    expect(Date.now() - started).toBeLessThan(3_000);
    // The connection that did not answer is gone; once the server answers again, checkouts work.
    proxy.frozen = false;
    await using conn = await e.connect();
    expect((await conn.execute(one)).scalarOne()).toBe(1);
  });

  it("poolTimeout bounds a waiter whose slot frees while the server does not answer", async () => {
    const e = engineVia({ poolSize: 1, maxOverflow: 0, poolTimeout: 0.5 });
    const first = await e.connect();
    await first.execute(one);
    const started = Date.now();
    const waiting = within(e.connect(), 8_000);
    proxy.frozen = true;
    await first.invalidate(); // the slot frees; the waiter's new connection cannot open
    await first.close();
    const outcome = await waiting;
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
