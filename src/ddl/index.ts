export * from "./capabilities.js";
export * from "./naming.js";
export * from "./table-def.js";
export * from "./statements.js";
export * from "./constructs.js";
export * from "./create-all.js";
export * from "./alter.js";
