/**
 * Loading optional driver packages: drivers are optional peer dependencies, loaded on first use, and a
 * missing one becomes a `DriverNotInstalledError` naming the package to install.
 */

import { DriverNotInstalledError } from "../errors/index.js";

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
