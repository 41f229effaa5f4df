/** MySQL / MariaDB DDL type names. */

import { ArgumentError, NotSupportedError } from "../../errors/index.js";
import { type ColumnTypeContext, TypeCompiler } from "../../dialect/index.js";
import type {
  DateTimeType,
  EnumType,
  FloatType,
  IntervalType,
  LargeBinaryType,
  NumericType,
  StringType,
  TimeType,
} from "../../types/index.js";

/** DECIMAL's limits: 65 digits, of which at most 30 after the point. */
export const MYSQL_DECIMAL = { precision: 65, scale: 30 } as const;

/**
 * MySQL / MariaDB type names. Differences from the standard spellings, and why:
 *
 * - `Numeric()` is `DECIMAL(65, 30)`, the widest exact decimal: a bare `DECIMAL` means `DECIMAL(10, 0)`,
 *   which would round every fraction away.
 * - `Float()` is always `DOUBLE`: `FLOAT` is single precision, and a JS number read back from it is not
 *   the number written.
 * - `String()` needs a length (MySQL has no unbounded `VARCHAR`); `Text()` is `LONGTEXT` (`TEXT` holds
 *   only 64 KB).
 * - `DateTime()` is `DATETIME(3)` with or without `timezone` (`TIMESTAMP` ends in 2038; values are UTC);
 *   `Time()` is `TIME(6)`, matching the six fractional digits `Time` takes.
 * - `Enum` is inline: `ENUM('a', 'b')`. `LargeBinary()` is `LONGBLOB`, `LargeBinary(n)` `VARBINARY(n)`.
 * - `UUID()` is `CHAR(36)`; `Interval()` has no type here (NotSupportedError).
 *
 * ```ts
 * new MySQLDialect().typeSql(Enum(["it's", "a\\b"])); // "ENUM('it''s', 'a\\\\b')"
 * ```
 */
export class MySQLTypeCompiler extends TypeCompiler {
  protected override numeric(type: NumericType): string {
    if (type.precision === undefined) return `DECIMAL(${MYSQL_DECIMAL.precision}, ${MYSQL_DECIMAL.scale})`;
    if (type.precision > MYSQL_DECIMAL.precision || (type.scale ?? 0) > MYSQL_DECIMAL.scale)
      throw new ArgumentError(
        `${type.toString()}: MySQL's DECIMAL holds at most ${MYSQL_DECIMAL.precision} digits, ${MYSQL_DECIMAL.scale} of them after the point`,
      );
    return `DECIMAL${this.precisionScale(type)}`;
  }

  protected override float(_type: FloatType): string {
    return "DOUBLE";
  }

  protected override string(type: StringType): string {
    if (type.text) return "LONGTEXT";
    if (type.length === undefined)
      throw new ArgumentError("VARCHAR requires a length on mysql: use String(255), or Text() for unbounded text");
    return `VARCHAR(${type.length})`;
  }

  protected override datetime(_type: DateTimeType): string {
    return "DATETIME(3)";
  }

  protected override time(_type: TimeType): string {
    return "TIME(6)";
  }

  protected override interval(_type: IntervalType): string {
    throw new NotSupportedError(
      "MySQL/MariaDB have no INTERVAL column type (capabilities.intervalType is false); store a duration as an ISO 8601 String or a BigInteger of microseconds",
    );
  }

  /** `ENUM('a', 'b')`, values as string literals. */
  protected override enum(type: EnumType, _column: ColumnTypeContext | undefined): string {
    for (const v of type.values) {
      // MySQL strips trailing spaces from ENUM values when it creates the column, so such a value could
      // be written but never read back as itself.
      if (/ $/.test(v))
        throw new ArgumentError(
          `${type.toString()}: MySQL strips trailing spaces from ENUM values (${JSON.stringify(v)})`,
        );
    }
    return `ENUM(${type.values.map((v) => this.quoting.quoteString(v)).join(", ")})`;
  }

  protected override binary(type: LargeBinaryType): string {
    return type.length === undefined ? "LONGBLOB" : `VARBINARY(${type.length})`;
  }
}
