/**
 * Vitest global setup: probes the database servers once per run and tells the test workers which ones are
 * up (`inject("athanorServers")`, used by `describeEachDialect`).
 *
 * With `CI=true` an unreachable server fails the run; otherwise its suites are skipped with one warning.
 */

import type { TestProject } from "vitest/node";

import { probeServers, SERVER_DIALECTS, serverLabel, SERVER_URL_ENV } from "../../src/testing/servers.js";

/** Probes PostgreSQL and MySQL/MariaDB and provides the result to the workers. */
export async function setup(project: TestProject): Promise<void> {
  const servers = await probeServers();
  const ci = process.env["CI"] === "true";
  const failures: string[] = [];
  for (const dialect of SERVER_DIALECTS) {
    const status = servers[dialect];
    if (status.available) continue;
    const label = serverLabel(dialect, status.url);
    if (ci) {
      failures.push(`${label} is unreachable (${status.reason ?? "unknown error"})`);
    } else {
      console.warn(
        `\u26a0 ${label} is unreachable (${status.reason ?? "unknown error"}): skipping the ${dialect} suite; ` +
          `set CI=true to make this an error (or ${SERVER_URL_ENV[dialect]} to use another server)`,
      );
    }
  }
  if (failures.length > 0) {
    throw new Error(`${failures.join("; ")}. CI=true requires every database server to be reachable.`);
  }
  project.provide("athanorServers", servers);
}
