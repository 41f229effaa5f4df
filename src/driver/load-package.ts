/**
 * Loading optional driver packages: drivers are optional peer dependencies, loaded on first use, and a
 * missing one becomes a `DriverNotInstalledError` naming the package to install.
 */

import { inspect } from "node:util";
import { ArgumentError, DriverNotInstalledError } from "../errors/index.js";

/** True when `error` says that `pkg` itself (not something it imports) could not be found. */
export function isMissingPackage(error: unknown, pkg: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const notFound =
    code === "ERR_MODULE_NOT_FOUND" ||
    code === "MODULE_NOT_FOUND" ||
    /Cannot find (?:module|package)|Failed to (?:load|resolve)/i.test(error.message);
  // The name must appear as a whole word: a missing 'pg-types' is a broken pg install, not a missing pg.
  const named = new RegExp(`(?:^|[\\s'"\`])${pkg.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&")}(?:$|[\\s'"\`/])`).test(
    error.message,
  );
  return notFound && named;
}

/**
 * Returns a function that loads a driver package once (a failed load is retried on the next call).
 * `purpose` completes the sentence "The … dialect needs the '…' package".
 *
 * ```ts
 * const loadPg = packageLoader("postgresql", "pg", async () => (await import("pg")).default);
 * const pg = await loadPg(); // or DriverNotInstalledError: "The postgresql dialect needs the 'pg' package: npm install pg"
 * ```
 */
export function packageLoader<T>(dialect: string, pkg: string, load: () => Promise<T>, purpose = ""): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      if (isMissingPackage(error, pkg)) {
        throw new DriverNotInstalledError(
          `The ${dialect} dialect needs the '${pkg}' package${purpose}: npm install ${pkg}`,
          { cause: error },
        );
      }
      throw error;
    });
    return loading;
  };
}

/**
 * A driver package the application passed in (`createEngine(url, { module })`): the value itself when it
 * has the expected shape, else its `default` export when that has it (`import * as pg from "pg"` gives a
 * namespace whose `default` is the package), else undefined.
 */
export function providedModule<T>(module: unknown, fits: (value: unknown) => value is T): T | undefined {
  if (fits(module)) return module;
  if ((typeof module === "object" || typeof module === "function") && module !== null) {
    const fallback = (module as { default?: unknown }).default;
    if (fits(fallback)) return fallback;
  }
  return undefined;
}

/**
 * The error for a driver package of the wrong shape. `expected` names the package and the import that
 * gives it, e.g. `the 'pg' package (import pg from "pg"): an object with a Client class`.
 */
export function wrongModuleError(option: string, dialect: string, expected: string, got: unknown): ArgumentError {
  return new ArgumentError(
    `createEngine(url, { ${option} }): the ${dialect} dialect expects ${expected}; got ${describeValue(got)}`,
  );
}

/** A short description of any value, for error messages (a module object can be large). */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return `a function named '${value.name || "(anonymous)"}'`;
  if (typeof value === "object") {
    const keys = Object.keys(value);
    const shown = keys.slice(0, 8).join(", ");
    return keys.length === 0 ? "an object without keys" : `an object with keys ${shown}${keys.length > 8 ? ", …" : ""}`;
  }
  return `${typeof value} ${inspect(value)}`;
}
