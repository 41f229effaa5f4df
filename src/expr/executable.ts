/** What `Connection.execute` runs: anything that can produce a statement node. */

import type { StatementNode } from "../ast/index.js";
import type { SqlType } from "../types/index.js";

/** Named parameters of one execution. */
export type Params = Readonly<Record<string, unknown>>;

/** A result column the statement knows: its row key and type. */
export interface ResultColumn {
  readonly key: string;
  readonly type: SqlType | undefined;
}

/** A statement `Connection.execute` can run, with the row types it yields. */
export interface Executable<T extends readonly unknown[] = unknown[], N extends object = Record<string, unknown>> {
  /** Phantom: the row tuple type. */
  readonly __rowTuple?: T;
  /** Phantom: the row's named type. */
  readonly __rowNamed?: N;
  /** The statement's node. */
  toStatementNode(): StatementNode;
  /** Row keys and types by position, when the statement knows them (else the driver's names are used). */
  resultColumns(): readonly ResultColumn[] | undefined;
  /**
   * Adapts the statement to the parameters of an execution: an `insert(table)` takes its rows from the
   * parameter sets, fills client-side defaults and pages many rows into multi-row VALUES statements.
   */
  forExecution?(paramSets: readonly Params[], context: ExecutionContext): ExecutionPlan;
}

/**
 * How the rows of a multi-row INSERT whose primary key the database generates are matched to their
 * parameter sets (SQLAlchemy's `insertmanyvalues_implicit_sentinel`): `"values"`, the database numbers
 * autoincrement keys in VALUES order within one statement, so rows sorted by key are in parameter order
 * (MariaDB); `"ordered-select"`, only `INSERT … SELECT … FROM (VALUES …) ORDER BY n` numbers them in order
 * (PostgreSQL); `"none"`, no form does (SQLite), so such rows are inserted one per statement.
 */
export type AutoincrementSentinel = "values" | "ordered-select" | "none";

/** What the dialect lets a statement plan for. */
export interface ExecutionContext {
  /** Largest number of bind parameters in one statement. */
  readonly maxParameters: number;
  /** The driver reports the generated key of an INSERT (MySQL, SQLite). */
  readonly lastrowid: boolean;
  /** INSERT … RETURNING works. */
  readonly insertReturning: boolean;
  /** How multi-row INSERT … RETURNING rows are matched to parameter sets when the database generates keys. */
  readonly autoincrementSentinel: AutoincrementSentinel;
}

/** One statement to run, with the parameter sets to run it with (more than one: executemany). */
export interface Execution {
  readonly node: StatementNode;
  readonly paramSets: readonly (Params | undefined)[];
}

/** What one execution of a plan gave back: its decoded rows and the driver's last inserted row id. */
export interface ExecutionOutcome {
  readonly rows: readonly (readonly unknown[])[];
  readonly lastrowid: number | bigint | undefined;
}

/** The rows a plan's `finish` hands to the result, and the inserted primary keys. */
export interface FinishedExecution {
  /** Rows in parameter order, cut to the statement's own columns. */
  readonly rows: readonly (readonly unknown[])[];
  /** How many leading columns of the executed rows are the statement's own (0: it returns no rows). */
  readonly width: number;
  /** Primary key of each inserted row, in parameter order; undefined where it cannot be known. */
  readonly insertedPrimaryKeys: readonly (readonly unknown[])[] | undefined;
}

/** How to run a statement for an execution's parameters. */
export interface ExecutionPlan {
  readonly executions: readonly Execution[];
  /**
   * Columns of the rows the executions return when they differ from the statement's `resultColumns()`:
   * the statement's own, then columns the plan added to correlate rows or read primary keys (an implicit
   * RETURNING), which `finish` cuts off.
   */
  readonly columns?: readonly ResultColumn[];
  /**
   * Called once every execution ran, with one outcome per execution in order: puts the returned rows in
   * parameter order and reads the inserted primary keys (an INSERT's plan). Without it, rows are returned
   * as the executions gave them.
   */
  finish?(outcomes: readonly ExecutionOutcome[]): FinishedExecution;
}

/**
 * The parameters a statement takes: what its `__params` phantom declares (an `insert(table)` without
 * `values()` takes rows of its table), otherwise named `Params`.
 */
export type ParamsOf<S> = S extends { readonly __params?: infer P } ? (unknown extends P ? Params : P) : Params;

/**
 * `params[name]` when `params` has it as its own property: `:__proto__` or `:constructor` with `{}` is a
 * missing parameter, not Object.prototype's. Only an object or function value can be inherited from there,
 * so a plain value skips the own-property check.
 */
export function paramValue(params: Params | undefined, name: string): unknown {
  const value = params?.[name];
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
  return Object.hasOwn(params as object, name) ? value : undefined;
}

/** True for objects `Connection.execute` accepts. */
export function isExecutable(value: unknown): value is Executable {
  return typeof value === "object" && value !== null && typeof (value as Executable).toStatementNode === "function";
}

/**
 * An option carried by a statement (`select(...).options(opt)`) for a plugin to read — the ORM's loader options
 * are options. Options never change the statement's SQL or its cache key by themselves: a plugin that acts on
 * them changes the SQL by compiling the statement differently (`StatementPlugin.compile`), which changes the
 * compiled statement's node and so its key.
 */
export interface ExecutableOption {
  /** How the option reads in messages, e.g. `selectinload(User.projects)`. */
  readonly optionName: string;
}

/**
 * What shapes a statement beyond Core (SQLAlchemy's compile-state plugins, e.g. `"orm"`). A statement gets its
 * plugin from the protocol objects (`[clauseElement]`) it was built from, or from `withPlugin()`.
 */
export interface StatementPlugin<S = unknown> {
  /** The plugin's name, for messages. */
  readonly name: string;
  /**
   * The Core statement that runs (and is shown) in place of `statement`, e.g. with joins and columns an eager
   * loader adds. Called once per statement object (the result is memoised); it must return a statement without
   * this plugin's compile step (`statement.withPlugin(undefined)` and Core builders on it).
   */
  compile?(statement: S): S;
  /**
   * Shapes the result `Connection.execute` returns for the statement (rows of ORM entities, say). `result` is
   * the Core `Result` of the compiled statement; what it returns (or resolves to) is what `execute` resolves to.
   */
  processResult?(result: unknown, context: PluginContext<S>): unknown;
}

/** What a plugin's `processResult` is told about the execution. */
export interface PluginContext<S = unknown> {
  /** The statement as the caller passed it. */
  readonly statement: S;
  /** The parameters of the execution. */
  readonly params: Params | readonly Params[] | undefined;
  /** The `Connection` that ran it (typed loosely here: the engine layer is above this one). */
  readonly connection: unknown;
}

/** A statement that may carry a plugin (implemented by `Select`). */
export interface PluggableStatement {
  readonly plugin: StatementPlugin | undefined;
}

/** The plugin of a statement, if it has one. */
export function pluginOf(statement: object): StatementPlugin | undefined {
  return (statement as Partial<PluggableStatement>).plugin;
}

/**
 * The property by which an object given to `select()` (e.g. an ORM class) says which plugin the statement needs:
 * `select(User)` then carries `User[statementPlugin]`.
 */
export const statementPlugin: unique symbol = Symbol.for("athanor.statementPlugin");

/** The plugin an input object asks for, if any. */
export function pluginOfInput(value: unknown): StatementPlugin | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  return (value as { [statementPlugin]?: StatementPlugin })[statementPlugin];
}
