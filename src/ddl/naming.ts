/**
 * Constraint and index names: MetaData naming conventions (SQLAlchemy's tokens) and the deterministic
 * shortening of names longer than a dialect's identifier limit.
 *
 * ```ts
 * applyConvention("fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s", {
 *   table: "posts", columns: [{ name: "user_id", key: "userId" }], referredTable: "users",
 * }); // "fk_posts_user_id_users"
 * truncateIdentifier("ix_" + "x".repeat(80), 63); // 54 characters, "_", 8 hex digits of the name's hash
 * ```
 */

import { createHash } from "node:crypto";
import { ArgumentError } from "../errors/index.js";
import { utf8Length } from "../util/unicode.js";
import type { NamingConvention } from "../schema/index.js";

/** A column as naming tokens see it: its database name and its key in the table definition. */
export interface ConventionColumn {
  readonly name: string;
  readonly key: string;
}

/** What a naming convention's tokens are filled from. */
export interface ConventionContext {
  /** The table's name. */
  readonly table: string;
  /** The constrained (or indexed) columns, in order. */
  readonly columns: readonly ConventionColumn[];
  /** Foreign keys: the referenced table and columns. */
  readonly referredTable?: string | undefined;
  readonly referredColumns?: readonly ConventionColumn[] | undefined;
  /** The constraint's own name, when it was given one (`%(constraint_name)s`). */
  readonly constraintName?: string | undefined;
}

/** Kinds of named schema items a convention covers. */
export type ConventionKind = keyof NamingConvention;

const TOKEN = /%\(([A-Za-z0-9_]+)\)s/g;
const COLUMN_TOKEN = /^(referred_)?column_(\d+)(_N|N)?_(name|key|label)$/;

/** Why a token cannot be filled: the caller decides whether that means "unnamed" or an error. */
class MissingToken extends Error {}

/** One column token's value. */
function columnToken(m: RegExpExecArray, ctx: ConventionContext): string {
  const referred = m[1] !== undefined;
  const cols = (referred ? ctx.referredColumns : ctx.columns) ?? [];
  const table = (referred ? ctx.referredTable : ctx.table) ?? "";
  const start = Number(m[2]);
  const many = m[3];
  const part = m[4] as "name" | "key" | "label";
  const render = (c: ConventionColumn): string =>
    part === "name" ? c.name : part === "key" ? c.key : `${table}_${c.name}`;
  const selected = many === undefined ? cols.slice(start, start + 1) : cols.slice(start);
  if (selected.length === 0) throw new MissingToken(m[0]);
  return selected.map(render).join(many === "N" ? "" : "_");
}

/**
 * Fills a naming-convention template. Tokens: `%(table_name)s`, `%(referred_table_name)s`,
 * `%(constraint_name)s`, and column tokens `%(column_0_name)s` (the first column's name; any index
 * works), `%(column_0_N_name)s` (all columns from the first, joined by `_`), `%(column_0N_name)s` (joined
 * without separator), with `_key` (the key in the table definition) or `_label` (`table_column`) in place
 * of `_name`, and `referred_column_…` for a foreign key's referenced columns. Returns undefined when the
 * context cannot fill a token (no columns, no constraint name); throws ArgumentError for an unknown token.
 */
export function applyConvention(template: string, ctx: ConventionContext): string | undefined {
  try {
    return template.replace(TOKEN, (whole, token: string) => {
      switch (token) {
        case "table_name":
          return ctx.table;
        case "referred_table_name":
          if (ctx.referredTable === undefined) throw new MissingToken(whole);
          return ctx.referredTable;
        case "constraint_name":
          if (ctx.constraintName === undefined) throw new MissingToken(whole);
          return ctx.constraintName;
        default: {
          const m = COLUMN_TOKEN.exec(token);
          if (!m) {
            throw new ArgumentError(
              `Unknown naming-convention token ${whole} in "${template}"; use table_name, referred_table_name, constraint_name or column_0[_N]_name/key/label`,
            );
          }
          return columnToken(m, ctx);
        }
      }
    });
  } catch (error) {
    if (error instanceof MissingToken) return undefined;
    throw error;
  }
}

/**
 * The name of a constraint or index, SQLAlchemy's way: an explicit name is used as given, unless the
 * convention for its kind contains `%(constraint_name)s`, in which case the convention is applied to it;
 * without a name, the convention names it when its tokens can be filled. Undefined: unnamed.
 */
export function conventionName(
  convention: NamingConvention,
  kind: ConventionKind,
  explicit: string | undefined,
  ctx: ConventionContext,
): string | undefined {
  const template = convention[kind];
  if (template === undefined) return explicit;
  if (explicit !== undefined) {
    if (!template.includes("%(constraint_name)s")) return explicit;
    // A name the convention already produced (e.g. one read back by reflection) is kept as it is, so
    // applying the convention is idempotent: `ck_items_qty_min` does not become `ck_items_ck_items_qty_min`.
    const probe = applyConvention(template, { ...ctx, constraintName: "\u0000" });
    if (probe !== undefined) {
      const [prefix = "", suffix = ""] = probe.split("\u0000");
      if (explicit.length > prefix.length + suffix.length && explicit.startsWith(prefix) && explicit.endsWith(suffix))
        return explicit;
    }
    return applyConvention(template, { ...ctx, constraintName: explicit }) ?? explicit;
  }
  return applyConvention(template, ctx);
}

/** Hex digits of the hash suffix a shortened name ends with. */
const HASH_DIGITS = 8;

/** What an identifier limit counts: UTF-16 characters (MySQL), or UTF-8 bytes (PostgreSQL's NAMEDATALEN). */
export type IdentifierLengthUnit = "characters" | "bytes";

/**
 * The length of an identifier in the unit its database's limit counts.
 *
 * ```ts
 * identifierLength("café", "characters"); // 4
 * identifierLength("café", "bytes"); // 5
 * ```
 */
export function identifierLength(name: string, unit: IdentifierLengthUnit): number {
  return unit === "bytes" ? utf8Length(name) : name.length;
}

/**
 * Shortens `name` to at most `max` characters (or UTF-8 bytes) when it is longer: its first characters,
 * `_`, and 8 hex digits of its MD5 hash, so the result is deterministic (the same long name always gives
 * the same short one, which reflection and migrations rely on) and two long names that share a prefix stay
 * apart. A character is never cut in half.
 */
export function truncateIdentifier(name: string, max: number, unit: IdentifierLengthUnit = "characters"): string {
  if (identifierLength(name, unit) <= max) return name;
  const keep = max - HASH_DIGITS - 1;
  if (keep < 1) throw new ArgumentError(`Identifier limit ${max} is too small to shorten "${name}"`);
  const hash = createHash("md5").update(name).digest("hex").slice(0, HASH_DIGITS);
  return `${unit === "bytes" ? utf8Prefix(name, keep) : name.slice(0, keep)}_${hash}`;
}

/** The longest prefix of `name` (whole code points) that fits in `bytes` UTF-8 bytes. */
function utf8Prefix(name: string, bytes: number): string {
  let out = "";
  let used = 0;
  for (const ch of name) {
    used += utf8Length(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}
