/**
 * Column definitions. `column(type)` starts an immutable builder; a `Table` turns each builder into a
 * typed `Column` bound to the table.
 *
 * ```ts
 * const users = new Table("users", metadata, {
 *   id: column(Integer()).primaryKey().autoincrement(),
 *   email: column(String(255)).unique(),
 *   bio: column(Text()).nullable(),
 *   createdAt: column(DateTime(), { name: "created_at" }).serverDefault(func.now()),
 * });
 * users.c.bio; // Column<string | null, "bio", "users">
 * ```
 */

import {
  node,
  type AliasNode,
  type ColumnNode,
  type CteNode,
  type ExprNode,
  type ReferentialAction,
  type TableNode,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import { type HasClauseElement, type Label, SqlExpression, toNode } from "../expr/index.js";
import type { SqlType } from "../types/index.js";

/** A foreign-key target: a thunk returning the referenced column (resolved lazily), or `"table.column"`. */
export type ReferenceTarget = (() => AnyColumn | HasClauseElement<AnyColumn>) | string;

/** Options of `references()`. */
export interface ReferenceOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** Constraint name (default: from the naming convention). */
  readonly name?: string;
  /** Create the constraint with ALTER TABLE after the tables (to break a dependency cycle). */
  readonly useAlter?: boolean;
}

/** Everything a column builder records. */
export interface ColumnSpec {
  readonly type: SqlType;
  /** Database name (default: the key in the table's column object, or the metadata's naming rule). */
  readonly name: string | undefined;
  readonly primaryKey: boolean;
  readonly nullable: boolean;
  readonly unique: boolean;
  readonly index: boolean;
  readonly autoincrement: boolean | undefined;
  /** Client-side default: a value, or a function called for each inserted row. */
  readonly default: { readonly value: unknown } | { readonly fn: () => unknown } | undefined;
  /** Client-side value for every UPDATE that does not set the column. */
  readonly onUpdate: { readonly value: unknown } | { readonly fn: () => unknown } | undefined;
  readonly serverDefault: SqlExpression | string | undefined;
  readonly references: readonly { readonly target: ReferenceTarget; readonly options: ReferenceOptions }[];
  readonly computed: { readonly expr: SqlExpression; readonly persisted: boolean } | undefined;
  readonly comment: string | undefined;
}

/**
 * An immutable column builder. `T` is the JS value type, `Null` whether NULL is allowed, `Opt` whether an
 * INSERT may omit the column (it has a default, a server default, autoincrement, or is nullable), `Pk`
 * whether it was declared `.primaryKey()` (which types `result.insertedPrimaryKey`).
 */
export class ColumnBuilder<
  T = unknown,
  Null extends boolean = boolean,
  Opt extends boolean = boolean,
  Pk extends boolean = boolean,
> {
  /** Phantoms for inference. */
  declare readonly __value: T;
  declare readonly __null: Null;
  declare readonly __optional: Opt;
  declare readonly __primaryKey: Pk;
  readonly spec: ColumnSpec;

  constructor(spec: ColumnSpec) {
    this.spec = Object.freeze(spec);
    Object.freeze(this);
  }

  #with<N extends boolean, O extends boolean, P extends boolean = Pk>(
    changes: Partial<ColumnSpec>,
  ): ColumnBuilder<T, N, O, P> {
    return new ColumnBuilder<T, N, O, P>({ ...this.spec, ...changes });
  }

  /**
   * Part of the primary key (NOT NULL). An integer primary key is autoincrement by default (SQLAlchemy's
   * rule, applied when it is the table's only key column), so inserts may omit it.
   */
  primaryKey(): ColumnBuilder<T, false, T extends number | bigint ? true : Opt, true> {
    return this.#with({ primaryKey: true, nullable: false });
  }
  /** Allows NULL: values are `T | null` and the column may be omitted on insert. */
  nullable(): ColumnBuilder<T, true, true, Pk> {
    if (this.spec.primaryKey) throw new ArgumentError("A primary key column cannot be nullable");
    return this.#with({ nullable: true });
  }
  /** A UNIQUE constraint on this column. */
  unique(): ColumnBuilder<T, Null, Opt, Pk> {
    return this.#with({ unique: true });
  }
  /** An index on this column. */
  index(): ColumnBuilder<T, Null, Opt, Pk> {
    return this.#with({ index: true });
  }
  /** Autoincrement / identity (integer primary keys get it by default when they are the only key column). */
  autoincrement(enabled = true): ColumnBuilder<T, Null, true, Pk> {
    return this.#with({ autoincrement: enabled });
  }
  /** Client-side default: a value, or a function called once per inserted row. */
  default(value: T | (() => T)): ColumnBuilder<T, Null, true, Pk> {
    return this.#with({ default: typeof value === "function" ? { fn: value as () => unknown } : { value } });
  }
  /** Client-side value applied by UPDATE statements that do not set the column (e.g. `updatedAt`). */
  onUpdate(value: T | (() => T)): ColumnBuilder<T, Null, Opt, Pk> {
    return this.#with({ onUpdate: typeof value === "function" ? { fn: value as () => unknown } : { value } });
  }
  /**
   * Server-side default (DDL `DEFAULT`): an expression such as `func.now()`, a literal string value
   * (`"member"` → `DEFAULT 'member'`), or SQL through `literalColumn("CURRENT_DATE")`.
   */
  serverDefault(value: SqlExpression | string): ColumnBuilder<T, Null, true, Pk> {
    return this.#with({ serverDefault: value });
  }
  /** A foreign key to another column. */
  references(target: ReferenceTarget, options: ReferenceOptions = {}): ColumnBuilder<T, Null, Opt, Pk> {
    return this.#with({ references: [...this.spec.references, { target, options }] });
  }
  /** A generated column: `GENERATED ALWAYS AS (expr)`, stored when `persisted`. */
  computed(expr: SqlExpression, options: { persisted?: boolean } = {}): ColumnBuilder<T, Null, true, Pk> {
    return this.#with({ computed: { expr, persisted: options.persisted ?? true } });
  }
  /** A column comment. */
  comment(text: string): ColumnBuilder<T, Null, Opt, Pk> {
    return this.#with({ comment: text });
  }
}

/** Starts a column definition of a SQL type; `name` sets the database name when it differs from the key. */
export function column<T>(type: SqlType<T>, options: { name?: string } = {}): ColumnBuilder<T, false, false, false> {
  return new ColumnBuilder<T, false, false, false>({
    type,
    name: options.name,
    primaryKey: false,
    nullable: false,
    unique: false,
    index: false,
    autoincrement: undefined,
    default: undefined,
    onUpdate: undefined,
    serverDefault: undefined,
    references: [],
    computed: undefined,
    comment: undefined,
  });
}

/** The JS value type of a builder, with `| null` when nullable. */
export type BuilderValue<B> =
  B extends ColumnBuilder<infer T, infer N, boolean> ? (N extends true ? T | null : T) : never;

/** What a Column needs from its table. */
export interface ColumnOwner {
  readonly name: string;
  readonly node: TableNode | AliasNode | CteNode;
}

/**
 * A column of a table (or of an alias of it): a typed SQL expression with a key (`K`, the name in
 * `table.c` and in result rows) and the table's name (`TName`).
 */
export class Column<T = unknown, K extends string = string, TName extends string = string> extends SqlExpression<T> {
  declare readonly __table: TName;
  /** The key: the property name in `table.c` and the row key in results. */
  readonly key: K;
  /** The database name. */
  readonly name: string;
  readonly type: SqlType;
  readonly spec: ColumnSpec;
  readonly table: ColumnOwner;
  readonly node: ColumnNode;

  constructor(table: ColumnOwner, key: K, name: string, spec: ColumnSpec) {
    super();
    this.table = table;
    this.key = key;
    this.name = name;
    this.type = spec.type;
    this.spec = spec;
    this.node = node({ kind: "column", name, from: table.node, type: spec.type });
    Object.freeze(this);
  }

  /** True when the column is part of its table's primary key. */
  get primaryKey(): boolean {
    return this.spec.primaryKey;
  }
  /** True when the column accepts NULL. */
  get nullable(): boolean {
    return this.spec.nullable;
  }

  /** `column AS name`; the label keeps the column's table for typing (an outer join makes it nullable). */
  override label<L extends string>(name: L): Label<T, L, TName> {
    return super.label(name) as Label<T, L, TName>;
  }

  /** The same column, attached to another owner (an alias or a subquery). */
  withOwner(owner: ColumnOwner): Column<T, K, TName> {
    return new Column(owner, this.key, this.name, this.spec);
  }

  override toString(): string {
    return `${this.table.name}.${this.name}`;
  }
}

/** Any column. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyColumn = Column<any, string, string>;

/** The node of a server default: a string is a literal value (as in SQLAlchemy); SQL goes through `literalColumn()`. */
export function serverDefaultNode(value: SqlExpression | string | undefined): ExprNode | undefined {
  if (value === undefined) return undefined;
  return toNode(value, undefined);
}
