import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { triageExamples } from "../db/schema.ts";
import { runImportCommand } from "./import-command.ts";

const directory = mkdtempSync(join(tmpdir(), "triage-import-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("import command", () => {
  it("imports a CSV into the learner's history with a progress bar, and skips it the second time", async () => {
    const file = join(directory, "history.csv");
    writeFileSync(
      file,
      [
        "subject,description,priority,queue,type,tags",
        '"VPN drops","The VPN drops, again",High,Network,Incident,"vpn;networking"',
        "Invoice twice,I was charged twice,low,Billing,Request,billing",
      ].join("\n"),
    );
    const config = loadConfig({ NODE_ENV: "test", DATA_DIR: join(directory, "data"), LOG_LEVEL: "silent" });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await runImportCommand(config, [file]);
      await runImportCommand(config, [file]);
      expect(stderr.mock.calls.map(([text]) => String(text)).join("")).toContain("100% 2/2");
      expect(stdout.mock.calls.map(([text]) => String(text))).toEqual([
        "Imported 2 tickets, skipped 0 already imported",
        "Imported 0 tickets, skipped 2 already imported",
      ]);
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }

    const database = await openDatabase({ dataDir: config.dataDir });
    try {
      const rows = await database.db.select().from(triageExamples);
      expect(rows.map((row) => [row.source, row.priority, row.category, row.type, row.skills])).toEqual(
        expect.arrayContaining([
          ["import:history.csv", "high", "Network", "incident", ["vpn", "networking"]],
          ["import:history.csv", "low", "Billing", "request", ["billing"]],
        ]),
      );
    } finally {
      await database.close();
    }
  });
});
