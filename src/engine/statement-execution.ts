/**
 * Running a planned statement on a driver connection (SQLAlchemy's execution context): for each run, the
 * `beforeExecute` event, one driver call per parameter set, the schema-change notice, echo and
 * `afterExecute`; the rows and counts accumulate here and become the `Result`.
 *
 * ```ts
 * const plan = planStatement(stmt, [params], dialect, cache);
 * const result = await new StatementExecution(plan).run(runner); // runner: what the connection provides
 * ```
 */

import type { Dialect } from "../dialect/index.js";
import type { DriverResult } from "../driver/driver.js";
import type { Result } from "../result/index.js";
import type { EventRegistry } from "./events.js";
import { type Logger, renderParams } from "./logging.js";
import type { PoolEntry } from "./pool.js";
import { bufferedResult, type ExecutionOutcome } from "./result-decoding.js";
import type { PlannedRun, StatementPlan } from "./statement-plan.js";

/** What running statements needs from the connection and engine running them. */
export interface StatementRunner {
  readonly dialect: Dialect;
  readonly events: EventRegistry;
  readonly echo: boolean;
  readonly logger: Logger;
  readonly hideParameters: boolean;
  /** The checked-out connection, in a transaction unless AUTOCOMMIT, ready for a statement. */
  begin(): Promise<PoolEntry>;
  /** Runs one parameter set of `run` on the driver connection, translating errors. */
  call(entry: PoolEntry, run: PlannedRun, values: unknown[]): Promise<DriverResult>;
  /** A statement that may have changed the schema ran. */
  schemaChanged(): void;
}

/** Echoes a statement and its parameters with timing, as SQLAlchemy's `echo=True` does. */
export function echoStatement(
  runner: Pick<StatementRunner, "logger" | "hideParameters">,
  sql: string,
  params: unknown,
  note: string,
  durationMs: number,
): void {
  runner.logger.info(sql);
  runner.logger.info(`[${note}] ${renderParams(params, runner.hideParameters)} (${durationMs.toFixed(2)} ms)`);
}

/** One execution of a plan: runs its statements in order and builds the buffered result. */
export class StatementExecution implements ExecutionOutcome {
  readonly plan: StatementPlan;
  readonly rows: unknown[][] = [];
  #rowcount: number | null = 0;
  #lastrowid: number | bigint | undefined;
  #described: DriverResult | undefined;
  /** Where each run's rows end in `rows`, and its lastrowid: kept only for a plan with a `finish` step. */
  readonly runEnds: { readonly end: number; readonly lastrowid: number | bigint | undefined }[] | undefined;

  constructor(plan: StatementPlan) {
    this.plan = plan;
    this.runEnds = plan.finish ? [] : undefined;
  }

  /** Rows affected or returned so far, summed over the runs; null once a driver call did not say. */
  get rowcount(): number | null {
    return this.#rowcount;
  }

  /** The last inserted row id the driver reported. */
  get lastrowid(): number | bigint | undefined {
    return this.#lastrowid;
  }

  /** The first driver result that returned rows: its fields describe them all. */
  get described(): DriverResult | undefined {
    return this.#described;
  }

  /** Runs every statement of the plan on the runner's connection and returns the decoded result. */
  async run(runner: StatementRunner): Promise<Result> {
    const entry = await runner.begin();
    for (const run of this.plan.runs) {
      const many = run.bound.length > 1;
      const eventParams = many ? run.bound : (run.bound[0] as unknown[]);
      const started = performance.now();
      const serverId = entry.connection.serverId;
      if (runner.events.has("beforeExecute")) {
        await runner.events.emit("beforeExecute", {
          sql: run.compiled.sql,
          params: eventParams,
          executemany: many,
          serverId,
        });
      }
      let runRowcount: number | null = 0;
      for (const values of run.bound) {
        const res = await runner.call(entry, run, values);
        runRowcount = runRowcount === null || res.rowCount === null ? null : runRowcount + res.rowCount;
        this.#lastrowid = res.lastInsertId;
        if ((res.width ?? res.fields.length) > 0) {
          this.#described ??= res;
          for (const row of res.rows) this.rows.push(row as unknown[]);
        }
      }
      this.#rowcount = this.#rowcount === null || runRowcount === null ? null : this.#rowcount + runRowcount;
      this.runEnds?.push({ end: this.rows.length, lastrowid: this.#lastrowid });
      if (run.schemaChange) runner.schemaChanged();
      const durationMs = performance.now() - started;
      if (runner.echo) echoStatement(runner, run.compiled.sql, eventParams, run.note, durationMs);
      if (runner.events.has("afterExecute")) {
        await runner.events.emit("afterExecute", {
          sql: run.compiled.sql,
          params: eventParams,
          executemany: many,
          serverId,
          rowcount: runRowcount,
          durationMs,
        });
      }
    }
    return bufferedResult(runner.dialect, this.plan, this);
  }
}
