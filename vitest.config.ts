import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * `npm test` runs every test CI runs: pure server and package tests once (`unit`, no setup, no
 * database; `npm run test:unit`); database tests on the embedded database (PGlite) and, when
 * DATABASE_URL names a PostgreSQL server, a second time against it, after a global setup that
 * migrates a template; web component tests once, in happy-dom; the browser end-to-end suite in
 * Chromium against the real product (e2e).
 */
// Split, decided by reading each file when this config loads: a test that (itself or via a helper under apps/server/test) imports harness.ts/postgres.ts, openDatabase, pg or PGlite, or reads HELPDESK_TEST_DB, is a database test; all others are `unit`, where the harness and the drivers throw.

const root = dirname(fileURLToPath(import.meta.url));
const testKit = resolve(root, "apps/server/test");
const kitModules = ["harness.ts", "postgres.ts", "global-setup.ts"].map((name) => join(testKit, name));
const serverTests = [
  "apps/server/src/**/*.test.ts",
  "apps/server/test/**/*.test.ts",
  "packages/*/src/**/*.test.ts",
];

/** Every server and package test file, as a path relative to the repository root. */
function serverTestFiles(): string[] {
  const packages = readdirSync(join(root, "packages")).map((name) => `packages/${name}/src`);
  return ["apps/server/src", "apps/server/test", ...packages]
    .filter((dir) => existsSync(join(root, dir)))
    .flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".test.ts") && !file.split(sep).includes("node_modules"))
        .map((file) => `${dir}/${file.split(sep).join("/")}`),
    )
    .sort();
}

const DRIVERS = new Set(["pg", "@electric-sql/pglite"]);
const DATABASE_ENV = /\bHELPDESK_TEST_DB\b|\binject\(\s*["'](?:pgliteDump|postgresTemplate)["']/;

/** The modules a file loads at run time, with the names it takes from each (type-only imports are erased). */
function runtimeImports(source: string): { specifier: string; names: string[] }[] {
  const imports: { specifier: string; names: string[] }[] = [];
  for (const [, typeOnly, clause = "", specifier = ""] of source.matchAll(
    /\b(?:import|export)\s+(type\s+)?([\w$*{}\s,]*?)\s*from\s*["']([^"']+)["']/g,
  )) {
    if (typeOnly) continue;
    const named = (clause.match(/\{([^}]*)\}/)?.[1] ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name && !name.startsWith("type "));
    const whole = clause.replace(/\{[^}]*\}/, "").replace(/[\s,]/g, ""); // a default or `* as x`
    if (whole || named.length) imports.push({ specifier, names: whole ? ["*", ...named] : named });
  }
  for (const [, specifier = ""] of source.matchAll(/\bimport\s*\(?\s*["']([^"']+)["']/g))
    imports.push({ specifier, names: ["*"] }); // `import "x"` and `import("x")`
  return imports;
}

const verdicts = new Map<string, boolean>();

/** Whether this file, or a test-kit helper it imports, reaches for a database (memoised, cycle-safe). */
function usesDatabase(file: string): boolean {
  const known = verdicts.get(file);
  if (known !== undefined) return known;
  verdicts.set(file, false);
  const source = readFileSync(file, "utf8");
  const verdict =
    kitModules.includes(file) ||
    DATABASE_ENV.test(source) ||
    runtimeImports(source).some(({ specifier, names }) => {
      if (DRIVERS.has(specifier) || names.some((name) => /^openDatabase\b/.test(name))) return true;
      if (!specifier.startsWith(".")) return false;
      const target = resolve(dirname(file), specifier);
      const helper = [target, `${target}.ts`, join(target, "index.ts")].find(
        (path) =>
          !relative(testKit, path).startsWith("..") && /\.[cm]?[jt]sx?$/.test(path) && existsSync(path),
      );
      return helper !== undefined && usesDatabase(helper);
    });
  verdicts.set(file, verdict);
  return verdict;
}

const escapeGlob = (path: string) => path.replace(/[*?[\]{}()!+@]/g, "\\$&");
const pure = serverTestFiles().filter((file) => !usesDatabase(join(root, file)));
const databases = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: pure.map(escapeGlob),
          setupFiles: ["apps/server/test/no-database.ts"],
          testTimeout: 30_000,
        },
      },
      // Globs minus the pure files, so a test file added while watching runs here (where any test
      // works) until the next start classifies it.
      ...databases.map((database) => ({
        test: {
          name: database,
          include: serverTests,
          exclude: [...configDefaults.exclude, ...pure.map(escapeGlob)],
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
