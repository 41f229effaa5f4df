/**
 * The statement union and the structural walk that yields a statement's cache key and bound values. The
 * walk is derived from the field table (`NODE_FIELDS`): every declared field of every kind is in the key
 * by its role, so a node kind or field cannot be left out of it.
 */

import type { SqlType } from "../types/index.js";
import { assertNever } from "../util/assert-never.js";
import type { DdlNode } from "./ddl-nodes.js";
import type { BindNode, ExprNode } from "./expression-nodes.js";
import { type FieldRole, fieldsOf, type Node, type NodeKind, NODE_FIELDS } from "./fields.js";
import type { DmlNode, FromNode } from "./from-nodes.js";
import type { TextNode } from "./text-node.js";

/** Anything `Connection.execute` can compile. */
export type StatementNode = DmlNode | DdlNode | TextNode;

/** Any expression, FROM item or statement (see `Node` for every node kind). */
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
  const own = "memo" in root ? root.memo : undefined;
  // A memo inherited by a spread copy is not this node's: the copy's key may differ.
  const memo = own !== undefined && own.claim(root) ? own : undefined;
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

/** What each statement kind is; derived from the unions, so a new kind must be placed here. */
const STATEMENT_KINDS: {
  readonly [K in StatementNode["kind"]]: K extends DdlNode["kind"] ? "ddl" : K extends "text" ? "text" : "dml";
} = {
  select: "dml",
  compoundSelect: "dml",
  insert: "dml",
  update: "dml",
  delete: "dml",
  text: "text",
  createTable: "ddl",
  dropTable: "ddl",
  createIndex: "ddl",
  dropIndex: "ddl",
  addConstraint: "ddl",
  dropConstraint: "ddl",
  createEnumType: "ddl",
  dropEnumType: "ddl",
  setComment: "ddl",
  addColumn: "ddl",
  dropColumn: "ddl",
  renameTable: "ddl",
  renameColumn: "ddl",
  alterColumn: "ddl",
};

/** True for the DDL statement kinds. */
export function isDdl(n: StatementNode): n is DdlNode {
  return STATEMENT_KINDS[n.kind] === "ddl";
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

// ---- the key walk ----

/** Field roles as small integers, for the walk's switch (it runs on every execution). */
const R = {
  child: 0,
  children: 1,
  rows: 2,
  pairs: 3,
  whens: 4,
  ref: 5,
  refs: 6,
  type: 7,
  scalar: 8,
  token: 9,
  bindValue: 10,
  bindTypes: 11,
  meta: 12,
} as const satisfies Record<FieldRole, number>;
type RoleCode = (typeof R)[FieldRole];

/** A kind's walk plan: a one-character tag (short keys hash fast) and its keyed fields (not `meta`). */
interface KindPlan {
  readonly tag: string;
  readonly names: readonly string[];
  readonly roles: readonly RoleCode[];
}

const TAGS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const plans: Record<string, KindPlan> = Object.create(null) as Record<string, KindPlan>;
(Object.keys(NODE_FIELDS) as NodeKind[]).forEach((kind, i) => {
  const fields = fieldsOf(kind).filter((f) => f.role !== "meta");
  plans[kind] = {
    // Each kind's fields are fixed and each field's encoding is self-delimiting, so a tag needs no closing mark.
    tag: i < TAGS.length ? (TAGS[i] as string) : `#${i}.`,
    names: fields.map((f) => f.name),
    roles: fields.map((f) => R[f.role]),
  };
});

const classIds = new WeakMap<object, number>();
let nextClassId = 0;
const typeIds = new WeakMap<object, number>();
let nextTypeId = 0;

/** A per-instance identity for a type object (for `bindTypes`; see `FieldRole`). */
function typeIdentity(type: object): number {
  let id = typeIds.get(type);
  if (id === undefined) typeIds.set(type, (id = ++nextTypeId));
  return id;
}

/**
 * A type's part of a key: its `cacheKey`, and its class (a subclass that a dialect tells apart with
 * `instanceof`, like JSONB, never shares a key with its base even if it keeps the base's `cacheKey`).
 * Types are immutable: computed once per instance.
 */
const typeKeys = new WeakMap<object, string>();
function typeKey(type: SqlType | undefined): string {
  if (type === undefined) return "~";
  let key = typeKeys.get(type);
  if (key === undefined) {
    let classId = classIds.get(type.constructor);
    if (classId === undefined) classIds.set(type.constructor, (classId = ++nextClassId));
    // A subclass written in plain JS may lack a cacheKey: then only this instance matches itself.
    const own = type.cacheKey as unknown;
    const params = typeof own === "string" ? own : `#${typeIdentity(type)}`;
    typeKeys.set(type, (key = JSON.stringify(`${classId}:${params}`)));
  }
  return key;
}

/** How a node refers to a FROM item it does not contain: by name (the item is keyed where it is in FROM). */
function fromRef(from: FromNode | undefined): string {
  if (from === undefined) return "~";
  switch (from.kind) {
    case "table":
      return `t${JSON.stringify(from.schema ?? null)}${JSON.stringify(from.name)}`;
    case "alias":
      return `a${JSON.stringify(from.name)}`;
    case "cte":
      return `c${JSON.stringify(from.name)}`;
    case "join":
      return "j";
  }
}

/** A plain value, self-delimiting. */
function scalarKey(v: unknown): string {
  switch (typeof v) {
    case "boolean":
      return v ? "1" : "0";
    case "undefined":
      return "~";
    case "number":
    case "bigint":
      return `${v},`;
    default:
      return JSON.stringify(v);
  }
}

/** Keys of nodes shared by every statement that uses them (a table's columns, the table): computed once. */
const sharedKeys = new WeakMap<object, string>();

function walk(n: Node, out: string[], binds: BindNode[]): void {
  if (n.kind === "column" || n.kind === "table") {
    let key = sharedKeys.get(n);
    if (key === undefined) {
      const parts: string[] = [];
      walkFields(n, parts, binds);
      sharedKeys.set(n, (key = parts.join("")));
    }
    out.push(key);
    return;
  }
  walkFields(n, out, binds);
}

function walkFields(n: Node, out: string[], binds: BindNode[]): void {
  const plan = plans[n.kind] as KindPlan;
  out.push(plan.tag);
  const { names, roles } = plan;
  for (let i = 0; i < names.length; i++) {
    const v = (n as unknown as Readonly<Record<string, unknown>>)[names[i] as string];
    const role = roles[i] as RoleCode;
    switch (role) {
      case R.child:
        if (v === undefined) out.push("~");
        else walk(v as Node, out, binds);
        break;
      case R.children:
        out.push("[");
        for (const c of v as readonly Node[]) walk(c, out, binds);
        out.push("]");
        break;
      case R.rows:
        out.push("[");
        for (const row of v as readonly (readonly Node[])[]) {
          out.push("[");
          for (const c of row) walk(c, out, binds);
          out.push("]");
        }
        out.push("]");
        break;
      case R.pairs:
        out.push("[");
        for (const [name, c] of v as readonly (readonly [string, Node])[]) {
          out.push(JSON.stringify(name));
          walk(c, out, binds);
        }
        out.push("]");
        break;
      case R.whens:
        out.push("[");
        for (const [w, t] of v as readonly (readonly [Node, Node])[]) {
          walk(w, out, binds);
          walk(t, out, binds);
        }
        out.push("]");
        break;
      case R.ref:
        out.push(fromRef(v as FromNode | undefined));
        break;
      case R.refs:
        out.push("[");
        for (const f of v as readonly FromNode[]) out.push(fromRef(f));
        out.push("]");
        break;
      case R.type:
        out.push(typeKey(v as SqlType | undefined));
        break;
      case R.token:
        // One of a fixed set of words: no quoting, a comma ends it.
        out.push(v === undefined ? "~" : (v as string), ",");
        break;
      case R.scalar:
        out.push(scalarKey(v));
        break;
      case R.bindValue:
        // The value is not in the key (the SQL has a placeholder); the bind is collected in walk order.
        binds.push(n as BindNode);
        break;
      case R.bindTypes:
        // The compiled query keeps these type objects to encode the parameters: key them by identity.
        out.push("{");
        if (v !== undefined)
          for (const [k, t] of Object.entries(v as Readonly<Record<string, SqlType>>))
            out.push(`${JSON.stringify(k)}${typeIdentity(t)},`);
        out.push("}");
        break;
      case R.meta:
        break;
      default:
        assertNever(role, "field role");
    }
  }
}
