/**
 * SQLite reflection: `sqlite_master` joined with the pragma table-valued functions (`pragma_table_xinfo`,
 * `pragma_foreign_key_list`, `pragma_index_list`, `pragma_index_info` / `pragma_index_xinfo`), one query
 * per `getMulti*` call whatever the number of tables. What the pragmas do not report (constraint names,
 * CHECK constraints, generated-column and index expressions, partial-index predicates) is read from the
 * `CREATE` statements SQLite keeps in `sqlite_master` (see `schema-sql.ts`).
 *
 * Normalisations, all forced by what SQLite stores:
 * - Types: SQLite keeps the declared type as free text. The names Athanor writes map back to their
 *   types (`VARCHAR(20)` → `String(20)`, `NUMERIC(10, 2)` → `Numeric(10, 2)`, `CHAR(36)` → `UUID()`…), as
 *   do SQLite's documented spellings (`INT`, `INT8`, `DOUBLE PRECISION`, `CHARACTER VARYING(n)`, `CLOB`,
 *   `TIMESTAMP`…, and MySQL's `TINYINT(1)` → `Boolean()`). Parameters the type compiler does not write are
 *   lost: `Float(p)` and `DateTime({ timezone: true })` read back as `Float()` and `DateTime()`,
 *   `LargeBinary(n)` as `LargeBinary()`, display widths (`INT(11)`) are dropped. An autoincrement key is
 *   declared `INTEGER` (the rowid alias must be spelled so), so a `BigInteger()` one reads back as
 *   `Integer()`.
 * - Any other declared type becomes a `customType` named after it (`passthroughType`, declared-type.ts)
 *   whose implementation is the Athanor type with the same SQLite affinity: `MONEY` → Numeric, `STRING`
 *   → Numeric (SQLite's rule: it contains none of INT, CHAR, CLOB, TEXT, BLOB, REAL, FLOA, DOUB), no
 *   type → LargeBinary. Recreating such a column declares it as it was (`MONEY`); an untyped column as
 *   `BLOB` (the same affinity).
 * - Enums: Athanor declares an `Enum` as `VARCHAR(n)` with an unnamed column CHECK `"col" IN ('a', 'b')`
 *   (n the longest value). That pair reads back as `Enum(["a", "b"])` and the CHECK is not reported; the
 *   enum's `name` is not stored by SQLite and is lost.
 * - Defaults are `pragma_table_xinfo.dflt_value`: the expression as written, without the parentheses
 *   around `DEFAULT (expr)`, so `'member'`, `TRUE`, `0`, `strftime('%Y-%m-%d %H:%M:%f', 'now')`.
 * - Autoincrement: the rowid alias, a lone `INTEGER PRIMARY KEY` column of a rowid table, with or without
 *   the `AUTOINCREMENT` keyword (both are numbered by SQLite).
 * - Foreign keys never name a schema (SQLite keys refer to their own database); `NO ACTION`, the
 *   default, is reported as undefined; a key written without referred columns reports the referred
 *   table's primary key columns.
 * - Indexes: when an index has an expression, `expressions` holds every item's text as written in its
 *   CREATE INDEX (column items too, e.g. `"qty"`), without `ASC`/`DESC` and without parentheses around
 *   the whole item. Sort direction, and the `COLLATE` of a plain column item, are not in the record.
 * - SQLite has no comments: column and table comments are always undefined.
 *
 * Schemas are attached databases (`main`, `temp` and `ATTACH … AS name`). Tables are those of
 * `sqlite_master` except SQLite's own (`sqlite_*`) and the shadow tables of virtual tables.
 * Needs SQLite 3.37 or later (`pragma_table_list`); better-sqlite3 bundles a later one.
 */

import type {
  IntrospectionConnection,
  Introspector,
  PerTable,
  ReflectedCheckConstraint,
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedPrimaryKey,
  ReflectedUniqueConstraint,
} from "../../dialect/index.js";
import type { ReferentialAction } from "../../ast/index.js";
import { ArgumentError } from "../../errors/index.js";
import { text } from "../../expr/index.js";
import { Enum } from "../../types/index.js";
import { enumColumns, sqliteTypeFromDeclared } from "./declared-type.js";
import { type ParsedTable, parseCreateIndex, parseCreateTable } from "./schema-sql.js";

// ---- queries ----

/** A quoted identifier (the schema is part of the statement text: an attached database's name). */
const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * The `t` CTE: the schema's tables (optionally only the `:tables` JSON array), without SQLite's own and
 * virtual tables' shadow tables. The list is one JSON parameter, so any number of tables is one statement.
 */
function tablesCte(schema: string, filtered: boolean): string {
  return (
    `WITH t AS (SELECT m.name, m.sql FROM ${quote(schema)}.sqlite_master AS m` +
    ` WHERE m.type = 'table' AND lower(substr(m.name, 1, 7)) <> 'sqlite_'` +
    ` AND NOT EXISTS (SELECT 1 FROM pragma_table_list(m.name) AS l WHERE l.schema = :schema AND l.type = 'shadow')` +
    (filtered ? " AND m.name IN (SELECT value FROM json_each(:tables))" : "") +
    ")"
  );
}

/** Rows of a per-table query: `table_name` plus the kind's columns (NULLs from the LEFT JOIN when none). */
type TableRow<T> = { readonly table_name: string; readonly table_sql: string | null } & {
  readonly [K in keyof T]: T[K] | null;
};

/** Runs a per-table query and groups its rows by table (tables in name order, every table present). */
async function perTable<T>(
  conn: IntrospectionConnection,
  schema: string | undefined,
  tables: readonly string[] | undefined,
  body: (schema: string) => string,
): Promise<Map<string, { sql: string | null; rows: TableRow<T>[] }>> {
  const out = new Map<string, { sql: string | null; rows: TableRow<T>[] }>();
  if (tables !== undefined && tables.length === 0) return out;
  const name = schema ?? "main";
  const params: Record<string, unknown> = { schema: name };
  if (tables !== undefined) params["tables"] = JSON.stringify(tables);
  const result = await conn.execute(text(`${tablesCte(name, tables !== undefined)} ${body(name)}`), params);
  for (const row of result.all() as readonly TableRow<T>[]) {
    let entry = out.get(row.table_name);
    if (!entry) out.set(row.table_name, (entry = { sql: row.table_sql, rows: [] }));
    entry.rows.push(row);
  }
  return out;
}

/** What a table without SQL text declares (none happen in practice: every table in sqlite_master has it). */
const NOTHING_DECLARED: ParsedTable = {
  columns: [],
  primaryKey: undefined,
  uniques: [],
  checks: [],
  foreignKeys: [],
  withoutRowid: false,
};

/** Parses a table's CREATE statement, naming the table when its SQL cannot be read. */
function parseTable(table: string, sql: string | null): ParsedTable {
  if (sql === null) return NOTHING_DECLARED;
  try {
    return parseCreateTable(sql);
  } catch (error) {
    throw new ArgumentError(`Cannot read the definition of table '${table}': ${(error as Error).message}`);
  }
}

/** A case-insensitive key for a list of names (SQLite identifiers ignore case). */
const lower = (names: readonly string[]): string => names.map((n) => n.toLowerCase()).join("\0");

/** pragma_foreign_key_list's action, undefined for SQLite's default (NO ACTION). */
function action(value: string | null): ReferentialAction | undefined {
  const v = value?.toUpperCase();
  switch (v) {
    case "CASCADE":
    case "SET NULL":
    case "SET DEFAULT":
    case "RESTRICT":
      return v;
    default:
      return undefined;
  }
}

/** A `pragma_table_xinfo` row. */
interface ColumnInfo {
  name: string;
  type: string;
  not_null: number;
  default_sql: string | null;
  pk: number;
  hidden: number;
}

/** A `pragma_foreign_key_list` row (one per column of a key), the referred column resolved. */
interface ForeignKeyInfo {
  id: number;
  referred_table: string;
  from_col: string;
  to_col: string | null;
  on_update: string;
  on_delete: string;
}

/** A `pragma_index_list` × `pragma_index_xinfo` row (one per key column) with the index's SQL. */
interface IndexInfo {
  index_name: string;
  is_unique: number;
  partial: number;
  index_sql: string | null;
  cid: number;
  column_name: string | null;
}

/**
 * SQLite's catalog queries. Every `getMulti*` method runs one statement, for any number of tables.
 *
 * ```ts
 * const columns = await new SqliteIntrospector().getMultiColumns(conn, undefined, ["users"]);
 * // WITH t AS (SELECT m.name, m.sql FROM "main".sqlite_master AS m WHERE m.type = 'table' …)
 * // SELECT … FROM t LEFT JOIN pragma_table_xinfo(t.name, ?) AS c ORDER BY t.name, c.cid
 * columns.get("users"); // [{ name: "id", type: Integer(), nullable: false, autoincrement: true, … }, …]
 * ```
 */
export class SqliteIntrospector implements Introspector {
  /** `main` and the attached databases (not `temp`), in attachment order. */
  async getSchemaNames(conn: IntrospectionConnection): Promise<readonly string[]> {
    const rows = (
      await conn.execute(text("SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq"))
    ).all();
    return (rows as readonly { name: string }[]).map((r) => r.name);
  }

  async getTableNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]> {
    const tables = await perTable<object>(
      conn,
      schema,
      undefined,
      () => "SELECT t.name AS table_name, NULL AS table_sql FROM t ORDER BY t.name",
    );
    return [...tables.keys()];
  }

  async getViewNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]> {
    const sql = `SELECT name FROM ${quote(schema ?? "main")}.sqlite_master WHERE type = 'view' ORDER BY name`;
    return ((await conn.execute(text(sql))).all() as readonly { name: string }[]).map((r) => r.name);
  }

  async getMultiColumns(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedColumn[]>> {
    const data = await perTable<ColumnInfo>(
      conn,
      schema,
      tables,
      () =>
        'SELECT t.name AS table_name, t.sql AS table_sql, c.name, c.type, c."notnull" AS not_null, c.dflt_value AS default_sql, c.pk, c.hidden' +
        " FROM t LEFT JOIN pragma_table_xinfo(t.name, :schema) AS c ORDER BY t.name, c.cid",
    );
    const out = new Map<string, readonly ReflectedColumn[]>();
    for (const [table, { sql, rows }] of data) {
      const parsed = parseTable(table, sql);
      const enums = enumColumns(parsed);
      const keyColumns = rows.filter((r) => (r.pk ?? 0) > 0).length;
      const columns: ReflectedColumn[] = [];
      for (const r of rows) {
        // hidden = 1: a virtual table's hidden column, not a column of its rows.
        if (r.name === null || r.hidden === 1) continue;
        const def = parsed.columns.find((c) => c.name.toLowerCase() === r.name?.toLowerCase());
        const enumValues = enums.get(r.name.toLowerCase())?.values;
        // The rowid alias: SQLite numbers it (AUTOINCREMENT only stops it reusing numbers).
        const rowid =
          r.pk === 1 &&
          keyColumns === 1 &&
          r.type?.trim().toUpperCase() === "INTEGER" &&
          !parsed.withoutRowid &&
          !def?.primaryKeyDesc;
        const generated = r.hidden === 2 || r.hidden === 3 ? def?.generated : undefined;
        columns.push({
          name: r.name,
          type: enumValues ? Enum(enumValues) : sqliteTypeFromDeclared(r.type ?? ""),
          nullable: r.not_null === 0,
          default: r.default_sql ?? undefined,
          autoincrement: rowid,
          computed: generated ? { sqltext: generated.sqltext, persisted: r.hidden === 3 } : undefined,
          comment: undefined,
        });
      }
      out.set(table, columns);
    }
    return out;
  }

  async getMultiPkConstraint(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<ReflectedPrimaryKey | undefined>> {
    const data = await perTable<{ column_name: string }>(
      conn,
      schema,
      tables,
      () =>
        "SELECT t.name AS table_name, t.sql AS table_sql, c.name AS column_name" +
        " FROM t LEFT JOIN pragma_table_info(t.name, :schema) AS c ON c.pk > 0 ORDER BY t.name, c.pk",
    );
    const out = new Map<string, ReflectedPrimaryKey | undefined>();
    for (const [table, { sql, rows }] of data) {
      const columns = rows.flatMap((r) => (r.column_name === null ? [] : [r.column_name]));
      out.set(table, columns.length === 0 ? undefined : { name: parseTable(table, sql).primaryKey?.name, columns });
    }
    return out;
  }

  async getMultiForeignKeys(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedForeignKey[]>> {
    const data = await perTable<ForeignKeyInfo>(
      conn,
      schema,
      tables,
      () =>
        'SELECT t.name AS table_name, t.sql AS table_sql, f.id, f."table" AS referred_table, f."from" AS from_col,' +
        // A key written without referred columns refers to the referred table's primary key.
        ' COALESCE(f."to", (SELECT p.name FROM pragma_table_info(f."table", :schema) AS p WHERE p.pk = f.seq + 1)) AS to_col,' +
        " f.on_update, f.on_delete FROM t LEFT JOIN pragma_foreign_key_list(t.name, :schema) AS f ORDER BY t.name, f.id, f.seq",
    );
    const out = new Map<string, readonly ReflectedForeignKey[]>();
    for (const [table, { sql, rows }] of data) {
      const byId = new Map<number, TableRow<ForeignKeyInfo>[]>();
      for (const r of rows) if (r.id !== null) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      const parsed = parseTable(table, sql).foreignKeys;
      const used = new Set<number>();
      const keys: { order: number; fk: ReflectedForeignKey }[] = [];
      for (const [id, parts] of byId) {
        const first = parts[0] as TableRow<ForeignKeyInfo>;
        const columns = parts.map((p) => p.from_col ?? "");
        const referredColumns = parts.map((p) => p.to_col ?? "");
        const referredTable = first.referred_table ?? "";
        // The pragma has no names: match the declared key with the same columns and target.
        const at = parsed.findIndex(
          (p, k) =>
            !used.has(k) &&
            lower(p.columns) === lower(columns) &&
            p.referredTable.toLowerCase() === referredTable.toLowerCase() &&
            (p.referredColumns.length === 0 || lower(p.referredColumns) === lower(referredColumns)),
        );
        const match = at < 0 ? undefined : parsed[at];
        used.add(at);
        keys.push({
          // Declaration order; SQLite numbers keys from the last declared one.
          order: at < 0 ? Number.MAX_SAFE_INTEGER - id : at,
          fk: {
            name: match?.name,
            columns,
            referredSchema: undefined,
            referredTable,
            referredColumns,
            onDelete: action(first.on_delete),
            onUpdate: action(first.on_update),
          },
        });
      }
      out.set(
        table,
        keys.sort((a, b) => a.order - b.order).map((k) => k.fk),
      );
    }
    return out;
  }

  async getMultiIndexes(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedIndex[]>> {
    const data = await perTable<IndexInfo>(
      conn,
      schema,
      tables,
      (s) =>
        'SELECT t.name AS table_name, il.name AS index_name, il."unique" AS is_unique, il.partial, ix.sql AS index_sql, x.cid, x.name AS column_name' +
        // origin 'c': made by CREATE INDEX (not backing a PRIMARY KEY or UNIQUE constraint).
        " FROM t LEFT JOIN pragma_index_list(t.name, :schema) AS il ON il.origin = 'c'" +
        " LEFT JOIN pragma_index_xinfo(il.name, :schema) AS x ON x.key = 1" +
        ` LEFT JOIN ${quote(s)}.sqlite_master AS ix ON ix.type = 'index' AND ix.name = il.name` +
        " ORDER BY t.name, il.name, x.seqno",
    );
    const out = new Map<string, readonly ReflectedIndex[]>();
    for (const [table, { rows }] of data) {
      const byName = new Map<string, TableRow<IndexInfo>[]>();
      for (const r of rows)
        if (r.index_name !== null) byName.set(r.index_name, [...(byName.get(r.index_name) ?? []), r]);
      const indexes: ReflectedIndex[] = [];
      for (const [name, items] of byName) {
        const first = items[0] as TableRow<IndexInfo>;
        const parsed = first.index_sql === null ? undefined : parseCreateIndex(first.index_sql);
        // cid -2: an expression; -1: the rowid. Neither has a column name.
        const columns = items.map((i) => (i.cid !== null && i.cid >= 0 ? (i.column_name ?? undefined) : undefined));
        indexes.push({
          name,
          unique: first.is_unique === 1,
          columns,
          expressions: columns.includes(undefined) ? (parsed?.items ?? []) : undefined,
          where: first.partial === 1 ? parsed?.where : undefined,
        });
      }
      out.set(table, indexes);
    }
    return out;
  }

  async getMultiUniqueConstraints(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedUniqueConstraint[]>> {
    const data = await perTable<{ index_name: string; column_name: string }>(
      conn,
      schema,
      tables,
      () =>
        "SELECT t.name AS table_name, t.sql AS table_sql, il.name AS index_name, x.name AS column_name" +
        // origin 'u': the index SQLite made for a UNIQUE constraint.
        " FROM t LEFT JOIN pragma_index_list(t.name, :schema) AS il ON il.origin = 'u'" +
        " LEFT JOIN pragma_index_info(il.name, :schema) AS x ORDER BY t.name, il.name, x.seqno",
    );
    const out = new Map<string, readonly ReflectedUniqueConstraint[]>();
    for (const [table, { sql, rows }] of data) {
      const byIndex = new Map<string, string[]>();
      for (const r of rows)
        if (r.index_name !== null)
          byIndex.set(r.index_name, [...(byIndex.get(r.index_name) ?? []), r.column_name ?? ""]);
      const declared = parseTable(table, sql).uniques;
      const used = new Set<number>();
      const found: { order: number; uq: ReflectedUniqueConstraint }[] = [];
      for (const columns of byIndex.values()) {
        // The pragma names the index, not the constraint: match the declared UNIQUE on the same columns.
        const at = declared.findIndex((d, k) => !used.has(k) && lower(d.columns) === lower(columns));
        const name = at < 0 ? undefined : declared[at]?.name;
        used.add(at);
        found.push({ order: at < 0 ? Number.MAX_SAFE_INTEGER : at, uq: { name, columns } });
      }
      out.set(
        table,
        found.sort((a, b) => a.order - b.order).map((f) => f.uq),
      );
    }
    return out;
  }

  async getMultiCheckConstraints(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedCheckConstraint[]>> {
    const data = await perTable<object>(
      conn,
      schema,
      tables,
      () => "SELECT t.name AS table_name, t.sql AS table_sql FROM t ORDER BY t.name",
    );
    const out = new Map<string, readonly ReflectedCheckConstraint[]>();
    for (const [table, { sql }] of data) {
      const parsed = parseTable(table, sql);
      // An Enum's CHECK is part of its type (see getMultiColumns), not a constraint of its own.
      const enumChecks = new Set([...enumColumns(parsed).values()].map((e) => e.check));
      out.set(
        table,
        parsed.checks.filter((c) => !enumChecks.has(c)).map((c) => ({ name: c.name, sqltext: c.sqltext })),
      );
    }
    return out;
  }

  /** SQLite has no comments: undefined for every table. */
  async getMultiTableComment(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<string | undefined>> {
    const data = await perTable<object>(
      conn,
      schema,
      tables,
      () => "SELECT t.name AS table_name, NULL AS table_sql FROM t ORDER BY t.name",
    );
    return new Map([...data.keys()].map((table) => [table, undefined]));
  }
}
