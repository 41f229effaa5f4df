/**
 * The types of a declarative model: what `Base.Model(name, defs)` returns (typed columns on the class, typed values
 * on instances, a typed constructor) and the cross-class checks `@mapped` applies. The feasibility rules of
 * DESIGN.md hold here: a relationship's target type is computed only in mapped-type property positions, from the
 * thunk type captured whole by `relationship.one/many`.
 */

import type { clauseElement, statementPlugin, StatementPlugin } from "../../expr/index.js";
import type { BuilderValue, Column, ColumnBuilder, Table } from "../../schema/index.js";
import type { AnyRelationshipDef, RelationshipDef, RelationshipKind } from "./relationship.js";
import type { RelationshipAttribute } from "./relationship-attribute.js";

/** A model's definitions: column builders and relationships by key (mixins are spread into it). */
export type ModelDefs = Readonly<Record<string, ColumnBuilder | AnyRelationshipDef>>;

/** Keys of the columns of a model's definitions. */
export type ColumnKeys<D> = { [K in keyof D]: D[K] extends ColumnBuilder ? K : never }[keyof D] & string;
/** Keys of the relationships of a model's definitions. */
export type RelationshipKeys<D> = { [K in keyof D]: D[K] extends AnyRelationshipDef ? K : never }[keyof D] & string;

/** The column builders of a model's definitions (what its Core `Table` is made of). */
export type ColumnDefsOf<D> = { readonly [K in ColumnKeys<D>]: Extract<D[K], ColumnBuilder> };

/** The instance type of the class a relationship thunk returns. */
export type TargetInstance<F> = F extends () => infer C
  ? C extends abstract new (...args: never) => infer I
    ? I
    : never
  : never;

/** The value a relationship holds on an instance: an array of targets, or one target (`| null` when optional). */
export type RelationshipValue<R> =
  R extends RelationshipDef<"many", infer F>
    ? TargetInstance<F>[]
    : R extends RelationshipDef<"one", infer F, infer O>
      ? O extends { readonly optional: true }
        ? TargetInstance<F> | null
        : TargetInstance<F>
      : never;

/** The value of a definition on an instance. */
type ValueOf<X> = X extends ColumnBuilder ? BuilderValue<X> : RelationshipValue<X>;

/** The instance side of a model: each column's value and each relationship's object(s). */
export type ModelInstance<D> = { -readonly [K in keyof D & string]: ValueOf<D[K]> };

/** Columns a many-to-one relationship sets (`owner` sets `ownerId` / `owner_id`, and any `foreignKeys` keys). */
type SetByRelationship<D> = {
  [K in RelationshipKeys<D>]: D[K] extends RelationshipDef<"one", unknown, infer O>
    ? `${K}Id` | `${K}_id` | (O extends { readonly foreignKeys: readonly (infer S extends string)[] } ? S : never)
    : never;
}[RelationshipKeys<D>];

/** Columns a new object must be given: no default, server default, autoincrement or nullability. */
export type RequiredInitKeys<D> = Exclude<
  {
    [K in ColumnKeys<D>]: D[K] extends ColumnBuilder<unknown, boolean, infer Opt>
      ? Opt extends true
        ? never
        : K
      : never;
  }[ColumnKeys<D>],
  SetByRelationship<D>
>;

/** What a model's constructor takes: the required columns, and any other column or relationship. */
export type ModelInit<D> = { [K in RequiredInitKeys<D>]: ValueOf<D[K]> } & {
  [K in Exclude<keyof D & string, RequiredInitKeys<D>>]?: ValueOf<D[K]>;
};

/** The constructor's parameter list: optional when no key is required. */
export type ModelInitArgs<D> = [RequiredInitKeys<D>] extends [never] ? [init?: ModelInit<D>] : [init: ModelInit<D>];

/** The static side's typed columns: `Project.ownerId: Column<string, "ownerId", "projects">`. */
export type StaticColumns<N extends string, D> = {
  readonly [K in ColumnKeys<D>]: Column<BuilderValue<D[K]>, K, N>;
};

/** The static side's relationship attributes (`join(User.projects)`, loader options). */
export type StaticRelationships<D> = { readonly [K in RelationshipKeys<D>]: RelationshipAttribute<K, D[K]> };

/** Phantom statics by which `@mapped` reads a model's definitions. */
export interface ModelPhantoms<N extends string, D> {
  readonly __tableName: N;
  readonly __defs: D;
}

/** The class `Base.Model(name, defs)` returns, to be extended by the model class. */
export type ModelClass<N extends string, D extends ModelDefs> = (new (...args: ModelInitArgs<D>) => ModelInstance<D>) &
  StaticColumns<N, D> &
  StaticRelationships<D> &
  ModelPhantoms<N, D> & {
    /** The model's Core table (what the class stands for in Core statements). */
    [clauseElement](): Table<N, ColumnDefsOf<D>>;
    /** The ORM plugin: `select(Model)` yields instances of the class. */
    readonly [statementPlugin]: StatementPlugin;
  };

/** Any model class (as `@mapped` sees it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModelClass = (abstract new (...args: any) => object) & ModelPhantoms<string, ModelDefs>;

// --- @mapped's checks ---------------------------------------------------------------------------------------

/** The definitions of the class a thunk returns. */
type TargetDefs<F> = F extends () => infer C ? (C extends ModelPhantoms<string, infer TD> ? TD : never) : never;
/** The table name of the class a thunk returns. */
type TargetName<F> = F extends () => infer C ? (C extends ModelPhantoms<infer TN, ModelDefs> ? TN : never) : never;

/** The class a thunk returns. */
type ThunkClass<F> = F extends () => infer T ? T : never;

/** The problem with one relationship's `backPopulates`, or never. */
type BackPopulatesProblem<C, N extends string, K extends string, R> =
  R extends RelationshipDef<RelationshipKind, infer F, infer O>
    ? O extends { readonly backPopulates: infer B extends string }
      ? string extends B
        ? never // not given (the options' declared type)
        : B extends keyof TargetDefs<F>
          ? TargetDefs<F>[B] extends RelationshipDef<RelationshipKind, infer G, infer P>
            ? C extends ThunkClass<G>
              ? P extends { readonly backPopulates: infer Back extends string }
                ? [Back] extends [K]
                  ? never
                  : string extends Back
                    ? never
                    : `${N}.${K}: backPopulates "${B}" names ${TargetName<F>}.${B}, whose backPopulates is "${Back}", not "${K}"`
                : never
              : `${N}.${K}: backPopulates "${B}" names ${TargetName<F>}.${B}, which does not point back at ${N}`
            : `${N}.${K}: backPopulates "${B}" names ${TargetName<F>}.${B}, which is not a relationship`
          : `${N}.${K}: backPopulates "${B}", but ${TargetName<F>} has no relationship "${B}"`
      : never
    : never;

/** Every relationship problem of a model class, as readable messages (never when there is none). */
export type MappingProblems<C> =
  C extends ModelPhantoms<infer N, infer D>
    ? { [K in RelationshipKeys<D>]: BackPopulatesProblem<C, N, K, D[K]> }[RelationshipKeys<D>]
    : "@mapped decorates a class that extends Base.Model(name, defs)";

/** `@mapped`'s parameter type: the class itself, or an error message naming what is wrong. */
export type CheckedModel<C> = [MappingProblems<C>] extends [never]
  ? C
  : { readonly "@mapped error": MappingProblems<C> };
