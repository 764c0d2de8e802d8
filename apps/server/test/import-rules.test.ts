import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `npm run lint` keeps the architecture (ARCHITECTURE.md): no import cycles, no handler imported
 * outside the worker, a bottom layer that knows no domain, each table used by its owner only.
 * Each case writes a small tree under the repository's own Biome configuration and lints it.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const biome = join(root, "node_modules/.bin/biome");
const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** Lints these files (paths under apps/server/src) and returns Biome's diagnostics as text. */
function lint(files: Record<string, string>): { failed: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-import-rules-"));
  workspaces.push(dir);
  const config = JSON.parse(readFileSync(join(root, "biome.json"), "utf8"));
  delete config.$schema;
  writeFileSync(join(dir, "biome.json"), JSON.stringify({ ...config, root: true, vcs: { enabled: false } }));
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, "apps/server/src", path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const run = spawnSync(biome, ["lint", "--max-diagnostics=50", "apps"], { cwd: dir, encoding: "utf8" });
  return { failed: run.status !== 0, output: `${run.stdout}${run.stderr}` };
}

const schema =
  "export const tickets = {};\nexport const users = {};\nexport const mailOutbox = {};\nexport const triageExamples = {};\n";

describe("lint refuses an import that breaks the architecture", () => {
  it("passes a domain that uses its own table and sends jobs by name", () => {
    const result = lint({
      "db/schema.ts": schema,
      "jobs/definitions.ts": 'export const ticketCreated = { name: "ticket.created" };\n',
      "tickets/service.ts":
        'import { tickets } from "../db/schema.ts";\nimport { ticketCreated } from "../jobs/definitions.ts";\nexport const create = () => [tickets, ticketCreated];\n',
    });
    expect(result.output).not.toContain("lint/");
    expect(result.failed).toBe(false);
  });

  it("fails on an import cycle", () => {
    const result = lint({
      "tickets/a.ts": 'import { b } from "./b.ts";\nexport const a = () => b();\n',
      "tickets/b.ts": 'import { a } from "./a.ts";\nexport const b = () => a();\n',
    });
    expect(result.failed).toBe(true);
    expect(result.output).toContain("lint/suspicious/noImportCycles");
  });

  it.each([
    [
      "a domain importing a job handler",
      "tickets/service.ts",
      "../pipeline/ticket-created.ts",
      "Job handlers",
    ],
    ["the queue importing a domain", "queue/job-queue.ts", "../tickets/service.ts", "bottom layer"],
    ["job definitions importing a domain", "jobs/definitions.ts", "../users/service.ts", "bottom layer"],
    ["triage reading tickets itself", "triage/service.ts", "../tickets/queries.ts", "Triage never"],
    ["routing doing I/O", "routing/choose-assignee.ts", "../db/client.ts", "Routing and SLA"],
    ["users importing tickets", "users/service.ts", "../tickets/operations.ts", "users/ sits below"],
    ["a service importing the HTTP layer", "tickets/service.ts", "../http/guard.ts", "HTTP layer"],
    ["a service importing the app's assembly", "users/service.ts", "../app.ts", "HTTP layer"],
    ["mail deciding what to mail from tickets", "mail/outbox.ts", "../tickets/operations.ts", "mail/ writes"],
  ])("fails on %s", (_what, file, target, message) => {
    const result = lint({ [file]: `import { x } from "${target}";\nexport const y = x;\n` });
    expect(result.failed).toBe(true);
    expect(result.output).toContain("lint/style/noRestrictedImports");
    expect(result.output).toContain(message);
  });

  it.each([
    ["tickets", "triage/history.ts", "tickets/"],
    ["attachments", "mail/outbox.ts", "tickets/"],
    ["users", "pipeline/route-ticket.ts", "users/"],
    ["mailOutbox", "tickets/service.ts", "mail/"],
    ["inboundMessages", "pipeline/mail-received.ts", "mail/"],
    ["ticketFollowers", "mail/inbound/store.ts", "tickets/"],
    ["triageExamples", "tickets/operations.ts", "triage/"],
    ["idempotencyKeys", "tickets/service.ts", "http/"],
    ["streamTokenUses", "users/service.ts", "realtime/"],
    ["categories", "tickets/service.ts", "vocabulary/"],
    ["skillCatalogue", "users/service.ts", "vocabulary/"],
    ["installationSettings", "pipeline/triage-ticket.ts", "vocabulary/"],
  ])("fails when a module other than its owner imports the %s table", (table, file, owner) => {
    const result = lint({
      "db/schema.ts": schema,
      [file]: `import { ${table} } from "../db/schema.ts";\nexport const y = ${table};\n`,
    });
    expect(result.failed).toBe(true);
    expect(result.output).toContain(`Only ${owner} reads and writes these tables`);
  });
});
