import { defineConfig } from "vitest/config";

/**
 * `npm run test:faults`: processes killed mid-run and several servers and workers on one
 * PostgreSQL (DATABASE_URL). Slow and heavy, so never part of `npm test`.
 */
export default defineConfig({
  test: {
    name: "postgres",
    include: ["apps/server/test/faults/**/*.fault.ts"],
    globalSetup: ["apps/server/test/global-setup.ts"],
    env: { HELPDESK_TEST_DB: "postgres" },
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
