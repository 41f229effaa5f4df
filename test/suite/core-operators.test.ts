// Compliance suite for Core operators: every comparison, membership, pattern, null, arithmetic and string
// operator, and the boolean combinators, checked by the rows they select on each database.
import { expect, it } from "vitest";
import { and, func, literal, not, or, select, type SqlExpression } from "../../src/index.js";
import { describeEachDialect } from "../../src/testing/index.js";
import { employees } from "./fixtures/core-schema.js";
import { rowsOf, scalarsOf, useCoreSchema } from "./fixtures/core-setup.js";

const e = employees.c;

/** `bonus` is nullable: arithmetic with it is `number | null` (SQL gives NULL for a NULL operand). */
const bonusOperand = e.bonus;

describeEachDialect("core operators", (ctx) => {
  const engine = useCoreSchema(ctx);
  /** Names of the employees matching `criterion`, in id order. */
  const who = (criterion: SqlExpression<boolean>) => scalarsOf(engine(), select(e.name).where(criterion).orderBy(e.id));

  it("eq / ne, with null meaning IS NULL / IS NOT NULL", async () => {
    expect(await who(e.name.eq("Bob"))).toEqual(["Bob"]);
    expect(await who(e.deptId.ne(1))).toEqual(["Carol", "Eve"]);
    expect(await who(e.bonus.eq(null))).toEqual(["Alice", "Dave", "Frank"]);
    expect(await who(e.bonus.ne(null))).toEqual(["Bob", "Carol", "Eve"]);
    expect(await who(e.managerId.eq(e.deptId))).toEqual(["Bob"]);
  });

  it("lt / le / gt / ge", async () => {
    expect(await who(e.salary.lt(150))).toEqual(["Eve", "Frank"]);
    expect(await who(e.salary.le(150))).toEqual(["Bob", "Carol", "Dave", "Eve", "Frank"]);
    expect(await who(e.salary.gt(150))).toEqual(["Alice"]);
    expect(await who(e.salary.ge(150))).toEqual(["Alice", "Bob", "Carol", "Dave"]);
    expect(await who(e.hiredOn.lt("2017-01-10"))).toEqual(["Alice", "Bob"]);
  });

  it("in / notIn over values, including empty lists", async () => {
    expect(await who(e.name.in(["Bob", "Eve", "Zed"]))).toEqual(["Bob", "Eve"]);
    expect(await who(e.name.notIn(["Alice", "Bob"]))).toEqual(["Carol", "Dave", "Eve", "Frank"]);
    expect(await who(e.id.in([]))).toEqual([]);
    expect(await who(e.id.notIn([]))).toHaveLength(6);
  });

  it("between / notBetween (inclusive bounds)", async () => {
    expect(await who(e.salary.between(110, 150))).toEqual(["Bob", "Carol", "Dave", "Eve"]);
    expect(await who(e.salary.notBetween(110, 150))).toEqual(["Alice", "Frank"]);
    expect(await who(e.hiredOn.between("2016-01-01", "2019-12-31"))).toEqual(["Bob", "Carol", "Dave"]);
  });

  it("like / notLike with % and _ wildcards", async () => {
    expect(await who(e.name.like("_a%"))).toEqual(["Carol", "Dave"]);
    expect(await who(e.name.notLike("%e"))).toEqual(["Bob", "Carol", "Frank"]);
    expect(await who(e.email.like("%x@%"))).toEqual(["Frank"]);
  });

  it("ilike / notIlike: case-insensitive on every dialect (native or emulated)", async () => {
    expect(await who(e.email.ilike("%@CORP.COM"))).toEqual(["Alice", "Bob", "Carol", "Eve", "Frank"]);
    expect(await who(e.name.ilike("A%"))).toEqual(["Alice"]);
    expect(await who(e.name.ilike("a%"))).toEqual(["Alice"]);
    expect(await who(e.email.ilike("carol@%"))).toEqual(["Carol"]);
    expect(await who(e.name.notIlike("%E"))).toEqual(["Bob", "Carol", "Frank"]);
  });

  it("ilike folds letters beyond ASCII too (ä matches Ä, ß stays ß) on every dialect", async () => {
    const matches = async (value: string, pattern: string): Promise<unknown> =>
      (await scalarsOf(engine(), select(literal(value).ilike(pattern).label("m"))))[0];
    expect(await matches("Äpfel", "äP%")).toBe(true);
    expect(await matches("äpfel", "%ÄPFEL")).toBe(true);
    expect(await matches("ÉCOLE", "école")).toBe(true);
    expect(await matches("Straße", "%SSE")).toBe(false);
    expect(await matches("Ωmega", "ω%")).toBe(true);
    expect(await matches("Äpfel", "b%")).toBe(false);
    expect(await scalarsOf(engine(), select(literal("Äpfel").notIlike("ä%").label("m")))).toEqual([false]);
  });

  it("isNull / isNotNull", async () => {
    expect(await who(e.email.isNull())).toEqual(["Dave"]);
    expect(await who(e.deptId.isNotNull())).toEqual(["Alice", "Bob", "Carol", "Dave", "Eve"]);
  });

  it("startsWith / endsWith / contains match their argument literally", async () => {
    expect(await who(e.name.startsWith("Ca"))).toEqual(["Carol"]);
    expect(await who(e.name.endsWith("ve"))).toEqual(["Dave", "Eve"]);
    expect(await who(e.email.contains("e@"))).toEqual(["Alice", "Eve"]);
    // `_` and `%` are wildcards in LIKE; here they are plain characters.
    expect(await who(e.email.contains("_"))).toEqual(["Frank"]);
    expect(await who(e.email.startsWith("frank_"))).toEqual(["Frank"]);
    expect(await who(e.email.contains("%"))).toEqual([]);
    expect(await who(e.name.endsWith("_"))).toEqual([]);
  });

  it("isDistinctFrom / isNotDistinctFrom treat NULL as a value", async () => {
    expect(await who(e.bonus.isDistinctFrom(10))).toEqual(["Alice", "Carol", "Dave", "Eve", "Frank"]);
    expect(await who(e.bonus.isNotDistinctFrom(e.bonus))).toHaveLength(6);
  });

  it("arithmetic: add, sub, mul, div, mod, neg (columns and values)", async () => {
    const row = (
      await rowsOf(
        engine(),
        select(
          e.salary.add(1).label("add"),
          e.salary.sub(bonusOperand).label("sub"),
          e.salary.mul(2).label("mul"),
          e.salary.div(50).label("div"),
          e.salary.mod(7).label("mod"),
          e.bonus.neg().label("neg"),
          e.salary.add(bonusOperand).mul(2).label("nested"),
        ).where(e.id.eq(2)),
      )
    )[0];
    expect(row).toBeDefined();
    expect([row?.add, row?.sub, row?.mul, row?.div, row?.mod, row?.neg, row?.nested]).toEqual([
      151, 140, 300, 3, 3, -10, 320,
    ]);
    expect(await who(e.salary.add(bonusOperand).gt(160))).toEqual(["Carol"]);
  });

  it("concat: strings, columns and NULL", async () => {
    const rows = await rowsOf(
      engine(),
      select(e.name.concat(" <").concat(e.email).concat(">").label("contact"))
        .where(e.id.in([2, 4]))
        .orderBy(e.id),
    );
    expect(rows.map((r) => r.contact)).toEqual(["Bob <bob@corp.com>", null]);
    expect(await who(e.name.concat("!").eq("Eve!"))).toEqual(["Eve"]);
  });

  it("and / or / not, nested and flattened", async () => {
    expect(await who(and(e.active.eq(true), or(e.deptId.eq(2), e.salary.gt(180))))).toEqual(["Alice", "Carol", "Eve"]);
    expect(await who(not(e.active.eq(true)))).toEqual(["Dave"]);
    expect(await who(or(and(e.deptId.eq(1), e.salary.lt(160)), e.name.eq("Frank")))).toEqual(["Bob", "Dave", "Frank"]);
    expect(await who(not(or(e.deptId.eq(1), e.deptId.isNull())))).toEqual(["Carol", "Eve"]);
    expect(await who(and(e.salary.gt(100), and(e.salary.lt(200), e.active.eq(true))))).toEqual(["Bob", "Carol", "Eve"]);
    expect(await who(and(e.id.eq(1), undefined))).toEqual(["Alice"]);
  });

  it("functions in comparisons", async () => {
    expect(await who(func.lower(e.name).eq("carol"))).toEqual(["Carol"]);
    expect(await who(func.length(e.name).eq(3))).toEqual(["Bob", "Eve"]);
    expect(await who(func.coalesce(e.bonus, 0).eq(0))).toEqual(["Alice", "Dave", "Frank"]);
  });
});
