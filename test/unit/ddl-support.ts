/** Helpers shared by the DDL golden tests. */

import { compile, CreateTable, type DdlStatement, type Table } from "../../src/index.js";
import { MySQLDialect } from "../../src/dialects/mysql/index.js";
import { PostgreSQLDialect } from "../../src/dialects/postgresql/index.js";
import { SqliteDialect } from "../../src/dialects/sqlite/index.js";

export const dialects = { postgresql: new PostgreSQLDialect(), mysql: new MySQLDialect(), sqlite: new SqliteDialect() };
export type D = keyof typeof dialects;

/** The SQL of one statement on a dialect. */
export const sql = (stmt: DdlStatement, d: D): string => compile(stmt, d).sql;
/** Every statement creating a table on a dialect. */
export const creates = (table: Table, d: D): string[] =>
  new CreateTable(table).toStatements(dialects[d]).map((s) => sql(s, d));
/** The error a thunk throws. */
export const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
};
