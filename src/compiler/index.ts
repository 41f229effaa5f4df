export * from "./compiled-query.js";
export * from "./text-compiler.js";
export * from "./sql-compiler.js";
export * from "./ddl-compiler.js";
export * from "./literal-renderer.js";
