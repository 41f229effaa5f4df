/**
 * The configure step for one relationship (SQLAlchemy's `RelationshipProperty.do_init`): resolves the target thunk,
 * finds the foreign-key path between the tables, and works out the direction and the join columns.
 */

import { resolveClauseElement } from "../../expr/index.js";
import {
  type AnyColumn,
  type AnyTable,
  Column,
  type ForeignKeyConstraint,
  resolveReference,
  Table,
} from "../../schema/index.js";
import { AmbiguousForeignKeysError, MappingError, NoForeignKeysError } from "../errors.js";
import {
  type CascadeName,
  type ColumnPair,
  Relationship,
  type RelationshipDirection,
} from "./configured-relationship.js";
import type { Mapper } from "./mapper.js";
import { findMapper } from "./mapper-lookup.js";
import type { AnyRelationshipDef, ColumnRef, SecondaryRef } from "./relationship.js";

/** A foreign key of a table: its columns paired with the columns they reference. */
interface ForeignKeyPath {
  readonly table: AnyTable;
  readonly pairs: readonly { readonly fk: AnyColumn; readonly referenced: AnyColumn }[];
}

/** Resolves one relationship definition of `parent` into a configured `Relationship`. */
export function resolveRelationship(parent: Mapper, key: string, def: AnyRelationshipDef): Relationship {
  const where = `${parent.className}.${key}`;
  const target = resolveTarget(def, where);
  const options = def.options;
  const cascade = parseCascade(options.cascade, where);
  const common = { key, parent, target, options, cascade, uselist: def.kind === "many" };
  if (options.secondary !== undefined) {
    const secondary = resolveSecondary(options.secondary, parent.table, where);
    const { pairs, secondaryPairs } = manyToManyPairs(parent, target, secondary, where);
    checkOrphanCascade(cascade, where, "many-to-many");
    return new Relationship({ ...common, direction: "many-to-many", pairs, secondary, secondaryPairs });
  }
  const { direction, pairs } = directPairs(parent, target, def, where);
  if (def.kind === "many" && direction === "many-to-one")
    throw new MappingError(
      `${where} is relationship.many(), but its foreign key (${pairs.map((p) => String(p.local)).join(", ")}) is on ${parent.className}'s table, which makes it many-to-one: use relationship.one(), or put the foreign key on ${target.className}'s table`,
    );
  if (direction === "many-to-one") checkOrphanCascade(cascade, where, direction);
  return new Relationship({ ...common, direction, pairs, secondary: undefined, secondaryPairs: [] });
}

function resolveTarget(def: AnyRelationshipDef, where: string): Mapper {
  let cls: unknown;
  try {
    cls = def.target();
  } catch (error) {
    throw new MappingError(`${where}: the target thunk threw (${(error as Error).message})`, { cause: error });
  }
  const target = findMapper(cls);
  if (target) return target;
  throw new MappingError(
    `${where}: the target ${typeof cls === "function" ? "class" : String(cls)} is not a mapped class (extend Base.Model(...) and decorate it with @mapped)`,
  );
}

/** delete-orphan needs one parent per child: only one-to-many (and one-to-one) relationships have that. */
function checkOrphanCascade(cascade: ReadonlySet<CascadeName>, where: string, direction: RelationshipDirection): void {
  if (cascade.has("delete-orphan"))
    throw new MappingError(
      `${where}: the delete-orphan cascade is for one-to-many relationships (a child has one parent); this one is ${direction}, so put the cascade on the other side`,
    );
}

const ALL: readonly CascadeName[] = ["save-update", "merge", "refresh-expire", "expunge", "delete"];
const CASCADES: ReadonlySet<string> = new Set([...ALL, "delete-orphan", "all"]);

/** Parses `"all, delete-orphan"` into cascade names (`"save-update, merge"` when not given). */
function parseCascade(text: string | undefined, where: string): ReadonlySet<CascadeName> {
  const out = new Set<CascadeName>();
  for (const raw of (text ?? "save-update, merge").split(",")) {
    const name = raw.trim();
    if (name === "") continue;
    if (!CASCADES.has(name))
      throw new MappingError(
        `${where}: unknown cascade "${name}"; the cascades are all, save-update, merge, refresh-expire, expunge, delete, delete-orphan`,
      );
    if (name === "all") for (const c of ALL) out.add(c);
    else out.add(name as CascadeName);
  }
  return out;
}

function resolveSecondary(ref: SecondaryRef, parentTable: AnyTable, where: string): AnyTable {
  const table =
    typeof ref === "string"
      ? parentTable.metadata.table(ref)
      : ref instanceof Table
        ? ref
        : resolveClauseElement(ref());
  if (table instanceof Table) return table;
  throw new MappingError(
    `${where}: secondary ${typeof ref === "string" ? `'${ref}' is not a table of the model's MetaData` : "must be a Table (or a thunk returning one)"}`,
  );
}

/** The foreign keys of a table: column-level `.references()` and table-level `foreignKeyConstraint`s. */
export function foreignKeysOf(table: AnyTable): ForeignKeyPath[] {
  const out: ForeignKeyPath[] = [];
  for (const col of table.columns)
    for (const ref of col.spec.references)
      out.push({ table, pairs: [{ fk: col, referenced: resolveReference(ref.target, table.metadata, String(col)) }] });
  for (const extra of table.extras) {
    if (extra.kind !== "foreignKey") continue;
    const refs = referencedColumns(extra, table);
    out.push({
      table,
      pairs: extra.columns.map((k, i) => ({ fk: table.column(k), referenced: refs[i] as AnyColumn })),
    });
  }
  return out;
}

function referencedColumns(fk: ForeignKeyConstraint, table: AnyTable): readonly AnyColumn[] {
  if (typeof fk.refColumns === "function") return fk.refColumns().map((c) => asColumn(c, `${table.name} foreign key`));
  return fk.refColumns.map((r) => resolveReference(r, table.metadata, `${table.name} foreign key`));
}

function asColumn(value: unknown, where: string): AnyColumn {
  const col = resolveClauseElement(value);
  if (col instanceof Column) return col;
  throw new MappingError(`${where}: expected a column (or a class attribute standing for one)`);
}

/** Columns named by `foreignKeys` / `remoteSide`: keys (looked up in `tables`, in order) or a thunk of columns. */
function columnsOption(
  option: readonly string[] | (() => readonly ColumnRef[]) | undefined,
  tables: readonly AnyTable[],
  where: string,
  what: string,
): ReadonlySet<AnyColumn> | undefined {
  if (option === undefined) return undefined;
  if (typeof option === "function") return new Set(option().map((c) => asColumn(c, `${where}: ${what}`)));
  return new Set(
    option.map((k) => {
      for (const t of tables) {
        const col = (t.c as Record<string, AnyColumn | undefined>)[k];
        if (col) return col;
      }
      throw new MappingError(
        `${where}: ${what} names '${k}', which is not a column key of ${tables.map((t) => t.name).join(" or ")}`,
      );
    }),
  );
}

const describePath = (p: ForeignKeyPath): string =>
  p.pairs.map((x) => `${String(x.fk)} -> ${String(x.referenced)}`).join(", ");

/** Keeps the paths whose foreign-key columns are all in `chosen`. */
function choose(paths: readonly ForeignKeyPath[], chosen: ReadonlySet<AnyColumn> | undefined): ForeignKeyPath[] {
  return chosen ? paths.filter((p) => p.pairs.every((x) => chosen.has(x.fk))) : [...paths];
}

/** Direction and join columns of a relationship without an association table. */
function directPairs(
  parent: Mapper,
  target: Mapper,
  def: AnyRelationshipDef,
  where: string,
): { direction: RelationshipDirection; pairs: ColumnPair[] } {
  const pt = parent.table;
  const tt = target.table;
  const chosen = columnsOption(def.options.foreignKeys, [pt, tt], where, "foreignKeys");
  const toParent = choose(
    foreignKeysOf(tt).filter((p) => p.pairs.every((x) => x.referenced.table === pt)),
    chosen,
  );
  if (pt === tt) return selfReferential(toParent, pt, def, where);
  const toTarget = choose(
    foreignKeysOf(pt).filter((p) => p.pairs.every((x) => x.referenced.table === tt)),
    chosen,
  );
  const paths = [...toParent, ...toTarget];
  if (paths.length === 0)
    throw new NoForeignKeysError(
      `${where}: no foreign key links '${pt.name}' and '${tt.name}'${chosen ? " through the foreignKeys given" : ""}; add .references() to the column that points at the other table, or pass secondary for a many-to-many`,
    );
  if (paths.length > 1)
    throw new AmbiguousForeignKeysError(
      `${where}: several foreign keys link '${pt.name}' and '${tt.name}' (${paths.map(describePath).join("; ")}); say which with foreignKeys, e.g. { foreignKeys: ["${(paths[0] as ForeignKeyPath).pairs[0]?.fk.key}"] }`,
    );
  const path = paths[0] as ForeignKeyPath;
  return path.table === tt
    ? { direction: "one-to-many", pairs: path.pairs.map((x) => ({ local: x.referenced, remote: x.fk })) }
    : { direction: "many-to-one", pairs: path.pairs.map((x) => ({ local: x.fk, remote: x.referenced })) };
}

/**
 * A relationship from a table to itself (an adjacency list): one-to-many unless `remoteSide` names the referenced
 * (parent) columns, which makes it many-to-one (SQLAlchemy's rule).
 */
function selfReferential(
  paths: readonly ForeignKeyPath[],
  table: AnyTable,
  def: AnyRelationshipDef,
  where: string,
): { direction: RelationshipDirection; pairs: ColumnPair[] } {
  if (paths.length === 0)
    throw new NoForeignKeysError(
      `${where}: '${table.name}' has no foreign key to itself${def.options.foreignKeys ? " among the foreignKeys given" : ""}; add .references() to the parent column`,
    );
  if (paths.length > 1)
    throw new AmbiguousForeignKeysError(
      `${where}: several foreign keys of '${table.name}' point at itself (${paths.map(describePath).join("; ")}); say which with foreignKeys`,
    );
  const path = paths[0] as ForeignKeyPath;
  const remote = columnsOption(def.options.remoteSide, [table], where, "remoteSide");
  if (remote === undefined)
    return { direction: "one-to-many", pairs: path.pairs.map((x) => ({ local: x.referenced, remote: x.fk })) };
  if (path.pairs.every((x) => remote.has(x.referenced)))
    return { direction: "many-to-one", pairs: path.pairs.map((x) => ({ local: x.fk, remote: x.referenced })) };
  if (path.pairs.every((x) => remote.has(x.fk)))
    return { direction: "one-to-many", pairs: path.pairs.map((x) => ({ local: x.referenced, remote: x.fk })) };
  throw new MappingError(
    `${where}: remoteSide must name the referenced columns (many-to-one, e.g. the primary key) or the foreign-key columns (one-to-many) of ${describePath(path)}`,
  );
}

/** Join columns of a many-to-many: parent ↔ association table, association table ↔ target. */
function manyToManyPairs(
  parent: Mapper,
  target: Mapper,
  secondary: AnyTable,
  where: string,
): { pairs: ColumnPair[]; secondaryPairs: ColumnPair[] } {
  const fks = foreignKeysOf(secondary);
  const pick = (table: AnyTable, side: string): ForeignKeyPath => {
    const found = fks.filter((p) => p.pairs.every((x) => x.referenced.table === table));
    if (found.length === 1) return found[0] as ForeignKeyPath;
    if (found.length === 0)
      throw new NoForeignKeysError(
        `${where}: the association table '${secondary.name}' has no foreign key to '${table.name}' (the ${side})`,
      );
    throw new AmbiguousForeignKeysError(
      `${where}: the association table '${secondary.name}' has several foreign keys to '${table.name}' (${found.map(describePath).join("; ")}); a self-referential many-to-many is not supported yet`,
    );
  };
  if (parent.table === target.table) pick(parent.table, "parent and target");
  const toParent = pick(parent.table, "parent");
  const toTarget = pick(target.table, "target");
  return {
    pairs: toParent.pairs.map((x) => ({ local: x.referenced, remote: x.fk })),
    secondaryPairs: toTarget.pairs.map((x) => ({ local: x.fk, remote: x.referenced })),
  };
}
