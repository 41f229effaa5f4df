export * from "./op.js";
export { columnSource, typeSource, valueSource } from "./render.js";
export * from "./table-ops.js";
export * from "./column-ops.js";
export * from "./constraint-ops.js";
export * from "./data-ops.js";
export * from "./operations.js";
