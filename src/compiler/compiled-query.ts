import type { SqlType } from "../types/index.js";

/** Placeholder syntax the compiler emits: a function of the 0-based parameter index. */
export type PlaceholderFn = (index: number) => string;

/**
 * One positional parameter: the index of a bind node in the statement's shape (see `statementShape`),
 * or a named parameter of a `text()` fragment, supplied at execution.
 */
export type ParamSlot = number | { readonly name: string; readonly type: SqlType | undefined };

/**
 * SQL text plus the recipe for its parameters. Depends on the statement's structure only, never on
 * values, so it is cached.
 */
export interface CompiledQuery {
  readonly sql: string;
  readonly slots: readonly ParamSlot[];
}
