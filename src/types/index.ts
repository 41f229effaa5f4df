export * from "./sql-type.js";
export * from "./enum-type.js";
export * from "./interval-type.js";
export * from "./factories.js";
