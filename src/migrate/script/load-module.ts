/**
 * Loads a project's TypeScript module (config, models, revision files) at run time through tsx's
 * `tsImport`: TC39 decorators, `.js` specifiers that name `.ts` files, ESM and CommonJS packages, on Node 20+.
 */

import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";

/** A loaded module's exports by name. */
export type ModuleExports = Readonly<Record<string, unknown>>;

/**
 * Imports the TypeScript or JavaScript module at the absolute `path` and gives its exports. In a package
 * without `"type": "module"` tsx loads `.ts` files as CommonJS, whose namespace wraps the exports in
 * `default` (marked `__esModule`): those are unwrapped so both kinds of package give the same exports.
 * Throws what loading throws (a syntax error, a failing import); callers name the file.
 */
export async function importModule(path: string): Promise<ModuleExports> {
  const ns = (await tsImport(pathToFileURL(path).href, { parentURL: import.meta.url })) as ModuleExports;
  const wrapped = ns["default"];
  if (typeof wrapped === "object" && wrapped !== null && (wrapped as ModuleExports)["__esModule"] === true) {
    return wrapped as ModuleExports;
  }
  return ns;
}
