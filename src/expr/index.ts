export * from "./executable.js";
export * from "./text.js";
export * from "./expression.js";
export * from "./operators.js";
export * from "./functions.js";
export * from "./display.js";
export * from "./coercion.js";
