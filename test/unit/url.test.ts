import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../src/errors/index.js";
import { parseUrl } from "../../src/engine/url.js";

describe("parseUrl", () => {
  it("parses a full PostgreSQL URL with a percent-encoded password", () => {
    const url = parseUrl(
      "postgresql://app:s%40cr%3At%2Fpw@db.example.com:6543/shop?application_name=web&sslmode=require",
    );
    expect(url.backend).toBe("postgresql");
    expect(url.driver).toBeUndefined();
    expect(url.username).toBe("app");
    expect(url.password).toBe("s@cr:t/pw");
    expect(url.host).toBe("db.example.com");
    expect(url.port).toBe(6543);
    expect(url.database).toBe("shop");
    expect(url.query).toEqual({ application_name: "web", sslmode: "require" });
  });

  it("reads the driver after +", () => {
    expect(parseUrl("postgresql+pg://u@h/d").driver).toBe("pg");
    expect(parseUrl("mysql+mysql2://root@localhost:3306/test").driver).toBe("mysql2");
    expect(parseUrl("mariadb://root@localhost/test").backend).toBe("mariadb");
  });

  it("keeps an unescaped @ in the password by splitting at the last @", () => {
    const url = parseUrl("mysql://root:p@ss@localhost/test");
    expect(url.password).toBe("p@ss");
    expect(url.host).toBe("localhost");
  });

  it("parses IPv6 hosts", () => {
    const url = parseUrl("postgresql://u@[::1]:5433/d");
    expect(url.host).toBe("::1");
    expect(url.port).toBe(5433);
    expect(url.render()).toBe("postgresql://u@[::1]:5433/d");
  });

  it("parses the SQLite forms", () => {
    expect(parseUrl("sqlite://").database).toBeUndefined();
    expect(parseUrl("sqlite:///relative/app.db").database).toBe("relative/app.db");
    expect(parseUrl("sqlite:////abs/path/app.db").database).toBe("/abs/path/app.db");
    expect(parseUrl("sqlite:///:memory:").database).toBe(":memory:");
    expect(parseUrl("sqlite:///app.db?timeout=100").query).toEqual({ timeout: "100" });
  });

  it("masks the password whenever the URL is shown", () => {
    const url = parseUrl("postgresql://app:Sup3rS3cret@localhost/shop");
    expect(String(url)).toBe("postgresql://app:***@localhost/shop");
    expect(`${url}`).not.toContain("Sup3rS3cret");
    expect(JSON.stringify({ url })).not.toContain("Sup3rS3cret");
    expect(inspect(url, { depth: 5, showHidden: true })).not.toContain("Sup3rS3cret");
    expect(url.render({ hidePassword: false })).toBe("postgresql://app:Sup3rS3cret@localhost/shop");
    expect(Object.keys(url)).not.toContain("password");
  });

  it("round-trips through render with the password shown", () => {
    const raw = "mysql+mysql2://root:p%40ss@127.0.0.1:3306/test?charset=utf8mb4";
    expect(parseUrl(parseUrl(raw).render({ hidePassword: false })).password).toBe("p@ss");
  });

  it("rejects malformed URLs with a message naming the expected form, without the password", () => {
    for (const bad of ["", "localhost:5432/db", "postgresql:/x", "://nothing"]) {
      expect(() => parseUrl(bad)).toThrow(ArgumentError);
    }
    expect(() => parseUrl("postgres//user:hunter2@host/db")).toThrow(/Expected dialect\[\+driver\]:\/\//);
    try {
      parseUrl("postgresql://user:hunter2@host:99999/db");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as Error).message).toMatch(/Invalid port '99999'/);
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it("refuses a password with an unencoded '/' or '?', says to percent-encode it and echoes no part of it", () => {
    const bad = [
      "postgresql://app:S3cr3t/Tail@db.example.com/shop",
      "postgresql://app:4321/S3cr3tTail@db.example.com:5432/shop",
      "mysql://app:S3cr3t?Tail@db.example.com/shop",
      "postgresql://app:S3cr3t/Tail@db.example.com",
    ];
    for (const raw of bad) {
      let caught: unknown;
      try {
        parseUrl(raw);
      } catch (error) {
        caught = error;
      }
      expect(caught, raw).toBeInstanceOf(ArgumentError);
      const message = (caught as Error).message;
      expect(message).toMatch(/percent-encode the password/i);
      for (const part of ["S3cr3t", "Tail", "4321"]) expect(message).not.toContain(part);
    }
    // Encoded, the same passwords parse; an '@' inside a query value or an encoded database name is data.
    expect(parseUrl("postgresql://app:S3cr3t%2FTail@db.example.com/shop").password).toBe("S3cr3t/Tail");
    expect(parseUrl("postgresql://app:4321%2FS3cr3tTail@db.example.com:5432/shop").port).toBe(5432);
    expect(parseUrl("postgresql://db.example.com:5432/shop?application_name=me@laptop").query).toEqual({
      application_name: "me@laptop",
    });
    expect(parseUrl("postgresql://db.example.com:5432/a%40b").database).toBe("a@b");
  });

  it("rejects bad percent-encoding without echoing the password", () => {
    try {
      parseUrl("postgresql://user:bad%zzpassword@host/db");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as Error).message).toMatch(/percent-encoding in the password/);
      expect((error as Error).message).not.toContain("bad%zzpassword");
    }
  });
});
