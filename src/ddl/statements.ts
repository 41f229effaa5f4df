/**
 * The statements that create or drop one table on a dialect: a table may need several (PostgreSQL's
 * `CREATE TYPE … AS ENUM` before it and `COMMENT ON` after it; its indexes after it).
 */

import {
  node,
  type ConstraintDefNode,
  type CreateEnumTypeNode,
  type DdlNode,
  type DropEnumTypeNode,
  type TableDefNode,
  type TableNode,
  withChanges,
} from "../ast/index.js";
import { EnumType, enumTypeName, type SqlType, storedType } from "../types/index.js";
import type { DdlCapabilities } from "./capabilities.js";

/** Something that has DDL capabilities: a dialect (`engine.dialect`). */
export interface DdlTarget {
  readonly capabilities: DdlCapabilities;
}

/** An enum a table declares as a type of its own. */
export interface EnumTypeDef {
  readonly name: string;
  readonly schema: string | undefined;
  readonly values: readonly string[];
}

/** The enum a column holds, if its (stored) type is one. */
export function enumOf(type: SqlType): EnumType | undefined {
  const t = storedType(type);
  return t instanceof EnumType ? t : undefined;
}

/** `"schema"."name"` as a map key. */
export function qualifiedKey(name: string, schema: string | undefined): string {
  return JSON.stringify([schema ?? null, name]);
}

/**
 * The enum types a table's columns use, once each, where the dialect declares enums as named types
 * (`enumStyle` `"named-type"`); none elsewhere. Types live in the table's schema.
 */
export function enumTypesOf(def: TableDefNode, target: DdlTarget): EnumTypeDef[] {
  if (target.capabilities.enumStyle !== "named-type") return [];
  const out = new Map<string, EnumTypeDef>();
  for (const col of def.columns) {
    const e = enumOf(col.type);
    if (!e) continue;
    const name = enumTypeName(e, { table: def.name, column: col.name });
    const key = qualifiedKey(name, def.schema);
    if (!out.has(key)) out.set(key, { name, schema: def.schema, values: e.values });
  }
  return [...out.values()];
}

/** `CREATE TYPE … AS ENUM` for one enum type. */
export function createEnumTypeNode(e: EnumTypeDef): CreateEnumTypeNode {
  return node({ kind: "createEnumType", name: e.name, schema: e.schema, values: e.values });
}

/** `DROP TYPE [IF EXISTS]` for one enum type. */
export function dropEnumTypeNode(e: EnumTypeDef, ifExists = false): DropEnumTypeNode {
  return node({ kind: "dropEnumType", name: e.name, schema: e.schema, ifExists });
}

/** A table node that carries its description. */
export function tableNodeOf(def: TableDefNode): TableNode {
  return node({ kind: "table", name: def.name, schema: def.schema, def });
}

/** Options of `createTableStatements`. */
export interface CreateTableStatementsOptions {
  readonly ifNotExists?: boolean;
  /** Include `CREATE TYPE` for the table's enums (default true; `createAll` creates shared types once). */
  readonly enumTypes?: boolean;
  /** Constraints left out of CREATE TABLE (foreign keys added later with ALTER TABLE). */
  readonly omit?: ReadonlySet<ConstraintDefNode>;
}

/**
 * Every statement creating a table, in order: its enum types (named-type dialects), CREATE TABLE, its
 * comments (where they are statements), its indexes.
 */
export function createTableStatements(
  def: TableDefNode,
  target: DdlTarget,
  options: CreateTableStatementsOptions = {},
): DdlNode[] {
  const out: DdlNode[] = [];
  if (options.enumTypes ?? true) out.push(...enumTypesOf(def, target).map(createEnumTypeNode));
  const omit = options.omit;
  const table =
    omit && omit.size > 0 && def.constraints.some((c) => omit.has(c))
      ? withChanges(def, { constraints: def.constraints.filter((c) => !omit.has(c)) })
      : def;
  out.push(node({ kind: "createTable", table, ifNotExists: options.ifNotExists ?? false }));
  const tableNode = tableNodeOf(def);
  if (target.capabilities.comments === "statement") {
    if (def.comment !== undefined)
      out.push(node({ kind: "setComment", table: tableNode, column: undefined, comment: def.comment }));
    for (const col of def.columns) {
      if (col.comment !== undefined)
        out.push(node({ kind: "setComment", table: tableNode, column: col.name, comment: col.comment }));
    }
  }
  for (const index of def.indexes) {
    out.push(node({ kind: "createIndex", index, ifNotExists: options.ifNotExists ?? false }));
  }
  return out;
}

/** Every statement dropping a table: DROP TABLE, then its enum types (named-type dialects) when asked. */
export function dropTableStatements(
  def: TableDefNode,
  target: DdlTarget,
  options: { readonly ifExists?: boolean; readonly enumTypes?: boolean } = {},
): DdlNode[] {
  const out: DdlNode[] = [node({ kind: "dropTable", table: tableNodeOf(def), ifExists: options.ifExists ?? false })];
  if (options.enumTypes ?? true)
    out.push(...enumTypesOf(def, target).map((e) => dropEnumTypeNode(e, options.ifExists ?? false)));
  return out;
}
