// Type-level tests for src/ast's field table, withChanges and transform: checked by `tsc` (TypeScript 5.9
// and 7), never run (not a *.test.ts file).
import { expectTypeOf } from "vitest";
import {
  type Node,
  type NodeFieldTable,
  type NodeKind,
  type NodeOf,
  type SelectNode,
  transform,
  withChanges,
} from "../../src/ast/index.js";

declare const sel: SelectNode;
declare const any: Node;

// --- the field table: one entry per kind, one role per field, roles that fit the field's type ---------
expectTypeOf<keyof NodeFieldTable>().toEqualTypeOf<NodeKind>();
expectTypeOf<keyof NodeFieldTable["binary"]>().toEqualTypeOf<"op" | "left" | "right">();
expectTypeOf<NodeFieldTable["binary"]["left"]>().toEqualTypeOf<"child" | "ref" | "meta">();
expectTypeOf<NodeFieldTable["binary"]["op"]>().toEqualTypeOf<"token" | "scalar">();
expectTypeOf<NodeFieldTable["select"]["columns"]>().toEqualTypeOf<"children" | "refs">();
expectTypeOf<NodeFieldTable["cast"]["type"]>().toEqualTypeOf<"type" | "meta">();
expectTypeOf<NodeFieldTable["column"]["name"]>().toEqualTypeOf<"scalar" | "meta">();
// `memo` is not a field: statements' memoised state is never keyed, visited or copied.
expectTypeOf<"memo" extends keyof NodeFieldTable["select"] ? true : false>().toEqualTypeOf<false>();
expectTypeOf<NodeOf<"join">["kind"]>().toEqualTypeOf<"join">();

// --- withChanges: the patch is checked against the node's fields --------------------------------------
expectTypeOf(withChanges(sel, { distinct: true })).toEqualTypeOf<SelectNode>();
// @ts-expect-error a field of the wrong type
withChanges(sel, { distinct: "yes" });
// @ts-expect-error the kind cannot change
withChanges(sel, { kind: "insert" });

// --- transform keeps the root's type --------------------------------------------------------------------
expectTypeOf(transform(sel, () => undefined)).toEqualTypeOf<SelectNode>();
expectTypeOf(transform(any, (n) => n)).toEqualTypeOf<Node>();
