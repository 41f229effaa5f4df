/** DDL compilation (CREATE/DROP TABLE, indexes, constraints). */

import type { DdlNode } from "../ast/index.js";
import { NotSupportedError } from "../errors/index.js";
import type { SqlCompiler } from "./sql-compiler.js";

/** Compiles a DDL statement with the given compiler's hooks. */
export function compileDdl(_compiler: SqlCompiler, n: DdlNode): string {
  throw new NotSupportedError(`DDL compilation of ${n.kind} is not implemented yet`);
}
