/**
 * Where the compliance suite finds its database servers, and how it tells whether they are up.
 *
 * The defaults match a developer machine with PostgreSQL and MariaDB on localhost; point elsewhere with
 * `ATHANOR_TEST_POSTGRESQL_URL` and `ATHANOR_TEST_MYSQL_URL`. SQLite needs no server and is always there.
 */

import { openRawClient } from "./raw-client.js";

/** The dialects the compliance suite runs on. */
export type TestDialect = "sqlite" | "postgresql" | "mysql";

/** The dialects that need a running server. */
export type ServerDialect = Exclude<TestDialect, "sqlite">;

/** Every dialect of the matrix, in the order suites are declared. */
export const TEST_DIALECTS: readonly TestDialect[] = ["sqlite", "postgresql", "mysql"];

/** Every dialect that needs a server, in probing order. */
export const SERVER_DIALECTS: readonly ServerDialect[] = ["postgresql", "mysql"];

/** Default PostgreSQL server URL: the `test` database on localhost, user `postgres`, trust auth. */
export const DEFAULT_POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/test";

/** Default MySQL/MariaDB server URL: the `test` database on localhost, user `root`, empty password. */
export const DEFAULT_MYSQL_URL = "mysql://root@127.0.0.1:3306/test";

/** The environment variable that overrides each server's URL. */
export const SERVER_URL_ENV: Readonly<Record<ServerDialect, string>> = {
  postgresql: "ATHANOR_TEST_POSTGRESQL_URL",
  mysql: "ATHANOR_TEST_MYSQL_URL",
};

const DEFAULT_URLS: Readonly<Record<ServerDialect, string>> = {
  postgresql: DEFAULT_POSTGRESQL_URL,
  mysql: DEFAULT_MYSQL_URL,
};

const PRODUCT_NAMES: Readonly<Record<ServerDialect, string>> = {
  postgresql: "PostgreSQL",
  mysql: "MySQL/MariaDB",
};

/**
 * The server URL the suite uses for `dialect`: the environment override when set and not empty, else the default.
 *
 * @example
 * serverUrl("postgresql"); // "postgresql://postgres@127.0.0.1:5432/test" unless ATHANOR_TEST_POSTGRESQL_URL is set
 */
export function serverUrl(dialect: ServerDialect, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[SERVER_URL_ENV[dialect]];
  return override !== undefined && override.trim() !== "" ? override.trim() : DEFAULT_URLS[dialect];
}

/**
 * A human label for a server that never shows credentials, e.g. `PostgreSQL at 127.0.0.1:5432`.
 *
 * @example
 * serverLabel("mysql", "mysql://root:secret@db:3306/test"); // "MySQL/MariaDB at db:3306"
 */
export function serverLabel(dialect: ServerDialect, url: string): string {
  let where: string;
  try {
    where = new URL(url).host || "localhost";
  } catch {
    where = "(malformed URL)";
  }
  return `${PRODUCT_NAMES[dialect]} at ${where}`;
}

/** Whether one server answered the probe. Plain data: it crosses from the global setup to the test workers. */
export interface ServerStatus {
  /** The URL that was probed (may hold credentials: never print it, print `serverLabel` instead). */
  readonly url: string;
  readonly available: boolean;
  /** Why the server is unavailable (an error code such as `ECONNREFUSED`, or the driver's message); null when up. */
  readonly reason: string | null;
}

/** What the global setup learned about every server. */
export type ServerAvailability = Readonly<Record<ServerDialect, ServerStatus>>;

declare module "vitest" {
  /** Values the global setup hands to test workers through `provide` / `inject`. */
  export interface ProvidedContext {
    /** Which database servers answered the probe at the start of the run. */
    athanorServers: ServerAvailability;
  }
}

/** A short reason for a failed connection: the error code when there is one, else the first line of the message. */
export function describeConnectError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    // Node reports a failed multi-address connect (IPv4 and IPv6 localhost) as an AggregateError with no message.
    return describeConnectError(error.errors[0]);
  }
  if (typeof error === "object" && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    const message = (error as { message?: unknown }).message;
    if (typeof message === "string" && message !== "") return message.split("\n")[0] ?? message;
  }
  return String(error);
}

/**
 * Connects to the server at `url` with the raw driver and runs `SELECT 1`; never throws.
 *
 * @example
 * const status = await probeServer("postgresql", serverUrl("postgresql"));
 * if (!status.available) console.warn(status.reason);
 */
export async function probeServer(dialect: ServerDialect, url: string, timeoutMs = 3000): Promise<ServerStatus> {
  try {
    const client = await openRawClient(dialect, url, { connectTimeoutMs: timeoutMs });
    try {
      await client.query("SELECT 1");
    } finally {
      await client.close();
    }
    return { url, available: true, reason: null };
  } catch (error) {
    return { url, available: false, reason: describeConnectError(error) };
  }
}

/** Probes every server concurrently. */
export async function probeServers(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 3000,
): Promise<ServerAvailability> {
  const [postgresql, mysql] = await Promise.all(
    SERVER_DIALECTS.map((dialect) => probeServer(dialect, serverUrl(dialect, env), timeoutMs)),
  );
  // SERVER_DIALECTS has exactly these two entries; the checks keep `noUncheckedIndexedAccess` honest.
  if (postgresql === undefined || mysql === undefined) throw new Error("unreachable: one probe per server");
  return { postgresql, mysql };
}
