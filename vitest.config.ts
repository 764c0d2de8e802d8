import { defineConfig } from "vitest/config";

/**
 * `npm test` runs every test on the embedded database (PGlite); when DATABASE_URL names a
 * PostgreSQL server, the same tests run a second time against it.
 */
const databases = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export default defineConfig({
  test: {
    projects: databases.map((database) => ({
      test: {
        name: database,
        include: ["apps/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts", "packages/*/src/**/*.test.ts"],
        globalSetup: ["apps/server/test/global-setup.ts"],
        env: { HELPDESK_TEST_DB: database },
        testTimeout: 30_000,
        hookTimeout: 60_000,
      },
    })),
  },
});
