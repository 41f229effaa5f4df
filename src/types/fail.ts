/** Internal: the DataError every type throws for a value it cannot take (not re-exported). */

import { DataError } from "../errors/index.js";

/** What a type needs to name itself in a message. */
interface Named {
  toString(): string;
}

/** Throws a DataError naming the type, a short rendering of the value, and why it was refused. */
export function fail(type: Named, value: unknown, why: string): never {
  const shown =
    typeof value === "string"
      ? JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value)
      : typeof value === "bigint"
        ? `${value}n`
        : value instanceof Date
          ? Number.isNaN(value.getTime())
            ? "an Invalid Date"
            : value.toISOString()
          : typeof value === "object"
            ? Object.prototype.toString.call(value)
            : String(value);
  throw new DataError(`${type.toString()} cannot take ${shown}: ${why}`, undefined);
}
