/**
 * What reflection reads from a database, as neutral records, and the batch-first interface each dialect
 * implements with catalog queries (`src/dialects/<name>/introspection.ts`). The `Inspector` (src/reflection)
 * wraps it for users; migrations' autogenerate compares these records with MetaData.
 *
 * Every `getMulti*` method answers for many tables with a bounded number of catalog queries (never one
 * query per table): `tables` undefined means every table of the schema.
 */

import type { ReferentialAction } from "../ast/index.js";
import type { Executable, Params } from "../expr/index.js";
import type { SqlType } from "../types/index.js";

/** A connection catalog queries run on (an Athanor `Connection` satisfies it). */
export interface IntrospectionConnection {
  execute(statement: Executable, params?: Params): Promise<{ all(): readonly object[] }>;
}

/** A reflected column. */
export interface ReflectedColumn {
  readonly name: string;
  /** The Athanor type the database type maps to (the inverse of the dialect's type compiler). */
  readonly type: SqlType;
  readonly nullable: boolean;
  /** The server default as SQL text, as the database reports it (normalised per dialect, see its docs). */
  readonly default: string | undefined;
  /** Autoincrement / identity / serial. */
  readonly autoincrement: boolean;
  /** `GENERATED ALWAYS AS (sqltext) [STORED]`. */
  readonly computed: { readonly sqltext: string; readonly persisted: boolean } | undefined;
  readonly comment: string | undefined;
}

/** A reflected primary key (columns in key order). */
export interface ReflectedPrimaryKey {
  readonly name: string | undefined;
  readonly columns: readonly string[];
}

/** A reflected foreign key. */
export interface ReflectedForeignKey {
  readonly name: string | undefined;
  readonly columns: readonly string[];
  /** Undefined when the referred table is in the same schema as the referring one. */
  readonly referredSchema: string | undefined;
  readonly referredTable: string;
  readonly referredColumns: readonly string[];
  readonly onDelete: ReferentialAction | undefined;
  readonly onUpdate: ReferentialAction | undefined;
}

/** A reflected index (not the ones backing primary keys or unique constraints). */
export interface ReflectedIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Column names in index order; an expression item is `undefined` here and given in `expressions`. */
  readonly columns: readonly (string | undefined)[];
  /** SQL text of each item when the index has expressions (same length as `columns`), else undefined. */
  readonly expressions: readonly string[] | undefined;
  /** The predicate of a partial index, as SQL text. */
  readonly where: string | undefined;
}

/** A reflected UNIQUE constraint. */
export interface ReflectedUniqueConstraint {
  readonly name: string | undefined;
  readonly columns: readonly string[];
}

/** A reflected CHECK constraint. */
export interface ReflectedCheckConstraint {
  readonly name: string | undefined;
  readonly sqltext: string;
}

/** Per-table answers of a `getMulti*` call, keyed by table name. */
export type PerTable<T> = ReadonlyMap<string, T>;

/** The catalog queries of one dialect. `schema` undefined: the connection's default schema. */
export interface Introspector {
  getSchemaNames(conn: IntrospectionConnection): Promise<readonly string[]>;
  getTableNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]>;
  getViewNames(conn: IntrospectionConnection, schema: string | undefined): Promise<readonly string[]>;
  getMultiColumns(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedColumn[]>>;
  getMultiPkConstraint(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<ReflectedPrimaryKey | undefined>>;
  getMultiForeignKeys(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedForeignKey[]>>;
  getMultiIndexes(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedIndex[]>>;
  getMultiUniqueConstraints(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedUniqueConstraint[]>>;
  getMultiCheckConstraints(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<readonly ReflectedCheckConstraint[]>>;
  getMultiTableComment(
    conn: IntrospectionConnection,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<PerTable<string | undefined>>;
}
