import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Probes PostgreSQL and MariaDB once per run; see src/testing/dialect-matrix.ts.
    globalSetup: ["test/setup/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
