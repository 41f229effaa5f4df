/**
 * `adapt()`: an expression re-pointed from one FROM item to another (SQLAlchemy's `ClauseAdapter`), built on the
 * AST transformer. The ORM adapts criteria to `aliased()` entities and to the aliases of eager joins with it.
 *
 * ```ts
 * const boss = users.alias("boss");
 * const criterion = adapt(users.c.name.eq("Ann"), users, boss); // "boss"."name" = ?
 * select(users.c.name).join(boss, users.c.managerId.eq(boss.c.id)).where(criterion);
 * ```
 */

import { type FromNode, type Node, transform } from "../ast/index.js";
import { ArgumentError } from "../errors/index.js";
import { Expr, resolveClauseElement, SqlExpression } from "../expr/index.js";
import { type FromArg, fromItemOf } from "./selectable.js";

/**
 * `expression` with every reference to `from` (its columns, `from.*`, the item itself in subqueries) replaced by
 * `to`, which must have the same columns (an alias of the same table, or a subquery of it). Subtrees that do
 * not mention `from` are shared, not copied. The result has the expression's value type.
 */
export function adapt<T>(expression: SqlExpression<T>, from: FromArg, to: FromArg): SqlExpression<T> {
  const resolved = resolveClauseElement(expression);
  if (!(resolved instanceof SqlExpression)) throw new ArgumentError("adapt() takes a SQL expression to adapt");
  const source = fromItemOf(from, "adapt()").node as FromNode;
  const target = fromItemOf(to, "adapt()").node as FromNode;
  const adapted = transform(resolved.node as Node, (n) => (n === source ? target : undefined));
  if (adapted === resolved.node) return resolved as SqlExpression<T>;
  return new Expr<T>(adapted as typeof resolved.node, resolved.type);
}
