// The compiled-statement cache keys a type by what changes its SQL, not by its display text: two custom
// types that differ only in their DDL spelling (both display as `Custom(Text)`) compile apart on one engine.
import { afterAll, describe, expect, it } from "vitest";
import { cast, createEngine, customType, type Engine, literal, select, Text } from "../../src/index.js";
import { isDialectAvailable } from "../../src/testing/index.js";
import { DEFAULT_POSTGRESQL_URL } from "../../src/testing/servers.js";

const serverUrl = process.env.ATHANOR_TEST_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_URL;

const spelled = (ddl: string) =>
  customType<string, string>({ impl: Text(), ddl, toDriver: (v) => v, fromDriver: (v) => v });

describe.runIf(isDialectAvailable("postgresql"))("PostgreSQL compiled cache and custom types", () => {
  let engine: Engine | undefined;
  afterAll(async () => {
    await engine?.dispose();
  });

  it("casts to each custom type's own DDL spelling (inet, then macaddr) on one engine", async () => {
    engine = createEngine(serverUrl, { poolSize: 1 });
    await using conn = await engine.connect();
    const inet = await conn.execute(select(cast(literal("10.0.0.1", Text()), spelled("inet"))));
    expect(inet.scalar()).toBe("10.0.0.1");
    // Before the fix this ran the cached `CAST($1::TEXT AS inet)` and the server refused a MAC address.
    const mac = await conn.execute(select(cast(literal("08:00:2b:01:02:03", Text()), spelled("macaddr"))));
    expect(mac.scalar()).toBe("08:00:2b:01:02:03");
  });

  it("binds each custom type's value cast to its own spelling", async () => {
    engine ??= createEngine(serverUrl, { poolSize: 1 });
    await using conn = await engine.connect();
    const inet = await conn.execute(select(literal("10.0.0.2", spelled("inet"))));
    expect(inet.scalar()).toBe("10.0.0.2");
    const mac = await conn.execute(select(literal("08:00:2b:01:02:04", spelled("macaddr"))));
    expect(mac.scalar()).toBe("08:00:2b:01:02:04");
  });
});
