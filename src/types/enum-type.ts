/**
 * `Enum`: a column holding one of a fixed list of strings, typed as their string-literal union. Native on
 * PostgreSQL (a named `CREATE TYPE … AS ENUM`), inline on MySQL (`ENUM('a', 'b')`), a `VARCHAR` with a
 * CHECK constraint on SQLite; the dialect's type compiler and the DDL layer decide which.
 */

import { ArgumentError } from "../errors/index.js";
import { fail } from "./fail.js";
import { SqlType } from "./sql-type.js";

/** Options of `Enum(...)`. */
export interface EnumOptions {
  /**
   * The database type's name where enums are named types (PostgreSQL's `CREATE TYPE <name> AS ENUM`).
   * Without it, a column's enum is named `<table>_<column>_enum` (see `enumTypeName`).
   */
  readonly name?: string;
}

/** Where an enum column lives: what an unnamed enum's default type name is derived from. */
export interface EnumColumnContext {
  /** The table's name in the database. */
  readonly table: string;
  /** The column's name in the database (not its key in the table definition). */
  readonly column: string;
}

/** Readable list of values for messages: `'todo', 'done'`. */
function listValues(values: readonly string[]): string {
  const shown = values.slice(0, 10).map((v) => JSON.stringify(v));
  return values.length > 10 ? `${shown.join(", ")}, … (${values.length} values)` : shown.join(", ");
}

/**
 * One of a fixed list of strings → the string-literal union `V`. Binds check membership (a DataError
 * names the allowed values); results are checked too, so a value the model does not know (say, one a
 * later migration added) is a DataError rather than a lie in the type.
 *
 * ```ts
 * const Status = Enum(["todo", "done"]); // EnumType<"todo" | "done">
 * Status.bind("done"); // "done"
 * Status.bind("later"); // DataError: Enum("todo", "done") cannot take "later": expected one of "todo", "done"
 * ```
 */
export class EnumType<V extends string = string> extends SqlType<V> {
  readonly kind = "enum" as const;
  /** The allowed values, in declaration order (the order PostgreSQL and MySQL sort enums by). */
  readonly values: readonly V[];
  /** The explicit type name (`{ name }`), if any. */
  readonly name: string | undefined;
  readonly #allowed: ReadonlySet<string>;

  constructor(values: readonly V[], options: EnumOptions = {}) {
    super();
    if (values.length === 0) throw new ArgumentError("Enum needs at least one value");
    for (const v of values) {
      if (typeof v !== "string")
        throw new ArgumentError(
          `Enum values must be strings, not ${typeof v} ${String(v)} (numeric TS enums are not supported)`,
        );
    }
    const allowed = new Set<string>(values);
    if (allowed.size !== values.length) {
      const dupes = values.filter((v, i) => values.indexOf(v) !== i);
      throw new ArgumentError(`Enum values must be unique; repeated: ${listValues(dupes)}`);
    }
    if (options.name !== undefined && (typeof options.name !== "string" || options.name === ""))
      throw new ArgumentError("Enum name must be a non-empty string");
    this.values = Object.freeze([...values]);
    this.name = options.name;
    this.#allowed = allowed;
  }

  /** Length of the longest value in characters (code points): the `VARCHAR(n)` that holds every value. */
  get maxLength(): number {
    return Math.max(...this.values.map((v) => [...v].length));
  }

  /** Whether `value` is one of the values. */
  has(value: unknown): value is V {
    return typeof value === "string" && this.#allowed.has(value);
  }

  toString(): string {
    return this.name === undefined ? `Enum(${listValues(this.values)})` : `Enum ${this.name}`;
  }

  /** The name and every value: MySQL writes the values into its DDL and casts, PostgreSQL the name. */
  get cacheKey(): string {
    return `enum(${JSON.stringify(this.name ?? null)},${JSON.stringify(this.values)})`;
  }

  bind(value: unknown): V {
    if (this.has(value)) return value;
    return fail(this, value, `expected one of ${listValues(this.values)}`);
  }

  result(value: unknown): V {
    const v = Buffer.isBuffer(value) ? value.toString("utf8") : value;
    if (this.has(v)) return v;
    return fail(this, value, `not one of ${listValues(this.values)}; declare every value the column can hold`);
  }
}

/**
 * The name of an enum's database type (PostgreSQL's `CREATE TYPE`). The rule: the `name` option when
 * given; otherwise `<table>_<column>_enum` from the column it is declared on (the `_enum` suffix keeps
 * it apart from the row type PostgreSQL creates for every table). An unnamed enum outside a column (say,
 * in a `cast`) has no name: that is an ArgumentError asking for one.
 *
 * ```ts
 * enumTypeName(Enum(["a", "b"], { name: "mood" })); // "mood"
 * enumTypeName(Enum(["todo", "done"]), { table: "tasks", column: "status" }); // "tasks_status_enum"
 * ```
 */
export function enumTypeName(type: EnumType, column?: EnumColumnContext): string {
  if (type.name !== undefined) return type.name;
  if (column !== undefined) return `${column.table}_${column.column}_enum`;
  throw new ArgumentError(
    `${type.toString()} has no type name outside a table column; name it: Enum([...], { name: "my_enum" })`,
  );
}
