/**
 * The dialect matrix: runs one block of tests on every dialect, each against a fresh database owned by the
 * test file. Servers that the global setup (`test/setup/global-setup.ts`) found unreachable are skipped.
 */

import { afterAll, beforeAll, describe, inject } from "vitest";

import { createScratchDatabase, type ScratchDatabase } from "./scratch-database.js";
import { TEST_DIALECTS, type ServerAvailability, type TestDialect } from "./servers.js";

/** What a `describeEachDialect` body receives for one dialect. */
export interface DialectTestContext {
  /** The dialect this copy of the block runs on. */
  readonly dialect: TestDialect;
  /** The server's base URL (`sqlite://` for SQLite): for tests about connecting, not for tables. */
  readonly serverUrl: string;
  /**
   * A connection URL to this test file's own database (`sqlite:////tmp/athanor-….db`,
   * `postgresql://…/athanor_t_…`, `mysql://…/athanor_t_…`). Call it inside tests and hooks: the database is
   * created in `beforeAll`.
   */
  url(): string;
  /**
   * Runs one statement on this file's database through the raw driver, bypassing Athanor: for fixtures a
   * test must not set up with the code under test. Placeholders are `$1` on PostgreSQL and `?` elsewhere.
   */
  adminQuery(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

/** One dialect's database for this file: created once, shared by every block of the file. */
interface FileDatabase {
  readonly pending: Promise<ScratchDatabase>;
  /** Set once `pending` resolved, so that `url()` can answer synchronously. */
  ready: ScratchDatabase | undefined;
}

/** Per-file state: vitest isolates test files, so this module (and so this map) is fresh for each file. */
const databases = new Map<TestDialect, FileDatabase>();

/** The probe results handed over by the global setup. */
function servers(): ServerAvailability {
  const provided = inject("athanorServers") as ServerAvailability | undefined;
  if (provided === undefined) {
    throw new Error(
      "describeEachDialect needs the global setup: add 'test/setup/global-setup.ts' to `globalSetup` in vitest.config.ts",
    );
  }
  return provided;
}

/**
 * Whether `dialect` can run in this test run (SQLite always can; a server only if the probe reached it).
 *
 * @example
 * test.runIf(isDialectAvailable("postgresql"))("uses a PostgreSQL-only feature", async () => { … });
 */
export function isDialectAvailable(dialect: TestDialect): boolean {
  return dialect === "sqlite" || servers()[dialect].available;
}

/** Creates this file's database for `dialect` once; later callers share it. */
async function ensureDatabase(dialect: TestDialect, serverUrl: string): Promise<void> {
  let entry = databases.get(dialect);
  if (entry === undefined) {
    entry = { pending: createScratchDatabase(dialect, serverUrl), ready: undefined };
    databases.set(dialect, entry);
  }
  try {
    entry.ready = await entry.pending;
  } catch (error) {
    // A failed creation is not cached: the next block gets a fresh attempt (and a fresh error).
    if (databases.get(dialect) === entry) databases.delete(dialect);
    throw error;
  }
}

/** Drops this file's database for `dialect`, if it was created; idempotent. */
async function dropDatabase(dialect: TestDialect): Promise<void> {
  const entry = databases.get(dialect);
  if (entry === undefined) return;
  databases.delete(dialect);
  const db = await entry.pending.catch(() => undefined);
  await db?.drop();
}

/** The database a test is using right now; throws a helpful error when called at collection time. */
function current(dialect: TestDialect): ScratchDatabase {
  const db = databases.get(dialect)?.ready;
  if (db === undefined) {
    throw new Error(
      `the ${dialect} test database does not exist yet: call url() / adminQuery() inside a test or hook, ` +
        "not while the describe block is being collected",
    );
  }
  return db;
}

/**
 * Declares `describe(`${title} [${dialect}]`)` once per dialect (sqlite, postgresql, mysql), running `body`
 * in each with that dialect's context. A dialect whose server is unreachable gets `describe.skip`. Each test
 * file gets one fresh database per dialect, created before the block's first test and dropped after the
 * file's (or the enclosing block's) last test.
 *
 * @example
 * describeEachDialect("insert", ({ dialect, url, adminQuery }) => {
 *   beforeAll(() => adminQuery("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
 *   test("inserts a row", async () => {
 *     const engine = createEngine(url());
 *     // …
 *   });
 * });
 */
export function describeEachDialect(title: string, body: (context: DialectTestContext) => void): void {
  const available = servers();
  for (const dialect of TEST_DIALECTS) {
    const status = dialect === "sqlite" ? undefined : available[dialect];
    const serverUrl = status?.url ?? "sqlite://";
    const context: DialectTestContext = {
      dialect,
      serverUrl,
      url: () => current(dialect).url,
      adminQuery: (sql, params) => current(dialect).adminQuery(sql, params),
    };
    const name = `${title} [${dialect}]`;
    if (status !== undefined && !status.available) {
      describe.skip(name, () => body(context));
      continue;
    }
    // Registered on the enclosing suite (the file, when called at top level), not inside the block, so that
    // several describeEachDialect blocks in one file share one database per dialect. Dropping is idempotent.
    afterAll(() => dropDatabase(dialect));
    describe(name, () => {
      beforeAll(async () => {
        await ensureDatabase(dialect, serverUrl);
      });
      body(context);
    });
  }
}
