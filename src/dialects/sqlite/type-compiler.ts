/** SQLite DDL type names. */

import { NotSupportedError } from "../../errors/index.js";
import { TypeCompiler } from "../../dialect/index.js";
import type { DateTimeType, FloatType, IntervalType } from "../../types/index.js";

/**
 * SQLite type names. SQLite keeps the declared name and derives the column's affinity from it, so the
 * names are chosen for readable schemas and for the dialect's untyped decoding (`DATETIME` columns give
 * Dates, `NUMERIC` decimal strings, `JSON` parsed values). Differences from the standard spellings:
 * `Float()` is `REAL` (SQLite's one floating type), `DateTime()` is `DATETIME` (UTC text, with or without
 * `timezone`), `Interval()` has no type (NotSupportedError). `Enum` is the base's `VARCHAR(n)`; the DDL
 * layer adds its CHECK (`enumStyle` is `"check"`). `UUID()` is `CHAR(36)`, `LargeBinary()` `BLOB`.
 *
 * ```ts
 * new SqliteDialect().typeSql(DateTime({ timezone: true })); // "DATETIME"
 * ```
 */
export class SqliteTypeCompiler extends TypeCompiler {
  protected override float(_type: FloatType): string {
    return "REAL";
  }

  protected override datetime(_type: DateTimeType): string {
    return "DATETIME";
  }

  protected override interval(_type: IntervalType): string {
    throw new NotSupportedError(
      "SQLite has no INTERVAL column type (capabilities.intervalType is false); store a duration as an ISO 8601 String or a BigInteger of microseconds",
    );
  }
}
