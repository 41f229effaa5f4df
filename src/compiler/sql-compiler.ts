/**
 * The base SQL compiler: walks statement nodes and writes SQL text plus the list of parameter slots.
 * Dialects subclass it and override the smallest hook that differs (placeholders and quoting come from
 * the dialect; `limitOffset`, `visitLike`, concatenation, NULLS ordering, locking… are hooks here).
 * The output depends on the statement's structure only: values stay in bind nodes.
 */

import type {
  BinaryNode,
  BindNode,
  CompoundSelectNode,
  CteNode,
  DeleteNode,
  ExprNode,
  ForUpdateNode,
  FromNode,
  FunctionNode,
  InsertNode,
  JsonOperator,
  LikeNode,
  OrderByNode,
  SelectNode,
  SelectableNode,
  StatementNode,
  TableNode,
  TextNode,
  UpdateNode,
  UpsertNode,
} from "../ast/index.js";
import { flattenFrom, isDdl } from "../ast/index.js";
import { ArgumentError, DataError, NotSupportedError } from "../errors/index.js";
import { paramValue } from "../expr/index.js";
import type { EnumColumnContext, SqlType } from "../types/index.js";
import { assertNever } from "../util/assert-never.js";
import { loneSurrogateIndex, loneSurrogateMessage } from "../util/unicode.js";
import type { CompiledQuery, ParamSlot } from "./compiled-query.js";
import { compileDdl, type DdlCompiler } from "./ddl-compiler.js";
import type { LiteralContext } from "./literal-renderer.js";
import { parseTextBinds, type StringBackslashes } from "./text-compiler.js";

/** The binary operators that are JSON operators (see `jsonOperator`). */
const JSON_OPERATORS: Readonly<Record<JsonOperator, true>> = {
  "->": true,
  "->>": true,
  "@>": true,
  "<@": true,
  "?": true,
};

/** A function name written as is: an identifier, optionally qualified (`pg_catalog.now`). */
const PLAIN_FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)*$/;

/** RETURNING support per statement kind. */
export interface ReturningSupport {
  readonly insert: boolean;
  readonly update: boolean;
  readonly delete: boolean;
}

/** What the compiler needs from a dialect. */
export interface CompilerDialect {
  readonly name: string;
  placeholder(index: number): string;
  quoteIdentifier(name: string): string;
  /** A plain SQL string literal (enum values, comments, LIKE's ESCAPE). */
  quoteString(value: string): string;
  /** What a backslash means in the database's `'…'` strings, for reading `text()` SQL (default `"escape"`). */
  readonly stringBackslashes?: StringBackslashes;
  /**
   * A value as a SQL literal: converted as a bind of `type` would be (undefined: an untyped bind), then
   * written by the dialect's literal renderer (see `LiteralRenderer`). Throws a DataError for a value
   * that has no safe literal.
   */
  literal(value: unknown, type: SqlType | undefined, context: LiteralContext): string;
  /** The DDL type of a column (`column` names an unnamed enum's type). */
  typeSql(type: SqlType, column?: EnumColumnContext): string;
  readonly returning: ReturningSupport;
  /** The DDL compiler for one statement (the dialect's subclass); without it, a generic one. */
  createDdlCompiler?(sql: SqlCompiler): DdlCompiler;
}

/** Compiles one statement; a new instance per compilation (it holds the output state). */
export class SqlCompiler {
  protected readonly dialect: CompilerDialect;
  readonly #bindIndex: ReadonlyMap<BindNode, number>;
  readonly #slots: ParamSlot[] = [];
  /** Inside DDL, values are rendered as literals (DDL cannot take bind parameters). */
  protected inlineLiterals = false;
  /** Qualify column names with their table (off inside INSERT column lists, RETURNING…). */
  protected qualify = true;
  /** FROM items of the enclosing statements, innermost last (for auto-correlation). */
  readonly #enclosing: FromNode[][] = [];
  /** Names of the CTEs whose bodies are being written (see `with`). */
  readonly #cteScope: string[] = [];
  /** With `literalBinds`: the named parameters' values; undefined when values are bound. */
  #literalParams: Readonly<Record<string, unknown>> | undefined;
  /** Literals written so far (for naming a value's position in an error). */
  #literalCount = 0;

  constructor(dialect: CompilerDialect, bindIndex: ReadonlyMap<BindNode, number>) {
    this.dialect = dialect;
    this.#bindIndex = bindIndex;
  }

  /**
   * Makes `compile` write every bound value into the SQL as a literal (SQLAlchemy's `literal_binds`), for
   * SQL that runs elsewhere (Migrate's `--sql`): no slots are left. A named parameter (`bindparam`, `:name`
   * in `text()`) takes its value from `params`, else its default; values go through their type's codec
   * first. Returns this compiler.
   */
  withLiteralBinds(params: Readonly<Record<string, unknown>> | undefined): this {
    this.#literalParams = params ?? {};
    return this;
  }

  /** Whether values are written as literals (`withLiteralBinds`): the SQL is for another client to run. */
  protected get literalBinds(): boolean {
    return this.#literalParams !== undefined;
  }

  /** Compiles a statement into SQL and its parameter slots. */
  compile(statement: StatementNode): CompiledQuery {
    const sql = this.statement(statement);
    return { sql, slots: this.#slots };
  }

  /** One statement's SQL. */
  statement(n: StatementNode): string {
    if (isDdl(n)) {
      // DDL expressions (defaults, checks, index items) name columns of the table being defined: unqualified.
      const saved = [this.inlineLiterals, this.qualify] as const;
      this.inlineLiterals = true;
      this.qualify = false;
      try {
        return compileDdl(this, this.dialect, n);
      } finally {
        [this.inlineLiterals, this.qualify] = saved;
      }
    }
    switch (n.kind) {
      case "select":
      case "compoundSelect":
        return this.visitSelectable(n);
      case "insert":
        return this.visitInsert(n);
      case "update":
        return this.visitUpdate(n);
      case "delete":
        return this.visitDelete(n);
      case "text":
        return this.visitText(n);
      default:
        return assertNever(n, "statement kind");
    }
  }

  // ---- identifiers and values ----

  /** A quoted identifier. */
  id(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }

  /** A table name, schema-qualified when it has a schema. */
  tableName(name: string, schema: string | undefined): string {
    return schema ? `${this.id(schema)}.${this.id(name)}` : this.id(name);
  }

  /** A bind parameter: a placeholder and a slot (or, in DDL and with `literalBinds`, the value as a literal). */
  visitBind(n: BindNode): string {
    if (this.inlineLiterals) return this.#literal(n.value, n.type, "ddl", n.name);
    if (this.#literalParams) return this.#literal(this.#namedValue(n.name, n.value), n.type, "value", n.name);
    const index = this.#bindIndex.get(n);
    if (index === undefined) throw new Error("internal: bind parameter missing from the statement shape");
    this.#slots.push(index);
    return this.dialect.placeholder(this.#slots.length - 1);
  }

  /** The value of a named parameter with `literalBinds`: from the params, else the bind's own default. */
  #namedValue(name: string | undefined, fallback: unknown): unknown {
    const params = this.#literalParams;
    const own = name === undefined ? undefined : paramValue(params ?? undefined, name);
    const value = own === undefined ? fallback : own;
    if (value === undefined) {
      throw new ArgumentError(
        `A value is required for bind parameter '${name}' to write it as a literal; pass it in compile()'s params (null for SQL NULL)`,
      );
    }
    return value;
  }

  /** A value as the dialect's literal; a value without one is a DataError naming the parameter. */
  #literal(value: unknown, type: SqlType | undefined, context: LiteralContext, name: string | undefined): string {
    const position = ++this.#literalCount;
    try {
      return this.dialect.literal(value === undefined ? null : value, type, context);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      const which = name === undefined ? `#${position}` : `'${name}' (#${position})`;
      throw new DataError(`Bind parameter ${which} cannot be written as a literal: ${error.message}`, undefined);
    }
  }

  /**
   * A plain string literal in the statement's structure (LIKE's ESCAPE character): with `literalBinds`
   * written as a value is, so it reads the same whatever the session's settings.
   */
  stringLiteral(value: string): string {
    return this.#literalParams && !this.inlineLiterals
      ? this.dialect.literal(value, undefined, "value")
      : this.dialect.quoteString(value);
  }

  /** A `text()` fragment: its `:name` parameters become named slots (or literals, with `literalBinds`). */
  visitText(n: TextNode): string {
    const at = loneSurrogateIndex(n.sql);
    if (at >= 0) throw new DataError(`The text() SQL contains ${loneSurrogateMessage(n.sql, at)}`, undefined);
    if (this.inlineLiterals) return n.sql;
    // Each parameter is written where the parser finds it (no marker character that the SQL could contain).
    const types = n.bindTypes;
    return parseTextBinds(
      n.sql,
      (_, name) => {
        const type = types !== undefined && Object.hasOwn(types, name) ? types[name] : undefined;
        if (this.#literalParams) return this.#literal(this.#namedValue(name, undefined), type, "value", name);
        this.#slots.push({ name, type });
        return this.dialect.placeholder(this.#slots.length - 1);
      },
      this.dialect.stringBackslashes ?? "escape",
    ).sql;
  }

  // ---- expressions ----

  /** Any expression. */
  expr(n: ExprNode): string {
    switch (n.kind) {
      case "column":
        return this.visitColumn(n.name, n.from);
      case "bind":
        return this.visitBind(n);
      case "binary":
        return this.visitBinary(n);
      case "unary":
        switch (n.op) {
          case "IS NULL":
          case "IS NOT NULL":
            return `${this.operand(n.operand)} ${n.op}`;
          case "EXISTS":
          case "NOT EXISTS":
            return `${n.op} ${this.expr(n.operand)}`;
          case "-": {
            // A space before a negative literal operand: `--` would start a comment.
            const operand = this.operand(n.operand);
            return operand.startsWith("-") ? `- ${operand}` : `-${operand}`;
          }
          case "NOT":
            return `NOT ${this.operand(n.operand)}`;
          default:
            return assertNever(n, "unary operator");
        }
      case "boolean":
        if (n.items.length === 0) return n.op === "AND" ? "1 = 1" : "1 = 0";
        return n.items.map((i) => (i.kind === "boolean" ? `(${this.expr(i)})` : this.operand(i))).join(` ${n.op} `);
      case "like":
        return this.visitLike(n);
      case "between":
        return `${this.operand(n.expr)} ${n.negated ? "NOT BETWEEN" : "BETWEEN"} ${this.operand(n.low)} AND ${this.operand(n.high)}`;
      case "list":
        return `(${n.items.map((i) => this.expr(i)).join(", ")})`;
      case "function":
        return this.visitFunction(n);
      case "over": {
        const parts: string[] = [];
        if (n.partitionBy.length) parts.push(`PARTITION BY ${n.partitionBy.map((e) => this.expr(e)).join(", ")}`);
        if (n.orderBy.length) parts.push(`ORDER BY ${this.orderByList(n.orderBy)}`);
        if (n.frame) parts.push(n.frame);
        return `${this.visitFunction(n.fn)} OVER (${parts.join(" ")})`;
      }
      case "label":
        return this.expr(n.expr);
      case "case": {
        let out = "CASE";
        if (n.value) out += ` ${this.expr(n.value)}`;
        for (const [w, t] of n.whens) out += ` WHEN ${this.expr(w)} THEN ${this.expr(t)}`;
        if (n.else) out += ` ELSE ${this.expr(n.else)}`;
        return `${out} END`;
      }
      case "cast":
        return `CAST(${this.expr(n.expr)} AS ${this.castType(n.type)})`;
      case "scalarSubquery":
        return `(${this.visitSelectable(n.select)})`;
      case "star":
        return n.from ? `${this.fromName(n.from)}.*` : "*";
      case "grouping":
        return `(${this.expr(n.expr)})`;
      case "orderBy":
        return this.orderBy(n);
      case "excluded":
        return this.visitExcluded(n.name);
      case "text":
        return this.visitText(n);
      default:
        return assertNever(n, "expression kind");
    }
  }

  /** An operand of an operator: parenthesised when it is itself an operation. */
  operand(n: ExprNode): string {
    switch (n.kind) {
      case "binary":
      case "boolean":
      case "like":
      case "between":
      case "case":
        return `(${this.expr(n)})`;
      case "unary":
        return n.op === "-" || n.op === "EXISTS" || n.op === "NOT EXISTS" ? this.expr(n) : `(${this.expr(n)})`;
      default:
        return this.expr(n);
    }
  }

  /** A column reference, qualified by its table or alias unless `qualify` is off. */
  visitColumn(name: string, from: FromNode | undefined): string {
    if (!from || !this.qualify) return this.id(name);
    return `${this.fromName(from)}.${this.id(name)}`;
  }

  /** The name a FROM item is referred to by. */
  fromName(from: FromNode): string {
    switch (from.kind) {
      case "table":
        return this.tableName(from.name, from.schema);
      case "alias":
      case "cte":
        return this.id(from.name);
      case "join":
        throw new Error("internal: a column cannot belong to a join");
      default:
        return assertNever(from, "from kind");
    }
  }

  /** A column of the row proposed for insertion in an upsert: `excluded.name`; MySQL overrides. */
  visitExcluded(name: string): string {
    return `excluded.${this.id(name)}`;
  }

  visitBinary(n: BinaryNode): string {
    if (Object.hasOwn(JSON_OPERATORS, n.op)) return this.jsonOperator(n.op as JsonOperator, n.left, n.right);
    if ((n.op === "IN" || n.op === "NOT IN") && n.right.kind === "list" && n.right.items.length === 0) {
      // An empty IN list is valid in none of the three dialects: IN () is false, NOT IN () is true.
      return n.op === "IN" ? "1 = 0" : "1 = 1";
    }
    if (n.op === "||") return this.concat(n.left, n.right);
    return `${this.operand(n.left)} ${this.binaryOperator(n.op)} ${this.operand(n.right)}`;
  }

  /** The operator text; dialects map what they spell differently. */
  binaryOperator(op: BinaryNode["op"]): string {
    return op === "DIV" ? "/" : op;
  }

  /** PostgreSQL's JSONB operators; dialects that have them override. */
  jsonOperator(op: JsonOperator, _left: ExprNode, _right: ExprNode): string {
    throw new NotSupportedError(
      `${this.dialect.name} has no JSON operator ${op}; the jsonb() helpers of athanor/postgresql are PostgreSQL only`,
    );
  }

  /** String concatenation. */
  concat(left: ExprNode, right: ExprNode): string {
    return `${this.operand(left)} || ${this.operand(right)}`;
  }

  /** LIKE / ILIKE; the base emulates ILIKE with lower() on both sides. */
  visitLike(n: LikeNode): string {
    const op = n.negated ? "NOT LIKE" : "LIKE";
    const escape = this.likeEscape(n.escape);
    if (n.caseInsensitive) {
      return `${this.caseFold(this.expr(n.expr))} ${op} ${this.caseFold(this.expr(n.pattern))}${escape}`;
    }
    return `${this.operand(n.expr)} ${op} ${this.operand(n.pattern)}${escape}`;
  }

  /**
   * One side of an emulated ILIKE, case-folded: `lower(x)`. A dialect whose `lower()` folds too little
   * (SQLite's, ASCII only) overrides it.
   */
  caseFold(sql: string): string {
    return `lower(${sql})`;
  }

  /** ` ESCAPE 'c'`, or nothing. */
  likeEscape(escape: string | undefined): string {
    return escape === undefined ? "" : ` ESCAPE ${this.stringLiteral(escape)}`;
  }

  /** A function call; dialects rename some (`now()` on SQLite). */
  visitFunction(n: FunctionNode): string {
    const args = n.name === "count" && n.args.length === 0 ? "*" : n.args.map((a) => this.expr(a)).join(", ");
    let out = `${this.functionName(n.name)}(${n.distinct ? "DISTINCT " : ""}${args})`;
    if (n.filter) out += ` FILTER (WHERE ${this.expr(n.filter)})`;
    return out;
  }

  /**
   * A function's name: as written when it is a plain (optionally schema-qualified) identifier, quoted
   * otherwise, so that `func[userInput]()` cannot inject SQL.
   */
  functionName(name: string): string {
    return PLAIN_FUNCTION_NAME.test(name) ? name : this.id(name);
  }

  /** The type name inside CAST (the DDL name by default). */
  castType(type: SqlType): string {
    return this.dialect.typeSql(type);
  }

  orderBy(n: OrderByNode): string {
    let out = this.expr(n.expr);
    if (n.direction) out += ` ${n.direction}`;
    if (n.nulls) out += ` NULLS ${n.nulls}`;
    return out;
  }

  orderByList(items: readonly OrderByNode[]): string {
    return items.map((o) => this.orderBy(o)).join(", ");
  }

  // ---- FROM ----

  /** A FROM item as it appears in the FROM clause. */
  from(n: FromNode): string {
    switch (n.kind) {
      case "table":
        return this.tableName(n.name, n.schema);
      case "alias": {
        const inner =
          n.from.kind === "table" ? this.tableName(n.from.name, n.from.schema) : `(${this.visitSelectable(n.from)})`;
        return `${n.lateral ? this.lateral() : ""}${inner} AS ${this.id(n.name)}`;
      }
      case "cte":
        return this.id(n.name);
      case "join": {
        const type =
          n.type === "INNER"
            ? "JOIN"
            : n.type === "LEFT"
              ? "LEFT OUTER JOIN"
              : n.type === "FULL"
                ? this.fullJoin()
                : "CROSS JOIN";
        return `${this.from(n.left)} ${type} ${this.from(n.right)}${n.on ? ` ON ${this.expr(n.on)}` : ""}`;
      }
      default:
        return assertNever(n, "from kind");
    }
  }

  /** `LATERAL ` where supported. */
  lateral(): string {
    return "LATERAL ";
  }

  fullJoin(): string {
    return "FULL OUTER JOIN";
  }

  // ---- statements ----

  visitSelectable(n: SelectableNode): string {
    return n.kind === "select" ? this.visitSelect(n) : this.visitCompound(n);
  }

  /**
   * `WITH [RECURSIVE] …`. While a CTE's body is written its name is in scope, so the selects inside it
   * (a recursive step selecting from the CTE) do not declare it again.
   */
  with(ctes: readonly CteNode[]): string {
    const own = this.#ownCtes(ctes);
    if (own.length === 0) return "";
    const recursive = own.some((c) => c.recursive) ? "RECURSIVE " : "";
    this.#cteScope.push(...own.map((c) => c.name));
    try {
      const parts = own.map(
        (c) =>
          `${this.id(c.name)}${c.columns ? `(${c.columns.map((x) => this.id(x)).join(", ")})` : ""} AS (${this.visitSelectable(c.select)})`,
      );
      return `WITH ${recursive}${parts.join(", ")} `;
    } finally {
      this.#cteScope.length -= own.length;
    }
  }

  /** The CTEs a statement declares itself (not those of an enclosing CTE body). */
  #ownCtes(ctes: readonly CteNode[]): readonly CteNode[] {
    return this.#cteScope.length === 0 ? ctes : ctes.filter((c) => !this.#cteScope.includes(c.name));
  }

  /** A compound's member needs parentheses when it is a compound, has a WITH, or orders / limits itself. */
  memberNeedsParentheses(s: SelectableNode): boolean {
    return (
      s.kind === "compoundSelect" ||
      this.#ownCtes(s.ctes).length > 0 ||
      s.orderBy.length > 0 ||
      s.limit !== undefined ||
      s.offset !== undefined
    );
  }

  /** The select list: expressions, labelled ones with AS. */
  columnsClause(columns: readonly ExprNode[]): string {
    return columns
      .map((c) => (c.kind === "label" ? `${this.expr(c.expr)} AS ${this.id(c.name)}` : this.expr(c)))
      .join(", ");
  }

  /** Runs `fn` with `froms` as the innermost enclosing FROM items (subqueries inside correlate to them). */
  protected enclosedBy<T>(froms: readonly FromNode[], fn: () => T): T {
    this.#enclosing.push(froms.flatMap((f) => flattenFrom(f)));
    try {
      return fn();
    } finally {
      this.#enclosing.pop();
    }
  }

  visitSelect(n: SelectNode): string {
    // Criteria-only FROM items are added unless an enclosing statement has them (then they correlate).
    const extra = n.implicitFrom.filter((f) => !this.#enclosing.some((level) => level.includes(f)));
    const from = extra.length ? [...n.from, ...extra] : n.from;
    return this.enclosedBy(from, () => this.#select(n, from));
  }

  #select(n: SelectNode, from: readonly FromNode[]): string {
    let sql = `${this.with(n.ctes)}SELECT `;
    if (n.distinctOn.length) sql += this.distinctOn(n.distinctOn);
    else if (n.distinct) sql += "DISTINCT ";
    sql += this.columnsClause(n.columns);
    if (from.length) sql += ` FROM ${from.map((f) => this.from(f)).join(", ")}`;
    if (n.where) sql += ` WHERE ${this.expr(n.where)}`;
    if (n.groupBy.length) sql += ` GROUP BY ${n.groupBy.map((g) => this.expr(g)).join(", ")}`;
    if (n.having) sql += ` HAVING ${this.expr(n.having)}`;
    if (n.orderBy.length) sql += ` ORDER BY ${this.orderByList(n.orderBy)}`;
    sql += this.limitOffset(n.limit, n.offset);
    if (n.forUpdate) sql += this.forUpdate(n.forUpdate);
    return sql;
  }

  /** `DISTINCT ON (…) ` (PostgreSQL only). */
  distinctOn(_exprs: readonly ExprNode[]): string {
    throw new NotSupportedError(
      `${this.dialect.name} has no DISTINCT ON (capabilities.distinctOn is false); it is a PostgreSQL construct`,
    );
  }

  /** ` LIMIT ? OFFSET ?`; dialects that need a LIMIT for an OFFSET override. */
  limitOffset(limit: ExprNode | undefined, offset: ExprNode | undefined): string {
    let out = "";
    if (limit) out += ` LIMIT ${this.expr(limit)}`;
    if (offset) out += ` OFFSET ${this.expr(offset)}`;
    return out;
  }

  forUpdate(f: ForUpdateNode): string {
    let out = ` FOR ${f.mode}`;
    if (f.of.length) out += ` OF ${this.lockedTables(f.of)}`;
    if (f.nowait) out += " NOWAIT";
    if (f.skipLocked) out += " SKIP LOCKED";
    return out;
  }

  /** The tables of `FOR UPDATE OF …`: unqualified names (PostgreSQL refuses schema-qualified ones). */
  lockedTables(of: readonly FromNode[]): string {
    return of.map((o) => (o.kind === "table" ? this.id(o.name) : this.fromName(o))).join(", ");
  }

  visitCompound(n: CompoundSelectNode): string {
    let sql = this.with(n.ctes) + n.selects.map((s) => this.compoundMember(s)).join(` ${n.op} `);
    // A compound is ordered by its output columns, which no table qualifies (PostgreSQL and MySQL refuse it).
    if (n.orderBy.length) sql += ` ORDER BY ${this.#unqualified(() => this.orderByList(n.orderBy))}`;
    sql += this.limitOffset(n.limit, n.offset);
    return sql;
  }

  /**
   * One member of a UNION etc.: parenthesised when it is itself a compound or has its own ORDER BY /
   * LIMIT / OFFSET (which would otherwise apply to the whole compound). SQLite, which accepts no
   * parentheses here, overrides.
   */
  compoundMember(s: SelectableNode): string {
    return this.memberNeedsParentheses(s) ? `(${this.visitSelectable(s)})` : this.visitSelectable(s);
  }

  #unqualified<T>(fn: () => T): T {
    const saved = this.qualify;
    this.qualify = false;
    try {
      return fn();
    } finally {
      this.qualify = saved;
    }
  }

  returning(kind: keyof ReturningSupport, items: readonly ExprNode[]): string {
    if (items.length === 0) return "";
    if (!this.dialect.returning[kind]) {
      throw new NotSupportedError(`${this.dialect.name} does not support RETURNING on ${kind.toUpperCase()}`);
    }
    return ` RETURNING ${this.#unqualified(() => this.columnsClause(items))}`;
  }

  visitInsert(n: InsertNode): string {
    let sql = `${this.with(n.ctes)}${this.insertKeyword(n)} INTO ${this.tableName(n.table.name, n.table.schema)}`;
    if (n.columns.length) sql += ` (${n.columns.map((c) => this.id(c)).join(", ")})`;
    if (n.select) sql += ` ${this.visitSelectable(n.select)}`;
    else if (n.values.length === 0 || n.columns.length === 0) sql += this.defaultValues();
    else if (n.orderedValues) sql += ` ${this.orderedValues(n)}`;
    else sql += ` VALUES ${n.values.map((row) => `(${row.map((v) => this.expr(v)).join(", ")})`).join(", ")}`;
    if (n.upsert) sql += this.upsert(n.upsert);
    sql += this.returning("insert", n.returning);
    return sql;
  }

  /**
   * The rows of a multi-row INSERT as `SELECT p0, p1 FROM (VALUES (…, 0), (…, 1)) AS imp_sen (p0, p1,
   * sen_counter) ORDER BY sen_counter`: inserting in that order makes the database number generated keys in
   * row order, so RETURNING rows sorted by key line up with the parameter sets. The counters are literals:
   * the SQL depends on the number of rows only, like a VALUES list.
   */
  orderedValues(n: InsertNode): string {
    const names = n.columns.map((_, i) => `p${i}`);
    const rows = n.values.map((row, i) => `(${row.map((v) => this.expr(v)).join(", ")}, ${i})`);
    const first = n.values[0] ?? [];
    const select = n.columns
      .map((c, i) => this.orderedValuesColumn(names[i] as string, first[i] as ExprNode, n.table, c))
      .join(", ");
    return `SELECT ${select} FROM (VALUES ${rows.join(", ")}) AS imp_sen (${[...names, "sen_counter"].join(", ")}) ORDER BY sen_counter`;
  }

  /**
   * A column of `orderedValues`'s SELECT list (`value`: the column's value in the first row); PostgreSQL
   * casts the ones its VALUES would leave as text.
   */
  protected orderedValuesColumn(name: string, _value: ExprNode, _table: TableNode, _column: string): string {
    return name;
  }

  insertKeyword(_n: InsertNode): string {
    return "INSERT";
  }

  /** An INSERT with no columns. */
  defaultValues(): string {
    return " DEFAULT VALUES";
  }

  /** ` ON CONFLICT …` / ` ON DUPLICATE KEY UPDATE …`: the base has neither; dialects override. */
  upsert(u: UpsertNode): string {
    const what = u.form === "onConflict" ? "INSERT … ON CONFLICT" : "INSERT … ON DUPLICATE KEY UPDATE";
    throw new NotSupportedError(`${this.dialect.name} does not support ${what}`);
  }

  /**
   * ` ON CONFLICT [target] DO NOTHING | DO UPDATE SET … [WHERE …]`, for the dialects that have it
   * (PostgreSQL, SQLite). The target's WHERE names the partial index's columns unqualified.
   */
  protected onConflict(u: UpsertNode): string {
    let out = " ON CONFLICT";
    if (u.constraint !== undefined) out += ` ${this.conflictConstraint(u.constraint)}`;
    else if (u.target.length) {
      out += ` (${u.target.map((c) => this.id(c)).join(", ")})`;
      const targetWhere = u.targetWhere;
      if (targetWhere) out += ` WHERE ${this.#unqualified(() => this.expr(targetWhere))}`;
    }
    if (u.action === "doNothing") return `${out} DO NOTHING`;
    out += ` DO UPDATE SET ${this.setClause(u.set)}`;
    if (u.where) out += ` WHERE ${this.expr(u.where)}`;
    return out;
  }

  /** `ON CONSTRAINT name` (PostgreSQL); elsewhere a NotSupportedError. */
  protected conflictConstraint(_name: string): string {
    throw new NotSupportedError(
      `${this.dialect.name} has no ON CONFLICT ON CONSTRAINT (capabilities.onConflictConstraint is false); give the conflict target's columns instead`,
    );
  }

  /** `SET a = ?, b = ?` (column names unqualified). */
  setClause(set: UpdateNode["set"]): string {
    return set.map(([c, v]) => `${this.id(c)} = ${this.expr(v)}`).join(", ");
  }

  visitUpdate(n: UpdateNode): string {
    return this.enclosedBy([n.table, ...n.from], () => this.#update(n));
  }

  #update(n: UpdateNode): string {
    let sql = `${this.with(n.ctes)}UPDATE ${this.from(n.table)} SET ${this.setClause(n.set)}`;
    if (n.from.length) sql += ` FROM ${n.from.map((f) => this.from(f)).join(", ")}`;
    if (n.where) sql += ` WHERE ${this.expr(n.where)}`;
    sql += this.returning("update", n.returning);
    return sql;
  }

  visitDelete(n: DeleteNode): string {
    return this.enclosedBy([n.table], () => this.#delete(n));
  }

  #delete(n: DeleteNode): string {
    let sql = `${this.with(n.ctes)}DELETE FROM ${this.from(n.table)}`;
    if (n.where) sql += ` WHERE ${this.expr(n.where)}`;
    sql += this.returning("delete", n.returning);
    return sql;
  }
}
