/**
 * Tables and MetaData.
 *
 * ```ts
 * export const metadata = new MetaData();
 * export const users = new Table("users", metadata, {
 *   id: column(Integer()).primaryKey().autoincrement(),
 *   name: column(String(100)),
 * });
 * users.c.name; // Column<string, "name", "users">
 * ```
 */

import { node, type AliasNode, type ReferentialAction, type TableNode } from "../ast/index.js";
import { ArgumentError, InvalidRequestError } from "../errors/index.js";
import { resolveClauseElement, type SqlExpression } from "../expr/index.js";
import { type AnyColumn, type BuilderValue, Column, type ColumnBuilder, type ReferenceTarget } from "./column.js";

/** The column builders of a table, by key. */
export type ColumnDefs = Readonly<Record<string, ColumnBuilder>>;

/** `table.c`: the typed columns of a table (or alias), by key. */
export type Columns<TName extends string, D extends ColumnDefs> = {
  readonly [K in keyof D & string]: Column<BuilderValue<D[K]>, K, TName>;
};

/** The row type of a table: key → JS value. */
export type RowOf<D extends ColumnDefs> = { [K in keyof D & string]: BuilderValue<D[K]> };

/** Keys an INSERT must give (no default, no server default, not autoincrement, not nullable). */
export type RequiredInsertKeys<D extends ColumnDefs> = {
  [K in keyof D & string]: D[K] extends ColumnBuilder<unknown, boolean, infer O> ? (O extends true ? never : K) : never;
}[keyof D & string];

/** What an INSERT takes: required keys plus optional ones. */
export type InsertRow<D extends ColumnDefs> = { [K in RequiredInsertKeys<D>]: BuilderValue<D[K]> } & {
  [K in Exclude<keyof D & string, RequiredInsertKeys<D>>]?: BuilderValue<D[K]>;
};

/** Keys of the columns declared `.primaryKey()`. */
export type PrimaryKeyKeys<D extends ColumnDefs> = {
  [K in keyof D & string]: D[K] extends ColumnBuilder<unknown, boolean, boolean, true> ? K : never;
}[keyof D & string];

/** True when `U` is a union of more than one member. */
type IsUnion<U, All = U> = U extends unknown ? ([All] extends [U] ? false : true) : never;

/**
 * The primary key values of a row, as `insertedPrimaryKey` reports them: `readonly [number]` for one key
 * column; for several, an array of their value types (TypeScript cannot see the columns' order); `readonly
 * unknown[]` when the key is declared on the table (`primaryKeyConstraint`) rather than on its columns.
 */
export type PrimaryKeyOf<D extends ColumnDefs> = [PrimaryKeyKeys<D>] extends [never]
  ? readonly unknown[]
  : true extends IsUnion<PrimaryKeyKeys<D>>
    ? readonly BuilderValue<D[PrimaryKeyKeys<D>]>[]
    : readonly [BuilderValue<D[PrimaryKeyKeys<D>]>];

/** A table-level UNIQUE constraint. */
export interface UniqueConstraint {
  readonly kind: "unique";
  readonly columns: readonly string[];
  readonly name: string | undefined;
}
/** The columns a CHECK / index callback receives: the table's typed `c` (any table's when unknown). */
export type AnyColumns = Record<string, AnyColumn>;

/** A table-level CHECK constraint; `C` types the columns its callback receives. */
export interface CheckConstraint<C = AnyColumns> {
  readonly kind: "check";
  readonly expr: SqlExpression<boolean> | ((c: C) => SqlExpression<boolean>);
  readonly name: string | undefined;
}
/** A table-level (possibly composite) PRIMARY KEY. */
export interface PrimaryKeyConstraint {
  readonly kind: "primaryKey";
  readonly columns: readonly string[];
  readonly name: string | undefined;
}
/** A table-level (possibly composite) FOREIGN KEY. */
export interface ForeignKeyConstraint {
  readonly kind: "foreignKey";
  readonly columns: readonly string[];
  /** `"table.column"` strings, or a thunk returning the referenced columns. */
  readonly refColumns: readonly string[] | (() => readonly AnyColumn[]);
  readonly name: string | undefined;
  readonly onDelete: ReferentialAction | undefined;
  readonly onUpdate: ReferentialAction | undefined;
  readonly useAlter: boolean;
}
/** An index: columns (by key) and/or expressions, optionally unique and partial; `C` as for CHECK. */
export interface IndexSpec<C = AnyColumns> {
  readonly kind: "index";
  readonly name: string | undefined;
  readonly items: readonly (string | SqlExpression | ((c: C) => SqlExpression))[];
  readonly unique: boolean;
  readonly where: SqlExpression<boolean> | ((c: C) => SqlExpression<boolean>) | undefined;
}

/** Table-level extras passed after the columns. */
export type TableExtra<C = AnyColumns> =
  UniqueConstraint | CheckConstraint<C> | PrimaryKeyConstraint | ForeignKeyConstraint | IndexSpec<C> | TableOptions;

/** Table options. */
export interface TableOptions {
  readonly kind?: undefined;
  readonly schema?: string;
  readonly comment?: string;
}

/** `UNIQUE (a, b)` by column keys. */
export const uniqueConstraint = (columns: readonly string[], options: { name?: string } = {}): UniqueConstraint => ({
  kind: "unique",
  columns,
  name: options.name,
});
/** `CHECK (expr)`; the expression may be a function of the table's columns. */
export const checkConstraint = <C = AnyColumns>(
  expr: CheckConstraint<C>["expr"],
  options: { name?: string } = {},
): CheckConstraint<C> => ({
  kind: "check",
  expr,
  name: options.name,
});
/** `PRIMARY KEY (a, b)` by column keys. */
export const primaryKeyConstraint = (
  columns: readonly string[],
  options: { name?: string } = {},
): PrimaryKeyConstraint => ({ kind: "primaryKey", columns, name: options.name });
/** `FOREIGN KEY (a, b) REFERENCES t (x, y)`. */
export const foreignKeyConstraint = (
  columns: readonly string[],
  refColumns: ForeignKeyConstraint["refColumns"],
  options: { name?: string; onDelete?: ReferentialAction; onUpdate?: ReferentialAction; useAlter?: boolean } = {},
): ForeignKeyConstraint => ({
  kind: "foreignKey",
  columns,
  refColumns,
  name: options.name,
  onDelete: options.onDelete,
  onUpdate: options.onUpdate,
  useAlter: options.useAlter ?? false,
});
/** An index on column keys or expressions; `unique` and a partial `where` where the dialect supports it. */
export const index = <C = AnyColumns>(
  name: string | undefined,
  items: IndexSpec<C>["items"],
  options: { unique?: boolean; where?: IndexSpec<C>["where"] } = {},
): IndexSpec<C> => ({ kind: "index", name, items, unique: options.unique ?? false, where: options.where });

/** Naming conventions for constraints and indexes (SQLAlchemy's tokens, e.g. `"ix_%(column_0_label)s"`). */
export interface NamingConvention {
  readonly ix?: string;
  readonly uq?: string;
  readonly ck?: string;
  readonly fk?: string;
  readonly pk?: string;
}

/** The default naming convention (on by default so that migrations can name every constraint). */
export const DEFAULT_NAMING_CONVENTION: Required<NamingConvention> = {
  // table + all column names (not SQLAlchemy's column_0_label): a multi-column index must not take the name of a
  // single-column index on its first column.
  ix: "ix_%(table_name)s_%(column_0_N_name)s",
  uq: "uq_%(table_name)s_%(column_0_N_name)s",
  ck: "ck_%(table_name)s_%(constraint_name)s",
  fk: "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
  pk: "pk_%(table_name)s",
};

/** A collection of tables (SQLAlchemy's MetaData). */
export class MetaData {
  readonly #tables = new Map<string, AnyTable>();
  readonly schema: string | undefined;
  readonly namingConvention: NamingConvention;

  constructor(options: { schema?: string; namingConvention?: NamingConvention | null } = {}) {
    this.schema = options.schema;
    this.namingConvention =
      options.namingConvention === null ? {} : { ...DEFAULT_NAMING_CONVENTION, ...options.namingConvention };
  }

  /** Tables by full name (`schema.name` or `name`), in definition order. */
  get tables(): ReadonlyMap<string, AnyTable> {
    return this.#tables;
  }

  /** Tables in definition order. */
  get sortedTables(): readonly AnyTable[] {
    return [...this.#tables.values()];
  }

  /** @internal Called by the Table constructor. */
  add(table: AnyTable): void {
    const key = table.fullName;
    if (this.#tables.has(key)) throw new ArgumentError(`Table '${key}' is already defined in this MetaData`);
    this.#tables.set(key, table);
  }

  /** Removes a table (e.g. before redefining it in tests). */
  remove(table: AnyTable): void {
    this.#tables.delete(table.fullName);
  }

  /** Looks a table up by `name` or `schema.name`. */
  table(name: string): AnyTable | undefined {
    return this.#tables.get(name) ?? (this.schema ? this.#tables.get(`${this.schema}.${name}`) : undefined);
  }

  /**
   * Creates the tables (and their indexes, enum types, comments) in foreign-key dependency order, skipping
   * those that exist unless `checkFirst: false`. Delegates to the bind: `engine.createAll(metadata)`.
   *
   * ```ts
   * await metadata.createAll(engine); // CREATE TABLE "users" (…); CREATE TABLE "posts" (…)
   * ```
   */
  createAll(bind: SchemaBind, options: CreateAllOptions = {}): Promise<void> {
    return bind.createAll(this, options);
  }

  /** Drops the tables in reverse dependency order, skipping missing ones unless `checkFirst: false`. */
  dropAll(bind: SchemaBind, options: CreateAllOptions = {}): Promise<void> {
    return bind.dropAll(this, options);
  }

  /**
   * Adds a `Table` for each table of the live database (or `only` some), read with batch catalog queries.
   * Column keys are the database names. Tables already in this MetaData are left alone.
   *
   * ```ts
   * await metadata.reflect(engine, { only: ["users"] });
   * metadata.table("users"); // Table, queryable with select()
   * ```
   */
  reflect(bind: ReflectBind, options: ReflectOptions = {}): Promise<readonly AnyTable[]> {
    return bind.reflect(this, options);
  }
}

/** Options of `metadata.reflect`. */
export interface ReflectOptions {
  /** Table names to reflect, or a predicate; default: every table of the schema. */
  readonly only?: readonly string[] | ((name: string) => boolean);
  /** The schema to read (default: the connection's). */
  readonly schema?: string;
  /** Reflect views too (as tables without keys). */
  readonly views?: boolean;
}

/** What `metadata.reflect(bind)` runs on: an `Engine`. */
export interface ReflectBind {
  reflect(metadata: MetaData, options?: ReflectOptions): Promise<readonly AnyTable[]>;
}

/** Options of `createAll` / `dropAll`. */
export interface CreateAllOptions {
  /** Only these tables (default: every table of the MetaData). */
  readonly tables?: readonly AnyTable[];
  /** Skip tables that exist (createAll) or do not exist (dropAll), asking the catalog first (default true). */
  readonly checkFirst?: boolean;
}

/** What `metadata.createAll(bind)` runs on: an `Engine`. */
export interface SchemaBind {
  createAll(metadata: MetaData, options?: CreateAllOptions): Promise<void>;
  dropAll(metadata: MetaData, options?: CreateAllOptions): Promise<void>;
}

/** A table. `TName` is its name, `D` its column builders. */
export class Table<TName extends string = string, D extends ColumnDefs = ColumnDefs> {
  declare readonly __defs: D;
  readonly name: TName;
  readonly schema: string | undefined;
  readonly metadata: MetaData;
  readonly comment: string | undefined;
  /** Typed columns by key. */
  readonly c: Columns<TName, D>;
  /** Columns in definition order. */
  readonly columns: readonly AnyColumn[];
  readonly node: TableNode;
  readonly extras: readonly Exclude<TableExtra, TableOptions>[];

  constructor(name: TName, metadata: MetaData, columns: D, ...extras: TableExtra<Columns<TName, D>>[]) {
    if (typeof name !== "string" || name === "") throw new ArgumentError("A table needs a non-empty name");
    if (!(metadata instanceof MetaData))
      throw new ArgumentError(`new Table("${name}", metadata, columns): the second argument must be a MetaData`);
    const options = extras.find((e): e is TableOptions => e.kind === undefined) ?? {};
    this.name = name;
    this.schema = options.schema ?? metadata.schema;
    this.comment = options.comment;
    this.metadata = metadata;
    // Callbacks typed with this table's columns are stored under the general column map they are called with.
    this.extras = (extras as readonly TableExtra[]).filter(
      (e): e is Exclude<TableExtra, TableOptions> => e.kind !== undefined,
    );
    this.node = node({ kind: "table", name, schema: this.schema, def: undefined });
    const cols: Record<string, AnyColumn> = {};
    const seen = new Set<string>();
    for (const [key, builder] of Object.entries(columns)) {
      if (key === "prototype") throw new ArgumentError(`Table '${name}': a column cannot be keyed 'prototype'`);
      const dbName = builder.spec.name ?? key;
      if (seen.has(dbName)) throw new ArgumentError(`Table '${name}' defines column '${dbName}' twice`);
      seen.add(dbName);
      cols[key] = new Column(this, key, dbName, builder.spec);
    }
    this.c = Object.freeze(cols) as Columns<TName, D>;
    this.columns = Object.freeze(Object.values(cols));
    metadata.add(this as AnyTable);
  }

  /** `schema.name`, or `name`. */
  get fullName(): string {
    return this.schema ? `${this.schema}.${this.name}` : this.name;
  }

  /** Primary key columns, in definition order (from column flags or a table-level primaryKeyConstraint). */
  get primaryKey(): readonly AnyColumn[] {
    const tableLevel = this.extras.find((e): e is PrimaryKeyConstraint => e.kind === "primaryKey");
    if (tableLevel) return tableLevel.columns.map((k) => this.column(k));
    return this.columns.filter((c) => c.spec.primaryKey);
  }

  /** A column by key; throws naming the table's columns when there is none. */
  column(key: string): AnyColumn {
    const col = (this.c as Record<string, AnyColumn>)[key];
    if (!col)
      throw new ArgumentError(
        `Table '${this.name}' has no column '${key}'; its columns are ${Object.keys(this.c).join(", ")}`,
      );
    return col;
  }

  /** An alias (`users AS u`) with its own typed columns. */
  alias<A extends string>(name: A): TableAlias<A, D> {
    return new TableAlias(this, name);
  }

  toString(): string {
    return this.fullName;
  }
}

/** Any table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTable = Table<string, any>;

/** `table AS name`: the same columns, qualified by the alias. */
export class TableAlias<A extends string = string, D extends ColumnDefs = ColumnDefs> {
  readonly name: A;
  readonly table: AnyTable;
  readonly node: AliasNode;
  readonly c: Columns<A, D>;
  readonly columns: readonly AnyColumn[];

  constructor(table: AnyTable, name: A) {
    this.name = name;
    this.table = table;
    this.node = node({ kind: "alias", from: table.node, name, lateral: false });
    const cols: Record<string, AnyColumn> = {};
    for (const col of table.columns) cols[col.key] = col.withOwner(this);
    this.c = Object.freeze(cols) as Columns<A, D>;
    this.columns = Object.freeze(Object.values(cols));
  }
}

/** Resolves a foreign-key target to the referenced column. */
export function resolveReference(target: ReferenceTarget, metadata: MetaData, from: string): AnyColumn {
  if (typeof target === "function") {
    const col = resolveClauseElement(target());
    if (!(col instanceof Column))
      throw new InvalidRequestError(`Foreign key on ${from}: the reference thunk did not return a column`);
    return col;
  }
  const dot = target.lastIndexOf(".");
  if (dot < 0) throw new ArgumentError(`Foreign key on ${from}: '${target}' is not of the form "table.column"`);
  const table = metadata.table(target.slice(0, dot));
  if (!table)
    throw new InvalidRequestError(`Foreign key on ${from} references unknown table '${target.slice(0, dot)}'`);
  const name = target.slice(dot + 1);
  const col = table.columns.find((c) => c.name === name || c.key === name);
  if (!col) throw new InvalidRequestError(`Foreign key on ${from} references unknown column '${target}'`);
  return col;
}
