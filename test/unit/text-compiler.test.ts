import { describe, expect, it } from "vitest";
import { parseTextBinds } from "../../src/compiler/index.js";

const dollar = (i: number): string => `$${i + 1}`;
const qmark = (): string => "?";

describe("text() bind parameter parsing", () => {
  it("replaces :name with the dialect's placeholders, in order, repeating names", () => {
    const sql = "select * from t where a = :a and b = :b or a = :a";
    expect(parseTextBinds(sql, dollar)).toEqual({
      sql: "select * from t where a = $1 and b = $2 or a = $3",
      names: ["a", "b", "a"],
    });
    expect(parseTextBinds(sql, qmark)).toEqual({
      sql: "select * from t where a = ? and b = ? or a = ?",
      names: ["a", "b", "a"],
    });
  });

  it("leaves PostgreSQL casts, quoted text, identifiers and comments alone", () => {
    const sql = `select :v::int, '10:30 :not', "col:x", \`m:y\`, x -- c :no\n /* :nope */ from t where y = :y`;
    const out = parseTextBinds(sql, dollar);
    expect(out.names).toEqual(["v", "y"]);
    expect(out.sql).toBe(
      `select $1::int, '10:30 :not', "col:x", \`m:y\`, x -- c :no\n /* :nope */ from t where y = $2`,
    );
  });

  it("handles doubled quotes and dollar-quoted strings", () => {
    const out = parseTextBinds("select 'it''s :a', $$ :b $$, $tag$ :c $tag$, :d", dollar);
    expect(out.names).toEqual(["d"]);
    expect(out.sql).toBe("select 'it''s :a', $$ :b $$, $tag$ :c $tag$, $1");
  });

  it("treats \\: as a literal colon and ignores colons inside words", () => {
    const out = parseTextBinds("select '2024' || \\:x, a:b from t where z = :z", qmark);
    expect(out.names).toEqual(["z"]);
    expect(out.sql).toBe("select '2024' || :x, a:b from t where z = ?");
  });

  it("leaves SQL without parameters unchanged", () => {
    expect(parseTextBinds("select 1", qmark)).toEqual({ sql: "select 1", names: [] });
  });
});
