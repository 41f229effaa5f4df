// ESLint 9 flat config. typescript-eslint's recommended rules without type information, so that `npm run lint`
// stays fast; the compiler (strict, see tsconfig.json) does the type-aware checking.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/** The Node globals the few plain-JS files use (TypeScript files get theirs from @types/node). */
const nodeGlobals = {
  process: "readonly",
  console: "readonly",
  URL: "readonly",
  Buffer: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
};

export default defineConfig(
  {
    ignores: ["node_modules/", "dist/", "coverage/", "scratch/", "**/*.d.ts"],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      // Complements `verbatimModuleSyntax`: type-only imports are marked, and fixable.
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports", fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      // `import { type A }` alone would keep an empty side-effect import; use `import type { A }`.
      "@typescript-eslint/no-import-type-side-effects": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
    },
  },
  {
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "error",
      "prefer-const": "error",
      "object-shorthand": "error",
      "no-throw-literal": "error",
      "no-self-compare": "error",
      "no-template-curly-in-string": "error",
      "no-unneeded-ternary": "error",
      "no-useless-rename": "error",
      "no-useless-concat": "error",
      "prefer-object-spread": "error",
      "no-implicit-coercion": ["error", { allow: ["!!"] }],
    },
  },
  {
    // The library, its tests, benchmarks and examples: named exports only (STYLE.md).
    files: ["src/**/*.ts", "test/**/*.ts", "bench/**/*.ts", "examples/**/*.ts"],
    rules: {
      "no-restricted-exports": [
        "error",
        {
          restrictDefaultExports: {
            direct: true,
            named: true,
            defaultFrom: true,
            namedFrom: true,
            namespaceFrom: true,
          },
        },
      ],
    },
  },
  {
    // The compliance suite skips and branches on capabilities, never on a dialect's name (STYLE.md principle
    // 4); what is genuinely each database's own goes in a per-dialect table (`Record<TestDialect, …>`).
    files: ["test/suite/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          "BinaryExpression[operator=/^[!=]==?$/][right.type='Literal'] > MemberExpression.left[property.name=/^(dialect|backend)$/]",
          "BinaryExpression[operator=/^[!=]==?$/][right.type='Literal'] > MemberExpression.left[property.name='name'][object.property.name='dialect']",
          "BinaryExpression[operator=/^[!=]==?$/][right.type='Literal'] > Identifier.left[name='dialect']",
        ].map((selector) => ({
          selector,
          message:
            "Ask a capability (dialect.capabilities), or use a per-dialect table, instead of comparing dialect names",
        })),
      ],
    },
  },
  {
    // Library code must not depend on the test runner; only the shipped compliance kit (src/testing) may.
    files: ["src/**/*.ts"],
    ignores: ["src/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "vitest", message: "Only src/testing may import the test runner." },
            { name: "vitest/node", message: "Only src/testing may import the test runner." },
          ],
        },
      ],
    },
  },
  {
    // Type tests bind values only to inspect their types (`typeof x`); tsc's noUnusedLocals still catches
    // locals that are not used at all.
    files: ["test/types/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { sourceType: "module", globals: nodeGlobals },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...nodeGlobals, module: "writable", require: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
