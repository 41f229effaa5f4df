export * from "./sql-type.js";
export * from "./factories.js";
