/**
 * Database URLs: `dialect[+driver]://[user[:password]@][host][:port][/database][?key=value&…]`.
 *
 * ```ts
 * const url = parseUrl("postgresql://app:s%40cret@localhost:5432/shop?application_name=web");
 * url.password;   // "s@cret" (percent-decoded)
 * String(url);    // "postgresql://app:***@localhost:5432/shop?application_name=web"
 * ```
 * SQLite: `sqlite://` (memory), `sqlite:///relative.db`, `sqlite:////absolute/path.db`.
 */

import { inspect } from "node:util";
import { ArgumentError } from "../errors/index.js";

const URL_RE =
  /^(?<scheme>[A-Za-z][\w.+-]*):\/\/(?:(?<userinfo>[^/?]*)@)?(?<hostport>\[[^\]]*\](?::[^/?]*)?|[^/?]*)(?:\/(?<database>[^?]*))?(?:\?(?<query>.*))?$/s;

/** A parsed database URL. The password is held privately and masked whenever the URL is shown. */
export class DatabaseUrl {
  /** Backend name from the scheme, e.g. `postgresql`, `mysql`, `mariadb`, `sqlite`. */
  readonly backend: string;
  /** Driver named after `+` in the scheme, if any. */
  readonly driver: string | undefined;
  readonly username: string | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly database: string | undefined;
  readonly query: Readonly<Record<string, string>>;
  readonly #password: string | undefined;

  constructor(parts: {
    backend: string;
    driver?: string | undefined;
    username?: string | undefined;
    password?: string | undefined;
    host?: string | undefined;
    port?: number | undefined;
    database?: string | undefined;
    query?: Record<string, string>;
  }) {
    this.backend = parts.backend;
    this.driver = parts.driver;
    this.username = parts.username;
    this.#password = parts.password;
    this.host = parts.host;
    this.port = parts.port;
    this.database = parts.database;
    this.query = Object.freeze({ ...(parts.query ?? {}) });
    Object.freeze(this);
  }

  /** The decoded password (never part of `toString()`, `inspect` or JSON). */
  get password(): string | undefined {
    return this.#password;
  }

  /** Renders the URL; the password is replaced by `***` unless `hidePassword` is false. */
  render({ hidePassword = true }: { hidePassword?: boolean } = {}): string {
    const scheme = this.driver ? `${this.backend}+${this.driver}` : this.backend;
    let auth = "";
    if (this.username !== undefined || this.#password !== undefined) {
      auth = encodeURIComponent(this.username ?? "");
      if (this.#password !== undefined) auth += ":" + (hidePassword ? "***" : encodeURIComponent(this.#password));
      auth += "@";
    }
    const host = this.host === undefined ? "" : this.host.includes(":") ? `[${this.host}]` : this.host;
    const port = this.port === undefined ? "" : `:${this.port}`;
    const db =
      this.database === undefined
        ? ""
        : `/${this.backend === "sqlite" ? this.database : encodeURIComponent(this.database)}`;
    const entries = Object.entries(this.query);
    const q = entries.length
      ? "?" + entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")
      : "";
    return `${scheme}://${auth}${host}${port}${db}${q}`;
  }

  /** A copy with some parts replaced. */
  set(
    changes: Partial<{
      database: string | undefined;
      query: Record<string, string>;
      host: string;
      port: number;
      username: string;
      password: string | undefined;
    }>,
  ): DatabaseUrl {
    return new DatabaseUrl({
      backend: this.backend,
      driver: this.driver,
      username: this.username,
      password: this.#password,
      host: this.host,
      port: this.port,
      database: this.database,
      query: { ...this.query },
      ...changes,
    });
  }

  toString(): string {
    return this.render();
  }
  toJSON(): string {
    return this.render();
  }
  [inspect.custom](): string {
    return `DatabaseUrl(${this.render()})`;
  }
}

function decode(part: string, what: string, masked: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ArgumentError(`Malformed percent-encoding in the ${what} of database URL '${masked}'`);
  }
}

/** Masks whatever sits between `user:` and the last `@` so an unparseable URL can be quoted in an error. */
function maskRaw(raw: string): string {
  return raw.replace(/^([^:]*:\/\/[^:@/]*:)(.*)@/s, "$1***@");
}

/**
 * Whether a URL that matched without a user part looks like `user:password@host` whose password holds a
 * '/' or '?': the host part has a ':' (user and password read as host and port) and an '@' follows, in
 * the database name or at the start of the query (before any `key=`, so `?name=a@b` stays a query value).
 */
function hasUnencodedPassword(hostport: string, database: string | undefined, query: string | undefined): boolean {
  if (!hostport.includes(":") || hostport.startsWith("[")) return false;
  if (database?.includes("@")) return true;
  const at = query?.indexOf("@") ?? -1;
  return at >= 0 && !/[=&]/.test((query as string).slice(0, at));
}

/**
 * Parses a database URL. Throws `ArgumentError` naming the expected form when it cannot; the message
 * never contains the password, nor any part of a password written unencoded (then it says to encode it).
 */
export function parseUrl(raw: string | DatabaseUrl): DatabaseUrl {
  if (raw instanceof DatabaseUrl) return raw;
  if (typeof raw !== "string") throw new ArgumentError(`A database URL must be a string, got ${typeof raw}`);
  const masked = maskRaw(raw.trim());
  const m = URL_RE.exec(raw.trim());
  if (!m?.groups) {
    throw new ArgumentError(
      `Could not parse database URL '${masked}'. Expected dialect[+driver]://[user[:password]@]host[:port]/database, ` +
        `e.g. postgresql://user:pass@localhost:5432/app, mysql://root@localhost/app, sqlite:///app.db or sqlite:// for memory`,
    );
  }
  const g = m.groups;
  const [backend = "", driver] = (g.scheme ?? "").toLowerCase().split("+", 2);
  let username: string | undefined;
  let password: string | undefined;
  if (g.userinfo !== undefined) {
    const colon = g.userinfo.indexOf(":");
    username = decode(colon < 0 ? g.userinfo : g.userinfo.slice(0, colon), "user name", masked);
    if (colon >= 0) password = decode(g.userinfo.slice(colon + 1), "password", masked);
  }
  let host: string | undefined;
  let port: number | undefined;
  const hp = g.hostport ?? "";
  if (g.userinfo === undefined && hasUnencodedPassword(hp, g.database, g.query)) {
    // `user:pa/ss@host/db` reads as host `user`, port `pa`, database `ss@host/db`: refused, and quoted with
    // everything before the last '@' hidden (any part of it may be the password).
    throw new ArgumentError(
      `Database URL '${raw.trim().replace(/^([^:]*:\/\/)(.*)@/s, "$1***@")}' is ambiguous: an '@' comes after ` +
        `the host, as when a password holds '/' or '?' unencoded. Percent-encode the password ` +
        `(encodeURIComponent(password)), e.g. postgresql://user:p%2Fss@localhost/app`,
    );
  }
  const hm = /^(?:\[(?<v6>[^\]]*)\]|(?<name>[^:]*))(?::(?<port>.*))?$/.exec(hp);
  if (hm?.groups) {
    const name = hm.groups.v6 ?? hm.groups.name ?? "";
    if (name) host = decode(name, "host", masked);
    if (hm.groups.port !== undefined && hm.groups.port !== "") {
      if (!/^\d+$/.test(hm.groups.port) || Number(hm.groups.port) > 65535) {
        throw new ArgumentError(
          `Invalid port '${hm.groups.port}' in database URL '${masked}'; expected a number from 1 to 65535`,
        );
      }
      port = Number(hm.groups.port);
    }
  }
  let database: string | undefined;
  if (g.database !== undefined && g.database !== "") {
    // SQLite paths are file paths: keep them as written (sqlite:////abs/path.db → "/abs/path.db").
    database = backend === "sqlite" ? g.database : decode(g.database, "database name", masked);
  }
  const query: Record<string, string> = {};
  if (g.query) {
    for (const pair of g.query.split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const k = decode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, " "), "query string", masked);
      const v = eq < 0 ? "" : decode(pair.slice(eq + 1).replace(/\+/g, " "), "query string", masked);
      query[k] = v;
    }
  }
  return new DatabaseUrl({ backend, driver, username, password, host, port, database, query });
}
