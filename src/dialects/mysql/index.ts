/** The MySQL / MariaDB dialect (`athanor/mysql` builds on it). */
export { MySQLDialect, mysqlCapabilities } from "./dialect.js";
export { classifyMysqlError } from "./errors.js";
