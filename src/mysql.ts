/**
 * `athanor/mysql`: what only MySQL / MariaDB has. `insert()` with `onDuplicateKeyUpdate()` (and
 * `inserted`), the dialect and its compiler.
 *
 * ```ts
 * import { insert } from "athanor/mysql";
 * const stmt = insert(users).values({ id: 1, name: "Ann" });
 * await conn.execute(stmt.onDuplicateKeyUpdate({ name: stmt.inserted.name }));
 * ```
 */

// Registers the renderer behind `stmt.compile()` and `String(stmt)`.
import "./compile.js";

export { MySQLDialect, mysqlCapabilities } from "./dialects/mysql/dialect.js";
export { MySQLCompiler } from "./dialects/mysql/compiler.js";
export { insert, MySQLInsert } from "./dialects/mysql/insert.js";
export type { ProposedRow, UpsertSet } from "./query/index.js";
