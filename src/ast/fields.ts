/**
 * The one description of every node kind: its fields, in order, and the role each plays. The cache key
 * (`statementShape`), the visitor (`forEachChild`, `visit`) and the transformer (`transform`) are all
 * derived from it (SQLAlchemy's `_traverse_internals`). The table is typed so that a new node kind, or a
 * new field on a kind, fails type-checking here until it is declared, and the key-coverage test changes
 * every declared field of every kind.
 */

import type { SqlType } from "../types/index.js";
import type {
  ColumnDefNode,
  ComputedDef,
  ConstraintDefNode,
  DdlNode,
  IndexDefNode,
  TableDefNode,
} from "./ddl-nodes.js";
import type { ExprNode } from "./expression-nodes.js";
import type { DmlNode, ForUpdateNode, FromNode, UpsertNode } from "./from-nodes.js";
import type { TextNode } from "./text-node.js";

/** Every node: statements, expressions, FROM items, and the parts of statements that have a `kind`. */
export type Node =
  | DmlNode
  | DdlNode
  | TextNode
  | ExprNode
  | FromNode
  | UpsertNode
  | ForUpdateNode
  | ColumnDefNode
  | ComputedDef
  | ConstraintDefNode
  | IndexDefNode
  | TableDefNode;

/** The kind of every node. */
export type NodeKind = Node["kind"];

/** The node of one kind. */
export type NodeOf<K extends NodeKind> = Extract<Node, { readonly kind: K }>;

/**
 * What a field is to the traversals:
 * - `child`: a node (or undefined) the statement contains: keyed, visited, transformed.
 * - `children`: a list of such nodes; `rows`: a list of lists (INSERT VALUES); `pairs`: `[column name, node]`
 *   pairs (SET); `whens`: `[when, then]` node pairs (CASE).
 * - `ref`: a FROM item referred to, not contained (a column's table): keyed by name only, not visited,
 *   but transformed (replacing a table by an alias re-points its columns); `refs`: a list of them.
 * - `type`: a SQL type, keyed by its `cacheKey`.
 * - `scalar`: plain data that changes the SQL (names, flags, lists of names): keyed by value.
 * - `token`: one of a fixed set of words (an operator, a join type): keyed as is, without quoting.
 * - `bindValue`: a bound value: not in the key (the SQL has a placeholder), collected as a bind.
 * - `bindTypes`: `text()` parameter types: keyed by type identity (the compiled query keeps the type
 *   objects to encode the parameters, so statements may share it only if they share the types).
 * - `meta`: carried along but not part of the SQL (a table's definition, a column's type): neither keyed
 *   nor visited.
 */
export type FieldRole =
  | "child"
  | "children"
  | "rows"
  | "pairs"
  | "whens"
  | "ref"
  | "refs"
  | "type"
  | "scalar"
  | "token"
  | "bindValue"
  | "bindTypes"
  | "meta";

/** The roles a field of value type `V` may take (a node field cannot be declared a scalar, and so on). */
type RoleFor<V> = [NonNullable<V>] extends [Node]
  ? "child" | "ref" | "meta"
  : [NonNullable<V>] extends [readonly Node[]]
    ? "children" | "refs"
    : [NonNullable<V>] extends [SqlType]
      ? "type" | "meta"
      : [NonNullable<V>] extends [string]
        ? string extends NonNullable<V>
          ? "scalar" | "meta"
          : "token" | "scalar"
        : Exclude<FieldRole, "child" | "ref" | "children" | "refs" | "type" | "token">;

/** The fields of a node, in key order, each with its role; every field but `kind` and `memo` is required. */
type FieldsOf<N> = { readonly [F in Exclude<keyof N, "kind" | "memo">]-?: RoleFor<N[F]> };

/** The field table's type: one entry per node kind, each listing every field of that kind. */
export type NodeFieldTable = { readonly [K in NodeKind]: FieldsOf<NodeOf<K>> };

/** Every node kind's fields and their roles (see `FieldRole`). Order is key order. */
export const NODE_FIELDS: NodeFieldTable = {
  // ---- expressions ----
  column: { name: "scalar", from: "ref", type: "meta" },
  bind: { value: "bindValue", name: "scalar", type: "type" },
  binary: { op: "token", left: "child", right: "child" },
  unary: { op: "token", operand: "child" },
  boolean: { op: "token", items: "children" },
  like: { expr: "child", pattern: "child", escape: "scalar", caseInsensitive: "scalar", negated: "scalar" },
  between: { expr: "child", low: "child", high: "child", negated: "scalar" },
  list: { items: "children" },
  function: { name: "scalar", args: "children", distinct: "scalar", filter: "child", type: "meta" },
  over: { fn: "child", partitionBy: "children", orderBy: "children", frame: "scalar" },
  label: { expr: "child", name: "scalar" },
  case: { value: "child", whens: "whens", else: "child" },
  cast: { expr: "child", type: "type" },
  scalarSubquery: { select: "child" },
  star: { from: "ref" },
  grouping: { expr: "child" },
  orderBy: { expr: "child", direction: "token", nulls: "token" },
  excluded: { name: "scalar", type: "meta" },
  text: { sql: "scalar", columns: "meta", bindTypes: "bindTypes" },
  // ---- FROM items ----
  table: { schema: "scalar", name: "scalar", def: "meta" },
  alias: { name: "scalar", lateral: "scalar", from: "child" },
  // A CTE in FROM is written by name, but keyed with its body: the WITH clause may come from it.
  cte: { name: "scalar", recursive: "scalar", columns: "scalar", select: "child" },
  join: { type: "token", left: "child", right: "child", on: "child" },
  // ---- statements and their parts ----
  select: {
    distinct: "scalar",
    ctes: "children",
    distinctOn: "children",
    columns: "children",
    from: "children",
    implicitFrom: "children",
    where: "child",
    groupBy: "children",
    having: "child",
    orderBy: "children",
    limit: "child",
    offset: "child",
    forUpdate: "child",
  },
  forUpdate: { mode: "token", nowait: "scalar", skipLocked: "scalar", of: "refs" },
  compoundSelect: {
    op: "token",
    ctes: "children",
    selects: "children",
    orderBy: "children",
    limit: "child",
    offset: "child",
  },
  insert: {
    columns: "scalar",
    orderedValues: "scalar",
    ctes: "children",
    table: "child",
    values: "rows",
    select: "child",
    returning: "children",
    upsert: "child",
  },
  upsert: {
    form: "token",
    action: "token",
    target: "scalar",
    constraint: "scalar",
    targetWhere: "child",
    set: "pairs",
    where: "child",
  },
  update: { ctes: "children", table: "child", set: "pairs", from: "children", where: "child", returning: "children" },
  delete: { ctes: "children", table: "child", where: "child", returning: "children" },
  // ---- DDL ----
  columnDef: {
    name: "scalar",
    type: "type",
    nullable: "scalar",
    primaryKey: "scalar",
    autoincrement: "scalar",
    comment: "scalar",
    serverDefault: "child",
    computed: "child",
  },
  computed: { persisted: "scalar", expr: "child" },
  primaryKeyDef: { name: "scalar", columns: "scalar" },
  uniqueDef: { name: "scalar", columns: "scalar" },
  foreignKeyDef: {
    name: "scalar",
    columns: "scalar",
    refSchema: "scalar",
    refTable: "scalar",
    refColumns: "scalar",
    onDelete: "token",
    onUpdate: "token",
    useAlter: "scalar",
  },
  checkDef: { name: "scalar", expr: "child" },
  indexDef: { name: "scalar", unique: "scalar", table: "child", items: "children", where: "child" },
  tableDef: {
    schema: "scalar",
    name: "scalar",
    comment: "scalar",
    columns: "children",
    constraints: "children",
    indexes: "children",
  },
  createTable: { ifNotExists: "scalar", table: "child" },
  dropTable: { ifExists: "scalar", table: "child" },
  createIndex: { ifNotExists: "scalar", index: "child" },
  dropIndex: { name: "scalar", ifExists: "scalar", table: "child" },
  addConstraint: { table: "child", constraint: "child" },
  dropConstraint: { table: "child", constraint: "child" },
  createEnumType: { schema: "scalar", name: "scalar", values: "scalar" },
  dropEnumType: { schema: "scalar", name: "scalar", ifExists: "scalar" },
  setComment: { column: "scalar", comment: "scalar", table: "child" },
  addColumn: { table: "child", column: "child" },
  dropColumn: { table: "child", column: "scalar" },
  renameTable: { table: "child", newName: "scalar" },
  renameColumn: { table: "child", column: "scalar", newName: "scalar" },
  alterColumn: { table: "child", column: "child", changes: "scalar", using: "child" },
};

/** One field of a kind, as the traversals read it. */
export interface FieldSpec {
  readonly name: string;
  readonly role: FieldRole;
}

const specs = new Map<string, readonly FieldSpec[]>();
for (const [kind, fields] of Object.entries(NODE_FIELDS) as [string, Record<string, FieldRole>][])
  specs.set(kind, Object.freeze(Object.entries(fields).map(([name, role]) => Object.freeze({ name, role }))));

/** The declared fields of a kind, in key order. */
export function fieldsOf(kind: NodeKind): readonly FieldSpec[] {
  return specs.get(kind) as readonly FieldSpec[];
}
