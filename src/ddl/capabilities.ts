/** What the DDL layer needs to know about a dialect (part of the dialect's `Capabilities`). */

/** DDL capabilities of a dialect; code and tests branch on these, never on dialect names. */
export interface DdlCapabilities {
  /** DDL takes part in transactions (`createAll` runs in one transaction where it does). */
  readonly transactionalDdl: boolean;
  /**
   * How an `Enum` column is declared: `"named-type"`, a type of its own created before the table
   * (`CREATE TYPE … AS ENUM`) and dropped after it; `"inline"`, in the column type (`ENUM('a', 'b')`);
   * `"check"`, a `VARCHAR` column plus a CHECK constraint.
   */
  readonly enumStyle: "named-type" | "inline" | "check";
  /**
   * Longest identifier the database takes (PostgreSQL 63, MySQL 64). Longer constraint and index names
   * (say, from a naming convention) are shortened with a hash suffix: see `truncateIdentifier`.
   */
  readonly maxIdentifierLength: number;
  /** What `maxIdentifierLength` counts: UTF-16 characters, or UTF-8 bytes (PostgreSQL). */
  readonly identifierLengthUnit: "characters" | "bytes";
  /** `CREATE INDEX … WHERE …` (partial indexes). */
  readonly partialIndexes: boolean;
  /** Indexes on expressions (`CREATE INDEX … (lower(email))`). */
  readonly expressionIndexes: boolean;
  /**
   * `ALTER TABLE … ADD CONSTRAINT` / `DROP CONSTRAINT`. Without it, foreign keys in a dependency cycle are
   * created inline (SQLite does not check foreign-key targets when a table is created).
   */
  readonly alterConstraints: boolean;
  /**
   * Where table and column comments go: `"statement"`, separate `COMMENT ON` statements after CREATE
   * TABLE; `"inline"`, inside CREATE TABLE (`COMMENT '…'`); `"none"`, nowhere (the database has none).
   */
  readonly comments: "statement" | "inline" | "none";
  /** Computed columns that are not stored (`GENERATED ALWAYS AS (…) VIRTUAL`). */
  readonly virtualComputedColumns: boolean;
  /**
   * `ALTER TABLE … ALTER COLUMN` of a column's type, nullability, server default and comment (PostgreSQL's
   * clauses, MySQL's `MODIFY COLUMN`). Without it (SQLite) such changes need the table recreated (batch mode).
   * ADD, DROP and RENAME COLUMN and RENAME TABLE exist everywhere.
   */
  readonly alterColumns: boolean;
}
