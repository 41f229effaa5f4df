export * from "./dialect.js";
export * from "./type-compiler.js";
