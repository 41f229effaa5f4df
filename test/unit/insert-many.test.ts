// The executemany INSERT planner, without a database: the statements it compiles per dialect (PostgreSQL's
// INSERT … SELECT … ORDER BY sentinel form, MariaDB's plain VALUES, SQLite's one row per statement), grouping
// by shape, paging by the parameter limit, and the putting of returned rows back in parameter order whatever
// order the server returned them in.
import { describe, expect, it } from "vitest";
import type { StatementNode } from "../../src/ast/index.js";
import type { Dialect } from "../../src/dialect/index.js";
import type { ExecutionContext, ExecutionOutcome, ExecutionPlan } from "../../src/expr/index.js";
import {
  InvalidRequestError,
  column,
  compile,
  Enum,
  insert,
  Integer,
  MetaData,
  String as SqlString,
  Table,
} from "../../src/index.js";
import { MySQLDialect } from "../../src/mysql.js";
import { PostgreSQLDialect } from "../../src/postgresql.js";
import { SqliteDialect } from "../../src/sqlite.js";

const md = new MetaData();
const items = new Table("items", md, {
  id: column(Integer()).primaryKey().autoincrement(),
  name: column(SqlString(20)),
  kind: column(Enum(["a", "b"], { name: "item_kind" })).default("a"),
  note: column(SqlString(20)).nullable(),
});
const pairs = new Table("pairs", md, {
  a: column(Integer()).primaryKey().autoincrement(false),
  b: column(SqlString(5)).primaryKey(),
  val: column(Integer()),
});

const pg = new PostgreSQLDialect();
const maria = new MySQLDialect();
const sqlite = new SqliteDialect();

function contextOf(dialect: Dialect, maxParameters = dialect.capabilities.maxParameters): ExecutionContext {
  const caps = dialect.capabilities;
  return {
    maxParameters,
    lastrowid: caps.lastrowid,
    insertReturning: caps.returning.insert,
    autoincrementSentinel: caps.autoincrementSentinel,
  };
}

/** The SQL of each execution of a plan. */
function sqlOf(plan: ExecutionPlan, dialect: Dialect): string[] {
  return plan.executions.map(
    (e) => compile({ toStatementNode: (): StatementNode => e.node, resultColumns: () => undefined }, dialect).sql,
  );
}

describe("executemany INSERT statements per dialect", () => {
  const rows = [{ name: "x" }, { name: "y" }];

  it("PostgreSQL numbers generated keys in row order with INSERT … SELECT … ORDER BY, casting the enum", () => {
    const plan = insert(items).returnPrimaryKeys().forExecution(rows, contextOf(pg));
    expect(sqlOf(plan, pg)).toEqual([
      'INSERT INTO "items" ("name", "kind") SELECT p0, CAST(p1 AS "item_kind") FROM (VALUES ($1::VARCHAR, $2, 0), ' +
        '($3::VARCHAR, $4, 1)) AS imp_sen (p0, p1, sen_counter) ORDER BY sen_counter RETURNING "id"',
    ]);
    expect(plan.columns?.map((c) => c.key)).toEqual(["id"]);
  });

  it("MariaDB numbers AUTO_INCREMENT keys in VALUES order: a plain multi-row VALUES with RETURNING", () => {
    const plan = insert(items).returnPrimaryKeys().forExecution(rows, contextOf(maria));
    expect(sqlOf(plan, maria)).toEqual(["INSERT INTO `items` (`name`, `kind`) VALUES (?, ?), (?, ?) RETURNING `id`"]);
  });

  it("SQLite has no such form: one row per statement, keys from lastrowid", () => {
    const plan = insert(items).returnPrimaryKeys().forExecution(rows, contextOf(sqlite));
    expect(sqlOf(plan, sqlite)).toEqual([
      'INSERT INTO "items" ("name", "kind") VALUES (?, ?)',
      'INSERT INTO "items" ("name", "kind") VALUES (?, ?)',
    ]);
    const done = plan.finish?.([
      { rows: [], lastrowid: 7 },
      { rows: [], lastrowid: 8 },
    ]);
    expect(done?.insertedPrimaryKeys).toEqual([[7], [8]]);
  });

  it("without returnPrimaryKeys() nor RETURNING, many rows are one plain statement everywhere", () => {
    for (const dialect of [pg, maria, sqlite]) {
      const plan = insert(items).forExecution(rows, contextOf(dialect));
      expect(plan.executions).toHaveLength(1);
      expect(sqlOf(plan, dialect)[0]).not.toMatch(/RETURNING|ORDER BY/);
    }
  });

  it("rows of different shapes become one statement per shape, in order of first appearance", () => {
    const plan = insert(items).forExecution(
      [{ name: "a" }, { name: "b", note: "n" }, { name: "c" }, { name: "d", note: undefined }],
      contextOf(sqlite),
    );
    expect(sqlOf(plan, sqlite)).toEqual([
      'INSERT INTO "items" ("name", "kind") VALUES (?, ?), (?, ?), (?, ?)',
      'INSERT INTO "items" ("name", "note", "kind") VALUES (?, ?, ?)',
    ]);
  });

  it("pages hold 1000 rows, fewer when the parameter limit needs it", () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ name: `n${i}` }));
    const pages = (max: number): number[] =>
      insert(items)
        .forExecution(many, contextOf(sqlite, max))
        .executions.map((e) => (e.node.kind === "insert" ? e.node.values.length : -1));
    expect(pages(65535)).toEqual([1000, 1000, 500]);
    // Two columns a row (name and the kind default): 999 parameters hold 499 rows.
    expect(pages(999)).toEqual([499, 499, 499, 499, 499, 5]);
  });
});

describe("returned rows are put in parameter order, not the server's", () => {
  it("sorted on the generated key", () => {
    const plan = insert(items)
      .returning(items.c.name)
      .forExecution([{ name: "x" }, { name: "y" }, { name: "z" }], {
        ...contextOf(maria),
      });
    // Columns as run: name, then the hidden key. The server returned them in another order.
    const outcome: ExecutionOutcome = {
      rows: [
        ["z", 12],
        ["x", 10],
        ["y", 11],
      ],
      lastrowid: undefined,
    };
    const done = plan.finish?.([outcome]);
    expect(done?.rows).toEqual([["x"], ["y"], ["z"]]);
    expect(done?.width).toBe(1);
    expect(done?.insertedPrimaryKeys).toEqual([[10], [11], [12]]);
  });

  it("matched by a composite client key", () => {
    const params = [
      { a: 1, b: "q", val: 1 },
      { a: 1, b: "p", val: 2 },
      { a: 0, b: "q", val: 3 },
    ];
    const plan = insert(pairs).returning(pairs.c.val).forExecution(params, contextOf(pg));
    const done = plan.finish?.([
      {
        rows: [
          [3, 0, "q"],
          [1, 1, "q"],
          [2, 1, "p"],
        ],
        lastrowid: undefined,
      },
    ]);
    expect(done?.rows).toEqual([[1], [2], [3]]);
    expect(done?.insertedPrimaryKeys).toEqual(params.map((p) => [p.a, p.b]));
  });

  it("a returned row that matches no parameter set, or a missing row, is an error", () => {
    const plan = insert(pairs)
      .returning(pairs.c.val)
      .forExecution(
        [
          { a: 1, b: "q", val: 1 },
          { a: 2, b: "q", val: 2 },
        ],
        contextOf(pg),
      );
    expect(() =>
      plan.finish?.([
        {
          rows: [
            [1, 1, "q"],
            [2, 9, "q"],
          ],
          lastrowid: undefined,
        },
      ]),
    ).toThrow(InvalidRequestError);
    const sorted = insert(items)
      .returning(items.c.name)
      .forExecution([{ name: "x" }, { name: "y" }], contextOf(pg));
    expect(() => sorted.finish?.([{ rows: [["x", 1]], lastrowid: undefined }])).toThrow(/returned 1 rows for 2/);
  });
});
