import type { SqlType } from "../types/index.js";

/** A literal SQL string with `:name` bind parameters, optionally typed columns and parameters. */
export interface TextNode {
  readonly kind: "text";
  readonly sql: string;
  /** Declared result columns, in order, with their types (from `text(...).columns({...})`). */
  readonly columns: readonly (readonly [name: string, type: SqlType])[] | undefined;
  /** Declared bind parameter types (from `text(...).bindTypes({...})`). */
  readonly bindTypes: Readonly<Record<string, SqlType>> | undefined;
}

/** Creates a frozen TextNode. */
export function textNode(
  sql: string,
  columns?: readonly (readonly [string, SqlType])[],
  bindTypes?: Readonly<Record<string, SqlType>>,
): TextNode {
  return Object.freeze({
    kind: "text",
    sql,
    columns: columns ? Object.freeze(columns.map((c) => Object.freeze([...c] as const))) : undefined,
    bindTypes: bindTypes ? Object.freeze({ ...bindTypes }) : undefined,
  });
}
