export * from "./text-node.js";
