/**
 * The Inspector: what a live database holds, as neutral records, read with batch-first catalog queries.
 *
 * ```ts
 * const insp = inspect(engine);
 * await insp.getTableNames();                 // ["projects", "tasks", "users"]
 * await insp.getColumns("users");             // [{ name: "id", type: String(36), nullable: false, … }, …]
 * await insp.getMultiForeignKeys();           // Map { "projects" => [...], "tasks" => [...], "users" => [] }
 * ```
 * Single-table methods throw `NoSuchTableError` for a table that does not exist; `getMulti*` methods answer
 * for every table of the schema (or the listed ones) with a bounded number of queries.
 */

import { InvalidRequestError, NotSupportedError } from "../errors/index.js";
import type {
  Capabilities,
  IntrospectionConnection,
  Introspector,
  PerTable,
  ReflectedCheckConstraint,
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedPrimaryKey,
  ReflectedUniqueConstraint,
} from "../dialect/index.js";

/** A table the database does not have. */
export class NoSuchTableError extends InvalidRequestError {}

/** What the Inspector needs: an engine (structurally). */
export interface InspectionBind {
  readonly dialect: {
    readonly name: string;
    readonly introspector: Introspector | undefined;
    readonly capabilities: Capabilities;
  };
  connect(): Promise<IntrospectionConnection & { close(): Promise<void> }>;
}

type MultiMethod =
  | "getMultiColumns"
  | "getMultiPkConstraint"
  | "getMultiForeignKeys"
  | "getMultiIndexes"
  | "getMultiUniqueConstraints"
  | "getMultiCheckConstraints"
  | "getMultiTableComment";

type MultiResult<M extends MultiMethod> = Awaited<ReturnType<Introspector[M]>>;

/** Reads a database's schema. Create with `inspect(engine)`. */
export class Inspector {
  readonly #bind: InspectionBind;
  readonly #introspector: Introspector;

  constructor(bind: InspectionBind) {
    const introspector = bind.dialect.introspector;
    if (!introspector) throw new NotSupportedError(`The ${bind.dialect.name} dialect cannot reflect a database yet`);
    this.#bind = bind;
    this.#introspector = introspector;
  }

  /** Runs `fn` on a pooled connection, returned afterwards. */
  async #with<T>(fn: (conn: IntrospectionConnection) => Promise<T>): Promise<T> {
    const conn = await this.#bind.connect();
    try {
      return await fn(conn);
    } finally {
      await conn.close();
    }
  }

  /** Schema names (PostgreSQL schemas; MySQL databases; SQLite `main` and attached databases). */
  getSchemaNames(): Promise<readonly string[]> {
    return this.#with((c) => this.#introspector.getSchemaNames(c));
  }
  /** Table names of a schema (default: the connection's), sorted. */
  getTableNames(schema?: string): Promise<readonly string[]> {
    return this.#with((c) => this.#introspector.getTableNames(c, schema));
  }
  /** View names of a schema, sorted. */
  getViewNames(schema?: string): Promise<readonly string[]> {
    return this.#with((c) => this.#introspector.getViewNames(c, schema));
  }
  /** True when the table exists. */
  async hasTable(table: string, schema?: string): Promise<boolean> {
    return (await this.getTableNames(schema)).includes(table);
  }

  #multi<M extends MultiMethod>(
    method: M,
    schema: string | undefined,
    tables: readonly string[] | undefined,
  ): Promise<MultiResult<M>> {
    return this.#with((c) => this.#introspector[method](c, schema, tables) as Promise<MultiResult<M>>);
  }

  async #one<M extends MultiMethod>(
    method: M,
    table: string,
    schema: string | undefined,
  ): Promise<NonNullable<MultiResult<M>> extends PerTable<infer V> ? V : never> {
    const result = (await this.#multi(method, schema, [table])) as PerTable<unknown>;
    if (!result.has(table)) {
      throw new NoSuchTableError(
        `No table '${schema ? `${schema}.` : ""}${table}' in the database; its tables are listed by inspect(engine).getTableNames()`,
      );
    }
    return result.get(table) as never;
  }

  /** Columns of every table (or of `tables`) in a schema, by table. */
  getMultiColumns(
    options: { schema?: string; tables?: readonly string[] } = {},
  ): Promise<PerTable<readonly ReflectedColumn[]>> {
    return this.#multi("getMultiColumns", options.schema, options.tables);
  }
  /** Primary keys by table. */
  getMultiPkConstraint(
    options: { schema?: string; tables?: readonly string[] } = {},
  ): Promise<PerTable<ReflectedPrimaryKey | undefined>> {
    return this.#multi("getMultiPkConstraint", options.schema, options.tables);
  }
  /** Foreign keys by table. */
  getMultiForeignKeys(
    options: { schema?: string; tables?: readonly string[] } = {},
  ): Promise<PerTable<readonly ReflectedForeignKey[]>> {
    return this.#multi("getMultiForeignKeys", options.schema, options.tables);
  }
  /** Indexes by table. */
  getMultiIndexes(
    options: { schema?: string; tables?: readonly string[] } = {},
  ): Promise<PerTable<readonly ReflectedIndex[]>> {
    return this.#multi("getMultiIndexes", options.schema, options.tables);
  }
  /** UNIQUE constraints by table. */
  getMultiUniqueConstraints(
    options: { schema?: string; tables?: readonly string[] } = {},
  ): Promise<PerTable<readonly ReflectedUniqueConstraint[]>> {
    return this.#multi("getMultiUniqueConstraints", options.schema, options.tables);
  }
  /** CHECK constraints by table. */
  getMultiCheckConstraints(
    options: { schema?: string; tables?: readonly string[] } = {},
  ): Promise<PerTable<readonly ReflectedCheckConstraint[]>> {
    return this.#multi("getMultiCheckConstraints", options.schema, options.tables);
  }
  /** Table comments by table. */
  getMultiTableComment(
    options: { schema?: string; tables?: readonly string[] } = {},
  ): Promise<PerTable<string | undefined>> {
    return this.#multi("getMultiTableComment", options.schema, options.tables);
  }

  /** Columns of one table. */
  getColumns(table: string, schema?: string): Promise<readonly ReflectedColumn[]> {
    return this.#one("getMultiColumns", table, schema);
  }
  /** Primary key of one table (undefined: it has none). */
  getPkConstraint(table: string, schema?: string): Promise<ReflectedPrimaryKey | undefined> {
    return this.#one("getMultiPkConstraint", table, schema);
  }
  /** Foreign keys of one table. */
  getForeignKeys(table: string, schema?: string): Promise<readonly ReflectedForeignKey[]> {
    return this.#one("getMultiForeignKeys", table, schema);
  }
  /** Indexes of one table. */
  getIndexes(table: string, schema?: string): Promise<readonly ReflectedIndex[]> {
    return this.#one("getMultiIndexes", table, schema);
  }
  /** UNIQUE constraints of one table. */
  getUniqueConstraints(table: string, schema?: string): Promise<readonly ReflectedUniqueConstraint[]> {
    return this.#one("getMultiUniqueConstraints", table, schema);
  }
  /** CHECK constraints of one table. */
  getCheckConstraints(table: string, schema?: string): Promise<readonly ReflectedCheckConstraint[]> {
    return this.#one("getMultiCheckConstraints", table, schema);
  }
  /** Comment of one table. */
  getTableComment(table: string, schema?: string): Promise<string | undefined> {
    return this.#one("getMultiTableComment", table, schema);
  }
}

/** An Inspector for an engine. */
export function inspect(bind: InspectionBind): Inspector {
  return new Inspector(bind);
}
