/**
 * Athanor Core: types, `text()`, `createEngine`, Connection, Result, Row, errors.
 */
export * from "./errors/index.js";
export * from "./types/index.js";
export { text, TextClause, type Executable } from "./expr/index.js";
export type { IsolationLevel, Capabilities } from "./dialect/index.js";
export {
  Connection,
  NestedTransaction,
  Engine,
  DatabaseUrl,
  parseUrl,
  type EngineOptions,
  type ExecutionOptions,
  type Params,
  type PoolStatus,
  type Logger,
  type EngineEvents,
  type ExecuteEvent,
  type AfterExecuteEvent,
  type RawConnectionEvent,
} from "./engine/index.js";
export * from "./result/index.js";
export { createEngine } from "./create-engine.js";
