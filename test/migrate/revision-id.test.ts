import { describe, expect, it } from "vitest";
import { generateRevisionId, RevisionGraph, revisionFileName } from "../../src/migrate/index.js";

describe("generateRevisionId", () => {
  it("gives 12 lower-case hex characters, different each time", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = generateRevisionId();
      expect(id).toMatch(/^[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1000);
  });

  it("gives ids a revision graph accepts", () => {
    const a = generateRevisionId();
    const b = generateRevisionId();
    const g = RevisionGraph.from([
      { revision: a, downRevision: null },
      { revision: b, downRevision: a },
    ]);
    expect(g.heads).toEqual([b]);
  });
});

describe("revisionFileName", () => {
  it("is <rev>_<slug>.ts with the message's words in lower case joined by _", () => {
    expect(revisionFileName("3f2a9c1b7d4e", "Add tasks table")).toBe("3f2a9c1b7d4e_add_tasks_table.ts");
    expect(revisionFileName("3f2a9c1b7d4e", "  Add 'users.email' index (UNIQUE)!  ")).toBe(
      "3f2a9c1b7d4e_add_users_email_index_unique.ts",
    );
    expect(revisionFileName("3f2a9c1b7d4e", "rename user_name -> name")).toBe("3f2a9c1b7d4e_rename_user_name_name.ts");
    expect(revisionFileName("3f2a9c1b7d4e", "Ajouter l'été")).toBe("3f2a9c1b7d4e_ajouter_l_été.ts");
  });

  it("has an empty slug without a message", () => {
    expect(revisionFileName("3f2a9c1b7d4e", "")).toBe("3f2a9c1b7d4e_.ts");
    expect(revisionFileName("3f2a9c1b7d4e", null)).toBe("3f2a9c1b7d4e_.ts");
    expect(revisionFileName("3f2a9c1b7d4e", "?!")).toBe("3f2a9c1b7d4e_.ts");
  });

  it("caps the slug at 40 characters, cut at a word boundary and ending with _", () => {
    const name = revisionFileName("3f2a9c1b7d4e", "add the invoices table with its line items and their taxes");
    expect(name).toBe("3f2a9c1b7d4e_add_the_invoices_table_with_its_line_.ts");
    const slug = name.slice("3f2a9c1b7d4e_".length, -".ts".length);
    expect(slug.length).toBeLessThanOrEqual(41);
    // One word longer than the cap is cut inside the word.
    expect(revisionFileName("ab", "x".repeat(50))).toBe(`ab_${"x".repeat(40)}_.ts`);
    // Exactly 40 characters is not cut.
    expect(revisionFileName("ab", "y".repeat(40))).toBe(`ab_${"y".repeat(40)}.ts`);
  });
});
