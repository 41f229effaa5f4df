/**
 * The errors of loading a project's TypeScript files: the config module and the revision files. Each names
 * the file (and, for a revision file, the export) that is wrong and says how to fix it.
 *
 * ```
 * AthanorError
 * ├── ConfigError                   an `athanor.config.ts` that cannot be used
 * │   └── ConfigNotFoundError       no config file at the path
 * └── RevisionError
 *     └── RevisionFileError         a revision file that does not load or exports the wrong thing
 * ```
 */

import { AthanorError } from "../../errors/index.js";
import { RevisionError } from "../revision/errors.js";

/** A config module that cannot be used: it fails to load, or its default export is not a `defineConfig(...)`. */
export class ConfigError extends AthanorError {
  /** The config file. */
  readonly path: string;

  constructor(message: string, path: string, options?: ErrorOptions) {
    super(message, options);
    this.path = path;
  }
}

/** No config file at the path asked for (by default `athanor.config.ts` in the working directory). */
export class ConfigNotFoundError extends ConfigError {}

/** A revision file that fails to load (syntax error, failing import) or whose exports are wrong. */
export class RevisionFileError extends RevisionError {
  /** The revision file. */
  readonly path: string;
  /** The export that is wrong (`revision`, `upgrade`…), or `null` when the file does not load at all. */
  readonly exportName: string | null;

  constructor(message: string, path: string, exportName: string | null, options?: ErrorOptions) {
    super(message, options);
    this.path = path;
    this.exportName = exportName;
  }
}
