/**
 * `athanor/sqlite`: what only SQLite has. `insert()` with `onConflictDoNothing()` / `onConflictDoUpdate()`
 * (and `excluded`), the dialect and its compiler.
 *
 * ```ts
 * import { insert } from "athanor/sqlite";
 * const stmt = insert(users).values({ id: 1, name: "Ann" });
 * await conn.execute(stmt.onConflictDoUpdate({ target: [users.c.id], set: { name: stmt.excluded.name } }));
 * ```
 */

// Registers the renderer behind `stmt.compile()` and `String(stmt)`.
import "./compile.js";

export { SqliteDialect } from "./dialects/sqlite/dialect.js";
export { SqliteCompiler } from "./dialects/sqlite/compiler.js";
export { insert, SqliteInsert } from "./dialects/sqlite/insert.js";
export type {
  ConflictTarget,
  OnConflictDoNothingOptions,
  OnConflictDoUpdateOptions,
  ProposedRow,
  UpsertSet,
} from "./query/index.js";
