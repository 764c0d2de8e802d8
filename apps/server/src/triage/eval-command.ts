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
import {
  type Calibration,
  calibrate,
  type LabelScore,
  percentile,
  type SetScore,
  scoreLabels,
  scoreSets,
} from "./evaluation.ts";
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

export type FieldName = (typeof FIELDS)[number] | "tags";
export type SourceReport = {
  priority: LabelScore;
  category: LabelScore;
  type: LabelScore;
  tags: SetScore;
  /** The same fields scored for a guess of the training data's commonest label (with history only). */
  baseline?: { priority: LabelScore; category: LabelScore; type: LabelScore; tags: SetScore };
  /** How far each field's confidence is from how often it is right, and what a threshold keeps. */
  calibration: Record<FieldName, Calibration>;
};
export type EvalReport = {
  sources: Record<string, SourceReport>;
  throughput: number;
  p99Ms: number;
  /** The confidence from which a field counts as applied in `calibration`. */
  threshold: number;
};

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
const DEFAULT_THRESHOLD = 0.7;

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

/** What the engine answered for one test ticket, beside its gold labels. */
type Outcome = { row: EvalTicket; analysis: Analysis };

type Timing = { latencies: number[]; elapsedMs: number };

/**
 * Triages `rows` as an installation whose history is `history`: the label sets of both are its
 * vocabulary, and with history it has its own learner, fitted before the first ticket as the
 * service does once history is loaded.
 */
function triageAsInstallation(
  rows: readonly EvalTicket[],
  history: readonly EvalTicket[],
  vocabulary: readonly EvalTicket[],
  timing: Timing,
): Outcome[] {
  const spaces: LabelSpaces = {
    priority: labelSet(vocabulary, "priority"),
    type: labelSet(vocabulary, "type"),
    category: labelSet(vocabulary, "category"),
    skills: [...new Set(vocabulary.flatMap((row) => row.tags ?? []))].sort(),
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
  learner?.refit();
  const context = { skills: spaces.skills ?? [], categories: spaces.category ?? [] };
  return rows.map((row) => {
    const startedAt = performance.now();
    const analysis = analyseTicket({ title: row.subject, description: row.body }, context, learner, spaces);
    const took = performance.now() - startedAt;
    timing.latencies.push(took);
    timing.elapsedMs += took;
    return { row, analysis };
  });
}

/** The commonest label of each field in a history, and the tags at least half of it carries. */
function majorityGuess(history: readonly EvalTicket[]) {
  const commonest = (values: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "";
  };
  const guess = Object.fromEntries(
    FIELDS.map((field) => [field, commonest(history.flatMap((row) => (row[field] ? [row[field]] : [])))]),
  ) as Record<(typeof FIELDS)[number], string>;
  const tagCounts = new Map<string, number>();
  for (const row of history)
    for (const tag of new Set(row.tags ?? [])) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  const tags = [...tagCounts].filter(([, count]) => count * 2 >= history.length).map(([tag]) => tag);
  const top = commonest(history.flatMap((row) => row.tags ?? []));
  return { ...guess, tags: tags.length > 0 ? tags : top ? [top] : [] };
}

function scoreOutcomes(outcomes: readonly Outcome[], threshold: number): Omit<SourceReport, "baseline"> {
  const decisions = (field: (typeof FIELDS)[number]) =>
    outcomes.flatMap(({ row, analysis }) => {
      const gold = row[field];
      const decision = analysis[field];
      return gold ? [{ gold, predicted: decision.label, confidence: decision.confidence }] : [];
    });
  // A source that tags tickets at all is scored on all of them: a ticket without tags is where a
  // suggested tag is wrong. A source that never tags has no tag decisions to calibrate.
  const tagged = outcomes.some(({ row }) => (row.tags ?? []).length > 0) ? outcomes : [];
  const tagDecisions = tagged.flatMap(({ row, analysis }) => {
    const gold = new Set((row.tags ?? []).map((tag) => tag.toLowerCase()));
    return analysis.skills.map((skill) => ({
      correct: gold.has(skill.label.toLowerCase()),
      confidence: skill.confidence,
    }));
  });
  const fieldScores = Object.fromEntries(
    FIELDS.map((field) => {
      const pairs = decisions(field);
      return [field, { score: scoreLabels(pairs), calibration: calibrate(pairs.map(asCorrect), threshold) }];
    }),
  ) as Record<(typeof FIELDS)[number], { score: LabelScore; calibration: Calibration }>;
  return {
    priority: fieldScores.priority.score,
    category: fieldScores.category.score,
    type: fieldScores.type.score,
    tags: scoreSets(
      outcomes.map(({ row, analysis }) => ({
        gold: row.tags ?? [],
        predicted: analysis.skills.map((skill) => skill.label),
      })),
    ),
    calibration: {
      priority: fieldScores.priority.calibration,
      category: fieldScores.category.calibration,
      type: fieldScores.type.calibration,
      tags: calibrate(tagDecisions, threshold),
    },
  };
}

const asCorrect = (pair: { gold: string; predicted: string; confidence: number }) => ({
  correct: pair.gold.trim().toLowerCase() === pair.predicted.trim().toLowerCase(),
  confidence: pair.confidence,
});

function scoreBaseline(rows: readonly EvalTicket[], guesses: readonly ReturnType<typeof majorityGuess>[]) {
  const field = (name: (typeof FIELDS)[number]) =>
    scoreLabels(
      rows.flatMap((row, index) => {
        const gold = row[name];
        return gold ? [{ gold, predicted: (guesses[index] as ReturnType<typeof majorityGuess>)[name] }] : [];
      }),
    );
  return {
    priority: field("priority"),
    category: field("category"),
    type: field("type"),
    tags: scoreSets(
      rows.map((row, index) => ({
        gold: row.tags ?? [],
        predicted: (guesses[index] as ReturnType<typeof majorityGuess>).tags,
      })),
    ),
  };
}

function finishReport(sources: Record<string, SourceReport>, timing: Timing, threshold: number): EvalReport {
  return {
    sources,
    throughput: timing.elapsedMs > 0 ? Math.round((timing.latencies.length / timing.elapsedMs) * 1000) : 0,
    p99Ms: Math.round(percentile(timing.latencies, 0.99) * 1000) / 1000,
    threshold,
  };
}

/**
 * Scores the built-in engine per source. Each source is its own installation: its label sets
 * are the installation's vocabulary, and with training data it has its own learner.
 */
export function evaluate(
  test: readonly EvalTicket[],
  train: readonly EvalTicket[] = [],
  threshold = DEFAULT_THRESHOLD,
): EvalReport {
  const trainBySource = bySource(train);
  const sources: Record<string, SourceReport> = {};
  const timing: Timing = { latencies: [], elapsedMs: 0 };
  for (const [source, rows] of sortedSources(test)) {
    const history = trainBySource.get(source) ?? [];
    const outcomes = triageAsInstallation(rows, history, [...history, ...rows], timing);
    const report: SourceReport = scoreOutcomes(outcomes, threshold);
    if (history.length > 0) {
      const guess = majorityGuess(history);
      report.baseline = scoreBaseline(
        rows,
        rows.map(() => guess),
      );
    }
    sources[source] = report;
  }
  return finishReport(sources, timing, threshold);
}

/**
 * K-fold cross-validation per source: each fold is triaged by an installation whose history is the
 * other folds, and the predictions of all folds are scored together (as are the majority guesses,
 * each from its own training folds). Folds are dealt in a fixed shuffled order of the rows.
 */
export function evaluateFolds(
  rows: readonly EvalTicket[],
  folds: number,
  threshold = DEFAULT_THRESHOLD,
): EvalReport {
  if (!(Number.isInteger(folds) && folds >= 2))
    throw new RangeError(`folds is a whole number from 2, not ${folds}`);
  const sources: Record<string, SourceReport> = {};
  const timing: Timing = { latencies: [], elapsedMs: 0 };
  for (const [source, all] of sortedSources(rows)) {
    const order = dealtOrder(all.length);
    const foldOf = new Int32Array(all.length);
    order.forEach((row, position) => {
      foldOf[row] = position % folds;
    });
    const outcomes: Outcome[] = [];
    const tested: EvalTicket[] = [];
    const guesses: ReturnType<typeof majorityGuess>[] = [];
    for (let fold = 0; fold < folds; fold++) {
      const test = all.filter((_, index) => foldOf[index] === fold);
      const history = all.filter((_, index) => foldOf[index] !== fold);
      outcomes.push(...triageAsInstallation(test, history, all, timing));
      const guess = majorityGuess(history);
      for (const row of test) {
        tested.push(row);
        guesses.push(guess);
      }
    }
    sources[source] = { ...scoreOutcomes(outcomes, threshold), baseline: scoreBaseline(tested, guesses) };
  }
  return finishReport(sources, timing, threshold);
}

const sortedSources = (rows: readonly EvalTicket[]) =>
  [...bySource(rows)].sort(([a], [b]) => a.localeCompare(b));

/** 0…length-1 in a fixed pseudo-random order (a linear congruential shuffle), so folds are reproducible. */
function dealtOrder(length: number): number[] {
  const order = Array.from({ length }, (_, index) => index);
  let seed = 0x5eed;
  for (let index = length - 1; index > 0; index--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const other = seed % (index + 1);
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return order;
}

const format = (value: number | null | undefined) =>
  value === null || value === undefined ? "–" : value.toFixed(3);
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

export function renderReport(report: EvalReport, mode: string): string {
  const lines = [
    `Triage evaluation (${mode})`,
    "",
    "| source | field | accuracy | macro-F1 | micro-F1 | n | majority baseline | ECE | at confidence ≥ " +
      `${report.threshold} |`,
    "|---|---|---|---|---|---|---|---|---|",
  ];
  const calibrated = (calibration: Calibration) =>
    `${format(calibration.ece)} | ${
      calibration.covered > 0
        ? `${percent(calibration.accuracy)} right on the ${percent(calibration.coverage)} kept`
        : "nothing kept"
    }`;
  for (const [source, scores] of Object.entries(report.sources)) {
    for (const field of FIELDS) {
      const score = scores[field];
      const baseline = scores.baseline?.[field];
      lines.push(
        `| ${source} | ${field} | ${format(score.accuracy)} | ${format(score.macroF1)} | | ${score.n} | ${
          baseline ? `${format(baseline.accuracy)} acc · ${format(baseline.macroF1)} F1` : ""
        } | ${calibrated(scores.calibration[field])} |`,
      );
    }
    const tagBaseline = scores.baseline?.tags;
    lines.push(
      `| ${source} | tags | | | ${format(scores.tags.microF1)} | ${scores.tags.n} | ${
        tagBaseline ? `${format(tagBaseline.microF1)} micro-F1` : ""
      } | ${calibrated(scores.calibration.tags)} |`,
    );
  }
  lines.push("", `throughput: ${report.throughput} tickets/s · p99: ${report.p99Ms} ms`);
  return lines.join("\n");
}

const USAGE = [
  "Usage: triage:eval --test FILE [--train FILE | --folds K] [--source NAME] [--threshold T] [--json]",
  "  FILE is JSONL of {id, source, subject, body, priority, category, type, tags[]}; each source is scored",
  "  as its own installation. --train teaches the learner that file first; --folds K instead scores K-fold",
  "  cross-validation within each source of FILE; --source keeps one source; --threshold is the confidence",
  `  from which a field counts as applied in the calibration columns (default ${DEFAULT_THRESHOLD}).`,
  "",
].join("\n");

export function runEvalCommand(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      test: { type: "string" },
      train: { type: "string" },
      folds: { type: "string" },
      source: { type: "string" },
      threshold: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const folds = values.folds === undefined ? undefined : Number(values.folds);
  const threshold = values.threshold === undefined ? DEFAULT_THRESHOLD : Number(values.threshold);
  const valid =
    values.test &&
    !(values.train && folds !== undefined) &&
    (folds === undefined || (Number.isInteger(folds) && folds >= 2)) &&
    threshold >= 0 &&
    threshold <= 1;
  if (!valid || !values.test) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const only = (rows: EvalTicket[]) =>
    values.source ? rows.filter((row) => row.source === values.source) : rows;
  const test = only(readEvalFile(values.test));
  const train = values.train ? only(readEvalFile(values.train)) : [];
  const report =
    folds === undefined ? evaluate(test, train, threshold) : evaluateFolds(test, folds, threshold);
  const mode =
    folds !== undefined
      ? `${folds}-fold cross-validation per source`
      : values.train
        ? `trained on ${train.length} tickets`
        : "zero-shot";
  process.stdout.write(`${values.json ? JSON.stringify(report) : renderReport(report, mode)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runEvalCommand(process.argv.slice(2));
}
