/**
 * The ORM's statement plugin (SQLAlchemy's `"orm"` compile-state plugin): a `select()` naming a mapped class yields
 * objects of the class in that class's positions of each row. Objects are built from the row's columns without
 * calling the constructor; their relationships are not loaded (the Session and its loaders come later).
 */

import type { PluginContext, StatementPlugin } from "../expr/index.js";
import type { Select } from "../query/index.js";
import { Result } from "../result/index.js";
import { entityRows } from "./loading/entity-rows.js";

/** The plugin named by every model class (`Model[statementPlugin]`). */
export const ORM_PLUGIN: StatementPlugin = Object.freeze({
  name: "orm",
  processResult(result: unknown, context: PluginContext): unknown {
    const core = result as Result;
    const shaped = entityRows(context.statement as Select, core, context.connection);
    if (!shaped) return core;
    return Result.fromRows({ keys: shaped.keys, rows: shaped.rows, rowcount: core.rowcount });
  },
});
