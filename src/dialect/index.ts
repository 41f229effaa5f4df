export * from "./dialect.js";
export * from "./type-compiler.js";
export * from "./introspection.js";
export * from "./identifier-check.js";
