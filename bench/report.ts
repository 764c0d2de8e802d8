/**
 * The shape every bench section writes to bench/results/<name>.json, and its markdown rendering.
 * The machine is shared and noisy, so a section always carries the machine it ran on and, in its
 * tables, ratios against a baseline measured in the same run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "results");

export type Machine = { cpus: number; cpuModel: string; memGiB: number; node: string };

export type Table = { title: string; columns: string[]; rows: (string | number)[][] };

export type SectionReport = {
  name: string;
  machine: Machine;
  startedAt: string;
  tables: Table[];
  notes: string[];
};

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

/** What else was running: the 1-minute load average against the number of cores. */
export function describeLoad(): string {
  const [oneMinute = 0] = loadavg();
  return `load average ${oneMinute.toFixed(2)} on ${cpus().length} cores when the section started`;
}

/** A section being measured: add tables and notes, then `finish` writes its JSON and prints it. */
export function startSection(name: string) {
  const report: SectionReport = {
    name,
    machine: describeMachine(),
    startedAt: new Date().toISOString(),
    tables: [],
    notes: [describeLoad()],
  };
  return {
    report,
    addTable(title: string, columns: string[]): Table["rows"] {
      const table: Table = { title, columns, rows: [] };
      report.tables.push(table);
      return table.rows;
    },
    note(text: string): void {
      report.notes.push(text);
    },
    finish(): void {
      writeSection(report);
      process.stdout.write(`${renderSection(report)}\n`);
    },
  };
}

export function writeSection(report: SectionReport): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${report.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
}

export function renderSection(report: SectionReport): string {
  const lines = [`## ${report.name}`, ""];
  for (const table of report.tables) {
    lines.push(`**${table.title}**`, "", renderTable(table), "");
  }
  for (const note of report.notes) lines.push(`- ${note}`);
  return `${lines.join("\n")}\n`;
}

export function renderMachine(machine: Machine): string {
  return `${machine.cpus} × ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}`;
}

function renderTable(table: Table): string {
  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [row(table.columns), row(table.columns.map(() => "---")), ...table.rows.map(row)].join("\n");
}
