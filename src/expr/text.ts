/**
 * `text()`: a literal SQL statement or fragment with named bind parameters.
 *
 * ```ts
 * const stmt = text("select id, name from users where id = :id").columns({ id: Integer(), name: String() });
 * const row = (await conn.execute(stmt, { id: 1 })).one(); // Row<number | string…, { id: number; name: string }>
 * // PostgreSQL: select id, name from users where id = $1   params: [1]
 * // MySQL, SQLite: select id, name from users where id = ?   params: [1]
 * ```
 * `:name` binds a parameter; `\:` is a literal colon; `::` (a PostgreSQL cast) and colons inside quoted
 * strings, quoted identifiers and comments are left alone.
 */

import { type StatementNode, type TextNode, textNode } from "../ast/index.js";
import type { JsTypeOf, SqlType } from "../types/index.js";
import type { Executable, ResultColumn } from "./executable.js";

/** A `text()` statement. Immutable: each method returns a new clause. */
export class TextClause<
  T extends readonly unknown[] = unknown[],
  N extends object = Record<string, unknown>,
> implements Executable<T, N> {
  declare readonly __rowTuple?: T;
  declare readonly __rowNamed?: N;
  readonly node: TextNode;

  constructor(node: TextNode) {
    this.node = node;
    Object.freeze(this);
  }

  /**
   * Declares the result columns and their types, so values are decoded by the type's codec and rows are
   * typed. Columns are matched by position and named by the keys, in order.
   */
  columns<C extends Record<string, SqlType>>(
    columns: C,
  ): TextClause<Array<{ [K in keyof C]: JsTypeOf<C[K]> | null }[keyof C]>, { [K in keyof C]: JsTypeOf<C[K]> | null }> {
    return new TextClause(textNode(this.node.sql, Object.entries(columns), this.node.bindTypes));
  }

  /** Declares the SQL types of bind parameters, so values are encoded by the type's codec. */
  bindTypes(types: Record<string, SqlType>): TextClause<T, N> {
    return new TextClause(textNode(this.node.sql, this.node.columns, { ...this.node.bindTypes, ...types }));
  }

  toStatementNode(): StatementNode {
    return this.node;
  }

  resultColumns(): readonly ResultColumn[] | undefined {
    return this.node.columns?.map(([key, type]) => ({ key, type }));
  }

  toString(): string {
    return this.node.sql;
  }
}

/** Creates a `text()` statement. */
export function text(sql: string): TextClause {
  if (typeof sql !== "string") throw new TypeError(`text() takes a SQL string, got ${typeof sql}`);
  return new TextClause(textNode(sql));
}
