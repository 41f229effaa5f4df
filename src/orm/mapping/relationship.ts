/**
 * Relationship definitions: `relationship.one(() => User, …)` and `relationship.many(() => Task, …)` in a model's
 * definitions. They hold a thunk (the target class may be defined later in the module, or in a module that imports
 * this one) and options; the mapper resolves them when the mappers are configured (on first use).
 *
 * ```ts
 * class Project extends Base.Model("projects", {
 *   ownerId: column(String(36)).references(() => User.id),
 *   owner: relationship.one(() => User, { backPopulates: "projects" }),
 *   tasks: relationship.many(() => Task, { backPopulates: "project", cascade: "all, delete" }),
 * }) {}
 * ```
 */

import { ArgumentError } from "../../errors/index.js";
import type { HasClauseElement, SqlExpression } from "../../expr/index.js";
import type { AnyColumn, AnyTable } from "../../schema/index.js";

/** Whether a relationship holds one object or a collection. */
export type RelationshipKind = "one" | "many";

/** A column given to `foreignKeys` / `remoteSide`: the column, or a class attribute standing for it. */
export type ColumnRef = AnyColumn | HasClauseElement<AnyColumn>;

/** The association table of a many-to-many relationship: the table, a thunk for it, or its name. */
export type SecondaryRef = AnyTable | (() => AnyTable) | string;

/** How a relationship loads when nothing else is said (the loaders come with the Session). */
export type LazyStrategy = "select" | "selectin" | "joined" | "raise" | "noload";

/** Options both kinds of relationship take. */
export interface RelationshipOptions {
  /** The relationship on the target that mirrors this one (kept in sync in memory by the Session). */
  readonly backPopulates?: string;
  /** Cascades, comma-separated: `"save-update, merge"` (default), `"all"`, `"all, delete"`, `"delete-orphan"`… */
  readonly cascade?: string;
  /** The association table of a many-to-many relationship. */
  readonly secondary?: SecondaryRef;
  /**
   * The foreign-key columns this relationship goes through, when several lead to the target (column keys of the
   * table that holds them, or a thunk returning the columns: `() => [Task.assigneeId]`).
   */
  readonly foreignKeys?: readonly string[] | (() => readonly ColumnRef[]);
  /** Self-referential many-to-one: the columns on the remote (parent) side, e.g. `() => [Node.id]`. */
  readonly remoteSide?: readonly string[] | (() => readonly ColumnRef[]);
  /** Order of a collection as loaded: a thunk returning columns or ordering expressions. */
  readonly orderBy?: () => readonly (SqlExpression | HasClauseElement<SqlExpression>)[];
  /** Read only: the flush never writes through it. */
  readonly viewonly?: boolean;
  /** Leave deleting (or nulling) children to the database's `ON DELETE`. */
  readonly passiveDeletes?: boolean;
  /** Write this relationship's foreign key in a second UPDATE (rows that point at each other). */
  readonly postUpdate?: boolean;
  /** The default loader strategy. */
  readonly lazy?: LazyStrategy;
}

/** Options of `relationship.one`: as for any relationship, plus whether the object may be absent. */
export interface OneOptions extends RelationshipOptions {
  /** The related object may be missing (`T | null` on the instance); e.g. a nullable foreign key. */
  readonly optional?: boolean;
}

/**
 * A relationship in a model's definitions. `F` is the target thunk's type, captured whole (a constrained or
 * inferred-return parameter makes TypeScript fail on classes that refer to each other, TS2506); `O` the options.
 */
export class RelationshipDef<K extends RelationshipKind = RelationshipKind, F = unknown, O = RelationshipOptions> {
  /** Phantoms for the model's types. */
  declare readonly __kind: K;
  declare readonly __target: F;
  declare readonly __options: O;
  readonly kind: K;
  readonly target: () => unknown;
  readonly options: RelationshipOptions & { readonly optional?: boolean };

  constructor(kind: K, target: () => unknown, options: RelationshipOptions & { readonly optional?: boolean }) {
    this.kind = kind;
    this.target = target;
    this.options = Object.freeze({ ...options });
    Object.freeze(this);
  }
}

/** Any relationship definition. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRelationshipDef = RelationshipDef<RelationshipKind, any, any>;

/**
 * Relationship builders (SQLAlchemy's `relationship()`), one per cardinality.
 *
 * ```ts
 * owner: relationship.one(() => User, { backPopulates: "projects" }),      // project.owner: User
 * tasks: relationship.many(() => Task, { backPopulates: "project" }),      // project.tasks: Task[]
 * tags: relationship.many(() => Tag, { secondary: projectTags }),          // many-to-many
 * parent: relationship.one(() => Node, { remoteSide: () => [Node.id], optional: true }),
 * ```
 */
export const relationship = {
  /** A many-to-one (or one-to-one) relationship: the instance holds one object of the target class. */
  one<F, const O extends OneOptions = Record<never, never>>(target: F, options?: O): RelationshipDef<"one", F, O> {
    return new RelationshipDef("one", checkThunk(target, "one"), checkOptions(options, "one"));
  },
  /** A one-to-many (or many-to-many, with `secondary`) relationship: the instance holds an array of objects. */
  many<F, const O extends RelationshipOptions = Record<never, never>>(
    target: F,
    options?: O,
  ): RelationshipDef<"many", F, O> {
    return new RelationshipDef("many", checkThunk(target, "many"), checkOptions(options, "many"));
  },
};

function checkThunk(target: unknown, kind: RelationshipKind): () => unknown {
  if (typeof target !== "function" || /^class[\s{]/.test(Function.prototype.toString.call(target)))
    throw new ArgumentError(
      `relationship.${kind}() takes a function returning the target class, e.g. relationship.${kind}(() => User)`,
    );
  return target as () => unknown;
}

const OPTION_KEYS: ReadonlySet<string> = new Set([
  "backPopulates",
  "cascade",
  "secondary",
  "foreignKeys",
  "remoteSide",
  "orderBy",
  "viewonly",
  "passiveDeletes",
  "postUpdate",
  "lazy",
  "optional",
]);

/** Rejects option keys a relationship does not know (a typo would otherwise be ignored in plain JavaScript). */
function checkOptions<O extends object>(options: O | undefined, kind: RelationshipKind): O | Record<never, never> {
  if (options === undefined) return {};
  for (const key of Object.keys(options))
    if (!OPTION_KEYS.has(key) || (key === "optional" && kind === "many"))
      throw new ArgumentError(
        `relationship.${kind}(): unknown option '${key}'; the options are ${[...OPTION_KEYS].filter((k) => kind === "one" || k !== "optional").join(", ")}`,
      );
  return options;
}
