/** New revision ids and the file names of revision files. */

import { randomBytes } from "node:crypto";

/** Longest slug in a revision file name (Alembic's default `truncate_slug_length`). */
const MAX_SLUG = 40;

/**
 * A new revision id: 12 lower-case hex characters from crypto randomness (48 bits).
 *
 * ```ts
 * generateRevisionId(); // "3f2a9c1b7d4e"
 * ```
 */
export function generateRevisionId(): string {
  return randomBytes(6).toString("hex");
}

/**
 * The file name of a revision: `<rev>_<slug>.ts`, the slug being the message's words (letters, digits and
 * `_`, any script) in lower case joined by `_`, cut at a word boundary to at most 40 characters (a cut slug
 * ends with `_`, as Alembic's).
 *
 * ```ts
 * revisionFileName("3f2a9c1b7d4e", "Add tasks table"); // "3f2a9c1b7d4e_add_tasks_table.ts"
 * ```
 */
export function revisionFileName(id: string, message: string | null | undefined): string {
  let slug =
    (message ?? "")
      .match(/[\p{L}\p{N}_]+/gu)
      ?.join("_")
      .toLowerCase() ?? "";
  if (slug.length > MAX_SLUG) {
    const cut = slug.slice(0, MAX_SLUG);
    const end = cut.lastIndexOf("_");
    slug = (end > 0 ? cut.slice(0, end) : cut) + "_";
  }
  return slug === "" ? `${id}_.ts` : `${id}_${slug}.ts`;
}
