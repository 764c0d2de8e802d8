/**
 * HTTP throughput and latency of the ticket endpoints against a real `serve` process, each beside
 * a hello-world Fastify baseline measured the same way in the same run:
 *   npm run bench:http [-- --quick] [--duration 10] [--connections 10] [--seed 1000]
 * Runs on a fresh PGlite folder, and on a fresh PostgreSQL database when DATABASE_URL is set.
 * Writes bench/results/http.json and prints its markdown.
 */
import { parseArgs } from "node:util";
import type { Request } from "autocannon";
import { databaseTargets, describeSkippedPostgres } from "./databases.ts";
import { HelpdeskClient, type Team } from "./helpdesk-client.ts";
import { type LoadResult, runLoad, ticketFilingRequest } from "./load.ts";
import { COMMON_OPTIONS, positiveNumber, readSettings } from "./options.ts";
import { startSection } from "./report.ts";
import { buildServer, measureCpu, type ServerProcess, startBaseline, startHelpdesk } from "./servers.ts";
import { formatMs, formatRatio } from "./statistics.ts";
import { SEARCH_WORD } from "./workload.ts";

const { values } = parseArgs({ options: { ...COMMON_OPTIONS, seed: { type: "string" } } });
const settings = readSettings(values);
const seedCount = positiveNumber("seed", values.seed, settings.quick ? 300 : 1000);
const section = startSection("http");
const rows = section.addTable(
  `Closed loop, ${settings.connections} connections, ${settings.durationSeconds} s per endpoint`,
  [
    "database",
    "endpoint",
    "req/s",
    "p50 ms",
    "p99 ms",
    "req/s vs baseline",
    "p50 vs baseline",
    "p99 vs baseline",
    "server CPU %",
  ],
);

/** Measures `request` on `server` and adds its row, with its ratios to the baseline of its database. */
async function measure(
  database: string,
  endpoint: string,
  server: ServerProcess,
  request: Request,
  baseline?: LoadResult,
) {
  const { result, cpuPercent } = await measureCpu(server, () =>
    runLoad({ ...settings, url: server.baseUrl, request }),
  );
  const reference = baseline ?? result;
  rows.push([
    database,
    endpoint,
    result.requestsPerSecond,
    formatMs(result.p50Ms),
    formatMs(result.p99Ms),
    formatRatio(result.requestsPerSecond, reference.requestsPerSecond),
    formatRatio(result.p50Ms, reference.p50Ms),
    formatRatio(result.p99Ms, reference.p99Ms),
    cpuPercent,
  ]);
  if (result.failures > 0) section.note(`${database}, ${endpoint}: ${result.failures} requests failed`);
  return result;
}

/** The endpoints in the order they are measured: reads first, then the writes that wake the worker. */
function ticketEndpoints(team: Team, ticketId: string): { endpoint: string; request: Request }[] {
  const asAdmin = { authorization: `Bearer ${team.adminToken}` };
  return [
    { endpoint: "GET /api/tickets?limit=20", request: { path: "/api/tickets?limit=20", headers: asAdmin } },
    {
      endpoint: `GET /api/tickets?q=${SEARCH_WORD}&limit=20`,
      request: { path: `/api/tickets?q=${SEARCH_WORD}&limit=20`, headers: asAdmin },
    },
    { endpoint: "GET /api/tickets/:id", request: { path: `/api/tickets/${ticketId}`, headers: asAdmin } },
    { endpoint: "POST /api/tickets", request: ticketFilingRequest(team.creatorToken, seedCount) },
  ];
}

buildServer();
for (const target of databaseTargets()) {
  const database = await target.create();
  try {
    const baselineServer = await startBaseline();
    const baseline = await measure(target.label, "GET / hello world (baseline)", baselineServer, {});
    await baselineServer.stop();

    const server = await startHelpdesk(database.env);
    try {
      const client = new HelpdeskClient(server.baseUrl);
      const team = await client.setUpTeam();
      const [firstTicket] = await client.fileTickets(seedCount, team.creatorToken);
      // The worker must be idle before reads are measured, or they would share the CPU with it.
      await client.waitUntilAllAssigned(team.adminToken, 10 * 60_000);
      for (const { endpoint, request } of ticketEndpoints(team, firstTicket as string)) {
        await measure(target.label, endpoint, server, request, baseline);
      }
    } finally {
      await server.stop();
    }
  } finally {
    await database.remove();
  }
}

section.note(
  `Each database starts with ${seedCount} tickets filed through the API and assigned by the worker; reads are the admin's, who sees every ticket.`,
);
section.note(
  "POST /api/tickets runs last: the worker triages and routes in the same serve process (as users run it), so its req/s shares the CPU with that work.",
);
section.note(
  "The server is the built bundle with NODE_ENV=production and JSON request logs (to a file); the baseline has no plugins and no logger. autocannon runs in the bench process on the same cores.",
);
section.note(
  "Server CPU %: the serve process's CPU time over the run, 100 = one core; PGlite's queries run inside it, PostgreSQL's in the database server's own processes. A baseline well under 100% is held back by the autocannon client on the same cores, so its ratios understate the gap.",
);
const skipped = describeSkippedPostgres();
if (skipped) section.note(skipped);
section.finish();
