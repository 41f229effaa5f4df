// schema.ts — the seed's three tables as portable DDL (Core's MetaData.createAll replaces this in the Core issue).
import { text, type Connection } from "../../src/index.js";

const ddl = [
  `CREATE TABLE users (
     id VARCHAR(36) PRIMARY KEY,
     name VARCHAR(100) NOT NULL,
     email VARCHAR(255) NOT NULL UNIQUE,
     role VARCHAR(20) NOT NULL,
     created_at TIMESTAMP(0) DEFAULT CURRENT_TIMESTAMP
   )`,
  `CREATE INDEX ix_users_email ON users (email)`,
  `CREATE TABLE projects (
     id VARCHAR(36) PRIMARY KEY,
     name VARCHAR(100) NOT NULL,
     description TEXT,
     status VARCHAR(20) NOT NULL,
     owner_id VARCHAR(36) NOT NULL REFERENCES users (id),
     task_count INTEGER NOT NULL,
     created_at TIMESTAMP(0) DEFAULT CURRENT_TIMESTAMP
   )`,
  `CREATE TABLE tasks (
     id VARCHAR(36) PRIMARY KEY,
     title VARCHAR(200) NOT NULL,
     status VARCHAR(20) NOT NULL,
     project_id VARCHAR(36) NOT NULL REFERENCES projects (id),
     assignee_id VARCHAR(36) REFERENCES users (id)
   )`,
];

/** Drops and re-creates the seed tables, so every run starts from the same state. */
export async function resetSchema(conn: Connection): Promise<void> {
  for (const table of ["tasks", "projects", "users"]) await conn.execute(text(`DROP TABLE IF EXISTS ${table}`));
  for (const statement of ddl) await conn.execute(text(statement));
}
