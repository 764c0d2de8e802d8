/**
 * Evaluation CLI (a stable interface, used from outside the project):
 *   npm run triage:eval -- --test FILE [--train FILE] [--source NAME] [--json]
 * FILE is JSONL of {id, source, subject, body, priority, category, type, tags[]}. Runs in-process,
 * without a database: with --train the learner is taught that file first, as an import would.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type Analysis, analyseTicket, type LabelSpaces } from "./builtin-engine.ts";
import { type LabelScore, percentile, type SetScore, scoreLabels, scoreSets } from "./evaluation.ts";
import { TriageLearner } from "./learner.ts";

export type EvalTicket = {
  id?: string;
  source: string;
  subject: string;
  body: string;
  priority?: string | null;
  category?: string | null;
  type?: string | null;
  tags?: string[] | null;
};

export type SourceReport = { priority: LabelScore; category: LabelScore; type: LabelScore; tags: SetScore };
export type EvalReport = { sources: Record<string, SourceReport>; throughput: number; p99Ms: number };

export function readEvalFile(path: string): EvalTicket[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const row = JSON.parse(line) as Partial<EvalTicket>;
      if (typeof row.source !== "string") throw new Error(`${path}:${index + 1}: "source" is missing`);
      return { ...row, source: row.source, subject: row.subject ?? "", body: row.body ?? "" };
    });
}

const FIELDS = ["priority", "category", "type"] as const;

function labelSet(rows: readonly EvalTicket[], field: (typeof FIELDS)[number]): string[] {
  return [
    ...new Set(rows.map((row) => row[field]).filter((label): label is string => Boolean(label))),
  ].sort();
}

function bySource(rows: readonly EvalTicket[]): Map<string, EvalTicket[]> {
  const groups = new Map<string, EvalTicket[]>();
  for (const row of rows) groups.set(row.source, [...(groups.get(row.source) ?? []), row]);
  return groups;
}

/**
 * Scores the built-in engine per source. Each source is its own installation: its label sets
 * are the installation's vocabulary, and with training data it has its own learner.
 */
export function evaluate(test: readonly EvalTicket[], train: readonly EvalTicket[] = []): EvalReport {
  const trainBySource = bySource(train);
  const sources: Record<string, SourceReport> = {};
  const latencies: number[] = [];
  let elapsedMs = 0;

  for (const [source, rows] of [...bySource(test)].sort(([a], [b]) => a.localeCompare(b))) {
    const history = trainBySource.get(source) ?? [];
    const known = [...history, ...rows];
    const spaces: LabelSpaces = {
      priority: labelSet(known, "priority"),
      type: labelSet(known, "type"),
      category: labelSet(known, "category"),
      skills: [...new Set(known.flatMap((row) => row.tags ?? []))].sort(),
    };
    const learner = history.length > 0 ? new TriageLearner() : undefined;
    history.forEach((row, index) => {
      learner?.learn(row.id ?? `train-${index}`, {
        title: row.subject,
        body: row.body,
        priority: row.priority,
        category: row.category,
        type: row.type,
        skills: row.tags ?? [],
      });
    });
    // As the service does once history is loaded: fit before the first ticket, not during it.
    learner?.refit();
    const context = { skills: spaces.skills ?? [], categories: spaces.category ?? [] };

    const analyses: Analysis[] = [];
    for (const row of rows) {
      const startedAt = performance.now();
      analyses.push(analyseTicket({ title: row.subject, description: row.body }, context, learner, spaces));
      const took = performance.now() - startedAt;
      latencies.push(took);
      elapsedMs += took;
    }

    const scoreField = (field: (typeof FIELDS)[number]) =>
      scoreLabels(
        rows.flatMap((row, index) => {
          const gold = row[field];
          return gold ? [{ gold, predicted: (analyses[index] as Analysis)[field].label }] : [];
        }),
      );
    sources[source] = {
      priority: scoreField("priority"),
      category: scoreField("category"),
      type: scoreField("type"),
      tags: scoreSets(
        rows.map((row, index) => ({
          gold: row.tags ?? [],
          predicted: (analyses[index] as Analysis).skills.map((skill) => skill.label),
        })),
      ),
    };
  }
  return {
    sources,
    throughput: elapsedMs > 0 ? Math.round((latencies.length / elapsedMs) * 1000) : 0,
    p99Ms: Math.round(percentile(latencies, 0.99) * 1000) / 1000,
  };
}

const format = (value: number | null) => (value === null ? "–" : value.toFixed(3));

export function renderReport(report: EvalReport, mode: string): string {
  const lines = [
    `Triage evaluation (${mode})`,
    "",
    "| source | field | accuracy | macro-F1 | micro-F1 | n |",
    "|---|---|---|---|---|---|",
  ];
  for (const [source, scores] of Object.entries(report.sources)) {
    for (const field of FIELDS) {
      const score = scores[field];
      lines.push(
        `| ${source} | ${field} | ${format(score.accuracy)} | ${format(score.macroF1)} | | ${score.n} |`,
      );
    }
    lines.push(`| ${source} | tags | | | ${format(scores.tags.microF1)} | ${scores.tags.n} |`);
  }
  lines.push("", `throughput: ${report.throughput} tickets/s · p99: ${report.p99Ms} ms`);
  return lines.join("\n");
}

const USAGE = [
  "Usage: triage:eval --test FILE [--train FILE] [--source NAME] [--json]",
  "  FILE is JSONL of {id, source, subject, body, priority, category, type, tags[]}; each source is scored",
  "  as its own installation. --train teaches the learner that file first; --source keeps one source.",
  "",
].join("\n");

export function runEvalCommand(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      test: { type: "string" },
      train: { type: "string" },
      source: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!values.test) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const only = (rows: EvalTicket[]) =>
    values.source ? rows.filter((row) => row.source === values.source) : rows;
  const test = only(readEvalFile(values.test));
  const train = values.train ? only(readEvalFile(values.train)) : [];
  const report = evaluate(test, train);
  const mode = values.train ? `trained on ${train.length} tickets` : "zero-shot";
  process.stdout.write(`${values.json ? JSON.stringify(report) : renderReport(report, mode)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runEvalCommand(process.argv.slice(2));
}
