/**
 * Showing a statement's SQL for reading: `stmt.compile(dialect)`, `stmt.toString()` and `String(stmt)`.
 * The statement builders sit below the compilers and dialects, so they reach the renderer through this
 * hook, which the package's entry point registers (`src/compile.ts`, loaded by `import … from "athanor"`).
 *
 * ```ts
 * String(select(users.c.id).where(users.c.name.eq("Ann")));
 * // SELECT "users"."id" FROM "users" WHERE "users"."name" = ?
 * select(users.c.id).where(users.c.name.eq("Ann")).compile(engine.dialect);
 * // { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = $1', params: ["Ann"] }
 * ```
 */

import type { BindNode, StatementNode } from "../ast/index.js";
import { InvalidRequestError } from "../errors/index.js";
import type { Executable, Params } from "./executable.js";

/** A dialect's names, accepted wherever a dialect is. */
export type DialectName = "postgresql" | "mysql" | "sqlite";

/** What a dialect must offer to compile a statement (every `Dialect` does). */
export interface DialectLike {
  readonly name: string;
  createCompiler(bindIndex: ReadonlyMap<BindNode, number>): {
    compile(statement: StatementNode): { readonly sql: string };
  };
}

/**
 * The dialect to show SQL in: a dialect, anything with a `dialect` (an Engine), a dialect name, or
 * nothing for a generic dialect (`"` quoting, `?` placeholders, every construct written in its usual form).
 */
export type CompileTarget = DialectLike | { readonly dialect: DialectLike } | DialectName | undefined;

/** A parameter supplied by name at execution (`bindparam("id")`, `:id` in `text()`), shown as `:id`. */
export class NamedParameter {
  constructor(readonly name: string) {
    Object.freeze(this);
  }
  /** `:name`. */
  toString(): string {
    return `:${this.name}`;
  }
  /** `":name"` in JSON (e.g. in logs). */
  toJSON(): string {
    return this.toString();
  }
}

/** A statement's SQL and its parameters, for reading (execution compiles and binds on its own). */
export interface CompiledStatement {
  readonly sql: string;
  /**
   * The bound values in placeholder order, as given (before type codecs). A named parameter is its value
   * from the `params` passed to `compile`, or a `NamedParameter` when none was passed.
   */
  readonly params: readonly unknown[];
}

/** How `compile` writes a statement. */
export interface CompileOptions {
  /**
   * Write every bound value into the SQL as a literal, for SQL that runs elsewhere (a script, Migrate's
   * `--sql`): values go through their column type's codec, then the dialect's literal renderer, so the
   * literal means what the bound value would have; `params` is then empty. A value without a safe literal
   * (NaN, a lone surrogate, a NUL character, an object that is not plain data) is a DataError naming the
   * parameter. SQLAlchemy's `literal_binds`.
   */
  readonly literalBinds?: boolean;
}

/** Any statement, whatever rows it yields. */
export type AnyExecutable = Executable<readonly unknown[], object>;

/** Renders a statement for a target dialect. */
export type StatementRenderer = (
  stmt: AnyExecutable,
  target: CompileTarget,
  params: Params | undefined,
  options: CompileOptions | undefined,
) => CompiledStatement;

let renderer: StatementRenderer | undefined;

/** @internal Registers the renderer (done once by `src/compile.ts`). */
export function setStatementRenderer(render: StatementRenderer): void {
  renderer = render;
}

/** A statement's SQL and parameters in a dialect (see `CompileTarget`). */
export function renderStatement(
  stmt: AnyExecutable,
  target?: CompileTarget,
  params?: Params,
  options?: CompileOptions,
): CompiledStatement {
  if (!renderer) {
    throw new InvalidRequestError(
      'No SQL renderer is registered: import from "athanor", whose entry point registers it, before compiling statements',
    );
  }
  return renderer(stmt, target, params, options);
}

/**
 * A statement's SQL in the generic dialect, for `toString()`. Never throws: a statement that cannot be
 * compiled (an UPDATE with nothing to SET…) reads as `<Update: reason>`.
 */
export function statementText(stmt: AnyExecutable): string {
  try {
    return renderStatement(stmt).sql;
  } catch (error) {
    return `<${stmt.constructor.name}: ${error instanceof Error ? error.message : String(error)}>`;
  }
}
