/** FROM-clause and statement nodes. */

import type { BindNode, ExprNode, OrderByNode } from "./expression-nodes.js";
import type { TableDefNode } from "./ddl-nodes.js";

/** A table reference. `def` describes the table (columns, constraints) for DDL and defaults. */
export interface TableNode {
  readonly kind: "table";
  readonly name: string;
  readonly schema: string | undefined;
  readonly def: TableDefNode | undefined;
}

/** `<from> AS name` (a table alias, or a subquery / derived table); `lateral` renders LATERAL. */
export interface AliasNode {
  readonly kind: "alias";
  readonly from: TableNode | SelectableNode;
  readonly name: string;
  readonly lateral: boolean;
}

/** A common table expression; referenced in FROM by its name, defined in the WITH clause. */
export interface CteNode {
  readonly kind: "cte";
  readonly name: string;
  readonly select: SelectableNode;
  readonly recursive: boolean;
  /** Explicit column names: `WITH RECURSIVE t(a, b) AS (…)`. */
  readonly columns: readonly string[] | undefined;
}

/** `left [INNER|LEFT OUTER|FULL OUTER|CROSS] JOIN right ON on`. */
export interface JoinNode {
  readonly kind: "join";
  readonly left: FromNode;
  readonly right: FromNode;
  readonly on: ExprNode | undefined;
  readonly type: "INNER" | "LEFT" | "FULL" | "CROSS";
}

/** Anything that may appear in FROM. */
export type FromNode = TableNode | AliasNode | CteNode | JoinNode;

/** Every table-like item of a FROM node, joins flattened, in order. */
export function flattenFrom(from: FromNode, out: FromNode[] = []): FromNode[] {
  if (from.kind === "join") {
    flattenFrom(from.left, out);
    flattenFrom(from.right, out);
  } else out.push(from);
  return out;
}

/** Row locking: `FOR UPDATE [OF …] [NOWAIT | SKIP LOCKED]`. */
export interface ForUpdateNode {
  readonly kind: "forUpdate";
  readonly mode: "UPDATE" | "SHARE" | "NO KEY UPDATE" | "KEY SHARE";
  readonly of: readonly FromNode[];
  readonly nowait: boolean;
  readonly skipLocked: boolean;
}

/**
 * Derived values of a statement node (its cache key and binds, see `statementShape`). A node is frozen; its
 * memo is not, so a statement built afresh for each execution pays no WeakMap insertion. A memo belongs to
 * the first node that uses it: a copy made by spreading a node (`{ ...n, limit }`) carries a memo that is
 * not its own, which `statementShape` ignores, so no copy can reuse the original's key, whichever of the
 * two is keyed first. Derive nodes with `withChanges` (which gives the copy a memo of its own).
 */
export class NodeMemo {
  shape: { readonly key: string; readonly binds: readonly BindNode[] } | undefined = undefined;
  #owner: object | undefined = undefined;
  /** Whether this memo is `n`'s: true for the first node that asks, false for any other. */
  claim(n: object): boolean {
    this.#owner ??= n;
    return this.#owner === n;
  }
}

/** SELECT. `distinctOn` is PostgreSQL's DISTINCT ON. */
export interface SelectNode {
  readonly kind: "select";
  /** Scratch space for what is derived from this (frozen) node, filled on first use (set by `node()`). */
  readonly memo?: NodeMemo;
  readonly columns: readonly ExprNode[];
  readonly from: readonly FromNode[];
  /**
   * FROM items that only the WHERE / HAVING / GROUP BY / ORDER BY criteria reach. The compiler adds each
   * to FROM unless an enclosing SELECT has it, which makes the subquery correlated (as in SQLAlchemy).
   */
  readonly implicitFrom: readonly FromNode[];
  readonly where: ExprNode | undefined;
  readonly groupBy: readonly ExprNode[];
  readonly having: ExprNode | undefined;
  readonly orderBy: readonly OrderByNode[];
  readonly limit: ExprNode | undefined;
  readonly offset: ExprNode | undefined;
  readonly distinct: boolean;
  readonly distinctOn: readonly ExprNode[];
  readonly forUpdate: ForUpdateNode | undefined;
  readonly ctes: readonly CteNode[];
}

/** UNION / UNION ALL / INTERSECT / EXCEPT of selects, with its own ORDER BY / LIMIT / OFFSET. */
export interface CompoundSelectNode {
  readonly kind: "compoundSelect";
  /** Scratch space for what is derived from this (frozen) node, filled on first use (set by `node()`). */
  readonly memo?: NodeMemo;
  readonly op: "UNION" | "UNION ALL" | "INTERSECT" | "INTERSECT ALL" | "EXCEPT" | "EXCEPT ALL";
  readonly selects: readonly SelectableNode[];
  readonly orderBy: readonly OrderByNode[];
  readonly limit: ExprNode | undefined;
  readonly offset: ExprNode | undefined;
  readonly ctes: readonly CteNode[];
}

/** A row-returning query. */
export type SelectableNode = SelectNode | CompoundSelectNode;

/** ON CONFLICT / ON DUPLICATE KEY UPDATE, set by the dialect modules' insert builders. */
export interface UpsertNode {
  readonly kind: "upsert";
  /**
   * `onConflict`: `ON CONFLICT [target] DO NOTHING | DO UPDATE SET …` (PostgreSQL, SQLite);
   * `onDuplicateKey`: `ON DUPLICATE KEY UPDATE …` (MySQL). A dialect refuses the form it does not have.
   */
  readonly form: "onConflict" | "onDuplicateKey";
  /** `doNothing` renders ON CONFLICT DO NOTHING (the `onDuplicateKey` form always updates). */
  readonly action: "doNothing" | "doUpdate";
  /** Conflict target columns (database names; `onConflict` form); empty when there is none. */
  readonly target: readonly string[];
  /** `ON CONFLICT ON CONSTRAINT name` instead of target columns (PostgreSQL). */
  readonly constraint: string | undefined;
  /** Optional `WHERE` on the conflict target (partial unique index). */
  readonly targetWhere: ExprNode | undefined;
  /** `SET column = value` pairs (database names); values may refer to `ExcludedColumnNode`s. */
  readonly set: readonly (readonly [column: string, value: ExprNode])[];
  /** `DO UPDATE … WHERE` (`onConflict` form). */
  readonly where: ExprNode | undefined;
}

/** INSERT. `values` holds rows of expressions in `columns` order; or `select` for INSERT … SELECT. */
export interface InsertNode {
  readonly kind: "insert";
  /** Scratch space for what is derived from this (frozen) node, filled on first use (set by `node()`). */
  readonly memo?: NodeMemo;
  readonly table: TableNode;
  readonly columns: readonly string[];
  readonly values: readonly (readonly ExprNode[])[];
  /**
   * Render the VALUES rows as `SELECT … FROM (VALUES (…, 0), (…, 1)) … ORDER BY n`, the form in which
   * PostgreSQL generates serial and identity keys in row order (SQLAlchemy's insertmanyvalues sentinel).
   */
  readonly orderedValues: boolean;
  readonly select: SelectableNode | undefined;
  readonly returning: readonly ExprNode[];
  readonly upsert: UpsertNode | undefined;
  readonly ctes: readonly CteNode[];
}

/** UPDATE … SET … [FROM …] WHERE … [RETURNING …]. */
export interface UpdateNode {
  readonly kind: "update";
  /** Scratch space for what is derived from this (frozen) node, filled on first use (set by `node()`). */
  readonly memo?: NodeMemo;
  readonly table: TableNode | AliasNode;
  readonly set: readonly (readonly [column: string, value: ExprNode])[];
  readonly from: readonly FromNode[];
  readonly where: ExprNode | undefined;
  readonly returning: readonly ExprNode[];
  readonly ctes: readonly CteNode[];
}

/** DELETE FROM … WHERE … [RETURNING …]. */
export interface DeleteNode {
  readonly kind: "delete";
  /** Scratch space for what is derived from this (frozen) node, filled on first use (set by `node()`). */
  readonly memo?: NodeMemo;
  readonly table: TableNode | AliasNode;
  readonly where: ExprNode | undefined;
  readonly returning: readonly ExprNode[];
  readonly ctes: readonly CteNode[];
}

/** Every DML statement node. */
export type DmlNode = SelectNode | CompoundSelectNode | InsertNode | UpdateNode | DeleteNode;
