export * from "./inspector.js";
export * from "./reflect.js";
