import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { updateUser } from "../../src/users/service.ts";
import { createTestApp, type TestApp } from "../harness.ts";
import { waitFor } from "../wait-for.ts";
import { describeCounts, openAudit, TEAM, ticketBody } from "./exactly-once.ts";
import { type HelpdeskProcess, startHelpdesk } from "./processes.ts";

const TICKETS = 200;

let t: TestApp;
let audit: Awaited<ReturnType<typeof openAudit>>;
let dataDir: string;
const workers: HelpdeskProcess[] = [];

beforeAll(async () => {
  // The API in this process only sends jobs; the workers are processes of their own.
  t = await createTestApp({}, { worker: false });
  audit = await openAudit(t.database.url as string);
  dataDir = mkdtempSync(join(tmpdir(), "helpdesk-worker-"));
  for (const skills of TEAM) {
    const moderator = await t.signUp("moderator", { skills });
    await updateUser(t.database.db, moderator.user._id, { capacity: 1000 }, t.app.jobs);
  }
});
afterAll(async () => {
  for (const worker of workers) await worker.stop("SIGKILL");
  await audit?.close();
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startWorker(): HelpdeskProcess {
  const worker = startHelpdesk(["worker"], {
    DATABASE_URL: t.database.url as string,
    DATA_DIR: dataDir,
    JWT_SECRET: "x".repeat(40),
  });
  workers.push(worker);
  return worker;
}

it("a worker killed in the middle of 200 tickets loses nothing and repeats nothing once restarted", async () => {
  const creator = await t.signUp();
  for (let start = 0; start < TICKETS; start += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, TICKETS - start) }, (_, offset) =>
        t.request(creator, { method: "POST", url: "/api/tickets", payload: ticketBody(start + offset) }),
      ),
    );
  }

  const first = startWorker();
  const routedAtKill = await waitFor(
    async () => {
      const routed = await audit.routedTickets();
      return routed >= 30 ? routed : undefined;
    },
    { timeoutMs: 90_000, what: "the first worker to route some tickets" },
  );
  first.child.kill("SIGKILL");
  await first.exited;
  expect(routedAtKill).toBeLessThan(TICKETS);

  startWorker();
  await audit.waitUntilRouted(TICKETS, 120_000);
  console.log(
    `worker killed at ${routedAtKill} routed: ${describeCounts(await audit.expectExactlyOnce(TICKETS))}`,
  );
});
