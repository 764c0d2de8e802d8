/**
 * Start-up time and memory of the `serve` process, beside a hello-world Fastify baseline started
 * and read the same way in the same run:
 *   npm run bench:startup [-- --quick] [--duration 10] [--connections 10]
 * Start-up: spawn → first 200 on /readyz, median of STARTS, for a new data folder (or database:
 * migrations run) and an existing one. Memory: VmRSS from /proc idle after start, and its highest
 * sample and VmHWM during an autocannon run filing tickets. PGlite, and PostgreSQL when DATABASE_URL is set.
 * Writes bench/results/startup.json and prints its markdown.
 */
import type { Request } from "autocannon";
import { type BenchDatabase, databaseTargets, describeSkippedPostgres } from "./databases.ts";
import { HelpdeskClient } from "./helpdesk-client.ts";
import { runLoad, ticketFilingRequest } from "./load.ts";
import { readSettings } from "./options.ts";
import { startSection } from "./report.ts";
import { buildServer, type Memory, type ServerProcess, startBaseline, startHelpdesk } from "./servers.ts";
import { formatMs, formatRatio, median } from "./statistics.ts";

const STARTS = 3;
const SETTLE_MS = 2000;
const SEED_TICKETS = 200;

const settings = readSettings();
const section = startSection("startup");
const startups = section.addTable(`Spawn → first 200 on the ready path, median of ${STARTS}`, [
  "process",
  "median ms",
  "min ms",
  "max ms",
  "vs baseline",
]);
const memory = section.addTable("Resident memory: VmRSS (under load, its highest sample) and VmHWM", [
  "process",
  "state",
  "RSS MiB",
  "VmHWM MiB",
  "RSS vs baseline",
]);

/** Starts a process, stops it, and returns how long it took to answer, in ms. */
async function timeStart(start: () => Promise<ServerProcess>): Promise<number> {
  const server = await start();
  await server.stop();
  return server.startupMs;
}

async function timeStarts(start: () => Promise<ServerProcess>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < STARTS; run++) times.push(await timeStart(start));
  return times;
}

function addStartups(label: string, times: number[], baselineMs: number): void {
  startups.push([
    label,
    formatMs(median(times)),
    formatMs(Math.min(...times)),
    formatMs(Math.max(...times)),
    formatRatio(median(times), baselineMs),
  ]);
}

/** The resident memory now, after the process has been left alone for SETTLE_MS. */
async function readIdleMemory(server: ServerProcess): Promise<Memory> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return server.memory();
}

/** Runs autocannon against the server, sampling its memory every 100 ms. */
async function readMemoryUnderLoad(server: ServerProcess, request: Request): Promise<Memory> {
  let peakRssMiB = 0;
  const sampler = setInterval(() => {
    peakRssMiB = Math.max(peakRssMiB, server.memory().rssMiB);
  }, 100);
  await runLoad({ ...settings, url: server.baseUrl, request });
  clearInterval(sampler);
  return { rssMiB: peakRssMiB, peakRssMiB: server.memory().peakRssMiB };
}

function addMemory(process: string, state: string, measured: Memory, baseline: Memory): void {
  memory.push([
    process,
    state,
    Math.round(measured.rssMiB),
    Math.round(measured.peakRssMiB),
    formatRatio(measured.rssMiB, baseline.rssMiB),
  ]);
}

/** Start-up on a new and on an existing database, then memory idle and while tickets are filed. */
async function measureHelpdesk(
  label: string,
  createDatabase: () => Promise<BenchDatabase>,
  baseline: { startupMs: number; idle: Memory; loaded: Memory },
): Promise<void> {
  const newTimes: number[] = [];
  for (let run = 0; run < STARTS; run++) {
    const database = await createDatabase();
    newTimes.push(await timeStart(() => startHelpdesk(database.env)));
    await database.remove();
  }
  addStartups(`serve, ${label}, new (migrations run)`, newTimes, baseline.startupMs);

  const database = await createDatabase();
  try {
    await timeStart(() => startHelpdesk(database.env));
    addStartups(
      `serve, ${label}, existing`,
      await timeStarts(() => startHelpdesk(database.env)),
      baseline.startupMs,
    );

    const server = await startHelpdesk(database.env);
    try {
      addMemory(`serve, ${label}`, "idle after start", await readIdleMemory(server), baseline.idle);
      const client = new HelpdeskClient(server.baseUrl);
      const team = await client.setUpTeam();
      await client.fileTickets(SEED_TICKETS, team.creatorToken);
      await client.waitUntilAllAssigned(team.adminToken, 5 * 60_000);
      // Filing is the heaviest load: the worker triages and routes each ticket in the same process.
      const writes = await readMemoryUnderLoad(server, ticketFilingRequest(team.creatorToken, SEED_TICKETS));
      addMemory(`serve, ${label}`, "POST /api/tickets load (+ worker)", writes, baseline.loaded);
    } finally {
      await server.stop();
    }
  } finally {
    await database.remove();
  }
}

buildServer();
const baselineTimes = await timeStarts(startBaseline);
const baselineStartupMs = median(baselineTimes);
addStartups("hello-world Fastify (baseline)", baselineTimes, baselineStartupMs);
const baselineServer = await startBaseline();
const baselineIdle = await readIdleMemory(baselineServer);
const baselineLoaded = await readMemoryUnderLoad(baselineServer, {});
await baselineServer.stop();
addMemory("hello-world Fastify (baseline)", "idle after start", baselineIdle, baselineIdle);
addMemory("hello-world Fastify (baseline)", "GET / load", baselineLoaded, baselineLoaded);

for (const target of databaseTargets()) {
  await measureHelpdesk(target.label, () => target.create(), {
    startupMs: baselineStartupMs,
    idle: baselineIdle,
    loaded: baselineLoaded,
  });
}

section.note(
  "serve is the built bundle (node apps/server/dist/main.js serve) with NODE_ENV=production, its worker in the same process; the ready path polls every 5 ms.",
);
section.note(
  `Memory under load: autocannon with ${settings.connections} connections for ${settings.durationSeconds} s, after ${SEED_TICKETS} tickets were filed and assigned; PGlite keeps the whole database in the server's memory.`,
);
const skipped = describeSkippedPostgres();
if (skipped) section.note(skipped);
section.finish();
