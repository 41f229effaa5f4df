/**
 * Statement logging for `echo`. Replace the destination with `createEngine(url, { echo: true, logger })`.
 */

import { inspect } from "node:util";

/** Where echo lines go. */
export interface Logger {
  info(message: string): void;
}

/** The default logger: one line per message on stdout, prefixed like SQLAlchemy's `sqlalchemy.engine`. */
export const consoleLogger: Logger = {
  info(message: string) {
    console.log(`athanor.engine ${message}`);
  },
};

/** Renders bind parameters for a log line (bounded, so a bulk insert does not flood the log). */
export function renderParams(params: unknown, hide: boolean): string {
  if (hide) return "[SQL parameters hidden due to hideParameters=true]";
  return inspect(params, { depth: 2, breakLength: Infinity, maxArrayLength: 10, maxStringLength: 200 });
}
