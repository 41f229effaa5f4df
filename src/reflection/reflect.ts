/**
 * `metadata.reflect(engine)` and `reflectTable()`: build `Table`s from the live database, usable with the
 * expression language like hand-written ones.
 *
 * ```ts
 * const metadata = new MetaData();
 * await metadata.reflect(engine, { only: ["users", "projects"] });
 * const users = metadata.table("users")!;
 * await conn.execute(select(users.c.id).where(users.c.email.eq("ann@example.com")));
 * ```
 * Column keys are the database names. Every table is read with the same handful of batch queries
 * (columns, keys, indexes, constraints, comments), whatever the number of tables.
 */

import { InvalidRequestError, NotSupportedError } from "../errors/index.js";
import { BOOLEAN, literalColumn } from "../expr/index.js";
import type { IntrospectionConnection, Introspector } from "../dialect/index.js";
import {
  type AnyTable,
  checkConstraint,
  column,
  type ColumnBuilder,
  foreignKeyConstraint,
  index,
  type MetaData,
  primaryKeyConstraint,
  type ReflectOptions,
  Table,
  type TableExtra,
  uniqueConstraint,
} from "../schema/index.js";
import type { InspectionBind } from "./inspector.js";

/** Reads every requested table with one batch query per kind and adds a `Table` per table to `metadata`. */
export async function reflectMetadata(
  bind: InspectionBind,
  metadata: MetaData,
  options: ReflectOptions = {},
): Promise<AnyTable[]> {
  const introspector = bind.dialect.introspector;
  if (!introspector) throw new NotSupportedError(`The ${bind.dialect.name} dialect cannot reflect a database yet`);
  const conn = await bind.connect();
  try {
    return await reflectWith(introspector, conn, metadata, options);
  } finally {
    await conn.close();
  }
}

async function reflectWith(
  introspector: Introspector,
  conn: IntrospectionConnection,
  metadata: MetaData,
  options: ReflectOptions,
): Promise<AnyTable[]> {
  const schema = options.schema;
  const available = [
    ...(await introspector.getTableNames(conn, schema)),
    ...(options.views ? await introspector.getViewNames(conn, schema) : []),
  ];
  let names: string[];
  if (options.only === undefined) names = available;
  else if (typeof options.only === "function") names = available.filter(options.only);
  else {
    const missing = options.only.filter((n) => !available.includes(n));
    if (missing.length) {
      throw new InvalidRequestError(
        `Cannot reflect ${missing.map((n) => `'${n}'`).join(", ")}: no such table${schema ? ` in schema '${schema}'` : ""}`,
      );
    }
    names = [...options.only];
  }
  names = names.filter((n) => !metadata.table(schema ? `${schema}.${n}` : n));
  if (names.length === 0) return [];
  const [columns, pks, fks, indexes, uniques, checks, comments] = await Promise.all([
    introspector.getMultiColumns(conn, schema, names),
    introspector.getMultiPkConstraint(conn, schema, names),
    introspector.getMultiForeignKeys(conn, schema, names),
    introspector.getMultiIndexes(conn, schema, names),
    introspector.getMultiUniqueConstraints(conn, schema, names),
    introspector.getMultiCheckConstraints(conn, schema, names),
    introspector.getMultiTableComment(conn, schema, names),
  ]);
  const tables: AnyTable[] = [];
  for (const name of names) {
    const cols = columns.get(name) ?? [];
    const pk = pks.get(name);
    const defs: Record<string, ColumnBuilder> = {};
    for (const c of cols) {
      let b: ColumnBuilder = column(c.type, { name: c.name });
      if (c.nullable) b = b.nullable();
      if (c.default !== undefined) b = b.serverDefault(literalColumn(c.default));
      if (c.computed) b = b.computed(literalColumn(c.computed.sqltext), { persisted: c.computed.persisted });
      if (c.comment !== undefined) b = b.comment(c.comment);
      // Autoincrement is stated explicitly, so a reflected table compiles to the same DDL it came from.
      if (pk?.columns.includes(c.name)) b = b.autoincrement(c.autoincrement);
      defs[c.name] = b;
    }
    const extras: TableExtra[] = [];
    if (pk && pk.columns.length)
      extras.push(primaryKeyConstraint(pk.columns, pk.name === undefined ? {} : { name: pk.name }));
    for (const fk of fks.get(name) ?? []) {
      const target = fk.referredSchema ? `${fk.referredSchema}.${fk.referredTable}` : fk.referredTable;
      extras.push(
        foreignKeyConstraint(
          fk.columns,
          fk.referredColumns.map((c) => `${target}.${c}`),
          {
            ...(fk.name === undefined ? {} : { name: fk.name }),
            ...(fk.onDelete ? { onDelete: fk.onDelete } : {}),
            ...(fk.onUpdate ? { onUpdate: fk.onUpdate } : {}),
          },
        ),
      );
    }
    for (const u of uniques.get(name) ?? [])
      extras.push(uniqueConstraint(u.columns, u.name === undefined ? {} : { name: u.name }));
    for (const ck of checks.get(name) ?? [])
      extras.push(checkConstraint(literalColumn(ck.sqltext, BOOLEAN), ck.name === undefined ? {} : { name: ck.name }));
    const uniqueNames = new Set((uniques.get(name) ?? []).map((u) => u.name));
    for (const ix of indexes.get(name) ?? []) {
      // MySQL reports a UNIQUE constraint as a unique index too: the constraint already creates it.
      if (ix.unique && uniqueNames.has(ix.name)) continue;
      const items = ix.columns.map((col, i) => col ?? literalColumn(ix.expressions?.[i] ?? ""));
      extras.push(
        index(ix.name, items, { unique: ix.unique, ...(ix.where ? { where: literalColumn(ix.where, BOOLEAN) } : {}) }),
      );
    }
    const comment = comments.get(name);
    extras.push({ ...(schema ? { schema } : {}), ...(comment !== undefined ? { comment } : {}) });
    tables.push(new Table(name, metadata, defs, ...extras) as AnyTable);
  }
  return tables;
}

/** Reflects one table into `metadata` (SQLAlchemy's `Table(..., autoload_with=engine)`). */
export async function reflectTable(
  bind: InspectionBind,
  name: string,
  metadata: MetaData,
  options: { schema?: string } = {},
): Promise<AnyTable> {
  const [table] = await reflectMetadata(bind, metadata, { ...options, only: [name] });
  const found = table ?? metadata.table(options.schema ? `${options.schema}.${name}` : name);
  if (!found) throw new InvalidRequestError(`Cannot reflect '${name}': no such table`);
  return found;
}
