// Type-level tests for athanor/migrate's defineConfig, loadConfig and loadRevisions: checked by `tsc`
// (TypeScript 5.9 and 7), never run (not a *.test.ts file).
import { expectTypeOf } from "vitest";
import { MetaData } from "../../src/index.js";
import {
  type AthanorConfig,
  defineConfig,
  type LoadedConfig,
  loadConfig,
  loadRevisions,
  type Operations,
  type Revision,
  type RevisionScript,
} from "../../src/migrate/index.js";

const metadata = new MetaData();

// defineConfig gives back what it was given, checked against AthanorConfig.
const config = defineConfig({ url: "sqlite:///app.db", metadata, migrations: { directory: "db" } });
expectTypeOf(config.url).toEqualTypeOf<"sqlite:///app.db">();
expectTypeOf(config).toExtend<AthanorConfig>();

// @ts-expect-error: metadata is required
defineConfig({ url: "sqlite:///app.db" });
// @ts-expect-error: url is a string
defineConfig({ url: 5, metadata });
// @ts-expect-error: versionTable is a string
defineConfig({ url: "sqlite://", metadata, versionTable: 1 });

expectTypeOf(loadConfig).returns.resolves.toEqualTypeOf<LoadedConfig>();
expectTypeOf<LoadedConfig["metadata"]>().toEqualTypeOf<MetaData>();

// Loaded revisions are what RevisionGraph.from takes, with the functions that receive the operations.
expectTypeOf(loadRevisions).returns.resolves.toEqualTypeOf<readonly RevisionScript[]>();
expectTypeOf<RevisionScript>().toExtend<Revision>();
expectTypeOf<RevisionScript["upgrade"]>().parameter(0).toEqualTypeOf<Operations>();
