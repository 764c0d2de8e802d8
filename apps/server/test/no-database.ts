import { vi } from "vitest";

/**
 * Setup file of the `unit` project (vitest.config.ts): those tests run with no database and no
 * global setup, so opening one there is a misclassified test and fails with this, not quietly.
 */
const refuse = (driver: string) =>
  class {
    static async create(): Promise<never> {
      throw misplaced(driver);
    }
    constructor() {
      throw misplaced(driver);
    }
  };

export function misplaced(what: string): Error {
  return new Error(
    `this test uses the database (${what}): it belongs in the pglite/postgres projects, which run ` +
      "after the global setup, not in `unit`. vitest.config.ts sorts a test file there when it (or a " +
      "helper under apps/server/test it imports) imports test/harness.ts, test/postgres.ts, openDatabase, " +
      "pg or PGlite; a watcher started before the file changed needs a restart.",
  );
}

vi.mock("@electric-sql/pglite", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  PGlite: refuse("PGlite"),
}));

vi.mock("pg", async (importOriginal) => {
  const pg = await importOriginal<{ default: object }>();
  const stand = { Pool: refuse("pg.Pool"), Client: refuse("pg.Client") };
  return { ...pg, ...stand, default: { ...pg.default, ...stand } };
});
