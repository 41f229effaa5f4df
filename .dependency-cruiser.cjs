// Architecture rules for src/, checked by `depcruise src --config .dependency-cruiser.cjs` (part of `npm run lint`).
// STYLE.md explains the layering; this file enforces it.

/**
 * Layers from lowest to highest. A folder may import its own layer and every layer below it, never one above.
 * Folders in one layer may import each other (the no-circular rule still applies). Add a new src/ folder here:
 * the `not-in-a-layer` rule fails until you do.
 */
const LAYERS = [
  ["util"],
  ["types"],
  ["ast"],
  // expr sits below schema: a schema Column is a typed SQL expression (as in SQLAlchemy).
  ["expr"],
  ["schema"],
  ["query", "ddl"],
  ["compiler"],
  ["dialect", "driver"],
  ["engine", "result", "reflection"],
  ["dialects", "drivers"],
  ["orm"],
  ["migrate"],
];

/** Folders outside the layering: `errors` (imported by everyone, imports only util) and the test kit. */
const UNLAYERED = ["errors", "testing"];

/** Packages that only the driver adapters (and the test kit) may load. */
const DRIVER_PACKAGES = ["pg", "pg-cursor", "mysql2", "better-sqlite3"];

/**
 * The driver adapters in src/drivers/. An adapter is `<name>.ts` plus any `<name>-*.ts` helpers (or a `<name>/`
 * folder); other files there are shared helpers. Add a new adapter here so that no-cross-driver covers it.
 */
const DRIVER_ADAPTERS = ["pg", "mysql2", "better-sqlite3"];

const folders = (names) => `^src/(${names.join("|")})/`;
const higherThan = (index) => LAYERS.slice(index + 1).flat();

/** One rule per layer: nothing in it may import a higher layer. */
const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.join("-")}`,
  comment: `${layer.join(", ")} may import only lower layers (${LAYERS.slice(0, index).flat().join(", ") || "none"}), errors and itself.`,
  severity: "error",
  from: { path: folders(layer) },
  to: { path: folders(higherThan(index)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "No import cycles. Cycles made only of `import type` edges are allowed: they vanish at run time and " +
        "recursive node types (an expression holding expressions) need them.",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    ...layerRules,
    {
      name: "layer-errors",
      comment: "errors is importable from everywhere, so it may import only util.",
      severity: "error",
      from: { path: "^src/errors/" },
      to: { path: "^src/", pathNot: ["^src/errors/", "^src/util/"] },
    },
    {
      name: "no-testing-in-library",
      comment: "The test kit sits above everything: only src/testing and the root entry points may import it.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/testing/", "^src/[^/]+$"] },
      to: { path: "^src/testing/" },
    },
    {
      name: "no-entry-point-in-library",
      comment: "The root entry points (src/index.ts…) re-export everything; importing one from inside is a cycle.",
      severity: "error",
      from: { path: "^src/.+/", pathNot: "^src/testing/" },
      to: { path: "^src/[^/]+$" },
    },
    {
      name: "not-in-a-layer",
      comment: "Every src/ folder must be placed in LAYERS (or UNLAYERED) in .dependency-cruiser.cjs.",
      severity: "error",
      from: { path: "^src/.+/", pathNot: [folders([...LAYERS.flat(), ...UNLAYERED])] },
      to: {},
    },
    {
      name: "no-cross-dialect",
      comment: "A dialect never imports another dialect: share code through a lower layer instead.",
      severity: "error",
      from: { path: "^src/dialects/([^/]+)/" },
      to: { path: "^src/dialects/[^/]+/", pathNot: "^src/dialects/$1/" },
    },
    {
      name: "no-cross-driver",
      comment: "A driver adapter never imports another driver's adapter (or its helpers).",
      severity: "error",
      from: { path: `^src/drivers/(${DRIVER_ADAPTERS.join("|")})([-./]|$)` },
      to: {
        path: `^src/drivers/(${DRIVER_ADAPTERS.join("|")})([-./]|$)`,
        pathNot: "^src/drivers/$1([-./]|$)",
      },
    },
    {
      name: "no-test-imports",
      comment: "The library never imports from test/.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^test/" },
    },
    {
      name: "driver-packages-only-in-drivers",
      comment: `Only src/drivers (and src/testing) may import ${DRIVER_PACKAGES.join(", ")}: drivers are optional.`,
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/drivers/", "^src/testing/"] },
      to: {
        path: `(^|/)node_modules/(@types/)?(${DRIVER_PACKAGES.join("|")})/`,
      },
    },
    {
      name: "driver-packages-only-in-drivers-unresolved",
      comment: "Same rule for a driver package that is not installed (the import cannot be resolved).",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/drivers/", "^src/testing/"] },
      to: {
        couldNotResolve: true,
        path: `^(${DRIVER_PACKAGES.join("|")})(/|$)`,
      },
    },
  ],
  options: {
    // Edges into node_modules are kept (the driver-package rule needs them) but not followed.
    doNotFollow: { path: "(^|/)node_modules/" },
    // Count `import type` edges: a lower layer must not even name a higher layer's types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // NodeNext: relative imports end in `.js` but name `.ts` files.
    enhancedResolveOptions: {
      extensions: [".ts", ".js", ".cjs", ".mjs", ".d.ts", ".json"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "types", "default"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
