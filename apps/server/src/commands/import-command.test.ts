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

  it("reports a missing file, and each bad record by its line, in one line each and never a stack trace", async () => {
    const config = loadConfig({ NODE_ENV: "test", DATA_DIR: join(directory, "data"), LOG_LEVEL: "silent" });
    const file = join(directory, "mixed.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ title: "Badge reader broken", body: "The badge reader at the door is dead." }),
        "null",
        JSON.stringify({ title: { nested: true }, body: "An object for a title" }),
        "{not json",
        JSON.stringify({ title: "Huge", body: "x".repeat(20_001) }),
        JSON.stringify({ title: "Projector flickers", body: "The projector in room 2 flickers." }),
      ].join("\n"),
    );
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    const exitCode = process.exitCode;
    const codes: (typeof process.exitCode)[] = [];
    let errors: string[] = [];
    let printed: string[] = [];
    try {
      await runImportCommand(config, [join(directory, "missing.jsonl")]);
      codes.push(process.exitCode);
      process.exitCode = undefined;
      await runImportCommand(config, [file]);
      codes.push(process.exitCode);
    } finally {
      process.exitCode = exitCode;
      errors = stderr.mock.calls.map(([text]) => String(text)).filter((text) => !text.includes("%"));
      printed = stdout.mock.calls.map(([text]) => String(text));
      stderr.mockRestore();
      stdout.mockRestore();
    }
    expect(errors).toEqual([
      `import: cannot read ${join(directory, "missing.jsonl")}: no such file\n`,
      "mixed.jsonl:2: a record must be an object of fields, not null\n",
      "mixed.jsonl:3: title: must be text, not an object\n",
      "mixed.jsonl:4: not valid JSON\n",
      "mixed.jsonl:5: description: Description is at most 20,000 characters\n",
    ]);
    expect(printed).toEqual(["Imported 2 tickets, skipped 0 already imported, refused 4 (listed above)"]);
    expect(codes).toEqual([1, 1]);

    const database = await openDatabase({ dataDir: config.dataDir });
    try {
      const rows = await database.db.select().from(triageExamples);
      const imported = rows.filter((row) => row.source === "import:mixed.jsonl").map((row) => row.text);
      expect(imported.sort()).toEqual([
        "Badge reader broken\nThe badge reader at the door is dead.",
        "Projector flickers\nThe projector in room 2 flickers.",
      ]);
    } finally {
      await database.close();
    }
  });
});
