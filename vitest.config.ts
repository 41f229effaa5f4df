import ts from "typescript";
import { defineConfig, type Plugin } from "vitest/config";

/**
 * Vite's transformer (oxc) lowers only legacy decorators; Node runs none. Files that use TC39 decorators (the ORM's
 * `@mapped`) are compiled by TypeScript itself first, as `tsc` would emit them.
 */
function tc39Decorators(): Plugin {
  const decorated = /^\s*@[A-Za-z_$]/m;
  return {
    name: "athanor:tc39-decorators",
    enforce: "pre",
    transform(code, id) {
      if (!/\.[cm]?ts$/.test(id) || !decorated.test(code)) return undefined;
      const out = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          sourceMap: true,
          verbatimModuleSyntax: true,
        },
      });
      return { code: out.outputText, map: out.sourceMapText ?? null };
    },
  };
}

export default defineConfig({
  plugins: [tc39Decorators()],
  test: {
    include: ["test/**/*.test.ts"],
    // Probes PostgreSQL and MariaDB once per run; see src/testing/dialect-matrix.ts.
    globalSetup: ["test/setup/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
