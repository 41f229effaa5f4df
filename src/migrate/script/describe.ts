/** How values and errors are shown in the messages of the loading errors. */

/** A value as a message shows it: strings quoted, objects by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

/** An error's message, for wrapping it in a message naming the file. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
