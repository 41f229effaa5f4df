/**
 * The coercion protocol (SQLAlchemy's `__clause_element__`): an object with a `[clauseElement]()` method stands
 * for the Core element that method returns, wherever Core takes a column, an expression, a table or a join
 * target. ORM classes and their attributes use it to be plain inputs to `select()`, `where()`, `join()`…
 *
 * ```ts
 * class Money {
 *   constructor(readonly column: Column<string>) {}
 *   [clauseElement]() { return this.column; } // select(money), money-based criteria, orderBy(money)…
 * }
 * ```
 */

import { ArgumentError } from "../errors/index.js";

/**
 * The well-known method name of the protocol. It is a registered symbol (`Symbol.for`), so two copies of
 * Athanor in one process (an application's and a plugin's) understand each other's objects.
 */
export const clauseElement: unique symbol = Symbol.for("athanor.clauseElement");

/** An object that stands for the Core element `E` (an expression, a column, a table, a FROM item…). */
export interface HasClauseElement<E = unknown> {
  [clauseElement](): E;
}

/** True for objects (and classes: an ORM class is a function) that implement the coercion protocol. */
export function hasClauseElement(value: unknown): value is HasClauseElement {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as Partial<HasClauseElement>)[clauseElement] === "function"
  );
}

/** How deep a chain of protocol objects may go before it is taken for a cycle. */
const MAX_DEPTH = 16;

/**
 * The Core element behind a value: the value itself, or what its `[clauseElement]()` returns (followed through
 * chains of protocol objects). A chain that does not end is an ArgumentError.
 */
export function resolveClauseElement(value: unknown): unknown {
  let current = value;
  for (let depth = 0; hasClauseElement(current); depth++) {
    if (depth === MAX_DEPTH)
      throw new ArgumentError(
        `[clauseElement]() of ${describeValue(value)} did not lead to a Core element after ${MAX_DEPTH} steps (a cycle?)`,
      );
    current = current[clauseElement]();
  }
  return current;
}

/**
 * A short description of a value for error messages (its class name, or its type); for a protocol object, also
 * what its `[clauseElement]()` returned.
 */
export function describeValue(value: unknown): string {
  if (hasClauseElement(value)) {
    let resolved: unknown;
    try {
      resolved = resolveClauseElement(value);
    } catch {
      return `${describePlain(value)} whose [clauseElement]() does not end`;
    }
    return `${describePlain(resolved)} (from the [clauseElement]() of ${describePlain(value)})`;
  }
  return describePlain(value);
}

function describePlain(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value !== "object") return `${typeof value} ${String(value).slice(0, 40)}`;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : Object.prototype.toString.call(value);
}
