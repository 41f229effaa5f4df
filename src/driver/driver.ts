/**
 * The driver seam: the whole surface Athanor needs from a database driver. An adapter in `src/drivers/`
 * implements it for one package (`pg`, `mysql2`, `better-sqlite3`). Adapters pass values through in
 * the driver's own representation; codecs live in types and dialects, translation of errors in dialects.
 */

/** One result column as the driver reports it. */
export interface DriverField {
  readonly name: string;
  /** Driver type identifier: PostgreSQL type OID, MySQL column type number, SQLite declared type (or undefined). */
  readonly typeId: number | string | undefined;
  /** MySQL column flags/length details needed to tell e.g. `TINYINT(1)` from `TINYINT`; unused elsewhere. */
  readonly length?: number | undefined;
}

/** A buffered statement result. Rows are arrays in field order. */
export interface DriverResult {
  /**
   * Empty when the statement returns no rows. An adapter may compute it on first access (a getter): read
   * it before the connection runs anything else.
   */
  readonly fields: readonly DriverField[];
  /** The number of result columns, when the adapter knows it without computing `fields`. */
  readonly width?: number;
  readonly rows: readonly unknown[][];
  /** Rows affected (INSERT/UPDATE/DELETE) or returned; null when the driver does not say. */
  readonly rowCount: number | null;
  /**
   * True when the statement was a COMMIT that the database carried out as a ROLLBACK (PostgreSQL does so,
   * silently, when a statement of the transaction had failed).
   */
  readonly rolledBack?: boolean;
  /** MySQL `insertId` / SQLite `lastInsertRowid` after an INSERT; undefined elsewhere. */
  readonly lastInsertId?: number | bigint | undefined;
}

/** A pull-based server-side cursor. */
export interface DriverCursor {
  readonly fields: readonly DriverField[];
  /** Up to `count` more rows; an empty array means the cursor is exhausted. */
  read(count: number): Promise<unknown[][]>;
  /** Releases the cursor (idempotent); the connection is usable again afterwards. */
  close(): Promise<void>;
}

/** What an adapter can tell about an error its driver raised. */
export interface DriverErrorInfo {
  /** SQLSTATE (PostgreSQL, MySQL) or result code name (`SQLITE_CONSTRAINT_UNIQUE`). */
  readonly code?: string | undefined;
  /** MySQL errno. */
  readonly errno?: number | undefined;
  /** The driver's message (never includes credentials). */
  readonly message: string;
  /** True when the connection is unusable after this error (killed, reset, closed). */
  readonly disconnect: boolean;
}

/** Options of one execution. */
export interface ExecuteOptions {
  /**
   * A name under which the driver may keep the statement prepared on the server (PostgreSQL named
   * statements); the same name always comes with the same SQL. Drivers that prepare on their own ignore it.
   */
  readonly prepare?: string | undefined;
}

/** One open driver connection. Only one statement runs on it at a time (the engine guarantees that). */
export interface DriverConnection {
  /** Runs one statement with positional parameters (`$1` or `?`, per dialect). */
  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): Promise<DriverResult>;
  /** Starts a server-side cursor (or the driver's streaming protocol) over a row-returning statement. */
  openCursor(sql: string, params: readonly unknown[]): Promise<DriverCursor>;
  /** Round trip that fails when the connection is dead (used by `poolPrePing`). */
  ping(): Promise<void>;
  /** Graceful close. */
  close(): Promise<void>;
  /** Registers the callback for errors that arrive while the connection is idle (e.g. the server killed it). */
  onIdleError(listener: (error: unknown) => void): void;
  /** Server-side session id (PostgreSQL backend pid, MySQL connection id); undefined for SQLite. */
  readonly serverId: number | undefined;
  /**
   * Defines a SQL function on this connection, for an embedded database whose dialect needs one
   * (`Dialect.sqlFunctions`); drivers of servers do not have it.
   */
  defineFunction?(definition: SqlFunctionDefinition): void;
}

/** A SQL function implemented in JS (a deterministic scalar function: same arguments, same result). */
export interface SqlFunctionDefinition {
  readonly name: string;
  readonly fn: (...args: never[]) => unknown;
}

/** Connection parameters decoded from the URL. */
export interface DriverConnectOptions {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly database?: string | undefined;
  /** URL query-string options, passed to the driver (e.g. `ssl`, `connectTimeout`, `application_name`). */
  readonly query: Readonly<Record<string, string>>;
}

/** A loaded driver package behind the seam. */
export interface Driver {
  /** Package name, e.g. `pg`. */
  readonly name: string;
  connect(options: DriverConnectOptions): Promise<DriverConnection>;
  /** Extracts codes from a driver error; undefined when `error` did not come from this driver. */
  describeError(error: unknown): DriverErrorInfo | undefined;
}
