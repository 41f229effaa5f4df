/**
 * PostgreSQL reflection: `pg_catalog` queries (PostgreSQL 12 and later: identity and generated columns),
 * one per `getMulti*` call whatever the number of tables, and the mapping of catalog types back to Athanor
 * types. `schema` undefined means the session's `current_schema()`.
 *
 * Normalisations (a table Athanor created reads back the same way on every run):
 *
 * - Types (see `reflectColumnType`): `int2`/`int4`/`int8` are `SmallInteger()`/`Integer()`/`BigInteger()`
 *   (`serial` columns are integers with autoincrement); `NUMERIC(p, 0)` is `Numeric(p)` (the same type in
 *   PostgreSQL); `REAL` is `Float(24)` and `DOUBLE PRECISION` `Float()`; every `TIMESTAMP(n)` is a
 *   millisecond `DateTime` (with `timezone` for `TIMESTAMPTZ`); `TIME WITH TIME ZONE` is `Time()`; `JSONB` is
 *   `JSONB()` (athanor/postgresql); `CHAR(n)` is `String(n)`; a domain is its base type; a native enum is
 *   `Enum(values, { name })` with its values in sort order (the enum's own schema is not kept). Any other
 *   type (arrays, `inet`, `tsvector`, extension types…) is a passthrough `customType` named after the
 *   database's spelling (`toString()` → `"integer[]"`) and declared with it (`ddl`): DDL re-creates the
 *   same type, bound values are cast to it (`$1::inet`), and values go to and come from the driver
 *   untouched (pg sends JS arrays as arrays and returns them as arrays, most other types as text).
 * - Defaults are SQL text as `pg_get_expr` prints them, except that a literal cast to the column's own type
 *   loses the cast (`'member'::character varying` → `'member'`, `'a'::status` → `'a'`) and a quoted number
 *   cast to a numeric type, on a numeric column, loses quotes and cast (`'-1'::integer` → `-1`,
 *   `'-2.5'::numeric` → `-2.5`: PostgreSQL prints negative constants so, positive ones bare).
 * - Autoincrement: identity columns, and `serial` columns (an integer whose default is `nextval` of a
 *   sequence the column owns); the `nextval(…)` default of a serial column is not reported.
 * - A computed column's generation expression is in `computed` (always persisted), not in `default`.
 * - ON DELETE / ON UPDATE: NO ACTION (the default) is reported as undefined.
 * - Indexes that back a primary key, unique or exclusion constraint are not reported as indexes. Only key
 *   columns are reported (not `INCLUDE` columns); ordering, operator classes and the access method are not.
 * - CHECK and partial-index predicates, and index expressions, are `pg_get_expr`'s pretty-printed text.
 * - `getTableNames` lists ordinary and partitioned tables; naming a view, materialized view or foreign
 *   table in `tables` answers for it too.
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
import {
  BigInteger,
  customType,
  DateTime,
  Enum,
  Float,
  Integer,
  Interval,
  LargeBinary,
  Numeric,
  SmallInteger,
  SqlBoolean,
  SqlDate,
  SqlJSON,
  SqlString,
  type SqlType,
  StringType,
  Text,
  Time,
  UUID,
} from "../../types/index.js";
import { JSONB } from "./json.js";

/** One catalog row, read by column alias. */
type CatalogRow = Readonly<Record<string, unknown>>;

/**
 * The tables a `getMulti*` query answers for, as the CTE `t (oid, relname, nspname)`: every ordinary and
 * partitioned table of the schema when `:tables` is NULL, else the listed relations of any table-like kind.
 * The list travels as one JSON array parameter, so the statement text is the same for any number of tables.
 */
const TARGETS =
  "WITH t AS (SELECT c.oid, c.relname, n.nspname FROM pg_catalog.pg_class c " +
  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
  "WHERE n.nspname = COALESCE(CAST(:schema AS name), current_schema()) AND CASE " +
  "WHEN CAST(:tables AS jsonb) IS NULL THEN c.relkind IN ('r', 'p') " +
  "ELSE c.relkind IN ('r', 'p', 'f', 'v', 'm') " +
  "AND c.relname::text IN (SELECT jsonb_array_elements_text(CAST(:tables AS jsonb))) END) ";

/** Names of a constraint's columns (`conkey` / `confkey` of `con`) in key order, as a JSON array. */
function keyColumns(key: "conkey" | "confkey", rel: "conrelid" | "confrelid"): string {
  return (
    "(SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con." +
    key +
    ") WITH ORDINALITY k(attnum, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = con." +
    rel +
    " AND a.attnum = k.attnum)"
  );
}

const SCHEMA_NAMES = text(
  "SELECT nspname AS name FROM pg_catalog.pg_namespace " +
    "WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname",
);

/** Relations of the given kinds in a schema (`:kinds` a JSON array of relkind letters). */
const RELATION_NAMES = text(
  "SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
    "WHERE n.nspname = COALESCE(CAST(:schema AS name), current_schema()) " +
    "AND c.relkind::text IN (SELECT jsonb_array_elements_text(CAST(:kinds AS jsonb))) ORDER BY c.relname",
);

/**
 * Columns in table order. Domains are resolved to their base type (`bt`, with the domain's typmod); a
 * column "owns" a sequence when it is serial (`deptype 'a'`; identity sequences are `'i'`).
 */
const COLUMNS = text(
  TARGETS +
    "SELECT t.relname AS table_name, a.attname AS name, a.attnotnull AS not_null, " +
    "format_type(a.atttypid, a.atttypmod) AS type_sql, format_type(a.atttypid, NULL) AS cast_name, " +
    "bt.typname AS type_name, bt.typtype AS type_kind, " +
    "CASE WHEN ty.typtype = 'd' THEN ty.typtypmod ELSE a.atttypmod END AS typmod, " +
    "CASE WHEN bt.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) " +
    "FROM pg_catalog.pg_enum e WHERE e.enumtypid = bt.oid) END AS enum_values, " +
    "pg_get_expr(d.adbin, d.adrelid, true) AS default_sql, a.attidentity AS identity, a.attgenerated AS generated, " +
    "EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S' " +
    "WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass " +
    "AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'a') AS owns_sequence, " +
    "col_description(a.attrelid, a.attnum) AS comment " +
    "FROM t LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped " +
    "LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid " +
    "LEFT JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN ty.typtype = 'd' THEN ty.typbasetype ELSE ty.oid END " +
    "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum " +
    "ORDER BY t.relname, a.attnum",
);

/** Primary key, unique and check constraints (`:kind` is the `contype` letter), by name. */
const CONSTRAINTS = text(
  TARGETS +
    "SELECT t.relname AS table_name, con.conname AS name, " +
    keyColumns("conkey", "conrelid") +
    " AS columns, " +
    "CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS sqltext " +
    'FROM t LEFT JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid AND con.contype = CAST(:kind AS "char") ' +
    "ORDER BY t.relname, con.conname",
);

/**
 * Foreign keys, by name. A foreign key that refers to a partitioned table has a hidden child constraint
 * per partition of the referred table, on the same referring table: those are left out.
 */
const FOREIGN_KEYS = text(
  TARGETS +
    "SELECT t.relname AS table_name, t.nspname AS table_schema, con.conname AS name, " +
    keyColumns("conkey", "conrelid") +
    " AS columns, " +
    keyColumns("confkey", "confrelid") +
    " AS referred_columns, " +
    "rn.nspname AS referred_schema, rc.relname AS referred_table, " +
    "con.confdeltype AS on_delete, con.confupdtype AS on_update " +
    "FROM t LEFT JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f' " +
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint p WHERE p.oid = con.conparentid AND p.conrelid = con.conrelid) " +
    "LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid " +
    "LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace " +
    "ORDER BY t.relname, con.conname",
);

/**
 * Indexes that back no constraint, by name. `items` lists the key columns (not INCLUDE columns) as
 * `[column name or null, the item's SQL text]`; a `0` in `indkey` is an expression.
 */
const INDEXES = text(
  TARGETS +
    "SELECT t.relname AS table_name, ic.relname AS name, ix.indisunique AS is_unique, " +
    "pg_get_expr(ix.indpred, ix.indrelid, true) AS where_sql, " +
    "(SELECT json_agg(json_build_array(a.attname, pg_get_indexdef(ix.indexrelid, k.ord::int, true)) ORDER BY k.ord) " +
    "FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord) " +
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0 " +
    "WHERE k.ord <= ix.indnkeyatts) AS items " +
    "FROM t LEFT JOIN pg_catalog.pg_index ix ON ix.indrelid = t.oid " +
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = ix.indexrelid " +
    "AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x')) " +
    "LEFT JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid " +
    "ORDER BY t.relname, ic.relname",
);

const TABLE_COMMENTS = text(
  TARGETS + "SELECT t.relname AS table_name, obj_description(t.oid, 'pg_class') AS comment FROM t ORDER BY t.relname",
);

/** `pg_constraint.confdeltype` / `confupdtype` letters; `a` (NO ACTION, the default) is left out. */
const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** Catalog type names whose values are numbers (a quoted numeric default loses its quotes). */
const NUMERIC_TYPES = new Set(["int2", "int4", "int8", "numeric", "float4", "float8"]);

/** The `VARHDRSZ` PostgreSQL adds to a length or precision in `atttypmod`. */
const VARHDRSZ = 4;

/**
 * What a value of an unknown database type is stored as: values go to the driver and come back untouched
 * (pg sends JS arrays as PostgreSQL arrays and strings as the type's text input; it returns arrays as
 * arrays, most other types as text).
 */
class PassthroughText extends StringType {
  constructor() {
    super(undefined, true);
  }
  override bind(value: unknown): string {
    return value as string; // not only strings: see above
  }
  override result(value: unknown): string {
    return value as string;
  }
}

/**
 * A passthrough for a type Athanor has no class for, named and declared (DDL, bind casts) with the
 * database's own spelling, so a reflected `inet` or `text[]` column is written, compared and re-created as
 * one.
 */
function passthrough(name: string): SqlType {
  return customType<unknown, string>({
    impl: new PassthroughText(),
    name,
    ddl: name,
    toDriver: (v) => v as string,
    fromDriver: (v) => v,
  });
}

/** A length typmod (`varchar(n)`, `char(n)`): the length, or undefined when the column has none. */
function lengthOf(typmod: number): number | undefined {
  return typmod >= VARHDRSZ ? typmod - VARHDRSZ : undefined;
}

/** `numeric(p, s)`: its typmod packs the precision in the high 16 bits and the scale in the low 11 (signed). */
function numericOf(typmod: number): SqlType {
  if (typmod < VARHDRSZ) return Numeric();
  const packed = typmod - VARHDRSZ;
  const precision = (packed >> 16) & 0xffff;
  const low = packed & 0x7ff;
  const scale = low & 0x400 ? low - 0x800 : low;
  if (scale === 0) return Numeric(precision);
  return scale > 0 ? Numeric(precision, scale) : passthrough(`numeric(${precision},${scale})`);
}

/**
 * The Athanor type of a column: the inverse of PostgreSQLTypeCompiler, see the module comment for what
 * is normalised. `name` is `pg_type.typname` (of a domain's base type), `typmod` the column's modifier,
 * `kind` `pg_type.typtype`, `spelled` the column's `format_type` for the passthrough.
 */
export function reflectColumnType(
  name: string,
  typmod: number,
  kind: string,
  enumValues: readonly string[] | undefined,
  spelled: string,
): SqlType {
  if (kind === "e" && enumValues !== undefined && enumValues.length > 0) return Enum(enumValues, { name });
  switch (name) {
    case "int2":
      return SmallInteger();
    case "int4":
      return Integer();
    case "int8":
      return BigInteger();
    case "numeric":
      return numericOf(typmod);
    case "float4":
      return Float(24);
    case "float8":
      return Float();
    case "bool":
      return SqlBoolean();
    case "varchar":
    case "bpchar":
      return SqlString(lengthOf(typmod));
    case "text":
      return Text();
    case "timestamp":
      return DateTime();
    case "timestamptz":
      return DateTime({ timezone: true });
    case "date":
      return SqlDate();
    case "time":
    case "timetz":
      return Time();
    case "interval":
      return Interval();
    case "json":
      return SqlJSON();
    case "jsonb":
      return JSONB();
    case "uuid":
      return UUID();
    case "bytea":
      return LargeBinary();
    default:
      return passthrough(spelled);
  }
}

/** `'<text>'::<cast>` with quotes doubled inside: a literal cast to a type. */
const CAST_LITERAL = /^('(?:[^']|'')*')::(.+)$/s;
const NUMBER = /^'(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)'$/;

/** How PostgreSQL spells the numeric types in casts (a negative constant is printed `'-2.5'::numeric`). */
const NUMERIC_CASTS = new Set(["smallint", "integer", "bigint", "numeric", "real", "double precision"]);

/** A default as reported, with the normalisations of the module comment. */
function normaliseDefault(sql: string, castName: string, typeName: string): string {
  const m = CAST_LITERAL.exec(sql);
  if (m === null) return sql;
  const [, literal = "", cast = ""] = m;
  const number = NUMERIC_TYPES.has(typeName) && NUMERIC_CASTS.has(cast) ? NUMBER.exec(literal) : null;
  if (number) return number[1] as string;
  return cast === castName ? literal : sql;
}

/** A nullable catalog text. */
function opt(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/** A JSON array the driver decoded (or NULL), as strings. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [];
}

/**
 * Groups rows by `table_name` in row order; a row whose `present` column is NULL only marks that its
 * table exists (the LEFT JOIN found nothing).
 */
function group<T>(rows: readonly CatalogRow[], present: string, build: (row: CatalogRow) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const table = String(row.table_name);
    let list = out.get(table);
    if (list === undefined) {
      list = [];
      out.set(table, list);
    }
    if (row[present] !== null && row[present] !== undefined) list.push(build(row));
  }
  return out;
}

/**
 * PostgreSQL's catalog queries. Stateless: one instance serves every connection.
 *
 * ```ts
 * const cols = await new PostgreSQLIntrospector().getMultiColumns(conn, undefined, ["users"]);
 * cols.get("users"); // [{ name: "id", type: Integer(), nullable: false, autoincrement: true, … }, …]
 * ```
 */
export class PostgreSQLIntrospector implements Introspector {
  /** Runs one catalog query for `tables` of `schema`. */
  async #query(
    conn: IntrospectionConnection,
    statement: ReturnType<typeof text>,
    schema: string | undefined,
    tables: readonly string[] | undefined,
    extra: Readonly<Record<string, unknown>> = {},
  ): Promise<readonly CatalogRow[]> {
    const params = { schema: schema ?? null, tables: tables === undefined ? null : JSON.stringify(tables), ...extra };
    return (await conn.execute(statement, params)).all() as readonly CatalogRow[];
  }

  /** Schemas other than `pg_*` and `information_schema`, sorted. */
  async getSchemaNames(conn: IntrospectionConnection): Promise<readonly string[]> {
    const rows = (await conn.execute(SCHEMA_NAMES)).all() as readonly CatalogRow[];
    return rows.map((r) => String(r.name));
  }

  /** Ordinary and partitioned tables, sorted. */
  async getTableNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]> {
    return this.#relations(conn, schema, ["r", "p"]);
  }

  /** Views and materialized views, sorted. */
  async getViewNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]> {
    return this.#relations(conn, schema, ["v", "m"]);
  }

  async #relations(
    conn: IntrospectionConnection,
    schema: string | undefined,
    kinds: readonly string[],
  ): Promise<string[]> {
    const rows = (await conn.execute(RELATION_NAMES, { schema: schema ?? null, kinds: JSON.stringify(kinds) })).all();
    return (rows as readonly CatalogRow[]).map((r) => String(r.name));
  }

  async getMultiColumns(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedColumn[]>> {
    const rows = await this.#query(conn, COLUMNS, schema, tables);
    return group(rows, "name", (row): ReflectedColumn => {
      const typeName = String(row.type_name);
      const castName = String(row.cast_name);
      const enumValues = Array.isArray(row.enum_values) ? strings(row.enum_values) : undefined;
      const defaultSql = opt(row.default_sql);
      const generated = row.generated === "s";
      const serial = defaultSql !== undefined && row.owns_sequence === true && defaultSql.startsWith("nextval(");
      return {
        name: String(row.name),
        type: reflectColumnType(typeName, Number(row.typmod), String(row.type_kind), enumValues, String(row.type_sql)),
        nullable: row.not_null !== true,
        default:
          generated || serial || defaultSql === undefined
            ? undefined
            : normaliseDefault(defaultSql, castName, typeName),
        autoincrement: serial || (row.identity !== "" && row.identity !== null),
        computed: generated && defaultSql !== undefined ? { sqltext: defaultSql, persisted: true } : undefined,
        comment: opt(row.comment),
      };
    });
  }

  async getMultiPkConstraint(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<ReflectedPrimaryKey | undefined>> {
    const rows = await this.#query(conn, CONSTRAINTS, schema, tables, { kind: "p" });
    const out = new Map<string, ReflectedPrimaryKey | undefined>();
    for (const [table, pks] of group(rows, "name", (row) => ({
      name: String(row.name),
      columns: strings(row.columns),
    })))
      out.set(table, pks[0]);
    return out;
  }

  async getMultiForeignKeys(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedForeignKey[]>> {
    const rows = await this.#query(conn, FOREIGN_KEYS, schema, tables);
    return group(rows, "name", (row): ReflectedForeignKey => {
      const referredSchema = String(row.referred_schema);
      return {
        name: String(row.name),
        columns: strings(row.columns),
        referredSchema: referredSchema === row.table_schema ? undefined : referredSchema,
        referredTable: String(row.referred_table),
        referredColumns: strings(row.referred_columns),
        onDelete: ACTIONS[String(row.on_delete)],
        onUpdate: ACTIONS[String(row.on_update)],
      };
    });
  }

  async getMultiIndexes(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedIndex[]>> {
    const rows = await this.#query(conn, INDEXES, schema, tables);
    return group(rows, "name", (row): ReflectedIndex => {
      const items = (Array.isArray(row.items) ? row.items : []) as readonly (readonly [string | null, string])[];
      const columns = items.map(([column]) => column ?? undefined);
      return {
        name: String(row.name),
        unique: row.is_unique === true,
        columns,
        expressions: columns.includes(undefined) ? items.map(([, sql]) => sql) : undefined,
        where: opt(row.where_sql),
      };
    });
  }

  async getMultiUniqueConstraints(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedUniqueConstraint[]>> {
    const rows = await this.#query(conn, CONSTRAINTS, schema, tables, { kind: "u" });
    return group(rows, "name", (row) => ({ name: String(row.name), columns: strings(row.columns) }));
  }

  async getMultiCheckConstraints(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedCheckConstraint[]>> {
    const rows = await this.#query(conn, CONSTRAINTS, schema, tables, { kind: "c" });
    return group(rows, "name", (row) => ({ name: String(row.name), sqltext: String(row.sqltext) }));
  }

  async getMultiTableComment(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<string | undefined>> {
    const rows = await this.#query(conn, TABLE_COMMENTS, schema, tables);
    return new Map(rows.map((row) => [String(row.table_name), opt(row.comment)]));
  }
}
