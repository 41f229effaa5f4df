/** Loading a project's TypeScript files at run time: the revision files and the errors of loading. */

export { ConfigError, ConfigNotFoundError, RevisionFileError } from "./errors.js";
export { loadRevision, loadRevisions, type MigrationFunction, type RevisionScript } from "./load-revisions.js";
