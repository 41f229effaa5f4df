#!/usr/bin/env node
// The `athanor` command line. Migrations are not written yet: for now it reports its version and the commands
// it will offer, and refuses the rest with exit code 2.
import { readFileSync } from "node:fs";

/** The commands of the migration tool, as Alembic names them. */
const PLANNED_COMMANDS = [
  "init",
  "revision",
  "upgrade",
  "downgrade",
  "current",
  "history",
  "heads",
  "branches",
  "show",
  "stamp",
  "merge",
  "check",
];

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const usage = `usage: athanor [--version] [--help] <command> [options]\ncommands: ${PLANNED_COMMANDS.join(", ")}`;

const [command] = process.argv.slice(2);

if (command === undefined || command === "--help" || command === "-h" || command === "help") {
  console.log(`athanor ${version}\n${usage}`);
} else if (command === "--version" || command === "-V") {
  console.log(`athanor ${version}`);
} else if (PLANNED_COMMANDS.includes(command)) {
  console.error(`athanor: '${command}' is not implemented yet`);
  process.exitCode = 2;
} else {
  console.error(`athanor: unknown command '${command}'\n${usage}`);
  process.exitCode = 2;
}
