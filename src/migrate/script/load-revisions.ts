/**
 * Loads the revision files of a versions directory: every `*.ts` / `*.js` file (not `.d.ts`, not `__*`),
 * imported through tsx, its exports checked, turned into the `Revision` records `RevisionGraph.from` takes.
 *
 * ```ts
 * const scripts = await loadRevisions(config.versionsDirectory);
 * const graph = RevisionGraph.from(scripts); // duplicates, cycles and missing parents name the files
 * ```
 */

import { readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Operations } from "../ops/index.js";
import type { Revision, RevisionIds } from "../revision/index.js";
import { describeError, describeValue } from "./describe.js";
import { RevisionFileError } from "./errors.js";
import { type ModuleExports, type ModuleLoader, openModuleLoader } from "./load-module.js";

/** What `upgrade` and `downgrade` of a revision file are: they receive the operations. */
export type MigrationFunction = (op: Operations) => unknown;

/** A revision loaded from its file: the `Revision` the graph takes, with its path and its two functions. Frozen. */
export interface RevisionScript extends Revision {
  /** The revision file, absolute. */
  readonly path: string;
  /** Applies the revision. */
  readonly upgrade: MigrationFunction;
  /** Reverts the revision. */
  readonly downgrade: MigrationFunction;
}

/** A revision id: 12 lower-case hex characters. */
const REVISION_ID = /^[0-9a-f]{12}$/;
/** The files of a versions directory that are revision files. */
const SCRIPT_FILE = /^(?!__).*(?<!\.d)\.[jt]s$/;

/**
 * Loads every revision file of `directory` (sorted by name) and gives its revisions, each with its path.
 * Throws `RevisionFileError` naming the file, and the export when one is wrong, when a file does not load or
 * does not export `revision` (12 hex characters, the start of the file name), `downRevision` (a string, a
 * list or null), `upgrade` and `downgrade` functions, and optionally `branchLabels`, `dependsOn` and `message`.
 */
export async function loadRevisions(directory: string): Promise<readonly RevisionScript[]> {
  const dir = resolve(directory);
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && SCRIPT_FILE.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    throw new RevisionFileError(
      `Cannot read the versions directory ${dir}: ${describeError(error)}. Run \`athanor init\` or set ` +
        "migrations.directory in the config.",
      dir,
      null,
      { cause: error },
    );
  }
  const loader = openModuleLoader();
  const scripts: RevisionScript[] = [];
  for (const name of names) scripts.push(await loadRevisionWith(loader, join(dir, name)));
  return scripts;
}

/** Loads and checks the revision file at `path` (see `loadRevisions`). */
export async function loadRevision(path: string): Promise<RevisionScript> {
  return loadRevisionWith(openModuleLoader(), resolve(path));
}

/** Loads and checks one revision file through `loader`. */
async function loadRevisionWith(loader: ModuleLoader, path: string): Promise<RevisionScript> {
  let exports: ModuleExports;
  try {
    exports = await loader.import(path);
  } catch (error) {
    throw new RevisionFileError(`The revision file ${path} failed to load: ${describeError(error)}`, path, null, {
      cause: error,
    });
  }
  const revision = exports["revision"];
  if (typeof revision !== "string" || !REVISION_ID.test(revision)) {
    throw wrong(
      path,
      "revision",
      `is ${describeValue(revision)}: export the revision id, 12 lower-case hex characters`,
    );
  }
  const file = basename(path);
  if (!(file.startsWith(revision) && /^[._]/.test(file.slice(revision.length)))) {
    throw wrong(
      path,
      "revision",
      `is "${revision}" but the file name starts with "${file.slice(0, 12)}": name the file ${revision}_<slug>.ts ` +
        "or fix the id",
    );
  }
  const downRevision = ids(exports, "downRevision", path, true);
  const branchLabels = ids(exports, "branchLabels", path, false);
  const dependsOn = ids(exports, "dependsOn", path, false);
  const message = exports["message"];
  if (message !== undefined && message !== null && typeof message !== "string") {
    throw wrong(path, "message", `is ${describeValue(message)}: export a string (or null)`);
  }
  return Object.freeze({
    revision,
    downRevision,
    branchLabels,
    dependsOn,
    message: message ?? null,
    path,
    upgrade: fn(exports, "upgrade", path),
    downgrade: fn(exports, "downgrade", path),
  });
}

/** The export `name` as revision ids: a string, a list of strings, or null (`undefined` only when optional). */
function ids(exports: ModuleExports, name: string, path: string, required: boolean): RevisionIds {
  const value = exports[name];
  if (value === undefined && !required) return null;
  if (value === null || typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return Object.freeze([...value]);
  const missing = value === undefined ? "is missing" : `is ${describeValue(value)}`;
  throw wrong(path, name, `${missing}: export a revision id, a list of them, or null`);
}

/** The export `name` as a migration function. */
function fn(exports: ModuleExports, name: string, path: string): MigrationFunction {
  const value = exports[name];
  if (typeof value === "function") return value as MigrationFunction;
  const missing = value === undefined ? "is missing" : `is ${describeValue(value)}`;
  throw wrong(path, name, `${missing}: export function ${name}(op: Operations) { … }`);
}

/** The error for a wrong export. */
function wrong(path: string, name: string, what: string): RevisionFileError {
  return new RevisionFileError(`The export '${name}' of revision file ${path} ${what}.`, path, name);
}
