export * from "./selectable.js";
export * from "./select.js";
export * from "./dml.js";
export * from "./upsert.js";
export * from "./adapt.js";
