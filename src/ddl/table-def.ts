/**
 * Schema → DDL nodes: `tableDef(table)` describes a `Table` as a frozen `TableDefNode` (columns,
 * constraints, indexes), with foreign keys resolved and constraint names from the MetaData's naming
 * convention. Dialect-neutral: the DDL compiler decides how each piece is written.
 *
 * ```ts
 * const def = tableDef(users);
 * def.constraints.map((c) => c.name); // ["pk_users", "uq_users_email"]
 * ```
 */

import {
  node,
  type CheckDefNode,
  type ColumnDefNode,
  type ColumnNode,
  type ConstraintDefNode,
  type ExprNode,
  type ForeignKeyDefNode,
  type IndexDefNode,
  type PrimaryKeyDefNode,
  type TableDefNode,
  type TableNode,
  type UniqueDefNode,
  visit,
} from "../ast/index.js";
import { ArgumentError, InvalidRequestError } from "../errors/index.js";
import { SqlExpression } from "../expr/index.js";
import {
  type AnyColumn,
  type AnyTable,
  type CheckConstraint,
  type ForeignKeyConstraint,
  type IndexSpec,
  type PrimaryKeyConstraint,
  resolveReference,
  serverDefaultNode,
  type UniqueConstraint,
} from "../schema/index.js";
import { storedType } from "../types/index.js";
import { type ConventionColumn, type ConventionContext, conventionName } from "./naming.js";

/** Index convention used when the MetaData has none for indexes (an index always needs a name). */
const FALLBACK_INDEX_CONVENTION = "ix_%(table_name)s_%(column_0_N_name)s";

const defs = new WeakMap<AnyTable, TableDefNode>();

/**
 * The DDL description of a table. Computed once per table (tables are immutable); a foreign key whose
 * target cannot be resolved yet throws and is retried on the next call.
 */
export function tableDef(table: AnyTable): TableDefNode {
  let def = defs.get(table);
  if (!def) {
    def = buildTableDef(table);
    defs.set(table, def);
  }
  return def;
}

/**
 * SQLAlchemy's autoincrement rule: `autoincrement(false)` never; `autoincrement()` on an integer primary
 * key column; by default, the table's only primary key column when it is an integer with no foreign
 * key, no default and no server default.
 */
export function isAutoincrement(col: AnyColumn, pk: readonly AnyColumn[], table: AnyTable): boolean {
  const flag = col.spec.autoincrement;
  if (flag === false || !pk.includes(col)) return false;
  const integer = ["integer", "bigint"].includes(storedType(col.type).kind);
  if (flag === true) {
    if (!integer)
      throw new ArgumentError(
        `Column ${table.name}.${col.name} is ${col.type.toString()}: autoincrement needs an integer column`,
      );
    return true;
  }
  return (
    integer &&
    pk.length === 1 &&
    col.spec.references.length === 0 &&
    col.spec.default === undefined &&
    col.spec.serverDefault === undefined &&
    col.spec.computed === undefined
  );
}

const asConvention = (c: AnyColumn): ConventionColumn => ({ name: c.name, key: c.key });

/** The column nodes an expression mentions, in order of appearance (for naming CHECKs and indexes). */
function columnsIn(e: ExprNode, out: ColumnNode[] = []): ColumnNode[] {
  visit(e, (n) => {
    if (n.kind === "column") {
      if (!out.some((o) => o.name === n.name)) out.push(n);
      return false;
    }
    // Subqueries do not name a constraint's own columns.
    return n.kind !== "scalarSubquery";
  });
  return out;
}

function buildTableDef(table: AnyTable): TableDefNode {
  const convention = table.metadata.namingConvention;
  const byKey = (key: string): AnyColumn => table.column(key);
  const context = (columns: readonly AnyColumn[], extra: Partial<ConventionContext> = {}): ConventionContext => ({
    table: table.name,
    columns: columns.map(asConvention),
    ...extra,
  });
  const extrasOf = <K extends string>(kind: K) =>
    table.extras.filter((e): e is Extract<(typeof table.extras)[number], { kind: K }> => e.kind === kind);

  const pk = table.primaryKey;
  const pkNames = new Set(pk.map((c) => c.name));
  const columns: ColumnDefNode[] = table.columns.map((col) =>
    node({
      kind: "columnDef",
      name: col.name,
      type: col.type,
      // Primary key columns are NOT NULL, whether the key is declared on them or on the table.
      nullable: col.spec.nullable && !pkNames.has(col.name),
      primaryKey: pkNames.has(col.name),
      autoincrement: isAutoincrement(col, pk, table),
      serverDefault: serverDefaultNode(col.spec.serverDefault),
      computed: col.spec.computed
        ? node({ kind: "computed", expr: col.spec.computed.expr.node, persisted: col.spec.computed.persisted })
        : undefined,
      comment: col.spec.comment,
    }),
  );

  const constraints: ConstraintDefNode[] = [];
  if (pk.length > 0) {
    const explicit = extrasOf("primaryKey")[0] as PrimaryKeyConstraint | undefined;
    constraints.push(
      node<PrimaryKeyDefNode>({
        kind: "primaryKeyDef",
        name: conventionName(convention, "pk", explicit?.name, context(pk)),
        columns: pk.map((c) => c.name),
      }),
    );
  }

  const unique = (cols: readonly AnyColumn[], name: string | undefined): UniqueDefNode =>
    node({
      kind: "uniqueDef",
      name: conventionName(convention, "uq", name, context(cols)),
      columns: cols.map((c) => c.name),
    });
  // A column that is both unique and indexed gets a unique index instead (as in SQLAlchemy).
  for (const col of table.columns) if (col.spec.unique && !col.spec.index) constraints.push(unique([col], undefined));
  for (const u of extrasOf("unique") as UniqueConstraint[]) constraints.push(unique(u.columns.map(byKey), u.name));

  for (const col of table.columns) {
    for (const ref of col.spec.references) {
      const target = resolveReference(ref.target, table.metadata, `${table.name}.${col.name}`);
      constraints.push(foreignKey(table, [col], [target], ref.options, convention, context));
    }
  }
  for (const fk of extrasOf("foreignKey") as ForeignKeyConstraint[]) {
    const cols = fk.columns.map(byKey);
    const from = `${table.name}(${cols.map((c) => c.name).join(", ")})`;
    const targets =
      typeof fk.refColumns === "function"
        ? fk.refColumns()
        : fk.refColumns.map((r) => resolveReference(r, table.metadata, from));
    if (targets.length !== cols.length)
      throw new ArgumentError(`Foreign key on ${from} has ${cols.length} columns but references ${targets.length}`);
    constraints.push(foreignKey(table, cols, targets, fk, convention, context));
  }

  for (const ck of extrasOf("check") as CheckConstraint[]) {
    const expr = (typeof ck.expr === "function" ? ck.expr(table.c as Record<string, AnyColumn>) : ck.expr).node;
    const cols = columnsIn(expr).flatMap((n) => table.columns.filter((c) => c.name === n.name));
    constraints.push(
      node<CheckDefNode>({ kind: "checkDef", name: conventionName(convention, "ck", ck.name, context(cols)), expr }),
    );
  }

  const indexes: IndexDefNode[] = [];
  for (const col of table.columns) {
    if (col.spec.index) indexes.push(indexDef(table, undefined, [col.node], col.spec.unique, undefined, [col]));
  }
  for (const ix of extrasOf("index") as IndexSpec[]) indexes.push(indexSpecDef(table, ix));
  const names = new Set<string>();
  for (const ix of indexes) {
    if (names.has(ix.name)) throw new ArgumentError(`Table '${table.name}' defines index '${ix.name}' twice`);
    names.add(ix.name);
  }

  return node({
    kind: "tableDef",
    name: table.name,
    schema: table.schema,
    columns,
    constraints,
    indexes,
    comment: table.comment,
  });
}

/**
 * The description of an `index(...)` spec on `table` (named by its naming convention), whether or not it
 * is part of the table's definition.
 */
export function indexSpecDef(table: AnyTable, ix: IndexSpec): IndexDefNode {
  const c = table.c as Record<string, AnyColumn>;
  const items = ix.items.map((item): ExprNode => {
    if (typeof item === "string") return table.column(item).node;
    if (item instanceof SqlExpression) return item.node;
    return item(c).node;
  });
  if (items.length === 0) throw new ArgumentError(`An index on ${table.name} needs at least one column or expression`);
  const cols = items.flatMap((n) => columnsIn(n)).flatMap((n) => table.columns.filter((col) => col.name === n.name));
  const where = ix.where === undefined ? undefined : (typeof ix.where === "function" ? ix.where(c) : ix.where).node;
  return indexDef(table, ix.name, items, ix.unique, where, cols);
}

/** A foreign key from `cols` to `targets` (all in one table). */
function foreignKey(
  table: AnyTable,
  cols: readonly AnyColumn[],
  targets: readonly AnyColumn[],
  options: {
    name?: string | undefined;
    onDelete?: ForeignKeyDefNode["onDelete"];
    onUpdate?: ForeignKeyDefNode["onUpdate"];
    useAlter?: boolean | undefined;
  },
  convention: AnyTable["metadata"]["namingConvention"],
  context: (columns: readonly AnyColumn[], extra?: Partial<ConventionContext>) => ConventionContext,
): ForeignKeyDefNode {
  const owner = targets[0]?.table.node;
  if (!owner || owner.kind !== "table" || targets.some((t) => t.table.node !== owner)) {
    throw new InvalidRequestError(
      `Foreign key on ${table.name}(${cols.map((c) => c.name).join(", ")}) must reference columns of one table (not an alias)`,
    );
  }
  const refTable = owner as TableNode;
  return node({
    kind: "foreignKeyDef",
    name: conventionName(
      convention,
      "fk",
      options.name,
      context(cols, { referredTable: refTable.name, referredColumns: targets.map(asConvention) }),
    ),
    columns: cols.map((c) => c.name),
    refTable: refTable.name,
    refSchema: refTable.schema,
    refColumns: targets.map((t) => t.name),
    onDelete: options.onDelete,
    onUpdate: options.onUpdate,
    useAlter: options.useAlter ?? false,
  });
}

/** An index named by its explicit name, the `ix` convention, or `ix_<table>_<column>`. */
function indexDef(
  table: AnyTable,
  name: string | undefined,
  items: readonly ExprNode[],
  unique: boolean,
  where: ExprNode | undefined,
  cols: readonly AnyColumn[],
): IndexDefNode {
  const convention = table.metadata.namingConvention;
  const ctx: ConventionContext = { table: table.name, columns: cols.map(asConvention) };
  const resolved =
    conventionName(convention, "ix", name, ctx) ??
    (convention.ix === undefined ? conventionName({ ix: FALLBACK_INDEX_CONVENTION }, "ix", name, ctx) : undefined);
  if (resolved === undefined)
    throw new ArgumentError(
      `An index on ${table.name} needs a name: its naming convention cannot name an index on expressions without columns`,
    );
  return node({ kind: "indexDef", name: resolved, table: table.node, items, unique, where });
}
