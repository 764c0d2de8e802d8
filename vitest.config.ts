import { defineConfig } from "vitest/config";

/**
 * `npm test` runs every server test on the embedded database (PGlite); when DATABASE_URL names a
 * PostgreSQL server, the same tests run a second time against it. Web component tests run once, in
 * happy-dom; the browser end-to-end suite runs in Chromium against the real product (e2e project).
 */
const databases = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export default defineConfig({
  test: {
    projects: [
      ...databases.map((database) => ({
        test: {
          name: database,
          include: [
            "apps/server/src/**/*.test.ts",
            "apps/server/test/**/*.test.ts",
            "packages/*/src/**/*.test.ts",
          ],
          globalSetup: ["apps/server/test/global-setup.ts"],
          env: { HELPDESK_TEST_DB: database },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
      {
        test: {
          name: "web",
          include: ["apps/web/src/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
        },
      },
      {
        test: {
          name: "e2e",
          include: ["apps/web/e2e/**/*.e2e.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
