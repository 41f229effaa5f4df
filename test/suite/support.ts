/** Shared helpers for the compliance suite: engines that are disposed after each test, capability lookup. */

import { afterEach } from "vitest";
import { createEngine, type Engine, type EngineOptions } from "../../src/index.js";
import type { Capabilities } from "../../src/dialect/index.js";
import type { DialectTestContext } from "../../src/testing/index.js";

/** The dialect's capabilities, known without connecting (for `it.skipIf` at collection time). */
export function capabilitiesOf(ctx: DialectTestContext): Capabilities {
  return createEngine(ctx.serverUrl).dialect.capabilities;
}

/** Returns a function creating engines on the file's database; each is disposed after the test. */
export function engines(ctx: DialectTestContext): (options?: EngineOptions, url?: string) => Engine {
  const open: Engine[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.dispose()));
  });
  return (options = {}, url = ctx.url()) => {
    const engine = createEngine(url, options);
    open.push(engine);
    return engine;
  };
}

/** Column type names for hand-written fixture DDL (Core's DDL compiler replaces this in the Core issue). */
export interface FixtureTypes {
  readonly pk: string;
  readonly bigint: string;
  readonly numeric: string;
  readonly float: string;
  readonly boolean: string;
  readonly datetime: string;
  readonly datetimetz: string;
  readonly date: string;
  readonly time: string;
  readonly json: string;
  readonly uuid: string;
  readonly binary: string;
  readonly text: string;
}

const FIXTURE_TYPES: Readonly<Record<string, FixtureTypes>> = {
  sqlite: {
    pk: "INTEGER PRIMARY KEY AUTOINCREMENT",
    bigint: "BIGINT",
    numeric: "NUMERIC(20, 2)",
    float: "DOUBLE PRECISION",
    boolean: "BOOLEAN",
    datetime: "DATETIME",
    datetimetz: "DATETIME",
    date: "DATE",
    time: "TIME",
    json: "JSON",
    uuid: "CHAR(36)",
    binary: "BLOB",
    text: "TEXT",
  },
  postgresql: {
    pk: "SERIAL PRIMARY KEY",
    bigint: "BIGINT",
    numeric: "NUMERIC(20, 2)",
    float: "DOUBLE PRECISION",
    boolean: "BOOLEAN",
    datetime: "TIMESTAMP(3)",
    datetimetz: "TIMESTAMP(3) WITH TIME ZONE",
    date: "DATE",
    time: "TIME",
    json: "JSONB",
    uuid: "UUID",
    binary: "BYTEA",
    text: "TEXT",
  },
  mysql: {
    pk: "INTEGER AUTO_INCREMENT PRIMARY KEY",
    bigint: "BIGINT",
    numeric: "DECIMAL(20, 2)",
    float: "DOUBLE",
    boolean: "BOOLEAN",
    datetime: "DATETIME(3)",
    datetimetz: "DATETIME(3)",
    date: "DATE",
    time: "TIME(6)",
    json: "JSON",
    uuid: "CHAR(36)",
    binary: "LONGBLOB",
    text: "LONGTEXT",
  },
};

/** Fixture column types for the context's dialect. */
export function fixtureTypes(ctx: DialectTestContext): FixtureTypes {
  return FIXTURE_TYPES[ctx.dialect] as FixtureTypes;
}
