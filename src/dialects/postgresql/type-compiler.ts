/** PostgreSQL's DDL type names: native `UUID`, `BYTEA`, and enums as named types. */

import { ArgumentError } from "../../errors/index.js";
import { type ColumnTypeContext, TypeCompiler } from "../../dialect/index.js";
import {
  enumTypeName,
  type EnumType,
  type JSONType,
  type LargeBinaryType,
  type NumericType,
  type UUIDType,
} from "../../types/index.js";
import { JSONBType } from "./json.js";

/** NUMERIC's widest declarable precision. */
const MAX_NUMERIC_PRECISION = 1000;

/**
 * PostgreSQL type names. The base's standard spellings hold for everything else: `INTEGER`, `NUMERIC(p, s)`,
 * `REAL` / `DOUBLE PRECISION`, `VARCHAR(n)`, `TEXT`, `TIMESTAMP(3) [WITH TIME ZONE]`, `TIME`, `INTERVAL`, `JSON`.
 *
 * ```ts
 * new PostgreSQLDialect().typeSql(Enum(["a", "b"]), { table: "t", column: "c" }); // "\"t_c_enum\""
 * ```
 */
export class PostgreSQLTypeCompiler extends TypeCompiler {
  protected override numeric(type: NumericType): string {
    if (type.precision !== undefined && type.precision > MAX_NUMERIC_PRECISION)
      throw new ArgumentError(
        `${type.toString()}: PostgreSQL's NUMERIC precision is at most ${MAX_NUMERIC_PRECISION}; use Numeric() for unlimited`,
      );
    return super.numeric(type);
  }

  /** `JSONB` for `JSONB()` (athanor/postgresql), `JSON` for `JSON()`. */
  protected override json(type: JSONType): string {
    return type instanceof JSONBType ? "JSONB" : "JSON";
  }

  protected override uuid(_type: UUIDType): string {
    return "UUID";
  }

  /** The enum's type name (the DDL layer creates it: `enumStyle` is `"named-type"`). */
  protected override enum(type: EnumType, column: ColumnTypeContext | undefined): string {
    return this.quoting.quoteIdentifier(enumTypeName(type, column));
  }

  protected override binary(_type: LargeBinaryType): string {
    return "BYTEA";
  }
}
