/**
 * The generic dialect `String(stmt)` and `compile(stmt)` use when no dialect is given: `"` quoting, `?`
 * placeholders, standard type names, and every construct written in its usual form rather than refused
 * (DISTINCT ON, both upsert forms, JSONB operators, RETURNING everywhere), since the point is to read it.
 */

import type { BindNode, ExprNode, JsonOperator, UpsertNode } from "../ast/index.js";
import {
  type CompilerDialect,
  type LiteralContext,
  type ReturningSupport,
  SqlCompiler,
  STANDARD_LITERALS,
  isPlainData,
} from "../compiler/index.js";
import { DataError } from "../errors/index.js";
import { formatUtcNaive, type SqlType } from "../types/index.js";
import { TypeCompiler } from "./type-compiler.js";

/** Writes dialect-only constructs in their native spelling instead of refusing them. */
class DisplayCompiler extends SqlCompiler {
  /** The form of the upsert being written (its excluded-row references depend on it). */
  #upsertForm: UpsertNode["form"] | undefined;

  override distinctOn(exprs: readonly ExprNode[]): string {
    return `DISTINCT ON (${exprs.map((e) => this.expr(e)).join(", ")}) `;
  }

  override upsert(u: UpsertNode): string {
    this.#upsertForm = u.form;
    try {
      return u.form === "onConflict" ? this.onConflict(u) : ` ON DUPLICATE KEY UPDATE ${this.setClause(u.set)}`;
    } finally {
      this.#upsertForm = undefined;
    }
  }

  protected override conflictConstraint(name: string): string {
    return `ON CONSTRAINT ${this.id(name)}`;
  }

  override visitExcluded(name: string): string {
    return this.#upsertForm === "onDuplicateKey" ? `VALUES(${this.id(name)})` : super.visitExcluded(name);
  }

  override jsonOperator(op: JsonOperator, left: ExprNode, right: ExprNode): string {
    return `${this.operand(left)} ${op} ${this.operand(right)}`;
  }
}

/**
 * The generic display dialect.
 *
 * ```ts
 * DISPLAY_DIALECT.createCompiler(bindIndex(statementShape(node))).compile(node).sql;
 * ```
 */
export class DisplayDialect implements CompilerDialect {
  readonly name = "default";
  readonly returning: ReturningSupport = Object.freeze({ insert: true, update: true, delete: true });
  readonly #types = new TypeCompiler(this);

  /** `?`. */
  placeholder(_index: number): string {
    return "?";
  }

  /** `"name"`, embedded quotes doubled. */
  quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  /** `'value'`, embedded quotes doubled. */
  quoteString(value: string): string {
    return STANDARD_LITERALS.quoteString(value);
  }

  /**
   * A value as a standard SQL literal, after its type's codec (no driver adaptation: there is no driver):
   * dates as UTC `YYYY-MM-DD HH:MM:SS.mmm` text, objects as JSON text.
   */
  literal(value: unknown, type: SqlType | undefined, context: LiteralContext): string {
    if (type === undefined && typeof value === "object" && value !== null && !isPlainData(value)) {
      throw new DataError(
        `${Object.prototype.toString.call(value)} has no SQL literal form; give it a type`,
        undefined,
      );
    }
    let v = value === null || type === undefined ? value : type.bind(value);
    if (v instanceof Date) v = formatUtcNaive(v);
    else if (typeof v === "object" && v !== null && !(v instanceof Uint8Array)) v = JSON.stringify(v);
    return STANDARD_LITERALS.render(v, type?.kind, context);
  }

  /** The standard type spellings (`VARCHAR(n)`, `TIMESTAMP(3)`…). */
  typeSql(type: SqlType): string {
    return this.#types.compile(type);
  }

  /** A compiler for one statement. */
  createCompiler(bindIndex: ReadonlyMap<BindNode, number>): SqlCompiler {
    return new DisplayCompiler(this, bindIndex);
  }
}

/** The shared instance. */
export const DISPLAY_DIALECT = new DisplayDialect();
