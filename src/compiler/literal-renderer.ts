/**
 * Values written into SQL text as literals, where they cannot be bound: DDL (server defaults, enum values,
 * comments) and statements compiled with `literalBinds` (offline SQL for Migrate's `--sql`). Each dialect
 * has one renderer, used by both, so a value is written the same way wherever it appears. The renderer
 * takes *driver* values: the dialect first converts a value as a bind would (the column type's codec, see
 * `Dialect.literal`), so a literal means exactly what the bound parameter would have meant.
 *
 * ```ts
 * new LiteralRenderer().render("it's", "string", "value"); // "'it''s'"
 * new LiteralRenderer().render(-5, "integer", "value"); // "(-5)"
 * new LiteralRenderer().render(Buffer.from([1, 2]), "binary", "value"); // "X'0102'"
 * ```
 */

import { DataError } from "../errors/index.js";
import type { TypeKind } from "../types/index.js";
import { loneSurrogateIndex, loneSurrogateMessage } from "../util/unicode.js";

/**
 * Where a literal goes. `"ddl"`: inside DDL (a server default, a CHECK), where some grammar positions take
 * only a plain string literal and values are written bare. `"value"`: in place of a bind parameter of a
 * DML or query statement, where the literal must stand alone whatever surrounds it (a negative number is
 * parenthesised, so `-` before it cannot make a `--` comment).
 */
export type LiteralContext = "ddl" | "value";

/** Kinds whose driver values may be decimal text (PostgreSQL's bigint, every dialect's numeric). */
const NUMBER_KINDS: ReadonlySet<TypeKind> = new Set(["integer", "bigint", "numeric", "float"]);

/** A plain decimal number as text: written bare, never quoted. */
const DECIMAL_TEXT = /^-?\d+(?:\.\d+)?$/;

/** A string with a NUL character, which no database keeps in text and some parsers end the statement at. */
const NUL = "\u0000";

/**
 * Whether an untyped value is data a literal can be made of: binary, a date, an array or a plain object
 * (the last two as JSON text). A class instance (a Map, a Decimal…) is not: it needs a type to say how.
 */
export function isPlainData(value: object): boolean {
  if (value instanceof Uint8Array || value instanceof Date || Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short description of a value for an error message. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object" && value !== null) return Object.prototype.toString.call(value);
  return String(value);
}

/**
 * Writes driver values as SQL literals in standard SQL: strings in single quotes with quotes doubled,
 * numbers bare, booleans `TRUE`/`FALSE`, binary as `X'…'`, NULL. Dialects override the smallest piece
 * that differs (PostgreSQL's backslash strings and bytea, MySQL's backslash escapes).
 */
export class LiteralRenderer {
  /**
   * One driver value as a literal. `kind` is the stored type's kind (undefined for an untyped value): it
   * says that decimal text is a number, and that 1/0 are booleans. A value without a safe literal (NaN,
   * Infinity, a string with NUL or a lone surrogate, an object) is a DataError.
   */
  render(value: unknown, kind: TypeKind | undefined, context: LiteralContext): string {
    if (value === null || value === undefined) return "NULL";
    let out: string;
    switch (typeof value) {
      case "number":
        if (kind === "boolean") return this.boolean(value !== 0);
        out = this.number(value);
        break;
      case "bigint":
        if (kind === "boolean") return this.boolean(value !== 0n);
        out = value.toString();
        break;
      case "boolean":
        return this.boolean(value);
      case "string":
        if (kind !== undefined && NUMBER_KINDS.has(kind) && DECIMAL_TEXT.test(value)) out = value;
        else return this.string(value, context);
        break;
      default:
        if (value instanceof Uint8Array) return this.binary(value, kind, context);
        throw new DataError(`${shown(value)} has no SQL literal form; bind it, or convert it to a string`, undefined);
    }
    // Bare in DDL (`DEFAULT -1.5`, as the catalogs write it back); parenthesised elsewhere.
    return context === "value" && out.startsWith("-") ? `(${out})` : out;
  }

  /** A finite number as written by JS (`1.5`, `1e+21`); NaN and Infinity have no literal in every database. */
  number(value: number): string {
    if (!Number.isFinite(value)) {
      throw new DataError(`${value} has no SQL literal; only finite numbers can be written into SQL`, undefined);
    }
    return String(value);
  }

  /** `TRUE` / `FALSE` (MySQL reads them as 1 / 0, SQLite since 3.23 too). */
  boolean(value: boolean): string {
    return value ? "TRUE" : "FALSE";
  }

  /** A string literal for `context`, after checking the string can be written at all. */
  string(value: string, context: LiteralContext): string {
    if (value.includes(NUL)) {
      throw new DataError(`${shown(value)} contains a NUL character, which cannot be written into SQL text`, undefined);
    }
    const at = loneSurrogateIndex(value);
    if (at >= 0) throw new DataError(`${shown(value)} contains ${loneSurrogateMessage(value, at)}`, undefined);
    return this.quote(value, context);
  }

  /**
   * A plain string literal, for the grammar positions that take nothing else (enum values, comments, LIKE's
   * ESCAPE): the `"ddl"` form of `string`.
   */
  quoteString(value: string): string {
    return this.string(value, "ddl");
  }

  /** Quotes a checked string: single quotes, embedded quotes doubled. */
  protected quote(value: string, _context: LiteralContext): string {
    return `'${value.replaceAll("'", "''")}'`;
  }

  /** Binary data: `X'0a1b…'` (SQLite's blob literal; MySQL's hex literal). */
  binary(value: Uint8Array, _kind: TypeKind | undefined, _context: LiteralContext): string {
    return `X'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}'`;
  }
}

/** The renderer of the dialects that write literals in standard SQL (SQLite, the display dialect). */
export const STANDARD_LITERALS = new LiteralRenderer();
