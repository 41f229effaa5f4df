/**
 * How an INSERT of many rows runs (SQLAlchemy's "insertmanyvalues"): rows are grouped by the columns they
 * give (their shape), each group is paged into multi-row VALUES statements, and RETURNING rows and inserted
 * primary keys are put back in parameter order by a sentinel, never by trusting the order the server
 * returned them in:
 * - a primary key the client gives (a value, or a client default such as a UUID) is matched by value;
 * - a key the database generates is sorted on where the dialect numbers keys in row order
 *   (`Capabilities.autoincrementSentinel`), with PostgreSQL's `INSERT … SELECT … ORDER BY` form;
 * - otherwise each row of the group is its own statement (RETURNING or `lastrowid` per row).
 */

import type { ExprNode, InsertNode } from "../ast/index.js";
import { ArgumentError, InvalidRequestError } from "../errors/index.js";
import {
  type Execution,
  type ExecutionContext,
  type ExecutionOutcome,
  type ExecutionPlan,
  type FinishedExecution,
  type ResultColumn,
  SqlExpression,
} from "../expr/index.js";
import { isAutoincrement } from "../ddl/table-def.js";
import type { AnyColumn, AnyTable } from "../schema/index.js";

/** Rows per multi-row VALUES statement (SQLAlchemy's `insertmanyvalues_page_size`). */
const PAGE_SIZE = 1000;

/** How the rows of one group are run and correlated. */
type Strategy =
  /** Multi-row pages, no rows to correlate (no RETURNING, keys given or not asked for). */
  | "plain"
  /** Multi-row pages; RETURNING rows matched to parameter sets by the client-given primary key. */
  | "match"
  /** Multi-row pages; RETURNING rows sorted by the generated key, which follows row order. */
  | "sorted"
  /** One row per statement. */
  | "single";

/** What `planInsert` needs from the INSERT builder. */
export interface InsertPlanInput {
  readonly table: AnyTable;
  /** Rows with client defaults filled and undefined values dropped (column key → value), in input order. */
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** The statement's own RETURNING. */
  readonly returning: { readonly nodes: readonly ExprNode[]; readonly columns: readonly ResultColumn[] };
  /** Report the primary key of every row even when that costs a RETURNING or one statement per row. */
  readonly wantKeys: boolean;
  /** The statement has an upsert clause: rows may be skipped, so generated keys cannot be sorted on. */
  readonly upsert: boolean;
  /** Builds the statement for some rows (all of one shape), RETURNING these nodes, optionally ordered. */
  build(
    rows: readonly Readonly<Record<string, unknown>>[],
    returning: readonly ExprNode[],
    ordered: boolean,
  ): InsertNode;
}

/** One execution of the plan and the parameter sets its rows belong to. */
interface Page {
  readonly indexes: readonly number[];
  readonly strategy: Strategy;
}

/** Checks every key names a column, so a typo fails before anything runs. */
export function checkInsertKeys(table: AnyTable, rows: readonly Readonly<Record<string, unknown>>[]): void {
  const columns = table.c as Readonly<Record<string, AnyColumn>>;
  for (const [i, row] of rows.entries()) {
    for (const key in row) {
      if (!Object.hasOwn(columns, key)) {
        throw new ArgumentError(
          `Insert row ${i + 1} has key '${key}', which is not a column of '${table.name}'; its columns are ${Object.keys(columns).join(", ")}`,
        );
      }
    }
  }
}

/** Plans an INSERT of `input.rows` (at least one). */
export function planInsert(input: InsertPlanInput, context: ExecutionContext): ExecutionPlan {
  const { table, rows } = input;
  const pk = table.primaryKey;
  const explicit = input.returning.nodes.length > 0;
  const needKeys = input.wantKeys || rows.length === 1;
  const given = rows.map((r) => pk.length > 0 && pk.every((c) => isPlainValue(r[c.key])));
  const autoincrement = pk.length === 1 && isAutoincrement(pk[0] as AnyColumn, pk, table);
  const canSort = context.insertReturning && autoincrement && context.autoincrementSentinel !== "none" && !input.upsert;
  const lastrowidUsable = context.lastrowid && autoincrement;

  const groups = groupByShape(table, rows).map((indexes) => {
    const first = rows[indexes[0] as number] as Readonly<Record<string, unknown>>;
    const width = Object.keys(first).length;
    let strategy: Strategy;
    if (!explicit && !needKeys) strategy = "plain";
    // An upsert's RETURNING row of an updated row carries the stored key, not the one given: no sentinel.
    else if (input.upsert && explicit) strategy = "single";
    else if (indexes.every((i) => given[i])) strategy = !explicit ? "plain" : indexes.length > 1 ? "match" : "single";
    // Sorting on generated keys needs every key generated (none given, not even NULL or an expression).
    else if (canSort && indexes.length > 1 && !((pk[0] as AnyColumn).key in first)) strategy = "sorted";
    else strategy = "single";
    // A row with no columns is DEFAULT VALUES, which inserts one row per statement.
    if (width === 0) strategy = "single";
    return { indexes, strategy, width };
  });

  // Primary key columns appended to RETURNING (and cut off again) when rows are correlated or keys read by it.
  const hidden =
    pk.length > 0 &&
    context.insertReturning &&
    // An upsert's updated rows keep their stored key: read it back rather than report the one given.
    ((input.upsert && explicit) ||
      groups.some(
        (g) =>
          g.strategy === "sorted" ||
          g.strategy === "match" ||
          (g.strategy === "single" && !lastrowidUsable && g.indexes.some((i) => !given[i])),
      ));
  const returningNodes = hidden ? [...input.returning.nodes, ...pk.map((c) => c.node)] : input.returning.nodes;
  const width = input.returning.columns.length;

  const executions: Execution[] = [];
  const pages: Page[] = [];
  for (const g of groups) {
    const perPage =
      g.strategy === "single" ? 1 : Math.max(1, Math.min(PAGE_SIZE, Math.floor(context.maxParameters / g.width)));
    const ordered = g.strategy === "sorted" && context.autoincrementSentinel === "ordered-select";
    const nodes = explicit || (hidden && g.strategy !== "plain") ? returningNodes : input.returning.nodes;
    for (let i = 0; i < g.indexes.length; i += perPage) {
      const indexes = g.indexes.slice(i, i + perPage);
      const pageRows = indexes.map((k) => rows[k] as Readonly<Record<string, unknown>>);
      executions.push({ node: input.build(pageRows, nodes, ordered && indexes.length > 1), paramSets: [undefined] });
      pages.push({ indexes, strategy: g.strategy });
    }
  }

  const finish = (outcomes: readonly ExecutionOutcome[]): FinishedExecution => {
    const byIndex = new Array<readonly unknown[] | undefined>(rows.length);
    const keys: (readonly unknown[] | undefined)[] = [];
    let allKeys = true;
    for (const [p, page] of pages.entries()) {
      const outcome = outcomes[p] as ExecutionOutcome;
      const placed = place(page, outcome.rows, width, pk, rows);
      for (const [j, i] of page.indexes.entries()) {
        const row = placed[j];
        byIndex[i] = row;
        let key: readonly unknown[] | undefined;
        if (given[i] && !input.upsert) key = pk.map((c) => rows[i]?.[c.key]);
        else if (hidden && row) key = row.slice(width);
        else if (given[i]) key = pk.map((c) => rows[i]?.[c.key]);
        else if (lastrowidUsable && page.strategy === "single" && outcome.lastrowid !== undefined)
          key = [(pk[0] as AnyColumn).type.result(outcome.lastrowid)];
        keys[i] = key;
        if (key === undefined) allKeys = false;
      }
    }
    const out: (readonly unknown[])[] = [];
    if (explicit) for (const row of byIndex) if (row) out.push(hidden ? row.slice(0, width) : row);
    return {
      rows: out,
      width,
      insertedPrimaryKeys: allKeys ? (keys as (readonly unknown[])[]) : undefined,
    };
  };

  const columns = hidden ? [...input.returning.columns, ...pk.map((c) => ({ key: c.key, type: c.type }))] : undefined;
  return columns ? { executions, columns, finish } : { executions, finish };
}

/** The returned rows of one page, in the order of its parameter sets (undefined: no row came back). */
function place(
  page: Page,
  returned: readonly (readonly unknown[])[],
  width: number,
  pk: readonly AnyColumn[],
  rows: readonly Readonly<Record<string, unknown>>[],
): readonly (readonly unknown[] | undefined)[] {
  switch (page.strategy) {
    case "plain":
    case "single":
      return page.indexes.length === 1 ? [returned[0]] : [];
    case "sorted": {
      if (returned.length !== page.indexes.length) {
        throw new InvalidRequestError(
          `A multi-row INSERT returned ${returned.length} rows for ${page.indexes.length} parameter sets; ` +
            "its rows cannot be matched to them by generated key",
        );
      }
      return [...returned].sort((a, b) => compareKeys(a[width], b[width]));
    }
    case "match": {
      const at = new Map<string, number>();
      for (const [j, i] of page.indexes.entries())
        at.set(
          keyString(
            pk,
            pk.map((c) => rows[i]?.[c.key]),
          ),
          j,
        );
      const out = new Array<readonly unknown[] | undefined>(page.indexes.length);
      for (const row of returned) {
        const j = at.get(keyString(pk, row.slice(width)));
        if (j === undefined) {
          throw new InvalidRequestError(
            `An INSERT … RETURNING row has primary key ${JSON.stringify(row.slice(width), jsonSafe)}, which no parameter set gave; ` +
              "a trigger or rule may have changed it",
          );
        }
        out[j] = row;
      }
      return out;
    }
  }
}

/** A value given by the client (not a SQL expression the database evaluates). */
function isPlainValue(value: unknown): boolean {
  return value !== undefined && value !== null && !(value instanceof SqlExpression);
}

/** Row indexes grouped by the set of columns they give, groups in order of first appearance. */
function groupByShape(table: AnyTable, rows: readonly Readonly<Record<string, unknown>>[]): number[][] {
  const groups = new Map<string, number[]>();
  const columns = table.columns;
  for (const [i, row] of rows.entries()) {
    let shape = "";
    for (const c of columns) shape += c.key in row ? "1" : "0";
    const group = groups.get(shape);
    if (group) group.push(i);
    else groups.set(shape, [i]);
  }
  return [...groups.values()];
}

function compareKeys(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** A primary key's identity: each value in its canonical bind form, so `"ABC…"` and `"abc…"` UUIDs agree. */
function keyString(pk: readonly AnyColumn[], values: readonly unknown[]): string {
  return JSON.stringify(
    pk.map((c, i) => {
      const v = values[i];
      return v === null || v === undefined ? null : c.type.bind(v);
    }),
    jsonSafe,
  );
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  return value;
}
