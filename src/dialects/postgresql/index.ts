/** The PostgreSQL dialect (`athanor/postgresql` builds on it). */
export { PostgreSQLDialect } from "./dialect.js";
export { classifyPostgresError } from "./errors.js";
