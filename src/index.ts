/**
 * Athanor Core: types, `text()`, `createEngine`, Connection, Result, Row, errors.
 */
export * from "./errors/index.js";
export * from "./types/index.js";
export {
  text,
  TextClause,
  type Executable,
  type ParamsOf,
  type ResultColumn,
  SqlExpression,
  Label,
  OrderBy,
  FunctionCall,
  func,
  and,
  or,
  not,
  exists,
  literal,
  literalColumn,
  bindparam,
  cast,
  case_,
  asc,
  desc,
  type Value,
  type OverOptions,
  type FunctionNamespace,
  NamedParameter,
  type CompiledStatement,
  type CompileOptions,
  type CompileTarget,
  type DialectName,
  clauseElement,
  type HasClauseElement,
  type ExpressionLike,
  type OrderByArg,
  type ExecutableOption,
  type StatementPlugin,
  type PluginContext,
  statementPlugin,
} from "./expr/index.js";
export * from "./schema/index.js";
export {
  CreateTable,
  DropTable,
  CreateIndex,
  DropIndex,
  AddConstraint,
  DropConstraint,
  DdlStatement,
  tableDef,
  applyConvention,
  truncateIdentifier,
  type DdlCapabilities,
} from "./ddl/index.js";
export { CycleError } from "./util/toposort.js";
export {
  adapt,
  select,
  Select,
  CompoundSelect,
  Subquery,
  Cte,
  insert,
  Insert,
  update,
  Update,
  deleteFrom,
  Delete,
  type SelectItem,
  type FromItem,
  type FromArg,
  type JoinArg,
  JoinTarget,
  type SelectsAs,
  type TupleOf,
  type NamedOf,
  type InsertValues,
  type InsertParams,
  type UpdateValues,
} from "./query/index.js";
export type { IsolationLevel, Capabilities } from "./dialect/index.js";
export {
  Connection,
  NestedTransaction,
  Engine,
  DatabaseUrl,
  parseUrl,
  type EngineOptions,
  type ExecutionOptions,
  type Params,
  type PoolStatus,
  type Logger,
  type EngineEvents,
  type ExecuteEvent,
  type AfterExecuteEvent,
  type RawConnectionEvent,
} from "./engine/index.js";
export * from "./result/index.js";
export { createEngine, type CreateEngineOptions } from "./create-engine.js";
// Also registers the renderer behind `stmt.compile()` and `String(stmt)`.
export { compile } from "./compile.js";
export { inspect, Inspector, NoSuchTableError, reflectTable, type InspectionBind } from "./reflection/index.js";
export type {
  ReflectedColumn,
  ReflectedPrimaryKey,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedUniqueConstraint,
  ReflectedCheckConstraint,
  Introspector,
} from "./dialect/index.js";
