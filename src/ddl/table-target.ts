/** The table an ALTER TABLE, a constraint or an index statement acts on: a `Table`, or its name. */

import { node, type TableNode } from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import { type AnyTable, Table } from "../schema/index.js";
import { tableNodeOf } from "./statements.js";
import { tableDef } from "./table-def.js";

/** The table an ALTER acts on: a `Table`, a name, or a name and schema. */
export type TableTarget = AnyTable | string | { readonly name: string; readonly schema?: string | undefined };

/** The table node of a target (carrying its description when it is a `Table`). */
export function tableTargetNode(target: TableTarget): TableNode {
  if (target instanceof Table) return tableNodeOf(tableDef(target));
  const { name, schema } = typeof target === "string" ? { name: target, schema: undefined } : target;
  if (typeof name !== "string" || name === "") throw new ArgumentError("An ALTER TABLE needs a non-empty table name");
  return node({ kind: "table", name, schema, def: undefined });
}
