/**
 * PostgreSQL DDL: the base DDL compiler's standard SQL is PostgreSQL's (identity columns, `COMMENT ON`,
 * `CREATE TYPE … AS ENUM`, partial and expression indexes), so only the catalog queries live here.
 */

import type { DdlConnection } from "../../ddl/index.js";
import { text } from "../../expr/index.js";

/** Tables, partitioned tables, views, materialized views and foreign tables: what a table name can be. */
const HAS_TABLE = text(
  "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
    "WHERE c.relname = CAST(:name AS name) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') " +
    "AND n.nspname = COALESCE(CAST(:schema AS name), current_schema())",
);

const HAS_ENUM_TYPE = text(
  "SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace " +
    "WHERE t.typname = CAST(:name AS name) AND t.typtype = 'e' " +
    "AND n.nspname = COALESCE(CAST(:schema AS name), current_schema())",
);

/** Whether a table exists in `schema` (default: the session's current schema). */
export async function hasTable(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean> {
  return (await conn.execute(HAS_TABLE, { name, schema: schema ?? null })).all().length > 0;
}

/** Whether an enum type exists in `schema` (default: the session's current schema). */
export async function hasEnumType(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean> {
  return (await conn.execute(HAS_ENUM_TYPE, { name, schema: schema ?? null })).all().length > 0;
}
