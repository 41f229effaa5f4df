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
 * - Any other declared type becomes a `customType` named after it (see `passthroughType`) whose
 *   implementation is the Athanor type with the same SQLite affinity: `MONEY` → Numeric, `STRING` →
 *   Numeric (SQLite's rule: it contains none of INT, CHAR, CLOB, TEXT, BLOB, REAL, FLOA, DOUB), no type →
 *   LargeBinary. Recreating such a column writes the implementation's type name, with the same affinity.
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
 * - Indexes: `ASC`/`DESC` and per-column `COLLATE` of plain column items are not part of the record.
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
import {
  BigInteger,
  customType,
  DateTime,
  Enum,
  Float,
  Integer,
  LargeBinary,
  Numeric,
  SmallInteger,
  SqlBoolean,
  SqlDate,
  SqlJSON,
  SqlString,
  type SqlType,
  Text,
  Time,
  UUID,
} from "../../types/index.js";
import { type ParsedCheck, type ParsedTable, parseCreateIndex, parseCreateTable, type SqlToken, tokenize } from "./schema-sql.js";

// ---- types ----

/** Known type names (upper case, single spaces) → the Athanor type for the declared parameters. */
const KNOWN_TYPES: Readonly<Record<string, (args: readonly number[]) => SqlType | undefined>> = (() => {
  const integer = (): SqlType => Integer();
  const small = (): SqlType => SmallInteger();
  const big = (): SqlType => BigInteger();
  const numeric = (a: readonly number[]): SqlType | undefined => (a.length <= 2 ? Numeric(a[0], a[1]) : undefined);
  const float = (): SqlType => Float();
  const bool = (): SqlType => SqlBoolean();
  const varchar = (a: readonly number[]): SqlType | undefined => (a.length <= 1 ? SqlString(a[0]) : undefined);
  const text_ = (): SqlType => Text();
  const datetime = (): SqlType => DateTime();
  const time = (): SqlType => Time();
  const json = (): SqlType => SqlJSON();
  return {
    INTEGER: integer,
    INT: integer,
    INT4: integer,
    MEDIUMINT: integer,
    SMALLINT: small,
    INT2: small,
    // MySQL's spelling of BOOLEAN, common in schemas ported from it.
    TINYINT: (a) => (a.length === 1 && a[0] === 1 ? SqlBoolean() : SmallInteger()),
    BIGINT: big,
    INT8: big,
    "UNSIGNED BIG INT": big,
    NUMERIC: numeric,
    DECIMAL: numeric,
    REAL: float,
    DOUBLE: float,
    "DOUBLE PRECISION": float,
    FLOAT: float,
    FLOAT4: float,
    FLOAT8: float,
    BOOLEAN: bool,
    BOOL: bool,
    VARCHAR: varchar,
    "CHARACTER VARYING": varchar,
    "VARYING CHARACTER": varchar,
    NVARCHAR: varchar,
    // CHAR(36) is what Athanor declares for UUID().
    CHAR: (a) => (a.length === 1 && a[0] === 36 ? UUID() : varchar(a)),
    CHARACTER: varchar,
    NCHAR: varchar,
    "NATIVE CHARACTER": varchar,
    TEXT: text_,
    CLOB: text_,
    TINYTEXT: text_,
    MEDIUMTEXT: text_,
    LONGTEXT: text_,
    DATETIME: datetime,
    TIMESTAMP: datetime,
    "TIMESTAMP WITHOUT TIME ZONE": datetime,
    "TIMESTAMP WITH TIME ZONE": () => DateTime({ timezone: true }),
    TIMESTAMPTZ: () => DateTime({ timezone: true }),
    DATE: () => SqlDate(),
    TIME: time,
    "TIME WITHOUT TIME ZONE": time,
    JSON: json,
    JSONB: json,
    UUID: () => UUID(),
    BLOB: () => LargeBinary(),
  };
})();

/** A declared type split into its name words and numeric parameters: `decimal(10, 2)` → DECIMAL, [10, 2]. */
function splitDeclaredType(declared: string): { name: string; args: number[] } | undefined {
  let tokens: SqlToken[];
  try {
    tokens = tokenize(declared);
  } catch {
    return undefined;
  }
  const open = tokens.findIndex((t) => t.kind === "punct" && t.text === "(");
  const words = open < 0 ? tokens : tokens.slice(0, open);
  if (!words.every((t) => t.kind === "word" || t.kind === "quoted")) return undefined;
  const name = words.map((t) => t.value.toUpperCase()).join(" ");
  if (open < 0) return { name, args: [] };
  const inner = tokens.slice(open + 1);
  const close = inner.at(-1);
  if (close?.kind !== "punct" || close.text !== ")") return undefined;
  const args: number[] = [];
  let sign = 1;
  for (const t of inner.slice(0, -1)) {
    if (t.kind === "operator" && (t.text === "-" || t.text === "+")) sign = t.text === "-" ? -1 : 1;
    else if (t.kind === "number" && /^\d+$/.test(t.text)) {
      args.push(sign * Number(t.text));
      sign = 1;
    } else if (!(t.kind === "punct" && t.text === ",")) return undefined;
  }
  return { name, args };
}

/**
 * The Athanor type of a declared SQLite column type: the inverse of the SQLite type compiler, plus
 * SQLite's documented spellings; anything else is a `passthroughType`.
 *
 * ```ts
 * sqliteTypeFromDeclared("VARCHAR(20)"); // String(20)
 * sqliteTypeFromDeclared("decimal(10,2)"); // Numeric(10, 2)
 * sqliteTypeFromDeclared("MONEY"); // customType "MONEY" stored as Numeric()
 * ```
 */
export function sqliteTypeFromDeclared(declared: string): SqlType {
  const split = splitDeclaredType(declared);
  const make = split && KNOWN_TYPES[split.name];
  if (split && make) {
    try {
      const type = make(split.args);
      if (type) return type;
    } catch (error) {
      // Parameters the type refuses (NUMERIC(2, 5), VARCHAR(0)): SQLite ignores them, so reflect the name as unknown.
      if (!(error instanceof ArgumentError)) throw error;
    }
  }
  return passthroughType(declared);
}

/**
 * A declared type Athanor does not know: a custom type named after it, stored as the Athanor type with
 * the same SQLite affinity (by SQLite's rules, in their order: INT → Integer; CHAR, CLOB, TEXT → Text;
 * BLOB or no type → LargeBinary; REAL, FLOA, DOUB → Float; otherwise Numeric). Values pass through
 * unchanged, decoded as the implementation decodes them.
 */
export function passthroughType(declared: string): SqlType {
  const upper = declared.toUpperCase();
  let impl: SqlType;
  if (upper.includes("INT")) impl = Integer();
  else if (/CHAR|CLOB|TEXT/.test(upper)) impl = Text();
  else if (upper.includes("BLOB") || upper.trim() === "") impl = LargeBinary();
  else if (/REAL|FLOA|DOUB/.test(upper)) impl = Float();
  else impl = Numeric();
  return customType<unknown, unknown>({
    impl,
    name: upper.trim() === "" ? "(no declared type)" : declared.trim(),
    toDriver: (value) => value,
    fromDriver: (value) => value,
  });
}

/**
 * The enum values of a column Athanor declared as an `Enum`: `VARCHAR(n)` with an unnamed column CHECK
 * that is exactly `"col" IN ('a', …)`, n the longest value's length. Keyed by lower-cased column name.
 */
function enumColumns(parsed: ParsedTable): Map<string, { readonly check: ParsedCheck; readonly values: string[] }> {
  const out = new Map<string, { check: ParsedCheck; values: string[] }>();
  for (const check of parsed.checks) {
    if (check.name !== undefined || check.column === undefined) continue;
    const key = check.column.toLowerCase();
    const col = parsed.columns.find((c) => c.name.toLowerCase() === key);
    const declared = col && splitDeclaredType(col.type);
    if (out.has(key) || declared?.name !== "VARCHAR" || declared.args.length !== 1) continue;
    const values = inListValues(check.sqltext, key);
    if (!values || new Set(values).size !== values.length) continue;
    const longest = Math.max(1, ...values.map((v) => [...v].length));
    if (declared.args[0] === longest) out.set(key, { check, values });
  }
  return out;
}

/** The strings of `<column> IN ('a', 'b')`, or undefined when the condition is anything else. */
function inListValues(condition: string, column: string): string[] | undefined {
  const tokens = tokenize(condition);
  const [col, kwIn, open] = tokens;
  const close = tokens.at(-1);
  if (!col || (col.kind !== "word" && col.kind !== "quoted") || col.value.toLowerCase() !== column) return undefined;
  if (kwIn?.kind !== "word" || kwIn.text.toUpperCase() !== "IN" || open?.text !== "(" || close?.text !== ")") return undefined;
  const inner = tokens.slice(3, -1);
  const values: string[] = [];
  for (let k = 0; k < inner.length; k++) {
    const t = inner[k] as SqlToken;
    if (k % 2 === 0 ? t.kind !== "string" : t.text !== ",") return undefined;
    if (k % 2 === 0) values.push(t.value);
  }
  return values.length > 0 && inner.length % 2 === 1 ? values : undefined;
}

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
type TableRow<T> = { readonly table_name: string; readonly table_sql: string | null } & { readonly [K in keyof T]: T[K] | null };

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

/** Parses a table's CREATE statement, naming the table when its SQL cannot be read. */
function parseTable(table: string, sql: string | null): ParsedTable {
  if (sql === null) return parseCreateTable(`CREATE TABLE ${quote(table)} AS SELECT 1`);
  try {
    return parseCreateTable(sql);
  } catch (error) {
    throw new ArgumentError(`Cannot read the definition of table '${table}': ${(error as Error).message}`);
  }
}

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

interface ColumnInfo {
  name: string;
  type: string;
  not_null: number;
  default_sql: string | null;
  pk: number;
  hidden: number;
}

interface ForeignKeyInfo {
  id: number;
  referred_table: string;
  from_col: string;
  to_col: string | null;
  on_update: string;
  on_delete: string;
}

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
    const rows = (await conn.execute(text("SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq"))).all();
    return (rows as readonly { name: string }[]).map((r) => r.name);
  }

  async getTableNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]> {
    const tables = await perTable<object>(conn, schema, undefined, () => "SELECT t.name AS table_name, NULL AS table_sql FROM t ORDER BY t.name");
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
          r.pk === 1 && keyColumns === 1 && r.type?.trim().toUpperCase() === "INTEGER" && !parsed.withoutRowid && !def?.primaryKeyDesc;
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
      for (const r of rows) if (r.index_name !== null) byName.set(r.index_name, [...(byName.get(r.index_name) ?? []), r]);
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
      for (const r of rows) if (r.index_name !== null) byIndex.set(r.index_name, [...(byIndex.get(r.index_name) ?? []), r.column_name ?? ""]);
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
    const data = await perTable<object>(conn, schema, tables, () => "SELECT t.name AS table_name, t.sql AS table_sql FROM t ORDER BY t.name");
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
    const data = await perTable<object>(conn, schema, tables, () => "SELECT t.name AS table_name, NULL AS table_sql FROM t ORDER BY t.name");
    return new Map([...data.keys()].map((table) => [table, undefined]));
  }
}
