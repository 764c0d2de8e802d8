import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnProcess } from "../../test/spawn-process.ts";
import { type EvalTicket, evaluate, evaluateFolds, renderReport } from "./eval-command.ts";

const directory = mkdtempSync(join(tmpdir(), "triage-eval-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A small generated data set: two sources with their own label spaces. */
function fixture(count: number, offset: number): EvalTicket[] {
  const rows: EvalTicket[] = [];
  for (let index = offset; index < offset + count; index++) {
    const broken = index % 2 === 0;
    rows.push({
      id: `desk-${index}`,
      source: "desk",
      subject: broken ? `Server ${index} is down` : `Question about invoice ${index}`,
      body: broken ? "The server is down for everyone, urgent!!!" : "How do I download last month's invoice?",
      priority: broken ? "high" : "low",
      category: broken ? "Outages" : "Billing",
      type: broken ? "Incident" : "Request",
      tags: broken ? ["Infrastructure"] : ["Billing"],
    });
    rows.push({
      id: `jira-${index}`,
      source: "jira",
      subject: broken ? `NullPointerException in parser ${index}` : `Add option to export ${index}`,
      body: broken ? "The parser crashes with an exception." : "It would be nice to have an export option.",
      priority: broken ? "critical" : "medium",
      category: broken ? "core/parser" : "core/export",
      type: broken ? "bug" : "improvement",
      tags: [],
    });
  }
  return rows;
}

function writeJsonl(name: string, rows: EvalTicket[]): string {
  const path = join(directory, name);
  writeFileSync(path, rows.map((row) => JSON.stringify(row)).join("\n"));
  return path;
}

describe("triage evaluation", () => {
  it("zero-shot maps predictions onto each source's own labels", () => {
    const report = evaluate(fixture(10, 0));
    expect(Object.keys(report.sources)).toEqual(["desk", "jira"]);
    expect(report.sources.jira?.type.accuracy).toBe(1);
    expect(report.sources.desk?.priority.n).toBe(10);
    expect(report.sources.jira?.tags).toEqual({ microF1: null, n: 0 });
    expect(report.throughput).toBeGreaterThan(0);
  });

  it("training on a source's history predicts in that source's label space", () => {
    const report = evaluate(fixture(10, 100), fixture(40, 0));
    for (const source of ["desk", "jira"] as const) {
      for (const field of ["priority", "category", "type"] as const) {
        expect(report.sources[source]?.[field].macroF1, `${source} ${field}`).toBe(1);
      }
    }
    expect(report.sources.desk?.tags.microF1).toBe(1);
  });

  it("5-fold cross-validation scores every ticket once, beside a majority-class baseline", () => {
    const rows = fixture(30, 0);
    const report = evaluateFolds(rows, 5);
    expect(report.sources.desk?.priority.n).toBe(30);
    expect(report.sources.desk?.priority.macroF1).toBe(1);
    // Half the tickets are each label: the training folds' commonest label is right at most half the time.
    expect(report.sources.desk?.baseline?.priority.accuracy).toBeGreaterThan(0.3);
    expect(report.sources.desk?.baseline?.priority.accuracy).toBeLessThanOrEqual(0.5);
    expect(report.sources.desk?.baseline?.priority.macroF1).toBeLessThan(0.5);
    expect(report.sources.desk?.tags.microF1).toBe(1);
  });

  it("reports calibration error and what a confidence threshold keeps, per field", () => {
    const report = evaluateFolds(fixture(30, 0), 5, 0.5);
    const calibration = report.sources.jira?.calibration.type;
    expect(calibration?.threshold).toBe(0.5);
    expect(calibration?.ece).toBeGreaterThanOrEqual(0);
    expect(calibration?.ece).toBeLessThan(0.5);
    expect(calibration?.accuracy).toBe(1);
    expect(calibration?.coverage).toBeGreaterThan(0);
    const table = renderReport(report, "5-fold");
    expect(table).toContain("majority baseline | ECE | at confidence ≥ 0.5 |");
    expect(table).toMatch(
      /\| jira \| type \| 1\.000 \| 1\.000 \| \| 30 \| 0\.\d{3} acc · 0\.\d{3} F1 \| 0\.\d{3} \| 100\.0 % right on the/,
    );
  });

  it("prints a table per source and field", () => {
    const table = renderReport(evaluate(fixture(4, 0)), "zero-shot");
    expect(table).toContain("| source | field | accuracy | macro-F1 | micro-F1 | n |");
    expect(table).toMatch(/\| desk \| priority \| \d\.\d{3} \| \d\.\d{3} \| \| 4 \|/);
    expect(table).toContain("| jira | tags | | | – | 0 |");
    expect(table).toMatch(/throughput: \d+ tickets\/s · p99: [\d.]+ ms/);
  });

  it("the command line prints the report as JSON for --json, filtered by --source", async () => {
    const test = writeJsonl("test.jsonl", fixture(5, 100));
    const train = writeJsonl("train.jsonl", fixture(20, 0));
    const command = spawnProcess(process.execPath, [
      "--import",
      "tsx",
      join(import.meta.dirname, "eval-command.ts"),
      "--test",
      test,
      "--train",
      train,
      "--source",
      "jira",
      "--json",
    ]);
    expect(await command.exited, command.output()).toBe(0);
    const report = JSON.parse(command.stdout());
    expect(Object.keys(report.sources)).toEqual(["jira"]);
    expect(report.sources.jira.type).toEqual({ accuracy: 1, macroF1: 1, n: 5 });
    expect(report).toHaveProperty("throughput");
    expect(report).toHaveProperty("p99Ms");
  });
});
