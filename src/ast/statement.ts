/** The statement union and the structural walk that yields a statement's cache key and bound values. */

import { assertNever } from "../util/assert-never.js";
import type { ColumnDefNode, ConstraintDefNode, DdlNode, IndexDefNode, TableDefNode } from "./ddl-nodes.js";
import type { BindNode, ExprNode } from "./expression-nodes.js";
import type { CteNode, DmlNode, ForUpdateNode, FromNode, UpsertNode } from "./from-nodes.js";
import type { TextNode } from "./text-node.js";

/** Anything `Connection.execute` can compile. */
export type StatementNode = DmlNode | DdlNode | TextNode;

/** Any node. */
export type AnyNode = StatementNode | ExprNode | FromNode;

/** A statement's structure (its cache key) and its bind nodes in canonical order. */
export interface StatementShape {
  readonly key: string;
  readonly binds: readonly BindNode[];
}

const shapes = new WeakMap<object, StatementShape>();

/**
 * Walks a statement once, producing a key that is equal for two statements exactly when they compile to
 * the same SQL, and the bind nodes in a fixed order (the compiler refers to binds by that order).
 * Memoised per node: nodes are frozen.
 */
export function statementShape(root: StatementNode): StatementShape {
  const memo = "memo" in root ? root.memo : undefined;
  let shape = memo ? memo.shape : shapes.get(root);
  if (!shape) {
    const binds: BindNode[] = [];
    const parts: string[] = [];
    walk(root, parts, binds);
    // DDL renders its values as literals (it cannot take parameters): they are part of its structure.
    if (isDdl(root)) parts.push(ddlLiterals(binds));
    shape = { key: parts.join(""), binds };
    if (memo) memo.shape = shape;
    else shapes.set(root, shape);
  }
  return shape;
}

/** True for the DDL statement kinds. */
export function isDdl(n: StatementNode): n is DdlNode {
  switch (n.kind) {
    case "createTable":
    case "dropTable":
    case "createIndex":
    case "dropIndex":
    case "addConstraint":
    case "dropConstraint":
    case "createEnumType":
    case "dropEnumType":
    case "setComment":
      return true;
    default:
      return false;
  }
}

/** The literal values of a DDL statement's binds, typed, for its key (`1` and `"1"` render differently). */
function ddlLiterals(binds: readonly BindNode[]): string {
  return `LIT(${binds.map((b) => `${typeof b.value}:${String(b.value)}`).join("\u0000")})`;
}

/** The index of each bind node of a shape (what the compiler records in a compiled query). */
export function bindIndex(shape: StatementShape): Map<BindNode, number> {
  const m = new Map<BindNode, number>();
  shape.binds.forEach((b, i) => m.set(b, i));
  return m;
}

type Walkable = AnyNode | ColumnDefNode | ConstraintDefNode | IndexDefNode | TableDefNode;

function list(items: readonly Walkable[], out: string[], binds: BindNode[]): void {
  out.push("[");
  for (const item of items) {
    walk(item, out, binds);
    out.push(",");
  }
  out.push("]");
}

function opt(item: Walkable | undefined, out: string[], binds: BindNode[]): void {
  if (item === undefined) out.push("~");
  else walk(item, out, binds);
}

const typeIds = new WeakMap<object, number>();
let nextTypeId = 0;
/** A per-instance identity for a type object (two distinct instances never share a cache entry). */
function typeIdentity(type: object): number {
  let id = typeIds.get(type);
  if (id === undefined) typeIds.set(type, (id = ++nextTypeId));
  return id;
}

/** Type identity for DDL, CAST and binds (a dialect may render a bind's type, e.g. `$1::INTEGER`). */
const typeKeys = new WeakMap<object, string>();
function typeKey(type: object | undefined): string {
  if (type === undefined) return "~";
  // Types are immutable: their display (which includes every SQL-relevant parameter) is computed once.
  let key = typeKeys.get(type);
  if (key === undefined) typeKeys.set(type, (key = String(type)));
  return key;
}

function ctes(items: readonly CteNode[], out: string[], binds: BindNode[]): void {
  if (items.length) list(items, out, binds);
}

function forUpdate(f: ForUpdateNode | undefined, out: string[], binds: BindNode[]): void {
  if (!f) return;
  out.push(`FU(${f.mode},${f.nowait},${f.skipLocked}`);
  list(f.of, out, binds);
  out.push(")");
}

function upsert(u: UpsertNode | undefined, out: string[], binds: BindNode[]): void {
  if (!u) return;
  out.push(`UP(${u.form},${u.action},${JSON.stringify(u.target)},${JSON.stringify(u.constraint ?? null)}`);
  opt(u.targetWhere, out, binds);
  for (const [c, v] of u.set) {
    out.push(JSON.stringify(c));
    walk(v, out, binds);
  }
  opt(u.where, out, binds);
  out.push(")");
}

/** How a column refers to its FROM item: by name only (the item itself is keyed where it appears in FROM). */
const columnKeys = new WeakMap<object, string>();

function fromRef(from: FromNode | undefined): string {
  if (from === undefined) return "~";
  switch (from.kind) {
    case "table":
      return `TB(${JSON.stringify(from.schema ?? null)},${JSON.stringify(from.name)})`;
    case "alias":
    case "cte":
      return `${from.kind}(${JSON.stringify(from.name)})`;
    case "join":
      return "join";
  }
}

function walk(n: Walkable, out: string[], binds: BindNode[]): void {
  switch (n.kind) {
    case "column": {
      // Column nodes belong to tables and are shared by every statement using them: key them once.
      let key = columnKeys.get(n);
      if (key === undefined) columnKeys.set(n, (key = `C(${JSON.stringify(n.name)},${fromRef(n.from)})`));
      out.push(key);
      return;
    }
    case "bind":
      binds.push(n);
      // The type is part of the structure: a dialect may render it (PostgreSQL's `$1::INTEGER`).
      out.push(n.name === undefined ? `?${typeKey(n.type)}` : `:${JSON.stringify(n.name)}${typeKey(n.type)}`);
      return;
    case "binary":
      out.push(`B(${n.op}`);
      walk(n.left, out, binds);
      walk(n.right, out, binds);
      out.push(")");
      return;
    case "unary":
      out.push(`U(${n.op}`);
      walk(n.operand, out, binds);
      out.push(")");
      return;
    case "boolean":
      out.push(n.op);
      list(n.items, out, binds);
      return;
    case "like":
      out.push(`L(${n.caseInsensitive},${n.negated},${JSON.stringify(n.escape ?? null)}`);
      walk(n.expr, out, binds);
      walk(n.pattern, out, binds);
      out.push(")");
      return;
    case "between":
      out.push(`BT(${n.negated}`);
      walk(n.expr, out, binds);
      walk(n.low, out, binds);
      walk(n.high, out, binds);
      out.push(")");
      return;
    case "list":
      list(n.items, out, binds);
      return;
    case "function":
      out.push(`F(${JSON.stringify(n.name)},${n.distinct}`);
      list(n.args, out, binds);
      opt(n.filter, out, binds);
      out.push(")");
      return;
    case "over":
      out.push("O(");
      walk(n.fn, out, binds);
      list(n.partitionBy, out, binds);
      list(n.orderBy, out, binds);
      out.push(`${JSON.stringify(n.frame ?? null)})`);
      return;
    case "label":
      out.push(`AS(${JSON.stringify(n.name)}`);
      walk(n.expr, out, binds);
      out.push(")");
      return;
    case "case":
      out.push("CASE(");
      opt(n.value, out, binds);
      for (const [w, t] of n.whens) {
        walk(w, out, binds);
        walk(t, out, binds);
      }
      opt(n.else, out, binds);
      out.push(")");
      return;
    case "cast":
      out.push(`CAST(${typeKey(n.type)}`);
      walk(n.expr, out, binds);
      out.push(")");
      return;
    case "scalarSubquery":
      out.push("SQ(");
      walk(n.select, out, binds);
      out.push(")");
      return;
    case "star":
      out.push(`*${fromRef(n.from)}`);
      return;
    case "grouping":
      out.push("G(");
      walk(n.expr, out, binds);
      out.push(")");
      return;
    case "orderBy":
      out.push(`OB(${n.direction ?? ""},${n.nulls ?? ""}`);
      walk(n.expr, out, binds);
      out.push(")");
      return;
    case "excluded":
      out.push(`EX(${JSON.stringify(n.name)})`);
      return;
    case "text":
      // Declared bind types end up in the compiled slots, so they are part of the structure.
      out.push(`T(${JSON.stringify(n.sql)}`);
      if (n.bindTypes) for (const [k, t] of Object.entries(n.bindTypes)) out.push(`,${k}:${typeIdentity(t)}`);
      out.push(")");
      return;
    case "table":
      out.push(`TB(${JSON.stringify(n.schema ?? null)},${JSON.stringify(n.name)})`);
      return;
    case "alias":
      out.push(`AL(${JSON.stringify(n.name)},${n.lateral}`);
      walk(n.from, out, binds);
      out.push(")");
      return;
    case "cte":
      // A CTE is referenced by name; its body is part of the key where it is defined (WITH).
      out.push(`CTE(${JSON.stringify(n.name)},${n.recursive},${JSON.stringify(n.columns ?? null)}`);
      walk(n.select, out, binds);
      out.push(")");
      return;
    case "join":
      out.push(`J(${n.type}`);
      walk(n.left, out, binds);
      walk(n.right, out, binds);
      opt(n.on, out, binds);
      out.push(")");
      return;
    case "select":
      out.push(`S(${n.distinct}`);
      ctes(n.ctes, out, binds);
      list(n.distinctOn, out, binds);
      list(n.columns, out, binds);
      list(n.from, out, binds);
      list(n.implicitFrom, out, binds);
      opt(n.where, out, binds);
      list(n.groupBy, out, binds);
      opt(n.having, out, binds);
      list(n.orderBy, out, binds);
      opt(n.limit, out, binds);
      opt(n.offset, out, binds);
      forUpdate(n.forUpdate, out, binds);
      out.push(")");
      return;
    case "compoundSelect":
      out.push(`CS(${n.op}`);
      ctes(n.ctes, out, binds);
      list(n.selects, out, binds);
      list(n.orderBy, out, binds);
      opt(n.limit, out, binds);
      opt(n.offset, out, binds);
      out.push(")");
      return;
    case "insert":
      out.push(`I(${JSON.stringify(n.columns)},${n.orderedValues}`);
      ctes(n.ctes, out, binds);
      walk(n.table, out, binds);
      for (const row of n.values) list(row, out, binds);
      opt(n.select, out, binds);
      list(n.returning, out, binds);
      upsert(n.upsert, out, binds);
      out.push(")");
      return;
    case "update":
      out.push("UPD(");
      ctes(n.ctes, out, binds);
      walk(n.table, out, binds);
      for (const [c, v] of n.set) {
        out.push(JSON.stringify(c));
        walk(v, out, binds);
      }
      list(n.from, out, binds);
      opt(n.where, out, binds);
      list(n.returning, out, binds);
      out.push(")");
      return;
    case "delete":
      out.push("DEL(");
      ctes(n.ctes, out, binds);
      walk(n.table, out, binds);
      opt(n.where, out, binds);
      list(n.returning, out, binds);
      out.push(")");
      return;
    case "columnDef":
      // DDL keys a type by identity: its DDL spelling may depend on more than its display (enum values).
      out.push(
        `CD(${JSON.stringify(n.name)},${typeIdentity(n.type)},${n.nullable},${n.primaryKey},${n.autoincrement},${JSON.stringify(n.comment ?? null)}`,
      );
      opt(n.serverDefault, out, binds);
      if (n.computed) {
        out.push(`GEN(${n.computed.persisted}`);
        walk(n.computed.expr, out, binds);
        out.push(")");
      }
      out.push(")");
      return;
    case "primaryKeyDef":
    case "uniqueDef":
      out.push(`${n.kind}(${JSON.stringify(n.name ?? null)},${JSON.stringify(n.columns)})`);
      return;
    case "foreignKeyDef":
      out.push(
        `FK(${JSON.stringify([n.name ?? null, n.columns, n.refSchema ?? null, n.refTable, n.refColumns, n.onDelete ?? null, n.onUpdate ?? null, n.useAlter])})`,
      );
      return;
    case "checkDef":
      out.push(`CK(${JSON.stringify(n.name ?? null)}`);
      walk(n.expr, out, binds);
      out.push(")");
      return;
    case "indexDef":
      out.push(`IX(${JSON.stringify(n.name)},${n.unique}`);
      walk(n.table, out, binds);
      list(n.items, out, binds);
      opt(n.where, out, binds);
      out.push(")");
      return;
    case "tableDef":
      out.push(`TD(${JSON.stringify(n.schema ?? null)},${JSON.stringify(n.name)},${JSON.stringify(n.comment ?? null)}`);
      list(n.columns, out, binds);
      list(n.constraints, out, binds);
      out.push(")");
      return;
    case "createTable":
      out.push(`CT(${n.ifNotExists}`);
      walk(n.table, out, binds);
      out.push(")");
      return;
    case "dropTable":
      out.push(`DT(${n.ifExists}`);
      walk(n.table, out, binds);
      out.push(")");
      return;
    case "createIndex":
      out.push(`CI(${n.ifNotExists}`);
      walk(n.index, out, binds);
      out.push(")");
      return;
    case "dropIndex":
      out.push(`DI(${JSON.stringify(n.name)},${n.ifExists}`);
      walk(n.table, out, binds);
      out.push(")");
      return;
    case "addConstraint":
    case "dropConstraint":
      out.push(`${n.kind}(`);
      walk(n.table, out, binds);
      walk(n.constraint, out, binds);
      out.push(")");
      return;
    case "createEnumType":
      out.push(`CET(${JSON.stringify([n.schema ?? null, n.name, n.values])})`);
      return;
    case "dropEnumType":
      out.push(`DET(${JSON.stringify([n.schema ?? null, n.name, n.ifExists])})`);
      return;
    case "setComment":
      out.push(`COM(${JSON.stringify([n.column ?? null, n.comment ?? null])}`);
      walk(n.table, out, binds);
      out.push(")");
      return;
    default:
      assertNever(n, "node kind");
  }
}
