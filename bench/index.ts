/**
 * Every benchmark, one after another, each in its own process so none inherits another's heap:
 *   npm run bench [-- --quick] [--duration 10] [--connections 10] [--scale]
 * PostgreSQL figures need DATABASE_URL (a user allowed to create databases); the 1M-ticket scale
 * section also needs --scale or BENCH_SCALE=1, as it takes long. Writes bench/results/latest.json
 * and latest.md from the sections' own JSON, and prints the markdown.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { COMMON_OPTIONS } from "./options.ts";
import { describeMachine, RESULTS_DIR, renderMachine, renderSection, type SectionReport } from "./report.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SECTIONS = ["http", "pipeline", "startup", "triage"];

const { values } = parseArgs({ options: { ...COMMON_OPTIONS, scale: { type: "boolean" } } });
const sectionArgs = [
  ...(values.quick ? ["--quick"] : []),
  ...(values.duration ? ["--duration", values.duration] : []),
  ...(values.connections ? ["--connections", values.connections] : []),
];
const wantsScale = values.scale === true || process.env.BENCH_SCALE === "1";
const startedAt = new Date().toISOString();
const notes: string[] = [];

/** Runs bench/<name>.ts and returns the report it wrote, or undefined (with a note) if it failed. */
function runSection(name: string, args: string[]): SectionReport | undefined {
  const resultFile = join(RESULTS_DIR, `${name}.json`);
  rmSync(resultFile, { force: true });
  process.stderr.write(`bench: ${name}…\n`);
  const began = performance.now();
  // The section's own markdown is left out: the combined report below repeats it.
  const run = spawnSync(process.execPath, ["--import", "tsx", join("bench", `${name}.ts`), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const seconds = Math.round((performance.now() - began) / 1000);
  process.stderr.write(`bench: ${name} ${run.status === 0 ? "done" : "FAILED"} in ${seconds} s\n`);
  if (run.status !== 0 || !existsSync(resultFile)) {
    notes.push(`${name} failed (exit ${run.status ?? run.signal}); its error is in the output above.`);
    return undefined;
  }
  notes.push(`${name} took ${seconds} s.`);
  return JSON.parse(readFileSync(resultFile, "utf8")) as SectionReport;
}

const sections = SECTIONS.map((name) => runSection(name, sectionArgs));
if (!wantsScale) {
  notes.push(
    "scale (1M tickets on PostgreSQL) skipped: it takes long; run `DATABASE_URL=postgres://… npm run bench -- --scale`.",
  );
} else if (!process.env.DATABASE_URL) {
  notes.push("scale skipped: it needs PostgreSQL, set DATABASE_URL.");
} else {
  sections.push(runSection("scale", []));
}

const reports = sections.filter((section) => section !== undefined);
const latest = {
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: describeMachine(),
  notes,
  sections: reports,
};
const markdown = [
  `# Helpdesk benchmarks, ${startedAt}`,
  "",
  `Machine: ${renderMachine(latest.machine)}. Ratios are against a baseline measured in the same run.`,
  "",
  ...notes.map((note) => `- ${note}`),
  "",
  ...reports.map(renderSection),
].join("\n");
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, "latest.json"), `${JSON.stringify(latest, null, 2)}\n`);
writeFileSync(join(RESULTS_DIR, "latest.md"), markdown);
process.stdout.write(markdown);
if (reports.length < sections.length) process.exitCode = 1;
