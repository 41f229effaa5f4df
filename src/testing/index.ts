/**
 * The compliance kit: what Athanor's own test suite (and, later, third-party dialects) use to run one set
 * of tests on every database. Needs vitest; not part of the published build.
 */

export * from "./dialect-matrix.js";
export * from "./raw-client.js";
export * from "./scratch-database.js";
export * from "./servers.js";
