/**
 * `athanor/migrate`: Alembic for Athanor. The revision graph (`RevisionGraph.from(revisions)`), targets
 * (`head`, `heads`, `base`, ids and prefixes, `label@head`, `+N` / `-N`, `a:b` ranges) and the plans of
 * `upgrade`, `downgrade` and `stamp` with the version-table change of each step; and the operations revision
 * files run (`Operations`, what `upgrade(op)` receives, and one `VerbNounOp` per operation, each able to run,
 * reverse itself and render itself as TypeScript); the project config (`defineConfig` for `athanor.config.ts`,
 * `loadConfig`) and `loadRevisions(directory)`, which imports the revision files through tsx.
 *
 * ```ts
 * import { loadConfig, loadRevisions, planUpgrade, RevisionGraph } from "athanor/migrate";
 * const config = await loadConfig(); // athanor.config.ts in the working directory
 * const graph = RevisionGraph.from(await loadRevisions(config.versionsDirectory)); // errors name the files
 * const plan = planUpgrade(graph, currentHeads, "head");
 * plan.steps.map((s) => s.revision?.id); // the revisions to apply, in order
 * ```
 */

export * from "./revision/index.js";
export * from "./ops/index.js";
export * from "./config/index.js";
export * from "./script/index.js";
