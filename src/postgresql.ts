/**
 * `athanor/postgresql`: what only PostgreSQL has. `insert()` with `onConflictDoNothing()` /
 * `onConflictDoUpdate()` (and `excluded`), the `JSONB()` column type, the JSON operators (`jsonb(expr).get(key)`,
 * `.getText(key)`, `.contains(value)`, `.containedBy(value)`, `.hasKey(key)`), the dialect and its compiler. `DISTINCT ON`
 * is Core's `select(...).distinctOn(...)`, and `forUpdate({ keyShare: true })` gives `FOR NO KEY UPDATE`.
 *
 * ```ts
 * import { insert, jsonb } from "athanor/postgresql";
 * const stmt = insert(users).values({ id: 1, name: "Ann" });
 * await conn.execute(stmt.onConflictDoUpdate({ target: [users.c.id], set: { name: stmt.excluded.name } }));
 * ```
 */

// Registers the renderer behind `stmt.compile()` and `String(stmt)`.
import "./compile.js";

export { PostgreSQLDialect } from "./dialects/postgresql/dialect.js";
export { PostgreSQLCompiler } from "./dialects/postgresql/compiler.js";
export {
  insert,
  PostgreSQLInsert,
  type PostgreSQLOnConflictDoNothingOptions,
  type PostgreSQLOnConflictDoUpdateOptions,
} from "./dialects/postgresql/insert.js";
export { jsonb, JsonbExpression, JSONB, JSONBType } from "./dialects/postgresql/json.js";
export type { ConflictTarget, ProposedRow, UpsertSet } from "./query/index.js";
