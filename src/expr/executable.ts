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

/** What the dialect lets a statement plan for. */
export interface ExecutionContext {
  /** Largest number of bind parameters in one statement. */
  readonly maxParameters: number;
  /** The driver reports the generated key of an INSERT (MySQL, SQLite). */
  readonly lastrowid: boolean;
  /** INSERT … RETURNING works. */
  readonly insertReturning: boolean;
}

/** One statement to run, with the parameter sets to run it with (more than one: executemany). */
export interface Execution {
  readonly node: StatementNode;
  readonly paramSets: readonly (Params | undefined)[];
}

/** How to run a statement for an execution's parameters. */
export interface ExecutionPlan {
  readonly executions: readonly Execution[];
  /**
   * For a single-row INSERT: how to get the inserted primary key. With `returning` set, the statements
   * were given an implicit `RETURNING` of these columns, whose rows feed `compute` and are not shown.
   */
  readonly primaryKey?: {
    readonly returning: readonly ResultColumn[] | undefined;
    compute(
      lastrowid: number | bigint | undefined,
      returned: readonly unknown[] | undefined,
    ): readonly unknown[] | undefined;
  };
}

/** True for objects `Connection.execute` accepts. */
export function isExecutable(value: unknown): value is Executable {
  return typeof value === "object" && value !== null && typeof (value as Executable).toStatementNode === "function";
}
