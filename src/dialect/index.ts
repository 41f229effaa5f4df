export * from "./dialect.js";
