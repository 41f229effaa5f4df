/**
 * Statement results: buffered `Result` and streaming `AsyncResult`, their scalar and mapping views, and
 * `Row` with the helpers that read a row without colliding with its column names.
 */

export {
  AsyncMappingResult,
  AsyncResult,
  AsyncScalarResult,
  type AsyncResultOptions,
  type AsyncView,
} from "./async-result.js";
export {
  MappingResult,
  Result,
  ScalarResult,
  TupleResult,
  type ColumnRef,
  type ColumnsNamed,
  type ColumnsTuple,
  type ResultOptions,
  type SyncView,
} from "./result.js";
export { isRow, rowKeys, rowToArray, rowToObject, type AnyRow, type Row, type RowNamed, type RowTuple } from "./row.js";
