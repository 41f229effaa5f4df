export * from "./url.js";
export * from "./pool.js";
export * from "./events.js";
export * from "./logging.js";
export { Connection, NestedTransaction, type ExecutionOptions, type Params } from "./connection.js";
export * from "./engine.js";
