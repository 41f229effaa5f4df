/**
 * A private MariaDB server for a test file: a fresh data directory and a spare port, started with the
 * server options the test needs (say, a tiny `max_prepared_stmt_count`) so nothing global changes on the
 * shared server. Needs `mariadbd` and `mariadb-install-db` on the PATH (see `privateMariaDbAvailable`).
 */

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running private server. */
export interface PrivateMariaDb {
  readonly port: number;
  /** `mysql://root@127.0.0.1:<port>/<database>` */
  url(database?: string): string;
  stop(): Promise<void>;
}

/** Whether the MariaDB server binaries are installed. */
export function privateMariaDbAvailable(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v mariadbd && command -v mariadb-install-db"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A TCP port nothing listens on now. */
async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}

/** Starts a private server with `options` (`--name=value` server options); resolves once it accepts connections. */
export async function startPrivateMariaDb(options: readonly string[] = []): Promise<PrivateMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), "athanor-mariadb-"));
  const data = join(dir, "data");
  execFileSync(
    "mariadb-install-db",
    ["--no-defaults", `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db", "--user=root"],
    { stdio: "ignore" },
  );
  const port = await sparePort();
  const child: ChildProcess = spawn(
    "mariadbd",
    [
      "--no-defaults",
      `--datadir=${data}`,
      `--port=${port}`,
      `--socket=${join(dir, "sock")}`,
      `--pid-file=${join(dir, "pid")}`,
      "--user=root",
      "--bind-address=127.0.0.1",
      "--innodb-buffer-pool-size=16M",
      "--skip-log-bin",
      ...options,
    ],
    { stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the private MariaDB server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url: (database = "") => `mysql://root@127.0.0.1:${port}/${database}`,
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
