/**
 * `@mapped`: the class decorator (TC39 decorators) that maps a class extending `Base.Model(...)`. At compile time
 * its parameter type checks what crosses classes (`backPopulates` names a relationship that points back); at run
 * time it makes the class's mapper, re-defines the `name` / `length` statics that every class has so that columns
 * with those keys work, and rejects columns redeclared as class fields.
 *
 * ```ts
 * @mapped
 * export class User extends Base.Model("users", { id: column(Integer()).primaryKey(), name: column(String(100)) }) {}
 * select(User.name.label("owner")); // SELECT users.name AS owner FROM users
 * ```
 */

import { ArgumentError } from "../../errors/index.js";
import { MappingError } from "../errors.js";
import { FIELD_PROBE } from "./declarative.js";
import { Mapper } from "./mapper.js";
import { findMapper, registerMapper } from "./mapper-lookup.js";
import { MODEL_INFO, type ModelInfo } from "./model-info.js";
import type { AnyModelClass, CheckedModel } from "./model-types.js";

/** Statics every JS class has of its own, which hide the columns `Base.Model` put on the base class. */
const OWN_STATICS = ["name", "length"] as const;

/**
 * Maps a model class (see the module example). A problem found across classes is a compile error naming it, e.g.
 * `projects.owner: backPopulates "projectz", but users has no relationship "projectz"`.
 */
export function mapped<C extends AnyModelClass>(value: CheckedModel<C>, context: ClassDecoratorContext<C>): void {
  const cls = value as unknown as C;
  if (context.kind !== "class") throw new ArgumentError("@mapped decorates classes");
  const className = String(context.name ?? "(anonymous class)");
  const info = (cls as unknown as { [MODEL_INFO]?: ModelInfo })[MODEL_INFO];
  if (!info) throw new MappingError(`@mapped: ${className} does not extend Base.Model(tableName, defs)`);
  if (findMapper(cls)) throw new MappingError(`@mapped: ${className} is already mapped`);
  const other = info.registry.mappers.find((m) => (m.class as { [MODEL_INFO]?: ModelInfo })[MODEL_INFO] === info);
  if (other)
    throw new MappingError(
      `@mapped: ${className} and ${other.className} both extend Base.Model("${info.table.name}", …); each model needs its own Base.Model call`,
    );
  rejectFieldRedeclarations(cls, className, info);
  const model = modelClassOf(cls);
  for (const key of OWN_STATICS) {
    if (!info.keys.has(key)) continue;
    const attr = Object.getOwnPropertyDescriptor(model, key)?.value as unknown;
    Object.defineProperty(cls, key, { value: attr, enumerable: true, configurable: true, writable: false });
  }
  const mapper = new Mapper(cls as never, className, info);
  info.registry.add(mapper);
  registerMapper(cls, mapper);
}

/** The class `Base.Model(...)` returned, up the chain of `cls`'s base classes. */
function modelClassOf(cls: object): object {
  let current: object | null = cls;
  while (current && !Object.hasOwn(current, MODEL_INFO)) current = Object.getPrototypeOf(current) as object | null;
  return current ?? cls;
}

/**
 * A class field named like a column (`name!: string`) is defined on every new object after the base constructor
 * ran (define semantics), overwriting the value: build one object with the probe argument (the base constructor then
 * sets nothing) and look at its own keys. A constructor that does not accept the probe is left unchecked.
 */
function rejectFieldRedeclarations(cls: AnyModelClass, className: string, info: ModelInfo): void {
  let probe: object;
  try {
    probe = Reflect.construct(cls, [FIELD_PROBE]) as object;
  } catch {
    return;
  }
  const fields = Object.keys(probe).filter((k) => info.keys.has(k));
  if (fields.length === 0) return;
  throw new MappingError(
    `${className} redeclares ${fields.map((f) => `'${f}'`).join(", ")} as class field(s), which would overwrite the values on every new object; remove the field(s) (Base.Model already types them) or write \`declare ${fields[0]}: …\``,
  );
}
