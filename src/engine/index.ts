export * from "./url.js";
export * from "./pool.js";
export * from "./events.js";
export * from "./logging.js";
export { Connection, NestedTransaction, type ExecutionOptions, type Params } from "./connection.js";
export * from "./engine.js";
export { CompiledCache, changesSchema, type CompiledEntry, type StatementCompiler } from "./compiled-cache.js";
export {
  assertExecutable,
  bindParameters,
  planStatement,
  type PlannedRun,
  type StatementPlan,
} from "./statement-plan.js";
export { echoStatement, StatementExecution, type StatementRunner } from "./statement-execution.js";
export { bufferedResult, decodeRows, resultPlan, type ExecutionOutcome, type ResultPlan } from "./result-decoding.js";
