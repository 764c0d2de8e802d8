import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort } from "../free-port.ts";
import { createTestDatabase, type TestDatabase } from "../harness.ts";
import { type Behaviour, type StandIn, startStandIn } from "../llm-stand-in.ts";
import { waitFor } from "../wait-for.ts";
import { describeCounts, fileTickets, openAudit, signUpTeam } from "./exactly-once.ts";
import { type HelpdeskProcess, startHelpdesk, waitForServer } from "./processes.ts";

const TICKETS_PER_PHASE = 10;
const AI_TIMEOUT_SECONDS = 3;

/** The stand-in's behaviour for each batch of tickets, and the triage each ticket must get. */
const PHASES: { behaviour: Behaviour; engine: string; fallbackReason?: RegExp }[] = [
  { behaviour: "good", engine: "openai" },
  { behaviour: "500", engine: "builtin", fallbackReason: /^openai: HTTP 500 \(after one retry\)$/ },
  {
    behaviour: "silent",
    engine: "builtin",
    fallbackReason: new RegExp(`^openai: no answer within ${AI_TIMEOUT_SECONDS * 1000} ms$`),
  },
  {
    behaviour: "malformed",
    engine: "builtin",
    fallbackReason: /^openai: answer was not a valid triage object$/,
  },
  // The provider is back: new tickets use it again.
  { behaviour: "good", engine: "openai" },
];

let database: TestDatabase;
let audit: Awaited<ReturnType<typeof openAudit>>;
let dataDir: string;
let base: string;
let standIn: StandIn;
const processes: HelpdeskProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const url = database.database.url as string;
  audit = await openAudit(url);
  standIn = await startStandIn("openai");
  dataDir = mkdtempSync(join(tmpdir(), "helpdesk-llm-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    JWT_SECRET: "l".repeat(40),
    AUTH_RATE_LIMIT: "100000",
    WRITE_RATE_LIMIT: "100000",
    AI_PROVIDER: "openai",
    OPENAI_BASE_URL: `${standIn.url}/v1`,
    OPENAI_API_KEY: "test-key",
    AI_TIMEOUT: `${AI_TIMEOUT_SECONDS}s`,
  };
  const server = startHelpdesk(["serve", "--no-worker"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
  processes.push(server, startHelpdesk(["worker"], env));
  await waitForServer(base, server);
});
afterAll(async () => {
  for (const process of processes) await process.stop();
  await standIn?.close();
  await audit?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("tickets filed while the LLM fails are triaged once by the built-in engine, and the LLM again once it recovers", async () => {
  const { creator } = await signUpTeam(base);
  const summary: string[] = [];
  let filed = 0;
  for (const phase of PHASES) {
    standIn.behave(phase.behaviour);
    const requestsBefore = standIn.requests.length;
    const ids = await fileTickets(base, creator.token, TICKETS_PER_PHASE, filed);
    filed += ids.length;
    const triaged = await waitFor(
      async () => {
        const rows = await audit.triageOf(ids);
        return rows.length === ids.length ? rows : undefined;
      },
      { timeoutMs: 60_000, what: `the tickets filed while the LLM is ${phase.behaviour} to be triaged` },
    );
    const expected = {
      engine: phase.engine,
      fallbackReason: phase.fallbackReason ? expect.stringMatching(phase.fallbackReason) : null,
    };
    expect(triaged.map(({ engine, fallbackReason }) => ({ engine, fallbackReason }))).toEqual(
      ids.map(() => expected),
    );
    summary.push(
      `${phase.behaviour}: ${triaged.length} by ${phase.engine} (${standIn.requests.length - requestsBefore} LLM calls)`,
    );
  }

  const counts = await audit.expectExactlyOnce(filed);
  console.log(`LLM outage: ${describeCounts(counts)}; ${summary.join(", ")}`);
});
