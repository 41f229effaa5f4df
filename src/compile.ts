/**
 * `compile(stmt, dialect)`: a statement's SQL and parameters for reading, in a dialect or in a generic
 * one. Loading this module registers it as the renderer behind `stmt.compile()` and `String(stmt)` (the
 * statement builders cannot import compilers), which every entry point does.
 *
 * ```ts
 * compile(select(users.c.id).where(users.c.name.eq("Ann")), engine.dialect);
 * // { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = $1', params: ["Ann"] }   (PostgreSQL)
 * compile(select(users.c.id).where(users.c.id.eq(bindparam("id"))), "mysql");
 * // { sql: "SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ?", params: [NamedParameter(":id")] }
 * String(insert(users).values({ name: "Bo" }));
 * // INSERT INTO "users" ("name") VALUES (?)
 * compile(insert(users).values({ name: "it's" }), "postgresql", undefined, { literalBinds: true });
 * // INSERT INTO "users" ("name") VALUES ('it''s'::VARCHAR)     (its sql; params is empty)
 * ```
 */

import { bindIndex, statementShape, type StatementNode } from "./ast/index.js";
import type { CompiledQuery, SqlCompiler } from "./compiler/index.js";
import { DISPLAY_DIALECT } from "./dialect/display-dialect.js";
import { MySQLDialect } from "./dialects/mysql/index.js";
import { PostgreSQLDialect } from "./dialects/postgresql/index.js";
import { SqliteDialect } from "./dialects/sqlite/index.js";
import { ArgumentError } from "./errors/index.js";
import {
  type CompiledStatement,
  type CompileOptions,
  type CompileTarget,
  type DialectLike,
  type AnyExecutable,
  isExecutable,
  NamedParameter,
  type Params,
  setStatementRenderer,
} from "./expr/index.js";

const byName: Record<string, () => DialectLike> = {
  postgresql: () => new PostgreSQLDialect(),
  mysql: () => new MySQLDialect(),
  sqlite: () => new SqliteDialect(),
};
const named = new Map<string, DialectLike>();

function isDialect(value: unknown): value is DialectLike {
  return typeof value === "object" && value !== null && typeof (value as DialectLike).createCompiler === "function";
}

/** The dialect a target names. */
function resolve(target: CompileTarget): DialectLike {
  if (target === undefined) return DISPLAY_DIALECT;
  if (typeof target === "string") {
    const make = byName[target];
    if (!make)
      throw new ArgumentError(`Unknown dialect '${target}'; expected one of ${Object.keys(byName).join(", ")}`);
    let dialect = named.get(target);
    if (!dialect) named.set(target, (dialect = make()));
    return dialect;
  }
  if (isDialect(target)) return target;
  if (typeof target === "object" && target !== null && isDialect((target as { dialect?: unknown }).dialect)) {
    return target.dialect;
  }
  throw new ArgumentError("compile() takes a dialect, an engine, a dialect name or nothing (the generic dialect)");
}

/**
 * The statement node to show. With `params`, a statement that takes its values from the execution (an
 * `insert(table)` without `values()`) is planned with them, as `execute(stmt, params)` would.
 */
function statementNode(stmt: AnyExecutable, params: Params | undefined): StatementNode {
  if (params && stmt.forExecution) {
    const plan = stmt.forExecution([params], {
      maxParameters: Number.MAX_SAFE_INTEGER,
      lastrowid: true,
      insertReturning: false,
      autoincrementSentinel: "none",
    });
    const first = plan.executions[0];
    if (first) return first.node;
  }
  return stmt.toStatementNode();
}

/**
 * A statement's SQL and parameters in a dialect, for reading (logging, tests, docs). `dialect` is a
 * dialect, an engine (`engine.dialect` is used), a name (`"postgresql"`, `"mysql"`, `"sqlite"`) or nothing
 * for a generic dialect. `params` supplies named parameters (`bindparam("id")`, `:id` in `text()`), which
 * otherwise show as `NamedParameter`s; parameters are the values as given, before type codecs.
 * With `{ literalBinds: true }` the values are written into the SQL as literals and `params` is empty
 * (see `CompileOptions.literalBinds`); a named parameter without a value is then an ArgumentError.
 */
export function compile(
  stmt: AnyExecutable,
  dialect?: CompileTarget,
  params?: Params,
  options?: CompileOptions,
): CompiledStatement {
  if (!isExecutable(stmt)) throw new ArgumentError("compile() takes a statement (select(), insert(), text()…)");
  const node = statementNode(stmt, params);
  const shape = statementShape(node);
  // Every dialect's createCompiler returns a SqlCompiler; DialectLike only states the shape structurally.
  const compiler = resolve(dialect).createCompiler(bindIndex(shape)) as SqlCompiler;
  if (options?.literalBinds) {
    return Object.freeze({ sql: compiler.withLiteralBinds(params).compile(node).sql, params: Object.freeze([]) });
  }
  const compiled: CompiledQuery = compiler.compile(node);
  const values = compiled.slots.map((slot) => {
    const name = typeof slot === "number" ? shape.binds[slot]?.name : slot.name;
    if (name === undefined) return typeof slot === "number" ? shape.binds[slot]?.value : undefined;
    return params && Object.hasOwn(params, name) ? params[name] : new NamedParameter(name);
  });
  return Object.freeze({ sql: compiled.sql, params: Object.freeze(values) });
}

setStatementRenderer(compile);
