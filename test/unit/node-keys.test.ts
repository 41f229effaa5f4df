// The cache key covers every field of every node kind and of every SQL type (the model is SQLAlchemy's
// test/sql/test_compare.py): each declared field of each kind is changed in turn and must change the key
// (or, for fields declared `meta`/`bindValue`, must not). The fixture tables are typed from NODE_FIELDS,
// so a new node kind or field fails type-checking here until it is covered.
import { describe, expect, it } from "vitest";
import {
  type BindNode,
  type ColumnNode,
  type ExprNode,
  type FunctionNode,
  node,
  NODE_FIELDS,
  type NodeFieldTable,
  type NodeKind,
  type NodeOf,
  type SelectNode,
  statementShape,
  type StatementNode,
  type TableNode,
} from "../../src/ast/index.js";
import * as types from "../../src/types/index.js";
import { JSONBType } from "../../src/postgresql.js";

const INT = new types.IntegerType();
const TEXT = new types.StringType(undefined, true);

const T = node<TableNode>({ kind: "table", schema: undefined, name: "t", def: undefined });
const T2 = node<TableNode>({ kind: "table", schema: undefined, name: "t2", def: undefined });
const T3 = node<TableNode>({ kind: "table", schema: undefined, name: "t3", def: undefined });
const colA = node<ColumnNode>({ kind: "column", name: "a", from: T, type: INT });
const colB = node<ColumnNode>({ kind: "column", name: "b", from: T, type: INT });
const bind1 = (): BindNode => node<BindNode>({ kind: "bind", value: 1, name: undefined, type: INT });
const select = (columns: readonly ExprNode[]): SelectNode =>
  node<SelectNode>({
    kind: "select",
    columns,
    from: [T],
    implicitFrom: [],
    where: undefined,
    groupBy: [],
    having: undefined,
    orderBy: [],
    limit: undefined,
    offset: undefined,
    distinct: false,
    distinctOn: [],
    forUpdate: undefined,
    ctes: [],
  });
const sel = select([colA]);
const sel2 = select([colB]);
const fn = (name: string): FunctionNode =>
  node<FunctionNode>({ kind: "function", name, args: [], distinct: false, filter: undefined, type: INT });
const ob = node({ kind: "orderBy", expr: colA, direction: undefined, nulls: undefined });
const cte = node({ kind: "cte", name: "c", recursive: false, columns: undefined, select: sel });
const columnDef = (name: string) =>
  node({
    kind: "columnDef",
    name,
    type: INT,
    nullable: true,
    primaryKey: false,
    autoincrement: false,
    comment: undefined,
    serverDefault: undefined,
    computed: undefined,
  });
const pk = node({ kind: "primaryKeyDef", name: undefined, columns: ["a"] });
const uq = node({ kind: "uniqueDef", name: undefined, columns: ["a"] });
const ix = (name: string) => node({ kind: "indexDef", name, unique: false, table: T, items: [colA], where: undefined });
const tableDef = (name: string) =>
  node({
    kind: "tableDef",
    schema: undefined,
    name,
    comment: undefined,
    columns: [columnDef("a")],
    constraints: [],
    indexes: [],
  });

/** One node of each kind. */
const FIXTURES: { readonly [K in NodeKind]: NodeOf<K> } = {
  column: colA,
  bind: bind1(),
  binary: node({ kind: "binary", op: "=", left: colA, right: bind1() }),
  unary: node({ kind: "unary", op: "NOT", operand: colA }),
  boolean: node({ kind: "boolean", op: "AND", items: [colA] }),
  like: node({ kind: "like", expr: colA, pattern: bind1(), escape: undefined, caseInsensitive: false, negated: false }),
  between: node({ kind: "between", expr: colA, low: bind1(), high: bind1(), negated: false }),
  list: node({ kind: "list", items: [colA] }),
  function: fn("f"),
  over: node({ kind: "over", fn: fn("f"), partitionBy: [], orderBy: [], frame: undefined }),
  label: node({ kind: "label", expr: colA, name: "x" }),
  case: node({ kind: "case", value: undefined, whens: [[colA, colB]], else: undefined }),
  cast: node({ kind: "cast", expr: colA, type: INT }),
  scalarSubquery: node({ kind: "scalarSubquery", select: sel }),
  star: node({ kind: "star", from: undefined }),
  grouping: node({ kind: "grouping", expr: colA }),
  orderBy: ob,
  excluded: node({ kind: "excluded", name: "a", type: INT }),
  text: node({ kind: "text", sql: "select 1", columns: undefined, bindTypes: undefined }),
  table: T,
  alias: node({ kind: "alias", name: "x", lateral: false, from: T }),
  cte,
  join: node({ kind: "join", type: "INNER", left: T, right: T2, on: undefined }),
  select: sel,
  forUpdate: node({ kind: "forUpdate", mode: "UPDATE", nowait: false, skipLocked: false, of: [] }),
  compoundSelect: node({
    kind: "compoundSelect",
    op: "UNION",
    ctes: [],
    selects: [sel, sel],
    orderBy: [],
    limit: undefined,
    offset: undefined,
  }),
  insert: node({
    kind: "insert",
    columns: ["a"],
    orderedValues: false,
    ctes: [],
    table: T,
    values: [[bind1()]],
    select: undefined,
    returning: [],
    upsert: undefined,
  }),
  upsert: node({
    kind: "upsert",
    form: "onConflict",
    action: "doNothing",
    target: [],
    constraint: undefined,
    targetWhere: undefined,
    set: [],
    where: undefined,
  }),
  update: node({
    kind: "update",
    ctes: [],
    table: T,
    set: [["a", bind1()]],
    from: [],
    where: undefined,
    returning: [],
  }),
  delete: node({ kind: "delete", ctes: [], table: T, where: undefined, returning: [] }),
  columnDef: columnDef("a"),
  computed: node({ kind: "computed", persisted: true, expr: colA }),
  primaryKeyDef: pk,
  uniqueDef: uq,
  foreignKeyDef: node({
    kind: "foreignKeyDef",
    name: undefined,
    columns: ["a"],
    refSchema: undefined,
    refTable: "t2",
    refColumns: ["a"],
    onDelete: undefined,
    onUpdate: undefined,
    useAlter: false,
  }),
  checkDef: node({ kind: "checkDef", name: undefined, expr: colA }),
  indexDef: ix("ix"),
  tableDef: tableDef("t"),
  createTable: node({ kind: "createTable", ifNotExists: false, table: tableDef("t") }),
  dropTable: node({ kind: "dropTable", ifExists: false, table: T }),
  createIndex: node({ kind: "createIndex", ifNotExists: false, index: ix("ix") }),
  dropIndex: node({ kind: "dropIndex", name: "ix", ifExists: false, table: T }),
  addConstraint: node({ kind: "addConstraint", table: T, constraint: pk }),
  dropConstraint: node({ kind: "dropConstraint", table: T, constraint: pk }),
  createEnumType: node({ kind: "createEnumType", schema: undefined, name: "e", values: ["a"] }),
  dropEnumType: node({ kind: "dropEnumType", schema: undefined, name: "e", ifExists: false }),
  setComment: node({ kind: "setComment", column: undefined, comment: undefined, table: T }),
  addColumn: node({ kind: "addColumn", table: T, column: columnDef("a") }),
  dropColumn: node({ kind: "dropColumn", table: T, column: "a" }),
  renameTable: node({ kind: "renameTable", table: T, newName: "t9" }),
  renameColumn: node({ kind: "renameColumn", table: T, column: "a", newName: "z" }),
  alterColumn: node({ kind: "alterColumn", table: T, column: columnDef("a"), changes: ["type"], using: undefined }),
};

/** For each kind, a different value for each declared field. */
type Variants = {
  readonly [K in NodeKind]: { readonly [F in keyof NodeFieldTable[K]]: NodeOf<K>[F & keyof NodeOf<K>] };
};
const VARIANTS: Variants = {
  column: { name: "b", from: T2, type: TEXT },
  bind: { value: 2, name: "p", type: TEXT },
  binary: { op: "<>", left: colB, right: colB },
  unary: { op: "IS NULL", operand: colB },
  boolean: { op: "OR", items: [colA, colB] },
  like: { expr: colB, pattern: colB, escape: "\\", caseInsensitive: true, negated: true },
  between: { expr: colB, low: colB, high: colB, negated: true },
  list: { items: [colB] },
  function: { name: "g", args: [colA], distinct: true, filter: colA, type: TEXT },
  over: { fn: fn("g"), partitionBy: [colA], orderBy: [ob], frame: "ROWS UNBOUNDED PRECEDING" },
  label: { expr: colB, name: "y" },
  case: { value: colA, whens: [[colB, colA]], else: colA },
  cast: { expr: colB, type: TEXT },
  scalarSubquery: { select: sel2 },
  star: { from: T },
  grouping: { expr: colB },
  orderBy: { expr: colB, direction: "DESC", nulls: "LAST" },
  excluded: { name: "b", type: TEXT },
  text: { sql: "select 2", columns: [["a", INT]], bindTypes: { x: INT } },
  table: { schema: "s", name: "u", def: tableDef("t") },
  alias: { name: "y", lateral: true, from: T2 },
  cte: { name: "d", recursive: true, columns: ["a"], select: sel2 },
  join: { type: "LEFT", left: T3, right: T3, on: colA },
  select: {
    distinct: true,
    ctes: [cte],
    distinctOn: [colA],
    columns: [colB],
    from: [T2],
    implicitFrom: [T2],
    where: colA,
    groupBy: [colA],
    having: colA,
    orderBy: [ob],
    limit: bind1(),
    offset: bind1(),
    forUpdate: node({ kind: "forUpdate", mode: "UPDATE", nowait: false, skipLocked: false, of: [] }),
  },
  forUpdate: { mode: "SHARE", nowait: true, skipLocked: true, of: [T] },
  compoundSelect: { op: "EXCEPT", ctes: [cte], selects: [sel, sel2], orderBy: [ob], limit: bind1(), offset: bind1() },
  insert: {
    columns: ["b"],
    orderedValues: true,
    ctes: [cte],
    table: T2,
    values: [[bind1()], [bind1()]],
    select: sel,
    returning: [colA],
    upsert: FIXTURES.upsert,
  },
  upsert: {
    form: "onDuplicateKey",
    action: "doUpdate",
    target: ["a"],
    constraint: "c",
    targetWhere: colA,
    set: [["a", bind1()]],
    where: colA,
  },
  update: { ctes: [cte], table: T2, set: [["b", bind1()]], from: [T2], where: colA, returning: [colA] },
  delete: { ctes: [cte], table: T2, where: colA, returning: [colA] },
  columnDef: {
    name: "b",
    type: TEXT,
    nullable: false,
    primaryKey: true,
    autoincrement: true,
    comment: "c",
    serverDefault: bind1(),
    computed: FIXTURES.computed,
  },
  computed: { persisted: false, expr: colB },
  primaryKeyDef: { name: "pk", columns: ["b"] },
  uniqueDef: { name: "uq", columns: ["b"] },
  foreignKeyDef: {
    name: "fk",
    columns: ["b"],
    refSchema: "s",
    refTable: "t3",
    refColumns: ["b"],
    onDelete: "CASCADE",
    onUpdate: "CASCADE",
    useAlter: true,
  },
  checkDef: { name: "ck", expr: colB },
  indexDef: { name: "iy", unique: true, table: T2, items: [colB], where: colA },
  tableDef: { schema: "s", name: "u", comment: "c", columns: [columnDef("b")], constraints: [pk], indexes: [ix("ix")] },
  createTable: { ifNotExists: true, table: tableDef("u") },
  dropTable: { ifExists: true, table: T2 },
  createIndex: { ifNotExists: true, index: ix("iy") },
  dropIndex: { name: "iy", ifExists: true, table: T2 },
  addConstraint: { table: T2, constraint: uq },
  dropConstraint: { table: T2, constraint: uq },
  createEnumType: { schema: "s", name: "f", values: ["a", "b"] },
  dropEnumType: { schema: "s", name: "f", ifExists: true },
  setComment: { column: "a", comment: "c", table: T2 },
  addColumn: { table: T2, column: columnDef("b") },
  dropColumn: { table: T2, column: "b" },
  renameTable: { table: T2, newName: "t8" },
  renameColumn: { table: T2, column: "b", newName: "y" },
  alterColumn: { table: T2, column: columnDef("b"), changes: ["nullable"], using: colA },
};

/** A node's key and binds; any node can be the root of the walk. */
const shape = (n: object) => statementShape(n as StatementNode);

describe("cache key coverage", () => {
  const kinds = Object.keys(NODE_FIELDS) as NodeKind[];

  it("has a fixture for every node kind, with exactly the declared fields", () => {
    expect(Object.keys(FIXTURES).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      const own = Object.keys(FIXTURES[kind]).filter((k) => k !== "kind" && k !== "memo");
      expect(own.sort(), kind).toEqual(Object.keys(NODE_FIELDS[kind]).sort());
    }
  });

  for (const kind of Object.keys(NODE_FIELDS) as NodeKind[]) {
    for (const [field, role] of Object.entries(NODE_FIELDS[kind]) as [string, string][]) {
      it(`${kind}.${field} (${role})`, () => {
        const base = FIXTURES[kind] as unknown as Record<string, unknown>;
        const value = (VARIANTS[kind] as Record<string, unknown>)[field];
        expect(value, "the variant must differ from the fixture").not.toEqual(base[field]);
        const changed = node({ ...(base as { kind: string }), [field]: value });
        const before = shape(base);
        const after = shape(changed);
        if (role === "meta") {
          // Not part of the SQL: statements differing only here share their compiled SQL.
          expect(after.key).toBe(before.key);
        } else if (role === "bindValue") {
          expect(after.key).toBe(before.key);
          expect(after.binds).toEqual([changed]);
        } else {
          expect(after.key).not.toBe(before.key);
        }
      });
    }
  }

  it("keys DDL by its literal values (DDL cannot take parameters)", () => {
    const withDefault = (value: unknown) =>
      node({
        kind: "createTable",
        ifNotExists: false,
        table: node({
          ...tableDef("t"),
          columns: [node({ ...columnDef("a"), serverDefault: node({ ...bind1(), value }) })],
        }),
      });
    expect(shape(withDefault(1)).key).not.toBe(shape(withDefault(2)).key);
    expect(shape(withDefault(1)).key).not.toBe(shape(withDefault("1")).key);
  });
});

const custom = (impl: types.SqlType<string>, ddl?: string) =>
  types.customType<string, string>({
    impl,
    ...(ddl === undefined ? {} : { ddl }),
    toDriver: (v) => v,
    fromDriver: (v) => v,
  });

/** For each SQL type class: an instance, and per field an instance differing in that field only. */
const TYPE_CASES: readonly (readonly [types.SqlType, Readonly<Record<string, types.SqlType>>])[] = [
  [new types.IntegerType(32), { bits: new types.IntegerType(16) }],
  [new types.BigIntegerType(), {}],
  [new types.NumericType(10, 2), { precision: new types.NumericType(12, 2), scale: new types.NumericType(10, 3) }],
  [new types.FloatType(), { precision: new types.FloatType(20) }],
  [new types.BooleanType(), {}],
  [new types.StringType(10), { length: new types.StringType(20), text: new types.StringType(10, true) }],
  [new types.DateTimeType(false), { timezone: new types.DateTimeType(true) }],
  [new types.DateType(), {}],
  [new types.TimeType(), {}],
  [new types.IntervalType(), {}],
  [new types.JSONType(), {}],
  [new JSONBType(), {}],
  [new types.UUIDType(), {}],
  [new types.LargeBinaryType(), { length: new types.LargeBinaryType(16) }],
  [types.Enum(["a", "b"]), { values: types.Enum(["a", "c"]), name: types.Enum(["a", "b"], { name: "e" }) }],
  [custom(types.Text()), { impl: custom(types.String(10)), ddl: custom(types.Text(), "inet") }],
];

/** A statement whose SQL depends on the type: its key must follow the type's. */
const castKey = (type: types.SqlType): string => shape(node({ kind: "cast", expr: colA, type })).key;

describe("SQL type cache keys", () => {
  it("cover every SQL type class", () => {
    const exported = ([...Object.values(types), JSONBType] as unknown[]).filter(
      (v): v is abstract new (...args: never[]) => types.SqlType =>
        typeof v === "function" && v.prototype instanceof types.SqlType,
    );
    const covered = new Set(TYPE_CASES.map(([t]) => t.constructor));
    for (const cls of exported) expect(covered.has(cls), cls.name).toBe(true);
  });

  for (const [base, changes] of TYPE_CASES) {
    it(`${base.constructor.name}: every field changes the key`, () => {
      // Every own field of the type (and a custom type's ddl) must be covered by a change.
      const fields = Object.keys(base).filter((k) => k !== "kind");
      if (base instanceof types.CustomType) fields.push("ddl");
      expect(Object.keys(changes).sort()).toEqual(fields.sort());
      for (const [field, changed] of Object.entries(changes)) {
        expect(changed.cacheKey, field).not.toBe(base.cacheKey);
        expect(castKey(changed), field).not.toBe(castKey(base));
      }
      // Equal parameters give equal keys (types are compared by value, not identity).
      const again = Object.create(Object.getPrototypeOf(base) as object) as types.SqlType;
      Object.assign(again, base);
      if (!(base instanceof types.CustomType)) expect(castKey(again)).toBe(castKey(base));
    });
  }

  it("are distinct across type classes", () => {
    const keys = TYPE_CASES.map(([t]) => castKey(t));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("keep a custom type's DDL: CAST AS inet and CAST AS macaddr do not share a key", () => {
    // The bug: the key used the display text, `Custom(Text)` for both.
    expect(castKey(custom(types.Text(), "inet"))).not.toBe(castKey(custom(types.Text(), "macaddr")));
    const bindKey = (t: types.SqlType) => shape(node({ kind: "bind", value: "x", name: undefined, type: t })).key;
    expect(bindKey(custom(types.Text(), "inet"))).not.toBe(bindKey(custom(types.Text(), "macaddr")));
  });
});
