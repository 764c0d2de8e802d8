import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, it } from "vitest";
import { freePort } from "../free-port.ts";
import { createTestDatabase, type TestDatabase } from "../harness.ts";
import { describeCounts, openAudit, signUpTeam, ticketBody } from "./exactly-once.ts";
import { callJson, type HelpdeskProcess, startHelpdesk, waitForServer } from "./processes.ts";

const TICKETS = 500;

let database: TestDatabase;
let audit: Awaited<ReturnType<typeof openAudit>>;
let dataDir: string;
const processes: HelpdeskProcess[] = [];
const servers: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const url = database.database.url as string;
  audit = await openAudit(url);
  dataDir = mkdtempSync(join(tmpdir(), "helpdesk-cluster-"));
  const env = {
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    JWT_SECRET: "y".repeat(40),
    AUTH_RATE_LIMIT: "100000",
    WRITE_RATE_LIMIT: "100000",
  };
  for (let index = 0; index < 2; index++) {
    const port = await freePort();
    const server = startHelpdesk(["serve", "--no-worker"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
    processes.push(server);
    servers.push(`http://127.0.0.1:${port}`);
    processes.push(startHelpdesk(["worker"], env));
  }
  await Promise.all(
    servers.map((base, index) => waitForServer(base, processes[index * 2] as HelpdeskProcess)),
  );
});
afterAll(async () => {
  for (const process of processes) await process.stop();
  await audit?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("two servers and two workers on one PostgreSQL handle 500 tickets exactly once", async () => {
  // Signed up on one server, the team files its tickets on both: they share the JWT secret.
  const { creator } = await signUpTeam(servers[1] as string);

  const startedAt = performance.now();
  for (let start = 0; start < TICKETS; start += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, TICKETS - start) }, (_, offset) => {
        const index = start + offset;
        return callJson(servers[index % 2] as string, "/api/tickets", {
          body: ticketBody(index),
          token: creator.token,
        });
      }),
    );
  }
  await audit.waitUntilRouted(TICKETS, 180_000);
  const seconds = (performance.now() - startedAt) / 1000;
  console.log(
    `${TICKETS} tickets filed, triaged and routed in ${seconds.toFixed(1)} s: ${(TICKETS / seconds).toFixed(0)} tickets/s`,
  );
  console.log(describeCounts(await audit.expectExactlyOnce(TICKETS)));
});
