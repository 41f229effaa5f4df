/**
 * The project config: `athanor.config.ts`, whose default export is `defineConfig({...})`, and `loadConfig`,
 * which imports it (and the models it imports) at run time.
 *
 * ```ts
 * // athanor.config.ts
 * import { defineConfig } from "athanor/migrate";
 * import { Base } from "./src/models.js";
 *
 * export default defineConfig({
 *   url: process.env.DATABASE_URL ?? "sqlite:///app.db",
 *   metadata: Base.metadata,
 * });
 * ```
 */

import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { MetaData } from "../../schema/index.js";
import { openModuleLoader } from "../script/load-module.js";
import { describeError, describeValue } from "../script/describe.js";
import { ConfigError, ConfigNotFoundError } from "../script/errors.js";

/** The config file `loadConfig()` reads when given none, in the working directory. */
export const DEFAULT_CONFIG_FILE = "athanor.config.ts";
/** Where revision files live when the config does not say, relative to the config file. */
export const DEFAULT_VERSIONS_DIRECTORY = "migrations/versions";
/** The version table's name when the config does not say. */
export const DEFAULT_VERSION_TABLE = "athanor_version";

/** What `athanor.config.ts` declares: the default export of the module, written with `defineConfig`. */
export interface AthanorConfig {
  /** The database URL (`sqlite:///app.db`, `postgresql://user@host/db`…). */
  readonly url: string;
  /** The models' `MetaData` (e.g. `Base.metadata`), what autogenerate compares the database with. */
  readonly metadata: MetaData;
  /** Where the revision files are. */
  readonly migrations?: {
    /** The versions directory, relative to the config file (default `migrations/versions`). */
    readonly directory?: string;
  };
  /** The version table's name (default `athanor_version`). */
  readonly versionTable?: string;
}

/** A config once loaded: what the file declared, with defaults applied and paths made absolute. Frozen. */
export interface LoadedConfig {
  /** The config file, absolute. */
  readonly path: string;
  /** The database URL. */
  readonly url: string;
  /** The models' `MetaData`. */
  readonly metadata: MetaData;
  /** The versions directory, absolute. */
  readonly versionsDirectory: string;
  /** The version table's name. */
  readonly versionTable: string;
  /** The default export as the file declared it. */
  readonly config: AthanorConfig;
}

/**
 * Types a project config; gives it back unchanged. The default export of `athanor.config.ts`.
 *
 * ```ts
 * export default defineConfig({ url: "sqlite:///app.db", metadata: Base.metadata, versionTable: "versions" });
 * ```
 */
export function defineConfig<const C extends AthanorConfig>(config: C): C {
  return config;
}

/**
 * Imports the config module at `file` (default `athanor.config.ts` in the working directory; a relative path
 * is taken from the working directory) with its imports (models with TC39 decorators, `.js` specifiers naming
 * `.ts` files), checks its default export and applies the defaults.
 * Throws `ConfigNotFoundError` when there is no such file, `ConfigError` when it does not load or its default
 * export is not a `defineConfig({ url, metadata })`.
 */
export async function loadConfig(file: string = DEFAULT_CONFIG_FILE): Promise<LoadedConfig> {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new ConfigNotFoundError(
      `No config file at ${path}: run \`athanor init\` to write one, or pass the path of yours (--config <file>).`,
      path,
    );
  }
  const loader = openModuleLoader();
  let exports;
  try {
    exports = await loader.import(path);
  } catch (error) {
    throw new ConfigError(`The config file ${path} failed to load: ${describeError(error)}`, path, { cause: error });
  }
  const config = checkConfig(exports["default"], path);
  return Object.freeze({
    path,
    url: config.url,
    metadata: config.metadata,
    versionsDirectory: resolve(dirname(path), config.migrations?.directory ?? DEFAULT_VERSIONS_DIRECTORY),
    versionTable: config.versionTable ?? DEFAULT_VERSION_TABLE,
    config,
  });
}

/** Throws `ConfigError` unless `value` (a config module's default export) has the shape of an `AthanorConfig`. */
function checkConfig(value: unknown, path: string): AthanorConfig {
  const fix = "write `export default defineConfig({ url, metadata })` (defineConfig from athanor/migrate).";
  if (value === undefined) {
    throw new ConfigError(`The config file ${path} has no default export: ${fix}`, path);
  }
  if (typeof value !== "object" || value === null) {
    throw new ConfigError(`The default export of ${path} is ${describeValue(value)}, not a config: ${fix}`, path);
  }
  const c = value as Record<string, unknown>;
  if (typeof c["url"] !== "string" || c["url"] === "") {
    throw new ConfigError(
      `The config in ${path} has url ${describeValue(c["url"])}: give the database URL as a non-empty string ` +
        '(e.g. process.env.DATABASE_URL ?? "sqlite:///app.db").',
      path,
    );
  }
  const metadata = c["metadata"] as { tables?: unknown } | null | undefined;
  if (typeof metadata !== "object" || metadata === null || !(metadata.tables instanceof Map)) {
    throw new ConfigError(
      `The config in ${path} has metadata ${describeValue(c["metadata"])}: give the models' MetaData ` +
        "(e.g. Base.metadata imported from your models module).",
      path,
    );
  }
  const migrations = c["migrations"] as { directory?: unknown } | null | undefined;
  if (migrations !== undefined && (typeof migrations !== "object" || migrations === null)) {
    throw new ConfigError(
      `The config in ${path} has migrations ${describeValue(migrations)}: give an object ({ directory }).`,
      path,
    );
  }
  if (
    migrations?.directory !== undefined &&
    (typeof migrations.directory !== "string" || migrations.directory === "")
  ) {
    throw new ConfigError(
      `The config in ${path} has migrations.directory ${describeValue(migrations.directory)}: give a non-empty ` +
        "path, relative to the config file.",
      path,
    );
  }
  if (c["versionTable"] !== undefined && (typeof c["versionTable"] !== "string" || c["versionTable"] === "")) {
    throw new ConfigError(
      `The config in ${path} has versionTable ${describeValue(c["versionTable"])}: give a non-empty table name.`,
      path,
    );
  }
  return value as AthanorConfig;
}
