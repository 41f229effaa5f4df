/**
 * TypeScript source for what operations hold: SQL types, column builders, table extras, values. What
 * autogenerate writes into a revision file, so that `op.createTable("tasks", { id: column(String(36))
 * .primaryKey() })` reads back as the operation that produced it.
 */

import { NotSupportedError } from "../../errors/index.js";
import type { SqlExpression } from "../../expr/index.js";
import type { ColumnBuilder, ColumnSpec, TableExtra } from "../../schema/index.js";
import { EnumType, type SqlType } from "../../types/index.js";

/** A string literal. */
export const str = (s: string): string => JSON.stringify(s);

/** `["a", "b"]`. */
export const strList = (items: readonly string[]): string => `[${items.map(str).join(", ")}]`;

/** A property key: bare when it is an identifier, quoted otherwise. */
export const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k));

/** `{ a: 1, b: "x" }` from already-rendered values, leaving out undefined ones; `""` when all are. */
export function options(entries: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(entries).flatMap(([k, v]) => (v === undefined ? [] : [`${key(k)}: ${v}`]));
  return parts.length === 0 ? "" : `{ ${parts.join(", ")} }`;
}

/** Arguments with trailing empty ones left out. */
export function args(...items: (string | undefined)[]): string {
  while (items.length > 0 && (items.at(-1) === undefined || items.at(-1) === "")) items.pop();
  return items.map((i) => i ?? "undefined").join(", ");
}

/** A SQL type as the factory call that makes it: `String(36)`, `Numeric(10, 2)`, `Enum(["a", "b"])`. */
export function typeSource(type: SqlType): string {
  if (type instanceof EnumType)
    return `Enum(${args(strList(type.values), type.name === undefined ? undefined : options({ name: str(type.name) }))})`;
  if (type.kind === "custom")
    throw new NotSupportedError(
      `A custom type (${type.toString()}) has no TypeScript source to render: write it in the revision by hand`,
    );
  // Every built-in type's display is its factory call, less the empty parentheses.
  const shown = type.toString();
  return shown.includes("(") ? shown : `${shown}()`;
}

/** SQL text an expression stands for, as `literalColumn("…")` (a server default, a CHECK). */
export function sqlSource(expr: SqlExpression | string): string {
  if (typeof expr === "string") return str(expr);
  const n = expr.node;
  if (n.kind === "text") return `literalColumn(${str(n.sql)})`;
  if (n.kind === "function" && n.args.length === 0) return `func.${n.name}()`;
  throw new NotSupportedError(
    `Only SQL text (literalColumn("…")), a string value or a no-argument func.*() renders as TypeScript; got a ${n.kind} expression`,
  );
}

/** A value as a TypeScript literal (rows of `bulkInsert`). */
export function valueSource(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
  if (v instanceof Date) return `new Date(${str(v.toISOString())})`;
  if (v instanceof Uint8Array) return `Buffer.from(${str(Buffer.from(v).toString("base64"))}, "base64")`;
  if (Array.isArray(v)) return `[${v.map(valueSource).join(", ")}]`;
  if (typeof v === "object")
    return options(
      Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, valueSource(x)])),
    );
  throw new NotSupportedError(`A ${typeof v} value has no TypeScript source to render`);
}

/** A column builder as source: `column(String(36)).primaryKey().nullable()…`. */
export function columnSource(builder: ColumnBuilder): string {
  const s: ColumnSpec = builder.spec;
  let out = `column(${args(typeSource(s.type), s.name === undefined ? undefined : options({ name: str(s.name) }))})`;
  if (s.primaryKey) out += ".primaryKey()";
  if (s.nullable) out += ".nullable()";
  if (s.unique) out += ".unique()";
  if (s.index) out += ".index()";
  if (s.autoincrement !== undefined) out += s.autoincrement ? ".autoincrement()" : ".autoincrement(false)";
  if (s.serverDefault !== undefined) out += `.serverDefault(${sqlSource(s.serverDefault)})`;
  for (const ref of s.references) {
    if (typeof ref.target !== "string")
      throw new NotSupportedError('A reference renders as TypeScript only as "table.column"');
    const o = ref.options;
    const opts = options({
      name: o.name === undefined ? undefined : str(o.name),
      onDelete: o.onDelete === undefined ? undefined : str(o.onDelete),
      onUpdate: o.onUpdate === undefined ? undefined : str(o.onUpdate),
    });
    out += `.references(${args(str(ref.target), opts)})`;
  }
  if (s.computed)
    out += `.computed(${args(sqlSource(s.computed.expr), s.computed.persisted ? "" : "{ persisted: false }")})`;
  if (s.comment !== undefined) out += `.comment(${str(s.comment)})`;
  if (s.default !== undefined || s.onUpdate !== undefined)
    throw new NotSupportedError("Client-side defaults are not part of the schema: leave them out of a migration");
  return out;
}

/** `{ id: column(…), … }`. */
export function columnsSource(columns: Readonly<Record<string, ColumnBuilder>>): string {
  const entries = Object.entries(columns).map(([k, b]) => `${key(k)}: ${columnSource(b)}`);
  return `{ ${entries.join(", ")} }`;
}

/** `{ name: "x" }` or nothing. */
const named = (name: string | undefined): string | undefined =>
  name === undefined ? undefined : options({ name: str(name) });

/** A table extra (constraint, index, options) as the call that declares it. */
export function extraSource(extra: TableExtra): string {
  switch (extra.kind) {
    case undefined:
      return options({
        schema: extra.schema === undefined ? undefined : str(extra.schema),
        comment: extra.comment === undefined ? undefined : str(extra.comment),
      });
    case "unique":
      return `uniqueConstraint(${args(strList(extra.columns), named(extra.name))})`;
    case "primaryKey":
      return `primaryKeyConstraint(${args(strList(extra.columns), named(extra.name))})`;
    case "check":
      if (typeof extra.expr === "function")
        throw new NotSupportedError("A CHECK given as a function renders as TypeScript only as SQL text");
      return `checkConstraint(${args(sqlSource(extra.expr), named(extra.name))})`;
    case "foreignKey": {
      if (typeof extra.refColumns === "function" || extra.refColumns.some((r) => typeof r !== "string"))
        throw new NotSupportedError('A foreign key renders as TypeScript only with "table.column" references');
      const opts = options({
        name: extra.name === undefined ? undefined : str(extra.name),
        onDelete: extra.onDelete === undefined ? undefined : str(extra.onDelete),
        onUpdate: extra.onUpdate === undefined ? undefined : str(extra.onUpdate),
      });
      return `foreignKeyConstraint(${args(strList(extra.columns), strList(extra.refColumns as string[]), opts)})`;
    }
    case "index": {
      if (extra.items.some((i) => typeof i !== "string") || extra.where !== undefined)
        throw new NotSupportedError("An index renders as TypeScript only on column names, without WHERE");
      const opts = extra.unique ? "{ unique: true }" : undefined;
      return `index(${args(extra.name === undefined ? "undefined" : str(extra.name), strList(extra.items as string[]), opts)})`;
    }
  }
}
