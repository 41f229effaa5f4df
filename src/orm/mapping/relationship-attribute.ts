/** A relationship as a class attribute (`User.projects`): a join target, and what loader options name. */

import { clauseElement } from "../../expr/index.js";
import type { JoinTarget } from "../../query/index.js";

/**
 * `Model.<relationship>`: stands for the relationship's join (`select(User).join(User.projects)` joins projects ON
 * the relationship's foreign key). `K` is its key, `R` its definition (typed for loader options).
 */
export class RelationshipAttribute<K extends string = string, R = unknown> {
  /** Phantom: the relationship's definition. */
  declare readonly __definition: R;
  /** The relationship's key on its class. */
  readonly key: K;
  /** The table name of the class it belongs to (for messages). */
  readonly owner: string;
  readonly #joinTarget: () => JoinTarget;

  constructor(key: K, owner: string, joinTarget: () => JoinTarget) {
    this.key = key;
    this.owner = owner;
    this.#joinTarget = joinTarget;
    Object.freeze(this);
  }

  /** The target table with the relationship's ON clause (configures the mappers first). */
  [clauseElement](): JoinTarget {
    return this.#joinTarget();
  }

  toString(): string {
    return `${this.owner}.${this.key}`;
  }
}
