/**
 * MySQL / MariaDB reflection: `information_schema` queries, one per `getMulti*` call whatever the number of
 * tables, and the mapping of catalog type names back to Athanor types. `schema` is a database name;
 * undefined means the connection's database (`DATABASE()`).
 *
 * One statement serves both servers where their catalogs differ, through executable comments: MariaDB runs
 * the text of `/*M!NNNNNN … *\/` (MySQL reads it as a comment), MySQL 8.0.13+ runs `/*!80013 … *\/` (MariaDB
 * ignores MySQL's 5.7+ version comments). So no query depends on a version probe. Needs MySQL 8.0.16+ or
 * MariaDB 10.2+ (CHECK_CONSTRAINTS); MariaDB's JSON columns are recognised from 10.3.13 (whose
 * CHECK_CONSTRAINTS has TABLE_NAME), and MySQL 8.0.13+ reports functional index parts.
 *
 * Normalisations (a table Athanor created reads back the same way on every run and on both servers):
 *
 * - Types (see `reflectColumnType`): `TINYINT(1)` is `Boolean()` (MySQL's BOOLEAN); MariaDB's JSON is a
 *   LONGTEXT with a `json_valid` CHECK, reflected as `JSON()` with that CHECK left out of
 *   `getMultiCheckConstraints`; `CHAR(36)` is `UUID()`; `DECIMAL(65, 30)` is `Numeric()`; every DATETIME /
 *   TIMESTAMP is a millisecond `DateTime` (`DateTime({ timezone: true })` is written as `DATETIME(3)` too, so
 *   only TIMESTAMP reads back with `timezone`); display widths and UNSIGNED are dropped.
 * - Defaults are SQL text: string literals in Athanor's spelling (`'it''s'`, backslashes doubled) whichever
 *   way the server quoted them (MariaDB quotes literals itself, MySQL reports the bare value); MySQL's charset
 *   introducers (`_utf8mb4'x'`) and escaping of expression text are removed; `current_timestamp()` is
 *   `CURRENT_TIMESTAMP`; parentheses around a whole expression are dropped. MariaDB's `'NULL'` (no default)
 *   is undefined. Check clauses, generation expressions and index expressions get the same treatment.
 * - Primary keys are always named `PRIMARY` on these servers (a given name is ignored): reported unnamed.
 * - ON DELETE / ON UPDATE: the server's default rule (MariaDB reports RESTRICT, MySQL 8 NO ACTION when none
 *   was given) is reported as undefined; the other of the two, which behaves the same on InnoDB, is kept.
 * - MySQL has no unique constraint apart from its unique index: every unique key with plain columns is in
 *   `getMultiUniqueConstraints`, and every unique key is also in `getMultiIndexes` (with `unique: true`).
 * - The index MySQL creates by itself for a foreign key (named after the constraint, or after its first
 *   column when the constraint is unnamed) is not reported as an index.
 */

import type { ReferentialAction } from "../../ast/index.js";
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
import { text } from "../../expr/index.js";
import { normaliseDefault, normaliseSqlText, quoteIdentifier, reflectColumnType } from "./catalog-text.js";

/** One catalog row, read by column alias. */
type CatalogRow = Readonly<Record<string, unknown>>;

/** Above this many requested tables a query reads the whole schema and filters in JS (bind parameter limits). */
const MAX_LISTED_TABLES = 1000;

/** The schemas the server keeps for itself, left out of `getSchemaNames`. */
const SYSTEM_SCHEMAS = "('information_schema', 'mysql', 'performance_schema', 'sys')";

/** Table types reported as tables (MariaDB's system-versioned tables are tables too). */
const TABLE_TYPES = "('BASE TABLE', 'SYSTEM VERSIONED')";

/** The schema a query reads: the one named, or the connection's database. */
const SCHEMA = "COALESCE(:schema, DATABASE())";

/** A backtick, for SQL text in template literals. */
const BT = "`";

/**
 * Which tables a query covers. MariaDB fills an information_schema table from one database only when that
 * table has a constant schema condition of its own in a WHERE or inner-join ON clause (a condition joining
 * it to another catalog table, or one in a LEFT JOIN, makes it read every database on the server), so every
 * catalog table of a query gets `on(alias)` and no query uses LEFT JOIN: a table without details is
 * reported by a presence row of its own (`kind = 'table'`), after UNION ALL.
 */
interface Scope {
  readonly params: Record<string, unknown>;
  /** The exact names requested (information_schema compares names case-insensitively); undefined: every table. */
  readonly names: ReadonlySet<string> | undefined;
  /** The condition on the TABLES alias `t`. */
  readonly tables: string;
  /** The condition on catalog table `alias`: its schema column, and its table name when tables are listed. */
  on(alias: string, schemaColumn?: string): string;
}

/** The scope of a `getMulti*` call (`tables` undefined: every table of the schema, views excluded). */
function scopeOf(schema: string | undefined, tables: readonly string[] | undefined): Scope {
  const params: Record<string, unknown> = { schema: schema ?? null };
  let names = "";
  if (tables !== undefined && tables.length <= MAX_LISTED_TABLES) {
    names = ` IN (${tables
      .map((name, i) => {
        params[`t${i}`] = name;
        return `:t${i}`;
      })
      .join(", ")})`;
  }
  const on = (alias: string, schemaColumn = "TABLE_SCHEMA"): string =>
    `${alias}.${schemaColumn} = ${SCHEMA}${names && ` AND ${alias}.TABLE_NAME${names}`}`;
  return {
    params,
    names: tables === undefined ? undefined : new Set(tables),
    tables: `${on("t")}${tables === undefined ? ` AND t.TABLE_TYPE IN ${TABLE_TYPES}` : ""}`,
    on,
  };
}

/**
 * The schema as SQL text inside MariaDB's executable comments, where no parameter can be bound (`text()`
 * leaves comments alone): `DATABASE()`, or the name as a hex literal, which nothing in the name can end early
 * (a quoted string could hold the comment's `*\/`). `utf8` (MariaDB's utf8mb3, the catalog's character set):
 * compared as utf8mb4, the catalog column would be converted and MariaDB would read every database.
 */
function schemaLiteral(schema: string | undefined): string {
  return schema === undefined ? "DATABASE()" : `CONVERT(X'${Buffer.from(schema, "utf8").toString("hex")}' USING utf8)`;
}

/**
 * MariaDB's JSON columns of a schema, as rows `(kind 'json', table_name, detail_table, detail = column)`
 * followed by `nulls` NULL columns, to UNION ALL inside a `/*M!100313 … *\/` comment. MariaDB 10.3.13+ has
 * CHECK_CONSTRAINTS.TABLE_NAME; a JSON column is a LONGTEXT with CHECK (json_valid(`col`)).
 */
function mariadbJsonColumns(schema: string | undefined, nulls: number): string {
  const s = schemaLiteral(schema);
  return `SELECT 'json', c.TABLE_NAME, c.TABLE_NAME, c.COLUMN_NAME${", NULL".repeat(nulls)}
      FROM information_schema.COLUMNS c
      JOIN information_schema.CHECK_CONSTRAINTS jc ON jc.CONSTRAINT_SCHEMA = ${s} AND jc.TABLE_NAME = c.TABLE_NAME
        AND jc.CHECK_CLAUSE = CONCAT('json_valid(${BT}', REPLACE(c.COLUMN_NAME, '${BT}', '${BT}${BT}'), '${BT})')
      WHERE c.TABLE_SCHEMA = ${s} AND c.DATA_TYPE = 'longtext'`;
}

/** Runs one catalog query. */
async function query(
  conn: IntrospectionConnection,
  sql: string,
  params: Record<string, unknown>,
): Promise<CatalogRow[]> {
  return (await conn.execute(text(sql), params)).all() as CatalogRow[];
}

/** A catalog value as text (information_schema text may come back as a Buffer under binary collations). */
function str(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
}

/** A catalog value that must be there. */
function req(row: CatalogRow, key: string): string {
  const v = str(row[key]);
  if (v === undefined) throw new TypeError(`information_schema returned no ${key}`);
  return v;
}

/** A catalog number (BIGINT columns arrive as numbers or strings). */
function num(value: unknown): number | undefined {
  const s = str(value);
  return s === undefined ? undefined : Number(s);
}

/**
 * Rows grouped by table, for the requested tables only: every table of the scope is there (from its
 * presence row), with its detail rows in query order. Detail rows of a table whose name differs in case
 * only from the joined one (a case-insensitive match) are dropped.
 */
function groupByTable(rows: readonly CatalogRow[], scope: Scope): Map<string, CatalogRow[]> {
  const out = new Map<string, CatalogRow[]>();
  for (const row of rows) {
    const table = req(row, "table_name");
    if (scope.names && !scope.names.has(table)) continue;
    let list = out.get(table);
    if (!list) out.set(table, (list = []));
    if (row["kind"] !== "table" && str(row["detail_table"]) === table) list.push(row);
  }
  return out;
}

/** Sorts records by name (code unit order), unnamed last. */
function byName<T extends { readonly name: string | undefined }>(a: T, b: T): number {
  return a.name === b.name ? 0 : a.name === undefined ? 1 : b.name === undefined || a.name < b.name ? -1 : 1;
}

/**
 * The MySQL / MariaDB introspector (`MySQLDialect.introspector`).
 *
 * ```ts
 * const cols = await new MySQLIntrospector().getMultiColumns(conn, undefined, ["users"]);
 * cols.get("users"); // [{ name: "id", type: Integer(), autoincrement: true, … }, …]
 * ```
 */
export class MySQLIntrospector implements Introspector {
  /** Databases on the server, without the system ones, sorted. */
  async getSchemaNames(conn: IntrospectionConnection): Promise<readonly string[]> {
    const sql = `SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ${SYSTEM_SCHEMAS}`;
    return (await query(conn, sql, {})).map((r) => req(r, "name")).sort();
  }

  /** Base tables (and system-versioned tables) of a database, sorted. */
  getTableNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]> {
    return this.#names(conn, schema, `TABLE_TYPE IN ${TABLE_TYPES}`);
  }

  /** Views of a database, sorted. */
  getViewNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]> {
    return this.#names(conn, schema, "TABLE_TYPE = 'VIEW'");
  }

  async #names(conn: IntrospectionConnection, schema: string | undefined, condition: string): Promise<string[]> {
    const sql = `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${SCHEMA} AND ${condition}`;
    return (await query(conn, sql, { schema: schema ?? null })).map((r) => req(r, "name")).sort();
  }

  /** Columns in table order (see `reflectColumnType` and `normaliseDefault` for types and defaults). */
  async getMultiColumns(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedColumn[]>> {
    if (tables?.length === 0) return new Map();
    const scope = scopeOf(schema, tables);
    // `quoted_defaults` marks MariaDB 10.2.7+, whose COLUMN_DEFAULT is SQL text; the JSON rows, 10.3.13+.
    const sql = `SELECT 'column' AS kind, t.TABLE_NAME AS table_name, c.TABLE_NAME AS detail_table,
        c.COLUMN_NAME AS detail, c.ORDINAL_POSITION AS position, c.COLUMN_DEFAULT AS column_default,
        c.IS_NULLABLE AS is_nullable, c.DATA_TYPE AS data_type, c.COLUMN_TYPE AS column_type, c.EXTRA AS extra,
        c.COLUMN_COMMENT AS column_comment, c.GENERATION_EXPRESSION AS generation_expression
        /*M!100207 , 1 AS quoted_defaults */
      FROM information_schema.TABLES t
      JOIN information_schema.COLUMNS c ON ${scope.on("c")} AND c.TABLE_NAME = t.TABLE_NAME
      WHERE ${scope.tables}
      /*M!100313 UNION ALL ${mariadbJsonColumns(schema, 9)} */
      ORDER BY table_name, kind, position`;
    const rows = await query(conn, sql, scope.params);
    const json = new Set<string>();
    for (const row of rows) if (row["kind"] === "json") json.add(`${req(row, "table_name")}.${req(row, "detail")}`);
    const out = new Map<string, ReflectedColumn[]>();
    for (const [table, details] of groupByTable(rows, scope)) {
      const cols = details
        .filter((r) => r["kind"] === "column")
        .map((r) => reflectColumn(r, json.has(`${table}.${req(r, "detail")}`)));
      if (cols.length) out.set(table, cols);
    }
    return out;
  }

  /** Primary keys (always named PRIMARY on these servers, so reported unnamed). */
  async getMultiPkConstraint(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<ReflectedPrimaryKey | undefined>> {
    if (tables?.length === 0) return new Map();
    const scope = scopeOf(schema, tables);
    const sql = `SELECT 'pk' AS kind, t.TABLE_NAME AS table_name, s.TABLE_NAME AS detail_table,
        s.COLUMN_NAME AS detail, s.SEQ_IN_INDEX AS seq
      FROM information_schema.TABLES t
      JOIN information_schema.STATISTICS s ON ${scope.on("s")} AND s.TABLE_NAME = t.TABLE_NAME
        AND s.INDEX_NAME = 'PRIMARY'
      WHERE ${scope.tables}
      UNION ALL SELECT 'table', t.TABLE_NAME, NULL, NULL, NULL FROM information_schema.TABLES t WHERE ${scope.tables}
      ORDER BY table_name, seq`;
    const out = new Map<string, ReflectedPrimaryKey | undefined>();
    for (const [table, rows] of groupByTable(await query(conn, sql, scope.params), scope)) {
      out.set(table, rows.length ? { name: undefined, columns: rows.map((r) => req(r, "detail")) } : undefined);
    }
    return out;
  }

  /** Foreign keys by name, columns in key order. */
  async getMultiForeignKeys(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedForeignKey[]>> {
    if (tables?.length === 0) return new Map();
    const scope = scopeOf(schema, tables);
    // `mariadb` tells which default rule an unspecified ON DELETE / ON UPDATE reads back as.
    const sql = `SELECT 'fk' AS kind, t.TABLE_NAME AS table_name, k.TABLE_NAME AS detail_table,
        k.CONSTRAINT_NAME AS detail, k.ORDINAL_POSITION AS position, k.COLUMN_NAME AS column_name,
        t.TABLE_SCHEMA AS table_schema, k.REFERENCED_TABLE_SCHEMA AS referred_schema,
        k.REFERENCED_TABLE_NAME AS referred_table, k.REFERENCED_COLUMN_NAME AS referred_column,
        r.UPDATE_RULE AS update_rule, r.DELETE_RULE AS delete_rule /*M!100000 , 1 AS mariadb */
      FROM information_schema.TABLES t
      JOIN information_schema.KEY_COLUMN_USAGE k ON ${scope.on("k")} AND k.TABLE_NAME = t.TABLE_NAME
      JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON ${scope.on("r", "CONSTRAINT_SCHEMA")}
        AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
      WHERE ${scope.tables} AND k.REFERENCED_TABLE_NAME IS NOT NULL
      UNION ALL SELECT 'table', t.TABLE_NAME, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        /*M!100000 , NULL */
        FROM information_schema.TABLES t WHERE ${scope.tables}
      ORDER BY table_name, detail, position`;
    const out = new Map<string, ReflectedForeignKey[]>();
    for (const [table, rows] of groupByTable(await query(conn, sql, scope.params), scope)) {
      const fks = new Map<string, { row: CatalogRow; columns: string[]; referred: string[] }>();
      for (const row of rows) {
        const name = req(row, "detail");
        let fk = fks.get(name);
        if (!fk) fks.set(name, (fk = { row, columns: [], referred: [] }));
        fk.columns.push(req(row, "column_name"));
        fk.referred.push(req(row, "referred_column"));
      }
      const list = [...fks].map(([name, { row, columns, referred }]): ReflectedForeignKey => {
        const mariadb = str(row["mariadb"]) !== undefined;
        const referredSchema = str(row["referred_schema"]);
        return {
          name,
          columns,
          referredSchema: referredSchema === str(row["table_schema"]) ? undefined : referredSchema,
          referredTable: req(row, "referred_table"),
          referredColumns: referred,
          onDelete: referentialAction(str(row["delete_rule"]), mariadb),
          onUpdate: referentialAction(str(row["update_rule"]), mariadb),
        };
      });
      out.set(table, list.sort(byName));
    }
    return out;
  }

  /**
   * Indexes but the primary key, unique ones included (they are the unique constraints too), without the
   * ones InnoDB made for foreign keys. A part with a prefix length or DESC, or a functional part (MySQL
   * 8.0.13+), makes `expressions` list every part's SQL (`` `body`(10) ``, `` `email` DESC ``, `lower(`email`)`);
   * the `columns` entry of a column part is still its name. No partial indexes on these servers.
   */
  async getMultiIndexes(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedIndex[]>> {
    const out = new Map<string, ReflectedIndex[]>();
    for (const [table, keys] of await readKeys(conn, schema, tables)) {
      out.set(
        table,
        keys.map((k) => ({
          name: k.name,
          unique: k.unique,
          columns: k.parts.map((p) => p.column),
          expressions: k.parts.some((p) => p.sql !== undefined)
            ? k.parts.map((p) => p.sql ?? quoteIdentifier(p.column ?? ""))
            : undefined,
          where: undefined,
        })),
      );
    }
    return out;
  }

  /** Unique keys on plain columns (MySQL has no unique constraint apart from its unique index). */
  async getMultiUniqueConstraints(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedUniqueConstraint[]>> {
    const out = new Map<string, ReflectedUniqueConstraint[]>();
    for (const [table, keys] of await readKeys(conn, schema, tables)) {
      const uniques: ReflectedUniqueConstraint[] = [];
      for (const k of keys) {
        // A prefix, DESC or functional part cannot be written as UNIQUE (columns).
        if (!k.unique || k.parts.some((p) => p.sql !== undefined)) continue;
        uniques.push({ name: k.name, columns: k.parts.map((p) => p.column ?? "") });
      }
      out.set(table, uniques);
    }
    return out;
  }

  /**
   * CHECK constraints (MySQL 8.0.16+, MariaDB 10.2+), column-level ones included (MariaDB names those after
   * their column), without the json_valid CHECK of MariaDB's JSON columns.
   */
  async getMultiCheckConstraints(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedCheckConstraint[]>> {
    if (tables?.length === 0) return new Map();
    const scope = scopeOf(schema, tables);
    // MySQL names CHECK constraints uniquely per database, MariaDB per table, so MariaDB also joins on the
    // table name, a column MySQL's CHECK_CONSTRAINTS does not have.
    const sql = `SELECT 'check' AS kind, t.TABLE_NAME AS table_name, tc.TABLE_NAME AS detail_table,
        tc.CONSTRAINT_NAME AS detail, cc.CHECK_CLAUSE AS clause
      FROM information_schema.TABLES t
      JOIN information_schema.TABLE_CONSTRAINTS tc ON ${scope.on("tc")} AND tc.TABLE_NAME = t.TABLE_NAME
        AND tc.CONSTRAINT_TYPE = 'CHECK'
      JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = ${SCHEMA}
        AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME /*M!100313 AND cc.TABLE_NAME = tc.TABLE_NAME */
      WHERE ${scope.tables}
      UNION ALL SELECT 'table', t.TABLE_NAME, NULL, NULL, NULL FROM information_schema.TABLES t WHERE ${scope.tables}
      /*M!100313 UNION ALL ${mariadbJsonColumns(schema, 1)} */
      ORDER BY table_name, detail`;
    const rows = await query(conn, sql, scope.params);
    const jsonChecks = new Set<string>();
    for (const row of rows) {
      if (row["kind"] === "json")
        jsonChecks.add(`${req(row, "table_name")}.json_valid(${quoteIdentifier(req(row, "detail"))})`);
    }
    const out = new Map<string, ReflectedCheckConstraint[]>();
    for (const [table, details] of groupByTable(rows, scope)) {
      const checks = details
        .filter((r) => r["kind"] === "check" && !jsonChecks.has(`${table}.${req(r, "clause")}`))
        .map((r) => ({ name: req(r, "detail"), sqltext: normaliseSqlText(req(r, "clause")) }));
      out.set(table, checks.sort(byName));
    }
    return out;
  }

  /** Table comments (undefined for none, and for views). */
  async getMultiTableComment(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<string | undefined>> {
    if (tables?.length === 0) return new Map();
    const scope = scopeOf(schema, tables);
    const sql = `SELECT t.TABLE_NAME AS table_name, t.TABLE_TYPE AS table_type, t.TABLE_COMMENT AS table_comment
      FROM information_schema.TABLES t WHERE ${scope.tables} ORDER BY t.TABLE_NAME`;
    const out = new Map<string, string | undefined>();
    for (const row of await query(conn, sql, scope.params)) {
      const table = req(row, "table_name");
      if (scope.names && !scope.names.has(table)) continue;
      const comment = str(row["table_comment"]);
      // A view's comment is "VIEW".
      out.set(table, comment === "" || str(row["table_type"]) === "VIEW" ? undefined : comment);
    }
    return out;
  }
}

// ---- indexes ----

/** One part of an index: a column (`sql` set when it has a prefix length or is DESC) or an expression. */
interface KeyPart {
  readonly column: string | undefined;
  readonly sql: string | undefined;
}

/** An index as read from STATISTICS, before it is told apart into indexes and unique constraints. */
interface Key {
  readonly name: string;
  readonly unique: boolean;
  readonly parts: KeyPart[];
}

/**
 * Every index but the primary key, by table, sorted by name, with one query: the STATISTICS rows and the
 * foreign-key columns of the same tables, which tell the indexes InnoDB made for foreign keys (see
 * `isImplicitForeignKeyIndex`). `EXPRESSION` (functional key parts) exists on MySQL 8.0.13+ only.
 */
async function readKeys(
  conn: IntrospectionConnection,
  schema: string | undefined,
  tables: readonly string[] | undefined,
): Promise<Map<string, Key[]>> {
  if (tables?.length === 0) return new Map();
  const scope = scopeOf(schema, tables);
  const sql = `SELECT 'index' AS kind, t.TABLE_NAME AS table_name, s.TABLE_NAME AS detail_table,
        s.INDEX_NAME AS detail, s.SEQ_IN_INDEX AS seq, s.COLUMN_NAME AS column_name, s.NON_UNIQUE AS non_unique,
        s.SUB_PART AS sub_part, s.COLLATION AS collation /*!80013 , s.EXPRESSION AS expression */
      FROM information_schema.TABLES t
      JOIN information_schema.STATISTICS s ON ${scope.on("s")} AND s.TABLE_NAME = t.TABLE_NAME
        AND s.INDEX_NAME <> 'PRIMARY'
      WHERE ${scope.tables}
    UNION ALL SELECT 'fk', t.TABLE_NAME, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION, k.COLUMN_NAME, NULL,
        NULL, NULL /*!80013 , NULL */
      FROM information_schema.TABLES t
      JOIN information_schema.KEY_COLUMN_USAGE k ON ${scope.on("k")} AND k.TABLE_NAME = t.TABLE_NAME
        AND k.REFERENCED_TABLE_NAME IS NOT NULL
      WHERE ${scope.tables}
    UNION ALL SELECT 'table', t.TABLE_NAME, NULL, NULL, NULL, NULL, NULL, NULL, NULL /*!80013 , NULL */
      FROM information_schema.TABLES t WHERE ${scope.tables}
    ORDER BY table_name, kind, detail, seq`;
  const out = new Map<string, Key[]>();
  for (const [table, rows] of groupByTable(await query(conn, sql, scope.params), scope)) {
    const keys = new Map<string, Key>();
    const fks = new Map<string, string[]>();
    for (const row of rows) {
      const name = req(row, "detail");
      if (row["kind"] === "fk") {
        fks.set(name, [...(fks.get(name) ?? []), req(row, "column_name")]);
        continue;
      }
      let key = keys.get(name);
      if (!key) keys.set(name, (key = { name, unique: num(row["non_unique"]) === 0, parts: [] }));
      key.parts.push(keyPart(row));
    }
    out.set(table, [...keys.values()].filter((k) => !isImplicitForeignKeyIndex(k, fks)).sort(byName));
  }
  return out;
}

/** A STATISTICS row as an index part. */
function keyPart(row: CatalogRow): KeyPart {
  const column = str(row["column_name"]);
  if (column === undefined) return { column: undefined, sql: normaliseSqlText(str(row["expression"]) ?? "") };
  const prefix = num(row["sub_part"]);
  const desc = str(row["collation"]) === "D";
  if (prefix === undefined && !desc) return { column, sql: undefined };
  return {
    column,
    sql: `${quoteIdentifier(column)}${prefix === undefined ? "" : `(${prefix})`}${desc ? " DESC" : ""}`,
  };
}

/**
 * Whether an index is the one InnoDB adds for a foreign key that had no index to use: not unique, on exactly
 * the key's columns, named after the constraint (or after its first column when the constraint's name was
 * generated).
 */
function isImplicitForeignKeyIndex(key: Key, fks: ReadonlyMap<string, readonly string[]>): boolean {
  if (key.unique || key.parts.some((p) => p.sql !== undefined)) return false;
  for (const [name, columns] of fks) {
    if (columns.length !== key.parts.length || columns.some((c, i) => key.parts[i]?.column !== c)) continue;
    if (key.name === name || key.name === columns[0]) return true;
  }
  return false;
}

// ---- columns, referential actions ----

/** A COLUMNS row as a reflected column; `json` marks MariaDB's JSON columns. */
function reflectColumn(row: CatalogRow, json: boolean): ReflectedColumn {
  const extra = str(row["extra"]) ?? "";
  const generated = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
  const comment = str(row["column_comment"]) ?? "";
  const dataType = req(row, "data_type").toLowerCase();
  return {
    name: req(row, "detail"),
    type: reflectColumnType(req(row, "column_type"), dataType, json),
    nullable: req(row, "is_nullable") === "YES",
    default: generated
      ? undefined
      : normaliseDefault(str(row["column_default"]), {
          dataType,
          extra,
          quoted: str(row["quoted_defaults"]) !== undefined,
        }),
    autoincrement: /\bauto_increment\b/i.test(extra),
    computed: generated
      ? {
          sqltext: normaliseSqlText(str(row["generation_expression"]) ?? ""),
          persisted: generated[1]?.toUpperCase() !== "VIRTUAL",
        }
      : undefined,
    comment: comment === "" ? undefined : comment,
  };
}

/**
 * A foreign key's rule, or undefined for the server's default rule (what an unspecified ON DELETE / ON
 * UPDATE reads back as): RESTRICT on MariaDB, NO ACTION on MySQL. The two behave the same on InnoDB.
 */
function referentialAction(rule: string | undefined, mariadb: boolean): ReferentialAction | undefined {
  if (rule === undefined || rule === (mariadb ? "RESTRICT" : "NO ACTION")) return undefined;
  switch (rule) {
    case "CASCADE":
    case "SET NULL":
    case "SET DEFAULT":
    case "RESTRICT":
    case "NO ACTION":
      return rule;
    default:
      return undefined;
  }
}
