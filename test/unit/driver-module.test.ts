// `createEngine(url, { module, cursorModule })` checks the packages it is given without connecting.
import Database from "better-sqlite3";
import mysql from "mysql2";
import * as mysqlPromise from "mysql2/promise";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ArgumentError, createEngine } from "../../src/index.js";

/** Name held in a variable: `pg-cursor` ships no typings. */
const PG_CURSOR: string = "pg-cursor";

describe("createEngine(url, { module })", () => {
  it("takes each backend's package as the application imports it", () => {
    expect(createEngine("postgresql://u@localhost/db", { module: pg }).driver.name).toBe("pg");
    expect(createEngine("mariadb://u@localhost/db", { module: mysql }).driver.name).toBe("mysql2");
    expect(createEngine("sqlite://", { module: Database }).driver.name).toBe("better-sqlite3");
  });

  it("names the package, the import and the shape it expects, and what it got", () => {
    expect(() => createEngine("postgresql://u@localhost/db", { module: { Client: 1 } })).toThrow(
      `createEngine(url, { module }): the postgresql dialect expects the 'pg' package (import pg from "pg"): an object with a Client class and types.getTypeParser(); got an object with keys Client`,
    );
    expect(() => createEngine("sqlite://", { module: "better-sqlite3" })).toThrow(
      `the sqlite dialect expects the 'better-sqlite3' package (import Database from "better-sqlite3"): its Database class; got string 'better-sqlite3'`,
    );
    expect(() => createEngine("mysql://u@localhost/db", { module: Database })).toThrow(ArgumentError);
  });

  it("refuses mysql2/promise, pointing to the mysql2 module", () => {
    expect(() => createEngine("mysql://u@localhost/db", { module: mysqlPromise })).toThrow(
      /This is 'mysql2\/promise': pass the 'mysql2' module instead/,
    );
  });

  it("cursorModule takes pg-cursor for PostgreSQL and is refused elsewhere", async () => {
    const { default: Cursor } = (await import(PG_CURSOR)) as { default: unknown };
    expect(createEngine("postgresql://u@localhost/db", { cursorModule: Cursor }).driver.name).toBe("pg");
    expect(() => createEngine("postgresql://u@localhost/db", { module: pg, cursorModule: pg })).toThrow(
      /expects the 'pg-cursor' package \(import Cursor from "pg-cursor"\): a class with a read\(\) method/,
    );
    expect(() => createEngine("sqlite://", { cursorModule: Cursor })).toThrow(
      /cursorModule \}\) is for PostgreSQL's pg-cursor; the better-sqlite3 driver streams without one/,
    );
  });
});
