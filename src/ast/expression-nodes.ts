/**
 * Expression nodes: frozen plain data describing SQL expressions. Builders in `expr/` create them; the
 * compiler walks them. Every value sits in a `BindNode`, so SQL text depends on structure only.
 */

import type { SqlType } from "../types/index.js";
import type { FromNode, SelectableNode } from "./from-nodes.js";
import type { TextNode } from "./text-node.js";

/** A column of a table, alias, subquery or CTE. */
export interface ColumnNode {
  readonly kind: "column";
  readonly name: string;
  /** What the column belongs to; undefined for a bare name (e.g. a label referenced in ORDER BY). */
  readonly from: FromNode | undefined;
  readonly type: SqlType | undefined;
}

/**
 * A bound value. `value` is set for literal values; `name` for a named parameter supplied at execution
 * (`bindparam("id")`), which may also carry a default `value`.
 */
export interface BindNode {
  readonly kind: "bind";
  readonly value: unknown;
  readonly name: string | undefined;
  readonly type: SqlType | undefined;
}

/** `left op right`: comparison, arithmetic, concatenation, IS [NOT] DISTINCT FROM… */
export interface BinaryNode {
  readonly kind: "binary";
  readonly op: BinaryOperator;
  readonly left: ExprNode;
  readonly right: ExprNode;
}

/** Binary operators the compiler knows; dialects may render some differently (e.g. `||` on MySQL). */
export type BinaryOperator =
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "+"
  | "-"
  | "*"
  | "/"
  /** Integer division, truncating (`/` on integers; MySQL spells it `DIV`). */
  | "DIV"
  | "%"
  | "||"
  | "IS DISTINCT FROM"
  | "IS NOT DISTINCT FROM"
  | "IN"
  | "NOT IN"
  | JsonOperator;

/**
 * PostgreSQL's JSONB operators (built by `athanor/postgresql`'s `jsonb()` helpers): `->` / `->>` get a
 * member as JSON / text, `@>` / `<@` test containment, `?` tests for a top-level key. Dialects without
 * them refuse them (NotSupportedError).
 */
export type JsonOperator = "->" | "->>" | "@>" | "<@" | "?";

/** A prefix or postfix operator: NOT, unary minus, IS NULL, IS NOT NULL, EXISTS. */
export interface UnaryNode {
  readonly kind: "unary";
  readonly op: "NOT" | "-" | "IS NULL" | "IS NOT NULL" | "EXISTS" | "NOT EXISTS";
  readonly operand: ExprNode;
}

/** AND / OR over any number of criteria (empty AND is true, empty OR is false). */
export interface BooleanNode {
  readonly kind: "boolean";
  readonly op: "AND" | "OR";
  readonly items: readonly ExprNode[];
}

/** `[NOT] LIKE pattern [ESCAPE e]`, case-insensitive as ILIKE (emulated where the dialect has none). */
export interface LikeNode {
  readonly kind: "like";
  readonly expr: ExprNode;
  readonly pattern: ExprNode;
  readonly escape: string | undefined;
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
}

/** `expr [NOT] BETWEEN low AND high`. */
export interface BetweenNode {
  readonly kind: "between";
  readonly expr: ExprNode;
  readonly low: ExprNode;
  readonly high: ExprNode;
  readonly negated: boolean;
}

/** A parenthesised list: the right side of IN, a row value. */
export interface ListNode {
  readonly kind: "list";
  readonly items: readonly ExprNode[];
}

/** A function call. `name` is the SQL name; `star` renders `count(*)`. */
export interface FunctionNode {
  readonly kind: "function";
  readonly name: string;
  readonly args: readonly ExprNode[];
  readonly distinct: boolean;
  readonly filter: ExprNode | undefined;
  readonly type: SqlType | undefined;
}

/** `fn OVER (PARTITION BY … ORDER BY … frame)`. */
export interface OverNode {
  readonly kind: "over";
  readonly fn: FunctionNode;
  readonly partitionBy: readonly ExprNode[];
  readonly orderBy: readonly OrderByNode[];
  /** Frame clause, e.g. `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW` (structure only, no values). */
  readonly frame: string | undefined;
}

/** `expr AS name`. */
export interface LabelNode {
  readonly kind: "label";
  readonly expr: ExprNode;
  readonly name: string;
}

/** `CASE [value] WHEN … THEN … [ELSE …] END`. */
export interface CaseNode {
  readonly kind: "case";
  readonly value: ExprNode | undefined;
  readonly whens: readonly (readonly [when: ExprNode, then: ExprNode])[];
  readonly else: ExprNode | undefined;
}

/** `CAST(expr AS type)`. */
export interface CastNode {
  readonly kind: "cast";
  readonly expr: ExprNode;
  readonly type: SqlType;
}

/** A SELECT used as a value: `(SELECT …)`. */
export interface ScalarSubqueryNode {
  readonly kind: "scalarSubquery";
  readonly select: SelectableNode;
}

/** `*`, or `t.*`. */
export interface StarNode {
  readonly kind: "star";
  readonly from: FromNode | undefined;
}

/** A parenthesised expression, kept where precedence needs it. */
export interface GroupingNode {
  readonly kind: "grouping";
  readonly expr: ExprNode;
}

/** `expr ASC|DESC [NULLS FIRST|LAST]` inside ORDER BY. */
export interface OrderByNode {
  readonly kind: "orderBy";
  readonly expr: ExprNode;
  readonly direction: "ASC" | "DESC" | undefined;
  readonly nulls: "FIRST" | "LAST" | undefined;
}

/**
 * A column of the row proposed for insertion, inside an upsert's SET / WHERE: `excluded.name` (PostgreSQL,
 * SQLite), `VALUES(name)` (MySQL). Built by the dialect modules' `insert().excluded` / `.inserted`.
 */
export interface ExcludedColumnNode {
  readonly kind: "excluded";
  /** The column's database name. */
  readonly name: string;
  readonly type: SqlType | undefined;
}

/** Every expression node. */
export type ExprNode =
  | ColumnNode
  | BindNode
  | BinaryNode
  | UnaryNode
  | BooleanNode
  | LikeNode
  | BetweenNode
  | ListNode
  | FunctionNode
  | OverNode
  | LabelNode
  | CaseNode
  | CastNode
  | ScalarSubqueryNode
  | StarNode
  | GroupingNode
  | OrderByNode
  | ExcludedColumnNode
  | TextNode;

/** Freezes a node (shallow: children are frozen when they are created). */
export function node<const N extends { readonly kind: string }>(value: N): N {
  return Object.freeze(value);
}
