/**
 * What a query can select from and what it selects: tables, aliases, subqueries and CTEs (each with a
 * typed `.c`), the typing of select lists, and the FROM-item helpers shared by the statement builders.
 */

import {
  flattenFrom,
  node,
  type AliasNode,
  type CteNode,
  type ExprNode,
  NodeMemo,
  type SelectableNode,
  withChanges,
} from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import {
  describeValue,
  type HasClauseElement,
  Label,
  resolveClauseElement,
  type ResultColumn,
  SqlExpression,
  type statementPlugin,
  type StatementPlugin,
} from "../expr/index.js";
import {
  type AnyColumn,
  type AnyTable,
  Column,
  type ColumnOwner,
  column,
  resolveReference,
  Table,
  TableAlias,
} from "../schema/index.js";
import type { SqlType } from "../types/index.js";

/** A named FROM item with typed columns: a table, table alias, subquery or CTE. */
export type FromItem = AnyTable | TableAlias<string, never> | Subquery<object> | Cte<object>;

/** A FROM item, or a protocol object (`[clauseElement]`, e.g. an ORM class) standing for one. */
export type FromArg = FromItem | HasClauseElement<FromItem>;

/**
 * Phantom members by which a protocol object types what a select yields for it (an ORM entity: its instances,
 * keyed by its class name). Declare them with `declare readonly`; they are never set.
 */
export interface SelectsAs<V = unknown, K extends string = string> {
  readonly __selectValue: V;
  readonly __selectKey: K;
}

/**
 * Anything `select()` accepts: expressions and whole FROM items (all their columns), or protocol objects
 * (`[clauseElement]`) standing for either.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SelectItem = SqlExpression<any> | FromItem | HasClauseElement<SqlExpression<any> | FromItem>;

type Simplify<X> = { [K in keyof X]: X[K] } & {};
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * A class that implements the protocol and names a plugin (an ORM entity class): its plugin turns the rows into
 * its instances, so a select yields one instance per row (unless it declares otherwise with `SelectsAs`).
 */
type EntityClass<R = unknown> = HasClauseElement &
  (abstract new (...args: never) => R) & { readonly [statementPlugin]: StatementPlugin };

/** An item that yields one value per row: an expression, an entity class, or an object that declares what it yields. */
type SingleValued = SqlExpression | SelectsAs | EntityClass | HasClauseElement<SqlExpression>;

/** The JS value of a column-like item. */
export type ItemValue<I> =
  I extends SqlExpression<infer T>
    ? T
    : I extends SelectsAs<infer V>
      ? V
      : I extends EntityClass<infer R>
        ? R
        : I extends HasClauseElement<SqlExpression<infer T>>
          ? T
          : unknown;
/** The row key of a named item (a column's key, a label, or a declared key). */
type ItemKey<I> = I extends { readonly key: infer K extends string }
  ? K
  : I extends SelectsAs<unknown, infer K>
    ? K
    : I extends HasClauseElement<{ readonly key: infer K extends string }>
      ? K
      : never;
/** The columns of a FROM item as a row object. */
type FromRow<I> = I extends { readonly c: infer C }
  ? { [K in keyof C]: C[K] extends SqlExpression<infer V> ? V : never }
  : I extends HasClauseElement<infer F>
    ? FromRow<F>
    : never;
type HasFromItem<I extends readonly unknown[]> = true extends {
  [P in keyof I]: I[P] extends SingleValued ? false : true;
}[number]
  ? true
  : false;

/** The row tuple of a select list (loose when whole tables are selected). */
export type TupleOf<I extends readonly unknown[]> =
  HasFromItem<I> extends true ? unknown[] : { -readonly [P in keyof I]: ItemValue<I[P]> };
/** The named row of a select list. */
export type NamedOf<I extends readonly unknown[]> = Simplify<
  { [E in I[number] as E extends SingleValued ? ItemKey<E> : never]: ItemValue<E> } & UnionToIntersection<
    I[number] extends infer E ? (E extends SingleValued ? never : FromRow<E>) : never
  >
>;

/** The name of the FROM item a select item's values come from (`never` for computed expressions). */
type SourceOf<I> =
  I extends Column<unknown, string, infer TN>
    ? TN
    : I extends { readonly __source?: (source: infer Src extends string) => void }
      ? Src
      : I extends { readonly name: infer A extends string; readonly c: object }
        ? A
        : I extends HasClauseElement<infer E>
          ? E extends SqlExpression
            ? SourceOf<E>
            : E extends { readonly name: infer A extends string }
              ? A
              : string
          : never;

/**
 * Where the values of a select list come from, by position and by row key: what an outer join consults to make
 * the optional side's columns `T | null`.
 */
export interface SourcesOf<I extends readonly unknown[]> {
  readonly tuple: { [P in keyof I]: SourceOf<I[P]> };
  readonly named: { [E in I[number] as E extends SingleValued ? ItemKey<E> : never]: SourceOf<E> } & MergedSources<
    I[number] extends infer E
      ? E extends SingleValued
        ? never
        : { readonly [K in keyof FromRow<E>]: SourceOf<E> }
      : never
  >;
}

/**
 * One object from a union of key → source objects, a key shared by several taking the union of their sources (an
 * intersection would reduce to `never` where two tables share a column name).
 */
type MergedSources<U> = {
  readonly [K in U extends unknown ? keyof U : never]: U extends { readonly [P in K]: infer V } ? V : never;
};

/** The sources of a select whose list is not known precisely (every value may come from anywhere). */
export interface AnySources {
  readonly tuple: readonly unknown[];
  readonly named: object;
}

/**
 * A join target with its own ON criterion: what a relationship-like protocol object (an ORM relationship,
 * `join(User.projects)`) resolves to. `join(target)` uses `on` unless the call gives its own.
 */
export class JoinTarget<F extends FromItem = FromItem> {
  constructor(
    readonly target: F | HasClauseElement<F>,
    readonly on: SqlExpression<boolean>,
  ) {
    Object.freeze(this);
  }
}

/** What `join()` takes: a FROM item, a `JoinTarget`, or a protocol object standing for either. */
export type JoinArg = FromArg | JoinTarget | HasClauseElement<JoinTarget>;

/** The name of a join target (`string`, i.e. "any", when it cannot be known). */
export type NameOf<F> =
  F extends JoinTarget<infer T>
    ? NameOf<T>
    : F extends { readonly name: infer A extends string }
      ? A
      : F extends HasClauseElement<infer E>
        ? E extends JoinTarget<infer T>
          ? NameOf<T>
          : E extends { readonly name: infer A extends string }
            ? A
            : string
        : string;

/** `V`, or `V | null` when its source `Src` is one of `X` (a computed value, `never`, never is). */
type NullableIf<V, Src, X extends string> = [Src] extends [never] ? V : [Src] extends [X] ? V | null : V;

/** `T` with the values whose source is in `X` made nullable (by position, for the row tuple). */
export type NullableTuple<T extends readonly unknown[], S, X extends string> = S extends { readonly tuple: infer ST }
  ? { [P in keyof T]: P extends keyof ST ? NullableIf<T[P], ST[P], X> : T[P] }
  : T;

/** `N` with the values whose source is in `X` made nullable (by key, for the named row). */
export type NullableNamed<N extends object, S, X extends string> = S extends { readonly named: infer SN }
  ? Simplify<{ [K in keyof N]: K extends keyof SN ? NullableIf<N[K], SN[K], X> : N[K] }>
  : N;

/** `.c` of a subquery or CTE: columns typed from the select's named row. */
export type DerivedColumns<A extends string, N extends object> = {
  readonly [K in keyof N & string]: Column<N[K], K, A>;
};

/** A select list entry after expansion: its node (labelled when it needs a name), key and type. */
export interface SelectedColumn {
  readonly node: ExprNode;
  readonly key: string;
  readonly name: string;
  readonly type: SqlType | undefined;
}

/** Expands select items into columns with keys; unnamed expressions get labels like `count`, `count_2`. */
export function expandItems(items: readonly SelectItem[]): SelectedColumn[] {
  const out: SelectedColumn[] = [];
  const used = new Set<string>();
  const unique = (base: string): string => {
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
  for (const given of items) {
    const item = given instanceof SqlExpression ? given : resolveClauseElement(given);
    if (item instanceof Column) {
      used.add(item.key);
      out.push({ node: item.node, key: item.key, name: item.name, type: item.type });
    } else if (item instanceof Label) {
      used.add(item.key);
      out.push({ node: item.node, key: item.key, name: item.key, type: item.type });
    } else if (item instanceof SqlExpression) {
      const base =
        item.node.kind === "function" ? item.node.name : item.node.kind === "over" ? item.node.fn.name : "anon";
      const key = unique(base);
      out.push({ node: node({ kind: "label", expr: item.node, name: key }), key, name: key, type: item.type });
    } else if (isFromItem(item)) {
      for (const col of item.columns) {
        used.add(col.key);
        out.push({ node: col.node, key: col.key, name: col.name, type: col.type });
      }
    } else {
      throw new ArgumentError(
        `select() takes columns, expressions, tables, aliases, subqueries or CTEs; got ${describeValue(given)}`,
      );
    }
  }
  return out;
}

/** Result columns of a select list. */
export function resultColumnsOf(columns: readonly SelectedColumn[]): ResultColumn[] {
  return columns.map((c) => ({ key: c.key, type: c.type }));
}

/** True for tables, aliases, subqueries and CTEs. */
export function isFromItem(value: unknown): value is FromItem {
  return value instanceof Table || value instanceof TableAlias || value instanceof Subquery || value instanceof Cte;
}

/** The FROM item an argument is or stands for (`[clauseElement]`); anything else is an ArgumentError naming `what`. */
export function fromItemOf(value: unknown, what: string): FromItem {
  const item = resolveClauseElement(value);
  if (isFromItem(item)) return item;
  throw new ArgumentError(`${what} takes a table, alias, subquery or CTE; got ${describeValue(value)}`);
}

/** Columns of a derived FROM item (subquery, CTE) owned by `owner`. */
function derivedColumns(owner: ColumnOwner, columns: readonly SelectedColumn[]): AnyColumn[] {
  return columns.map((c) => {
    const base = column(c.type ?? UNTYPED, { name: c.name }).spec;
    return new Column(owner, c.key, c.name, base);
  });
}

/** A stand-in type for derived columns whose type is unknown. */
const UNTYPED = {
  kind: "custom",
  toString: () => "Untyped",
  bind: (v: unknown) => v,
  result: (v: unknown) => v,
} as unknown as SqlType;

/** Something that yields a SELECT node and its columns (implemented by `Select` and compound selects). */
export interface SelectSource {
  toSelectNode(): SelectableNode;
  selectedColumns(): readonly SelectedColumn[];
}

/** `(SELECT …) AS name`: a derived table with typed columns. */
export class Subquery<N extends object, A extends string = string> {
  readonly name: A;
  readonly node: AliasNode;
  readonly c: DerivedColumns<A, N>;
  readonly columns: readonly AnyColumn[];

  constructor(source: SelectSource, name: A, lateral = false) {
    this.name = name;
    this.node = node({ kind: "alias", from: source.toSelectNode(), name, lateral });
    this.columns = derivedColumns(this, source.selectedColumns());
    this.c = Object.freeze(Object.fromEntries(this.columns.map((c) => [c.key, c]))) as DerivedColumns<A, N>;
  }
}

/** A common table expression: `WITH name AS (…)`, usable as a FROM item with typed columns. */
export class Cte<N extends object, A extends string = string> {
  readonly name: A;
  readonly node: CteNode;
  readonly c: DerivedColumns<A, N>;
  readonly columns: readonly AnyColumn[];
  readonly #source: SelectSource;

  constructor(source: SelectSource, name: A, recursive: boolean, cteNode?: CteNode) {
    this.name = name;
    this.#source = source;
    const cols = source.selectedColumns();
    this.node =
      cteNode ??
      node({
        kind: "cte",
        name,
        select: source.toSelectNode(),
        recursive,
        columns: recursive ? cols.map((c) => c.name) : undefined,
      });
    this.columns = derivedColumns(this, cols);
    this.c = Object.freeze(Object.fromEntries(this.columns.map((c) => [c.key, c]))) as DerivedColumns<A, N>;
  }

  /** `anchor UNION ALL recursive`: the recursive step of a `WITH RECURSIVE` (the step may refer to `this.c`). */
  unionAll(step: SelectSource): Cte<N, A> {
    return this.#compound("UNION ALL", step);
  }

  /** `anchor UNION recursive`. */
  union(step: SelectSource): Cte<N, A> {
    return this.#compound("UNION", step);
  }

  #compound(op: "UNION" | "UNION ALL", step: SelectSource): Cte<N, A> {
    const select = node({
      kind: "compoundSelect",
      memo: new NodeMemo(),
      op,
      selects: [this.node.select, step.toSelectNode()],
      orderBy: [],
      limit: undefined,
      offset: undefined,
      ctes: [],
    });
    return new Cte(this.#source, this.name, true, withChanges(this.node, { select, recursive: true }));
  }
}

/** The underlying table of a table or table alias (for foreign-key inference). */
function baseTable(item: FromItem): AnyTable | undefined {
  if (item instanceof Table) return item;
  if (item instanceof TableAlias) return item.table;
  return undefined;
}

/**
 * Infers a join condition from foreign keys between `right` and any of `lefts`, like SQLAlchemy: exactly
 * one foreign-key path must exist, else an ArgumentError asks for an explicit ON clause.
 */
export function inferJoinCondition(lefts: readonly FromItem[], right: FromItem): ExprNode {
  const conditions: { expr: SqlExpression<boolean>; via: string }[] = [];
  const rightTable = baseTable(right);
  for (const left of lefts) {
    const leftTable = baseTable(left);
    if (!leftTable || !rightTable) continue;
    // right.fk -> left
    for (const [owner, table, other, otherTable] of [
      [right, rightTable, left, leftTable],
      [left, leftTable, right, rightTable],
    ] as const) {
      for (const col of owner.columns) {
        for (const ref of col.spec.references) {
          const target = resolveReference(ref.target, table.metadata, `${table.name}.${col.name}`);
          if (target.table !== otherTable && !(otherTable === table && target.table === table)) continue;
          if (target.table !== otherTable) continue;
          const targetCol = other.columns.find((c) => c.name === target.name);
          if (!targetCol) continue;
          conditions.push({
            expr: col.eq(targetCol as never),
            via: `${table.name}.${col.name} -> ${otherTable.name}.${target.name}`,
          });
        }
      }
    }
  }
  const unique = [...new Map(conditions.map((c) => [c.via, c])).values()];
  if (unique.length === 1) return (unique[0] as { expr: SqlExpression<boolean> }).expr.node;
  const names = lefts.map((l) => l.name).join(", ");
  if (unique.length === 0) {
    throw new ArgumentError(
      `Can't find any foreign key relationship between ${names} and ${right.name}; pass the ON clause: .join(${right.name}, condition)`,
    );
  }
  throw new ArgumentError(
    `More than one foreign key path joins ${names} and ${right.name} (${unique.map((c) => c.via).join("; ")}); pass the ON clause`,
  );
}

export { flattenFrom };
