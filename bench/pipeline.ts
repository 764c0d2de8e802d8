/**
 * POST → assigned: how long a filed ticket waits for triage and routing, and how many tickets a
 * second one `serve` process (with its worker, as users run it) keeps up with:
 *   npm run bench:pipeline [-- --quick] [--duration 10] [--rates 10,25,50,75,100,150,200,300]
 * Open loop: tickets are sent on a schedule, not after replies, and latency counts from the moment
 * each was due, so a slow server cannot slow the clock down. "Assigned" is the admin's live stream
 * announcing it. The rate steps up until a step is not sustained (every ticket assigned within
 * GRACE_SECONDS of being due, and the latency of its last third not far above its first);
 * the steady rate runs in any case, for its latency.
 * Writes bench/results/pipeline.json and prints its markdown.
 */
import { parseArgs } from "node:util";
import { databaseTargets, describeSkippedPostgres } from "./databases.ts";
import { type AssignmentWatch, HelpdeskClient, type Team } from "./helpdesk-client.ts";
import { runLoad } from "./load.ts";
import { COMMON_OPTIONS, readSettings } from "./options.ts";
import { startSection } from "./report.ts";
import { buildServer, measureCpu, type ServerProcess, startBaseline, startHelpdesk } from "./servers.ts";
import { formatMs, formatRatio, median, percentile } from "./statistics.ts";

const STEADY_RATE = 50;
const GRACE_SECONDS = 5;
const WARM_UP_TICKETS = 20;

const { values } = parseArgs({ options: { ...COMMON_OPTIONS, rates: { type: "string" } } });
const settings = readSettings(values);
const rates = (values.rates ?? "10,25,50,75,100,150,200,300,400").split(",").map(Number);
const section = startSection("pipeline");

type Step = {
  rate: number;
  filed: number;
  /** Tickets assigned within GRACE_SECONDS of being due. */
  assigned: number;
  /** Due → assigned, in the order filed; a ticket not assigned in time counts as GRACE_SECONDS. */
  latenciesMs: number[];
  replyLatenciesMs: number[];
  /** Median latency of the first and of the last third of the step, to see a backlog grow. */
  firstThirdMs: number;
  lastThirdMs: number;
  /** Why POSTs failed, one entry per failure. */
  failures: string[];
  isSustained: boolean;
  /** How busy the serve process was during the step, in % of one core. */
  cpuPercent: number;
};

type Filing = { ticketId: string; dueAt: number; repliedAt: number };

/** Files tickets at `rate` a second for `seconds` on a fixed schedule, then waits for their assignment. */
async function runStep(
  client: HelpdeskClient,
  team: Team,
  watch: AssignmentWatch,
  rate: number,
  seconds: number,
  firstIndex: number,
): Promise<Omit<Step, "cpuPercent">> {
  const count = Math.round(rate * seconds);
  const filings: Promise<Filing | Error>[] = [];
  const startedAt = performance.now();
  for (let index = 0; index < count; index++) {
    const dueAt = startedAt + (index * 1000) / rate;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    filings.push(
      client.fileTicket(firstIndex + index, team.creatorToken).then(
        ({ ticket }) => ({ ticketId: ticket._id, dueAt, repliedAt: performance.now() }),
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      ),
    );
  }
  const results = await Promise.all(filings);
  const filed = results.filter((result): result is Filing => !(result instanceof Error));
  const graceMs = GRACE_SECONDS * 1000;
  const lastDeadline = startedAt + seconds * 1000 + graceMs;
  while (performance.now() < lastDeadline && filed.some(({ ticketId }) => !watch.assignedAt.has(ticketId))) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const latenciesMs = filed.map(({ ticketId, dueAt }) =>
    Math.min((watch.assignedAt.get(ticketId) ?? Number.POSITIVE_INFINITY) - dueAt, graceMs),
  );
  const assigned = filed.filter(({ ticketId, dueAt }) => {
    const assignedAt = watch.assignedAt.get(ticketId);
    return assignedAt !== undefined && assignedAt - dueAt <= graceMs;
  }).length;
  const third = Math.max(1, Math.floor(latenciesMs.length / 3));
  const firstThirdMs = median(latenciesMs.slice(0, third));
  const lastThirdMs = median(latenciesMs.slice(-third));
  return {
    rate,
    filed: filed.length,
    assigned,
    latenciesMs,
    replyLatenciesMs: filed.map(({ dueAt, repliedAt }) => repliedAt - dueAt),
    firstThirdMs,
    lastThirdMs,
    failures: results.filter((result) => result instanceof Error).map((error) => error.message),
    isSustained: assigned === count && lastThirdMs <= 2 * firstThirdMs + 100,
  };
}

/** Waits until every ticket filed so far is assigned, so each step starts with no backlog. */
async function waitForBacklog(client: HelpdeskClient, team: Team): Promise<void> {
  await client.waitUntilAllAssigned(team.adminToken, 3 * 60_000);
}

/** Runs the rate steps up to the first one not sustained, and the steady rate in any case. */
async function climbRates(
  server: ServerProcess,
  client: HelpdeskClient,
  team: Team,
  watch: AssignmentWatch,
): Promise<Step[]> {
  const steps: Step[] = [];
  let nextIndex = WARM_UP_TICKETS;
  for (const rate of rates) {
    if (steps.some((step) => !step.isSustained) && rate > STEADY_RATE) break;
    const { result, cpuPercent } = await measureCpu(server, () =>
      runStep(client, team, watch, rate, settings.durationSeconds, nextIndex),
    );
    const step = { ...result, cpuPercent };
    nextIndex += step.filed;
    steps.push(step);
    try {
      await waitForBacklog(client, team);
    } catch (error) {
      section.note(`After ${rate}/s: ${(error as Error).message}; no further steps.`);
      break;
    }
  }
  return steps;
}

/** The highest rate below the first step that was not sustained; 0 if the first was not. */
function highestSustainedRate(steps: Step[]): number {
  const firstUnsustained = steps.findIndex((step) => !step.isSustained);
  const sustained = firstUnsustained < 0 ? steps : steps.slice(0, firstUnsustained);
  return Math.max(0, ...sustained.map((step) => step.rate));
}

/** A latency percentile of a step; "≥" when some tickets were not assigned in time (counted at the deadline). */
function latencyCell(step: Step, share: number): string | number {
  const value = formatMs(percentile(step.latenciesMs, share));
  return step.assigned < step.filed ? `≥ ${value}` : value;
}

const baselineServer = await startBaseline();
const baseline = await runLoad({ ...settings, url: baselineServer.baseUrl, request: {} });
await baselineServer.stop();

const summary = section.addTable(`POST → assigned at a steady ${STEADY_RATE} tickets/s, open loop`, [
  "database",
  "p50 ms",
  "p99 ms",
  "POST reply p50 ms",
  "highest sustained tickets/s",
  "sustained vs baseline req/s",
]);
const ladder = section.addTable(`Rate steps of ${settings.durationSeconds} s`, [
  "database",
  "tickets/s",
  "filed",
  `assigned ≤ ${GRACE_SECONDS} s`,
  "p50 ms",
  "p99 ms",
  "p50 first third ms",
  "p50 last third ms",
  "POST reply p99 ms",
  "serve CPU %",
  "sustained",
]);

buildServer();
for (const target of databaseTargets()) {
  const database = await target.create();
  try {
    const server = await startHelpdesk(database.env);
    try {
      const client = new HelpdeskClient(server.baseUrl);
      const team = await client.setUpTeam();
      const watch = await client.watchAssignments(team.adminToken);
      // The first tickets load the triage learner and warm the JIT; they are not measured.
      await client.fileTickets(WARM_UP_TICKETS, team.creatorToken, 1);
      await waitForBacklog(client, team);
      const steps = await climbRates(server, client, team, watch);
      await watch.close();

      for (const step of steps) {
        ladder.push([
          target.label,
          step.rate,
          step.filed,
          step.assigned,
          latencyCell(step, 0.5),
          latencyCell(step, 0.99),
          formatMs(step.firstThirdMs),
          formatMs(step.lastThirdMs),
          formatMs(percentile(step.replyLatenciesMs, 0.99)),
          step.cpuPercent,
          step.isSustained ? "yes" : "no",
        ]);
        const [firstFailure] = step.failures;
        if (firstFailure) {
          section.note(
            `${target.label}, ${step.rate}/s: ${step.failures.length} POSTs failed, first: ${firstFailure}`,
          );
        }
      }
      const steady = steps.find((step) => step.rate === STEADY_RATE);
      const highest = highestSustainedRate(steps);
      summary.push([
        target.label,
        steady ? latencyCell(steady, 0.5) : "not run",
        steady ? latencyCell(steady, 0.99) : "not run",
        steady ? formatMs(percentile(steady.replyLatenciesMs, 0.5)) : "not run",
        highest > 0 ? highest : `< ${rates[0]}`,
        formatRatio(highest, baseline.requestsPerSecond),
      ]);
    } finally {
      await server.stop();
    }
  } finally {
    await database.remove();
  }
}

section.note(
  `Baseline: hello-world Fastify in its own process, ${baseline.requestsPerSecond} req/s closed loop with ${settings.connections} connections in this run.`,
);
section.note(
  `Sustained: every ticket of the step assigned within ${GRACE_SECONDS} s of being due, and the median latency of its last third at most twice its first third + 100 ms (the backlog does not grow). The steps stop at the first that is not, after the steady rate. "≥": some tickets were not assigned within ${GRACE_SECONDS} s and count as ${GRACE_SECONDS} s.`,
);
section.note(
  "One serve process with its worker (built-in triage, mail to the outbox), as users run it; the bench client and PostgreSQL share the same cores. serve CPU %: its CPU time during the step and its wait, 100 = one core.",
);
const skipped = describeSkippedPostgres();
if (skipped) section.note(skipped);
section.finish();
