/**
 * `createAll` / `dropAll`: every table of a MetaData (or a chosen few), in foreign-key dependency order.
 * The engine exposes them (`engine.createAll(metadata)`), and `metadata.createAll(engine)` delegates there.
 *
 * ```ts
 * await metadata.createAll(engine);                    // CREATE TABLE users …; CREATE TABLE posts …
 * await metadata.dropAll(engine, { tables: [posts] }); // DROP TABLE posts
 * ```
 * Foreign keys in a dependency cycle are added after the tables with `ALTER TABLE … ADD CONSTRAINT` (and
 * dropped first the same way) where the dialect can alter constraints; elsewhere (SQLite) they stay in
 * CREATE TABLE, which SQLite allows because it does not check a foreign key's target when creating it.
 */

import { node, type DdlNode, type ForeignKeyDefNode, type TableDefNode, withChanges } from "../ast/index.js";
import type { Executable, Params } from "../expr/index.js";
import type { AnyTable, CreateAllOptions, MetaData } from "../schema/index.js";
import { findCycles, toposort } from "../util/toposort.js";
import type { DdlCapabilities } from "./capabilities.js";
import { DdlStatement } from "./constructs.js";
import {
  createEnumTypeNode,
  createTableStatements,
  dropEnumTypeNode,
  enumTypesOf,
  type EnumTypeDef,
  qualifiedKey,
  tableNodeOf,
} from "./statements.js";
import { tableDef } from "./table-def.js";

/** What createAll runs statements and catalog queries on (a `Connection`). */
export interface DdlConnection {
  execute(statement: Executable, params?: Params): Promise<{ all(): readonly unknown[] }>;
}

/** The dialect side of createAll: capabilities and catalog queries (a `Dialect`). */
export interface DdlBindDialect {
  readonly name: string;
  readonly capabilities: DdlCapabilities;
  /** Whether the table exists (`schema` undefined: the connection's default schema). */
  hasTable(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean>;
  /** Whether a named enum type exists (dialects whose `enumStyle` is `"named-type"`). */
  hasEnumType(conn: DdlConnection, name: string, schema: string | undefined): Promise<boolean>;
  /** Defers foreign-key checks to the end of the transaction (where dropAll cannot drop them first). */
  deferForeignKeys(conn: DdlConnection): Promise<void>;
}

/** What createAll runs against (an `Engine`). */
export interface DdlBind {
  readonly dialect: DdlBindDialect;
  begin<T>(body: (conn: DdlConnection) => Promise<T>): Promise<T>;
}

/** The order tables are created in, and the foreign keys that must wait for ALTER TABLE. */
export interface TablePlan {
  /** Tables in creation order (drop in reverse). */
  readonly order: readonly AnyTable[];
  /** Each table's description, without its deferred foreign keys. */
  readonly defs: ReadonlyMap<AnyTable, TableDefNode>;
  /** Foreign keys added after every table exists (and dropped before any table is dropped). */
  readonly deferred: readonly (readonly [table: AnyTable, fk: ForeignKeyDefNode])[];
}

/**
 * Orders `tables` by their foreign keys. Foreign keys inside a dependency cycle (and those marked
 * `useAlter`) are deferred to ALTER TABLE when the dialect can alter constraints; otherwise they stay in
 * CREATE TABLE and only leave the ordering. A table referencing itself is no dependency.
 */
export function planTables(tables: readonly AnyTable[], capabilities: DdlCapabilities): TablePlan {
  const defs = new Map(tables.map((t) => [t, tableDef(t)] as const));
  const byName = new Map(tables.map((t) => [qualifiedKey(t.name, t.schema), t] as const));
  const target = (fk: ForeignKeyDefNode): AnyTable | undefined => byName.get(qualifiedKey(fk.refTable, fk.refSchema));
  const fks = (t: AnyTable): ForeignKeyDefNode[] =>
    (defs.get(t) as TableDefNode).constraints.filter((c): c is ForeignKeyDefNode => c.kind === "foreignKeyDef");
  const dependsOn = (t: AnyTable): AnyTable[] =>
    fks(t).flatMap((fk) => {
      const to = target(fk);
      return to && to !== t ? [to] : [];
    });

  const component = new Map<AnyTable, number>();
  findCycles(tables, dependsOn).forEach((cycle, i) => cycle.forEach((t) => component.set(t, i)));
  const cyclic = (t: AnyTable, fk: ForeignKeyDefNode): boolean => {
    const to = target(fk);
    if (!to || to === t) return false;
    return fk.useAlter || (component.has(t) && component.get(t) === component.get(to));
  };

  const deferred: (readonly [AnyTable, ForeignKeyDefNode])[] = [];
  const planned = new Map<AnyTable, TableDefNode>();
  for (const t of tables) {
    const def = defs.get(t) as TableDefNode;
    const out = capabilities.alterConstraints ? fks(t).filter((fk) => cyclic(t, fk)) : [];
    for (const fk of out) deferred.push([t, fk]);
    planned.set(
      t,
      out.length
        ? withChanges(def, { constraints: def.constraints.filter((c) => !out.includes(c as ForeignKeyDefNode)) })
        : def,
    );
  }
  const order = toposort(
    tables,
    (t) =>
      fks(t).flatMap((fk) => {
        const to = target(fk);
        return to && to !== t && !cyclic(t, fk) ? [to] : [];
      }),
    { name: (t) => t.fullName },
  );
  return { order, defs: planned, deferred };
}

/** The tables a call covers, each once. */
function tablesOf(metadata: MetaData, options: CreateAllOptions): AnyTable[] {
  return [...new Set(options.tables ?? metadata.sortedTables)];
}

/**
 * Creates the tables of `metadata` (and their enum types, comments and indexes) in dependency order,
 * in one transaction (on databases whose DDL is transactional; MySQL commits each statement). With
 * `checkFirst` (the default) tables and enum types that exist are left alone.
 */
export async function createAll(bind: DdlBind, metadata: MetaData, options: CreateAllOptions = {}): Promise<void> {
  const dialect = bind.dialect;
  const checkFirst = options.checkFirst ?? true;
  const plan = planTables(tablesOf(metadata, options), dialect.capabilities);
  await bind.begin(async (conn) => {
    const run = async (nodes: readonly DdlNode[]): Promise<void> => {
      for (const n of nodes) await conn.execute(new DdlStatement(n));
    };
    const created = new Set<AnyTable>();
    const enums = new Set<string>();
    for (const table of plan.order) {
      if (checkFirst && (await dialect.hasTable(conn, table.name, table.schema))) continue;
      const def = plan.defs.get(table) as TableDefNode;
      for (const e of enumTypesOf(def, dialect)) {
        const key = qualifiedKey(e.name, e.schema);
        if (enums.has(key)) continue;
        enums.add(key);
        if (checkFirst && (await dialect.hasEnumType(conn, e.name, e.schema))) continue;
        await run([createEnumTypeNode(e)]);
      }
      await run(createTableStatements(def, dialect, { enumTypes: false }));
      created.add(table);
    }
    for (const [table, fk] of plan.deferred) {
      if (!created.has(table)) continue;
      await run([node({ kind: "addConstraint", table: tableNodeOf(tableDef(table)), constraint: fk })]);
    }
  });
}

/**
 * Drops the tables of `metadata` in reverse dependency order (foreign keys of dependency cycles first),
 * then the enum types they used that no remaining table of the MetaData uses. With `checkFirst` (the
 * default) tables that do not exist are skipped.
 */
export async function dropAll(bind: DdlBind, metadata: MetaData, options: CreateAllOptions = {}): Promise<void> {
  const dialect = bind.dialect;
  const checkFirst = options.checkFirst ?? true;
  const tables = tablesOf(metadata, options);
  const plan = planTables(tables, dialect.capabilities);
  await bind.begin(async (conn) => {
    const run = async (n: DdlNode): Promise<void> => {
      await conn.execute(new DdlStatement(n));
    };
    // Rows of a dependency cycle may still point at each other; where their foreign keys cannot be
    // dropped first (SQLite), checking them at commit, when every table is gone, lets the drops through.
    await dialect.deferForeignKeys(conn);
    const present = new Set<AnyTable>();
    for (const table of plan.order) {
      if (!checkFirst || (await dialect.hasTable(conn, table.name, table.schema))) present.add(table);
    }
    for (const [table, fk] of plan.deferred) {
      if (present.has(table))
        await run(node({ kind: "dropConstraint", table: tableNodeOf(tableDef(table)), constraint: fk }));
    }
    for (const table of [...plan.order].reverse()) {
      if (present.has(table))
        await run(node({ kind: "dropTable", table: tableNodeOf(tableDef(table)), ifExists: false }));
    }
    // Enum types go with the last table using them: keep those a table outside this call still uses.
    const kept = new Set<string>();
    for (const t of metadata.sortedTables) {
      if (tables.includes(t)) continue;
      for (const e of enumTypesOf(tableDef(t), dialect)) kept.add(qualifiedKey(e.name, e.schema));
    }
    const dropped = new Map<string, EnumTypeDef>();
    for (const table of plan.order) {
      for (const e of enumTypesOf(tableDef(table), dialect)) {
        const key = qualifiedKey(e.name, e.schema);
        if (!kept.has(key)) dropped.set(key, e);
      }
    }
    for (const e of dropped.values()) await run(dropEnumTypeNode(e, checkFirst));
  });
}
