/**
 * The type compiler: a SQL type's name in DDL (`VARCHAR(100)`, `TIMESTAMP(3)`…). The base writes the
 * standard spellings; each dialect's `type-compiler.ts` overrides the kinds that differ.
 */

import { ArgumentError } from "../errors/index.js";
import {
  BigIntegerType,
  BooleanType,
  CustomType,
  DateTimeType,
  DateType,
  EnumType,
  FloatType,
  IntegerType,
  IntervalType,
  JSONType,
  LargeBinaryType,
  NumericType,
  type EnumColumnContext,
  type SqlType,
  StringType,
  TimeType,
  UUIDType,
} from "../types/index.js";
import { assertNever } from "../util/assert-never.js";

/** What a type compiler needs from its dialect: quoting of identifiers and string literals. */
export interface TypeCompilerQuoting {
  quoteIdentifier(name: string): string;
  quoteString(value: string): string;
}

/** The column a type is compiled for (names an unnamed enum's type; see `enumTypeName`). */
export type ColumnTypeContext = EnumColumnContext;

/** Narrows `type` to the class its kind promises (a user subclass of SqlType with a built-in kind fails). */
function as<T extends SqlType>(type: SqlType, cls: abstract new (...args: never[]) => T): T {
  if (type instanceof cls) return type;
  throw new ArgumentError(
    `${type.toString()} has kind "${type.kind}" but is not a ${cls.name}; define custom types with customType()`,
  );
}

/**
 * Compiles SQL types to their DDL spelling. Dispatches on `kind` (exhaustively: a new kind fails
 * type-checking here until it is handled); custom types compile as their `ddl` spelling, else as their impl.
 *
 * ```ts
 * new TypeCompiler(dialect).compile(Numeric(10, 2)); // "NUMERIC(10, 2)"
 * ```
 */
export class TypeCompiler {
  protected readonly quoting: TypeCompilerQuoting;

  constructor(quoting: TypeCompilerQuoting) {
    this.quoting = quoting;
  }

  /** The DDL type of `type`; `column` names an unnamed enum's type where enums are named types. */
  compile(type: SqlType, column?: ColumnTypeContext): string {
    switch (type.kind) {
      case "integer":
        return this.integer(as(type, IntegerType));
      case "bigint":
        return this.bigint(as(type, BigIntegerType));
      case "numeric":
        return this.numeric(as(type, NumericType));
      case "float":
        return this.float(as(type, FloatType));
      case "boolean":
        return this.boolean(as(type, BooleanType));
      case "string":
        return this.string(as(type, StringType));
      case "datetime":
        return this.datetime(as(type, DateTimeType));
      case "date":
        return this.date(as(type, DateType));
      case "time":
        return this.time(as(type, TimeType));
      case "interval":
        return this.interval(as(type, IntervalType));
      case "json":
        return this.json(as(type, JSONType));
      case "uuid":
        return this.uuid(as(type, UUIDType));
      case "enum":
        return this.enum(as(type, EnumType), column);
      case "binary":
        return this.binary(as(type, LargeBinaryType));
      case "custom": {
        const custom = as(type, CustomType);
        return custom.ddl ?? this.compile(custom.impl as SqlType, column);
      }
      default:
        return assertNever(type.kind, "type kind");
    }
  }

  /** `SMALLINT` / `INTEGER`. */
  protected integer(type: IntegerType): string {
    return type.bits === 16 ? "SMALLINT" : "INTEGER";
  }

  /** `BIGINT`. */
  protected bigint(_type: BigIntegerType): string {
    return "BIGINT";
  }

  /** `NUMERIC(p, s)`, `NUMERIC(p)` or `NUMERIC`. */
  protected numeric(type: NumericType): string {
    return `NUMERIC${this.precisionScale(type)}`;
  }

  /** `(p, s)`, `(p)` or nothing. */
  protected precisionScale(type: NumericType): string {
    if (type.precision === undefined) return "";
    return type.scale === undefined ? `(${type.precision})` : `(${type.precision}, ${type.scale})`;
  }

  /** `REAL` for a precision of up to 24 binary digits (single precision), `DOUBLE PRECISION` otherwise. */
  protected float(type: FloatType): string {
    return type.precision !== undefined && type.precision <= 24 ? "REAL" : "DOUBLE PRECISION";
  }

  /** `BOOLEAN`. */
  protected boolean(_type: BooleanType): string {
    return "BOOLEAN";
  }

  /** `TEXT` for `Text()`, `VARCHAR(n)`, or `VARCHAR` without a length. */
  protected string(type: StringType): string {
    if (type.text) return "TEXT";
    return type.length === undefined ? "VARCHAR" : `VARCHAR(${type.length})`;
  }

  /** `TIMESTAMP(3)` (JS Dates hold milliseconds), `WITH TIME ZONE` when asked. */
  protected datetime(type: DateTimeType): string {
    return type.timezone ? "TIMESTAMP(3) WITH TIME ZONE" : "TIMESTAMP(3)";
  }

  /** `DATE`. */
  protected date(_type: DateType): string {
    return "DATE";
  }

  /** `TIME` (microseconds where the database has them: `TimeType` takes six fractional digits). */
  protected time(_type: TimeType): string {
    return "TIME";
  }

  /** `INTERVAL`; dialects without an interval type throw NotSupportedError. */
  protected interval(_type: IntervalType): string {
    return "INTERVAL";
  }

  /** `JSON`. */
  protected json(_type: JSONType): string {
    return "JSON";
  }

  /** `CHAR(36)`: the canonical text form, where the database has no UUID type. */
  protected uuid(_type: UUIDType): string {
    return "CHAR(36)";
  }

  /**
   * `VARCHAR(n)` with `n` the longest value's length; the DDL layer adds the CHECK constraint
   * (`Dialect.enumCheckSql`) when the dialect's `enumStyle` is `"check"`.
   */
  protected enum(type: EnumType, _column: ColumnTypeContext | undefined): string {
    return `VARCHAR(${Math.max(1, type.maxLength)})`;
  }

  /** `BLOB`. */
  protected binary(_type: LargeBinaryType): string {
    return "BLOB";
  }
}
