import type { SqlType } from "../types/index.js";

/** Placeholder syntax the compiler emits: a function of the 0-based parameter index. */
export type PlaceholderFn = (index: number) => string;

/**
 * SQL text plus the recipe for its parameters: the i-th positional parameter takes the value named
 * `paramNames[i]` (a name may repeat). Depends on the statement's structure only, never on values, so
 * it is cached.
 */
export interface CompiledQuery {
  readonly sql: string;
  readonly paramNames: readonly string[];
  /** The declared type of each positional parameter, when known. */
  readonly paramTypes: readonly (SqlType | undefined)[];
  /** The declared type of each result column by position, when known. */
  readonly resultTypes: readonly (SqlType | undefined)[] | undefined;
  /** Names of the declared result columns, by position. */
  readonly resultNames: readonly string[] | undefined;
}
