/**
 * Loads a project's TypeScript modules (config, models, revision files) at run time through tsx: TC39
 * decorators, `.js` specifiers that name `.ts` files, ESM and CommonJS packages, on Node 20+.
 */

import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { register as registerCommonJs } from "tsx/cjs/api";
import { register } from "tsx/esm/api";

/** A loaded module's exports by name. */
export type ModuleExports = Readonly<Record<string, unknown>>;

/** Imports modules through one tsx loader. */
export interface ModuleLoader {
  /**
   * Imports the TypeScript or JavaScript module at the absolute `path` and gives its exports. Throws what
   * loading throws (a syntax error, a failing import); callers name the file.
   */
  import(path: string): Promise<ModuleExports>;
}

/**
 * A loader with its own tsx namespace: modules it imports are fresh (not those of an earlier load, so a
 * changed file is read again) and shared between the imports of this loader (one models module for all).
 * In a package without `"type": "module"` only the imported file itself is fresh: the `.ts` modules it
 * imports come from the first load's CommonJS cache (tsx's CommonJS namespaces do not isolate them).
 * One loader per load, not per file: each registers module hooks with Node (for ESM, and for CommonJS
 * packages, as tsx's `tsImport` does). The hooks stay on, as `tsImport`'s do: an `upgrade(op)` may still
 * `import()` a TypeScript helper when it runs, after the load.
 */
export function openModuleLoader(): ModuleLoader {
  const namespace = randomUUID();
  registerCommonJs({ namespace });
  const api = register({ namespace });
  return {
    async import(path) {
      return unwrap((await api.import(pathToFileURL(path).href, import.meta.url)) as ModuleExports);
    },
  };
}

/**
 * In a package without `"type": "module"` tsx loads `.ts` files as CommonJS, whose namespace wraps the
 * exports in `default` (marked `__esModule`): they are unwrapped so both kinds of package give the same exports.
 */
function unwrap(ns: ModuleExports): ModuleExports {
  const wrapped = ns["default"];
  if (typeof wrapped === "object" && wrapped !== null && (wrapped as ModuleExports)["__esModule"] === true) {
    return wrapped as ModuleExports;
  }
  return ns;
}
