/**
 * Planning an execution, without a connection: a statement and its parameter sets become the compiled
 * statements to run, each with the driver values of its parameter sets (SQLAlchemy's
 * `DefaultExecutionContext._init_compiled`). The engine runs plans; offline tooling (Migrate's `--sql`)
 * plans with a dialect and a `CompiledCache` alone.
 *
 * ```ts
 * const plan = planStatement(insert(users), [{ name: "Ann" }], dialect, new CompiledCache(dialect, 100));
 * plan.runs[0].compiled.sql; // 'INSERT INTO "users" ("name") VALUES ($1) RETURNING "users"."id"'
 * plan.runs[0].bound;        // [["Ann"]]
 * ```
 */

import { inspect } from "node:util";
import type { BindNode } from "../ast/index.js";
import type { CompiledQuery } from "../compiler/index.js";
import type { Dialect } from "../dialect/index.js";
import { ArgumentError, DataError } from "../errors/index.js";
import {
  type Executable,
  type ExecutionPlan,
  isExecutable,
  type Params,
  paramValue,
  type ResultColumn,
} from "../expr/index.js";
import { loneSurrogateIndex, loneSurrogateMessage } from "../util/unicode.js";
import type { CompiledEntry, StatementCompiler } from "./compiled-cache.js";

/** One compiled statement of a plan, with the driver values of each parameter set (more than one: executemany). */
export interface PlannedRun extends Omit<CompiledEntry, "binds"> {
  readonly bound: readonly unknown[][];
}

/** Statements ready to run: compiled SQL with the driver values of each parameter set. */
export interface StatementPlan {
  readonly runs: readonly PlannedRun[];
  /** The statement's declared result columns (keys and types), when it declares them. */
  readonly columns: readonly ResultColumn[] | undefined;
  /** Puts the rows of an INSERT's executions in parameter order and reads its primary keys (`ExecutionPlan.finish`). */
  readonly finish: ExecutionPlan["finish"];
}

/** Fails with a helpful message for what is not a statement (a plain string, a stray object). */
export function assertExecutable(statement: unknown): asserts statement is Executable<readonly unknown[], object> {
  if (typeof statement === "string") {
    throw new ArgumentError(
      `A plain string is not a statement; wrap raw SQL in text(): conn.execute(text(${JSON.stringify(statement.slice(0, 40))}))`,
    );
  }
  if (!isExecutable(statement)) {
    throw new ArgumentError(
      `Cannot execute ${inspect(statement, { depth: 0 })}: expected text(), select(), insert(), update(), deleteFrom() or a DDL construct`,
    );
  }
}

/**
 * Compiles (through `compiler`, usually a cache) and binds a statement for its parameter sets; nothing is
 * sent. A statement with too many parameters for the database, or a missing or unencodable value, fails here.
 */
export function planStatement(
  statement: Executable<readonly unknown[], object>,
  paramSets: readonly (Params | undefined)[],
  dialect: Dialect,
  compiler: StatementCompiler,
): StatementPlan {
  assertExecutable(statement);
  const caps = dialect.capabilities;
  const executionPlan: ExecutionPlan = statement.forExecution
    ? statement.forExecution(
        paramSets.map((p) => p ?? {}),
        {
          maxParameters: caps.maxParameters,
          lastrowid: caps.lastrowid,
          insertReturning: caps.returning.insert,
          autoincrementSentinel: caps.autoincrementSentinel,
        },
      )
    : { executions: [{ node: statement.toStatementNode(), paramSets }] };
  const runs = executionPlan.executions.map((execution): PlannedRun => {
    const { compiled, binds, note, prepareName, key, schemaChange } = compiler.compile(execution.node);
    if (compiled.slots.length > caps.maxParameters) {
      // The databases refuse it anyway, some cryptically (PostgreSQL's protocol counts parameters in 16 bits).
      throw new ArgumentError(
        `The statement has ${compiled.slots.length} parameters; ${dialect.name} takes at most ` +
          `${caps.maxParameters} in one statement. Split a long in() list into chunks, or join against a table of the values`,
      );
    }
    return {
      compiled,
      note,
      prepareName,
      key,
      schemaChange,
      bound: execution.paramSets.map((p) => bindParameters(dialect, compiled, binds, p)),
    };
  });
  return { runs, columns: executionPlan.columns ?? statement.resultColumns(), finish: executionPlan.finish };
}

/** Positional driver values for one execution; a missing value fails before anything is sent. */
export function bindParameters(
  dialect: Dialect,
  compiled: CompiledQuery,
  binds: readonly BindNode[],
  params: Params | undefined,
): unknown[] {
  const slots = compiled.slots;
  const out = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as (typeof slots)[number];
    let name: string | undefined;
    let value: unknown;
    let type;
    if (typeof slot === "number") {
      const b = binds[slot] as BindNode;
      name = b.name;
      type = b.type;
      value = name === undefined ? undefined : paramValue(params, name);
      if (value === undefined) value = b.value;
    } else {
      name = slot.name;
      type = slot.type;
      value = paramValue(params, name);
    }
    if (value === undefined) {
      if (params === undefined || params === null || typeof params !== "object") {
        const names = slots.flatMap((s) => (typeof s === "number" ? (binds[s]?.name ?? []) : [s.name]));
        throw new ArgumentError(
          `This statement needs bind parameters (${[...new Set(names)].map((n) => `'${n}'`).join(", ")}); pass them as an object, e.g. { ${names[0]}: … }`,
        );
      }
      throw new ArgumentError(
        `A value is required for bind parameter '${name}' (got ${name !== undefined && Object.hasOwn(params, name) ? "undefined" : "no such key"}); pass null for SQL NULL`,
      );
    }
    try {
      const bound = type ? dialect.processors(type).bind(value) : dialect.bindUntyped(value);
      if (typeof bound === "string") {
        // A lone surrogate has no UTF-8 encoding: the drivers would store U+FFFD instead, silently.
        const at = loneSurrogateIndex(bound);
        if (at >= 0) throw new DataError(`the value has ${loneSurrogateMessage(bound, at)}`, undefined);
      }
      out[i] = bound;
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`Bind parameter '${name ?? `#${i + 1}`}': ${error.message}`, undefined, {
          sql: compiled.sql,
        });
      throw error;
    }
  }
  return out;
}
