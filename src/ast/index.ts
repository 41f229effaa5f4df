export * from "./text-node.js";
export * from "./expression-nodes.js";
export * from "./from-nodes.js";
export * from "./ddl-nodes.js";
export * from "./fields.js";
export * from "./traverse.js";
export * from "./statement.js";
