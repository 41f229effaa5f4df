/** Exhaustiveness guard for `switch` over a union: a new member fails type-checking here. */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`Unexpected ${what}: ${String(value)}`);
}
