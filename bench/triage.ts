/**
 * Built-in triage engine throughput and latency on one core:
 *   npm run bench:triage [-- --tickets 5000 --history 2000]
 * Tickets are generated from templates (no data files needed). The learner is first taught a
 * generated history of `--history` labelled tickets, as an installation with imports would be.
 * Prints one markdown line and one JSON line.
 */
import { parseArgs } from "node:util";
import { analyseTicket } from "../apps/server/src/triage/builtin-engine.ts";
import { percentile } from "../apps/server/src/triage/evaluation.ts";
import { TriageLearner } from "../apps/server/src/triage/learner.ts";

const { values } = parseArgs({
  options: {
    tickets: { type: "string", default: "5000" },
    history: { type: "string", default: "2000" },
  },
});
const ticketCount = Number(values.tickets);
const historySize = Number(values.history);

const SUBJECTS = [
  ["VPN", "Networking", "Network", "disconnects every few minutes when I work from home"],
  ["Postgres", "PostgreSQL", "Software Bug", "replica lags behind the primary and reports are stale"],
  ["invoice", "Billing", "Billing", "shows a charge twice for the same month"],
  ["laptop", "Hardware", "Hardware", "battery does not charge any more after the update"],
  ["password", "Authentication", "Account & Access", "reset link expired and I am locked out"],
  ["Kubernetes", "Kubernetes", "Outage & Maintenance", "pods restart in a loop since the deployment"],
  ["printer", "Hardware", "Hardware", "on the second floor jams on every page"],
  ["React", "React", "Software Bug", "dashboard page throws an error after login"],
] as const;
const MOODS = [
  "Could you please have a look when you have time?",
  "This is urgent, the whole team is blocked!!!",
  "It has happened again for the third time this week.",
  "Thank you for your help.",
  "We would like to change the configuration before the release.",
];
const PRIORITIES = ["low", "high", "medium", "low", "medium"] as const;
const TYPES = ["question", "incident", "problem", "request", "change"] as const;

/** A deterministic ticket per index, varied enough to exercise every part of the engine. */
function ticketAt(index: number) {
  const [thing, skill, category, trouble] = SUBJECTS[index % SUBJECTS.length] as (typeof SUBJECTS)[number];
  const mood = index % MOODS.length;
  const filler = " We checked the logs and restarted the service but nothing changed.".repeat(
    1 + (index % 4),
  );
  return {
    title: `${thing} issue #${index}`,
    description: `Hello team,\n\nThe ${thing} ${trouble}. ${MOODS[mood]}${filler}\n\nBest regards,\nSam`,
    priority: PRIORITIES[mood] as string,
    type: TYPES[mood] as string,
    category,
    skill,
  };
}

const learner = new TriageLearner();
for (let index = 0; index < historySize; index++) {
  const ticket = ticketAt(index + 1_000_000);
  learner.learn(`history-${index}`, {
    title: ticket.title,
    body: ticket.description,
    priority: ticket.priority,
    category: ticket.category,
    type: ticket.type,
    skills: [ticket.skill],
  });
}
learner.refit();

const context = {
  skills: [...new Set(SUBJECTS.map(([, skill]) => skill))],
  categories: [...new Set(SUBJECTS.map(([, , category]) => category))],
};
// Warm up the JIT so the figures describe a running server, not a cold start.
for (let index = 0; index < 300; index++) {
  const ticket = ticketAt(index);
  analyseTicket({ title: ticket.title, description: ticket.description }, context, learner);
}

const latencies: number[] = [];
const startedAt = performance.now();
for (let index = 0; index < ticketCount; index++) {
  const ticket = ticketAt(index);
  const before = performance.now();
  analyseTicket({ title: ticket.title, description: ticket.description }, context, learner);
  latencies.push(performance.now() - before);
}
const elapsedMs = performance.now() - startedAt;
const result = {
  tickets: ticketCount,
  history: historySize,
  ticketsPerSecond: Math.round((ticketCount / elapsedMs) * 1000),
  p50Ms: Math.round(percentile(latencies, 0.5) * 1000) / 1000,
  p99Ms: Math.round(percentile(latencies, 0.99) * 1000) / 1000,
};
console.log(
  `| built-in triage | ${result.ticketsPerSecond} tickets/s | p50 ${result.p50Ms} ms | p99 ${result.p99Ms} ms | history ${historySize} |`,
);
console.log(JSON.stringify(result));
