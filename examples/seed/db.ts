// db.ts — the engine (the ORM's session factory and declarative base replace this file's text() schema later).
import { createEngine } from "../../src/index.js";

export const engine = createEngine(process.env.DATABASE_URL ?? "sqlite:///app.db", {
  echo: process.env.ECHO === "1",
  poolSize: 20,
});
