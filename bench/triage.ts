/**
 * Built-in triage engine throughput and latency on one core:
 *   npm run bench:triage [-- --tickets 5000 --history 2000] [--train FILE] [--quick]
 * Tickets are generated from templates (no data files needed). The learner is first taught a
 * generated history of `--history` labelled tickets, as an installation with imports would be.
 * With `--train FILE` (JSONL as triage:eval reads it) the learner is taught every ticket of that
 * file instead, with its categories and tags as the vocabulary, and the file's tickets are triaged.
 * The baseline, measured in the same run on the same tickets, is a JSON round trip of each ticket
 * (what any server does with a body), so the ratio says what triage costs on this machine today.
 * Writes bench/results/triage.json and prints its markdown.
 */
import { parseArgs } from "node:util";
import { analyseTicket } from "../apps/server/src/triage/builtin-engine.ts";
import { readEvalFile } from "../apps/server/src/triage/eval-command.ts";
import { TriageLearner } from "../apps/server/src/triage/learner.ts";
import { COMMON_OPTIONS, positiveNumber, readSettings } from "./options.ts";
import { startSection } from "./report.ts";
import { formatMs, formatRatio, percentile } from "./statistics.ts";
import { CATEGORIES, SKILLS, ticketAt } from "./workload.ts";

const { values } = parseArgs({
  options: {
    ...COMMON_OPTIONS,
    tickets: { type: "string" },
    history: { type: "string" },
    train: { type: "string" },
  },
});
const { quick } = readSettings(values);
const ticketCount = positiveNumber("tickets", values.tickets, quick ? 1000 : 5000);
const historySize = positiveNumber("history", values.history, 2000);
const section = startSection("triage");

const learner = new TriageLearner();
const file = values.train ? readEvalFile(values.train) : undefined;
const tickets = file
  ? file.map((row) => ({
      title: row.subject,
      description: row.body,
      priority: row.priority,
      category: row.category,
      type: row.type,
      skills: row.tags ?? [],
    }))
  : Array.from({ length: historySize }, (_, index) => {
      const ticket = ticketAt(index + 1_000_000);
      return { ...ticket, skills: [ticket.skill] };
    });
tickets.forEach((ticket, index) => {
  learner.learn(`history-${index}`, { ...ticket, body: ticket.description });
});
learner.refit();

const context = file
  ? {
      skills: [...new Set(tickets.flatMap((ticket) => ticket.skills))].sort(),
      categories: [
        ...new Set(tickets.flatMap((ticket) => (ticket.category ? [ticket.category] : []))),
      ].sort(),
    }
  : { skills: SKILLS, categories: CATEGORIES };
const ticketToTriage = (index: number) =>
  file ? (tickets[index % tickets.length] as (typeof tickets)[number]) : ticketAt(index);
const triageOne = (index: number) => {
  const { title, description } = ticketToTriage(index);
  analyseTicket({ title, description }, context, learner);
};
const roundTripOne = (index: number) => {
  const { title, description } = ticketToTriage(index);
  JSON.parse(JSON.stringify({ title, description }));
};

/** Per-call latencies and calls per second, after warming up the JIT as a running server would be. */
function measure(work: (index: number) => void): { perSecond: number; p50Ms: number; p99Ms: number } {
  for (let index = 0; index < 300; index++) work(index);
  const latencies: number[] = [];
  const startedAt = performance.now();
  for (let index = 0; index < ticketCount; index++) {
    const before = performance.now();
    work(index);
    latencies.push(performance.now() - before);
  }
  const elapsedMs = performance.now() - startedAt;
  return {
    perSecond: Math.round((ticketCount / elapsedMs) * 1000),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

const baseline = measure(roundTripOne);
const triage = measure(triageOne);
const rows = section.addTable("Built-in triage engine, one core", [
  "work",
  "tickets/s",
  "p50 ms",
  "p99 ms",
  "tickets/s vs baseline",
  "p50 vs baseline",
]);
for (const [work, result] of [
  ["JSON round trip of the ticket (baseline)", baseline],
  [`built-in triage, learner taught ${tickets.length} ${file ? "tickets of the file" : "tickets"}`, triage],
] as const) {
  rows.push([
    work,
    result.perSecond,
    formatMs(result.p50Ms),
    formatMs(result.p99Ms),
    formatRatio(result.perSecond, baseline.perSecond),
    formatRatio(result.p50Ms, baseline.p50Ms),
  ]);
}
section.note(
  `${ticketCount} ${file ? "tickets of the file" : "generated tickets"}, in-process, no database: the engine alone` +
    (file ? ` (${context.categories.length} categories, ${context.skills.length} skills).` : "."),
);
section.finish();
