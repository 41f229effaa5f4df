/**
 * Decoding what a driver returned into a `Result`: row keys and result processors from the statement's
 * declared columns (or the driver's field descriptions), rows decoded in place, and the inserted primary
 * key of an INSERT. Shared by buffered execution and streaming.
 */

import type { Dialect, Processor } from "../dialect/index.js";
import type { DriverField, DriverResult } from "../driver/driver.js";
import { InvalidRequestError } from "../errors/index.js";
import type { ResultColumn } from "../expr/index.js";
import { Result } from "../result/index.js";
import type { StatementPlan } from "./statement-plan.js";

/** Row keys and the processor of each column (undefined where values pass through). */
export interface ResultPlan {
  readonly keys: string[];
  readonly processors: (Processor | undefined)[];
}

/**
 * Row keys and result processors: from the declared columns where the statement declares them (typed
 * statements never need the driver's field descriptions), from the driver's fields otherwise.
 */
export function resultPlan(
  dialect: Dialect,
  columns: readonly ResultColumn[] | undefined,
  res: Pick<DriverResult, "fields" | "width">,
): ResultPlan {
  const width = res.width ?? res.fields.length;
  if (columns && columns.length > width) {
    throw new InvalidRequestError(
      `The statement declares ${columns.length} result columns but the database returned ${width}`,
    );
  }
  const keys = new Array<string>(width);
  const processors = new Array<Processor | undefined>(width);
  for (let i = 0; i < width; i++) {
    const declared = columns?.[i];
    const type = declared?.type;
    keys[i] = declared?.key ?? (res.fields[i] as DriverField).name;
    processors[i] = type ? dialect.processors(type).result : dialect.untypedResult(res.fields[i] as DriverField);
  }
  return { keys, processors };
}

/** Decodes rows in place; only columns that have a processor are visited. */
export function decodeRows(rows: unknown[][], processors: readonly (Processor | undefined)[]): void {
  const active: number[] = [];
  for (let i = 0; i < processors.length; i++) if (processors[i]) active.push(i);
  if (active.length === 0) return;
  for (const row of rows) {
    for (const i of active) row[i] = (processors[i] as Processor)(row[i]);
  }
}

/** What the runs of a plan returned, accumulated over its driver calls. */
export interface ExecutionOutcome {
  /** Rows affected or returned, summed over the runs; null once a driver call did not say. */
  readonly rowcount: number | null;
  readonly lastrowid: number | bigint | undefined;
  /** The first driver result that returned rows: its fields describe them all. */
  readonly described: DriverResult | undefined;
  /** Every returned row, undecoded, in order. */
  readonly rows: unknown[][];
  /** Where each run's rows end in `rows`, and its lastrowid (kept for a plan with a `finish` step). */
  readonly runEnds: readonly { readonly end: number; readonly lastrowid: number | bigint | undefined }[] | undefined;
}

/**
 * The buffered `Result` of an executed plan (decodes `outcome.rows` in place). A plan with a `finish` step (an
 * INSERT's) puts the rows in parameter order, cuts off the columns it added, and gives the inserted keys.
 */
export function bufferedResult(dialect: Dialect, plan: StatementPlan, outcome: ExecutionOutcome): Result {
  const { rowcount, lastrowid, described, rows, runEnds } = outcome;
  let keys: string[] = [];
  if (described) {
    const decoded = resultPlan(dialect, plan.columns, described);
    decodeRows(rows, decoded.processors);
    keys = decoded.keys;
  }
  if (!plan.finish || !runEnds) return new Result({ keys, rows, rowcount: rowcount ?? -1, lastrowid });
  const finished = plan.finish(
    runEnds.map((r, i) => ({ rows: rows.slice(i === 0 ? 0 : runEnds[i - 1]?.end, r.end), lastrowid: r.lastrowid })),
  );
  const insertedPrimaryKeys = finished.insertedPrimaryKeys;
  return new Result({
    keys: finished.width === 0 ? [] : keys.slice(0, finished.width),
    rows: finished.width === 0 ? [] : finished.rows,
    rowcount: rowcount ?? -1,
    lastrowid,
    insertedPrimaryKey: insertedPrimaryKeys?.length === 1 ? insertedPrimaryKeys[0] : undefined,
    insertedPrimaryKeys,
  });
}
