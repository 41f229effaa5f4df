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
   * Adapts the statement to the parameters of an execution: an `insert(table)` without values takes its
   * columns from the parameter keys and fills client-side defaults.
   */
  forExecution?(paramSets: readonly Params[]): { readonly node: StatementNode; readonly paramSets: readonly Params[] };
}

/** True for objects `Connection.execute` accepts. */
export function isExecutable(value: unknown): value is Executable {
  return typeof value === "object" && value !== null && typeof (value as Executable).toStatementNode === "function";
}
