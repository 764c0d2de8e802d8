import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort } from "../free-port.ts";
import { createTestDatabase, type TestDatabase } from "../harness.ts";
import { type SmtpReceiver, startSmtpReceiver } from "../smtp-receiver.ts";
import { waitFor } from "../wait-for.ts";
import { describeCounts, fileTickets, openAudit, signUpTeam } from "./exactly-once.ts";
import { type HelpdeskProcess, startHelpdesk, waitForServer } from "./processes.ts";

const TICKETS = 60;
/** Failed deliveries every mail has had before the SMTP server comes up: the worker kept trying. */
const FAILED_ATTEMPTS = 2;

let database: TestDatabase;
let audit: Awaited<ReturnType<typeof openAudit>>;
let dataDir: string;
let base: string;
let smtpPort: number;
let smtp: SmtpReceiver | undefined;
const processes: HelpdeskProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const url = database.database.url as string;
  audit = await openAudit(url);
  dataDir = mkdtempSync(join(tmpdir(), "helpdesk-smtp-"));
  // Nobody listens on this port until the test starts the SMTP server there.
  smtpPort = await freePort();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    JWT_SECRET: "s".repeat(40),
    AUTH_RATE_LIMIT: "100000",
    WRITE_RATE_LIMIT: "100000",
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    // Retries wait 1-2 s, then 2-4 s, 4-8 s, … (at most 15 minutes apart, 100 retries), instead
    // of starting at 5 s.
    JOB_RETRY_DELAY: "1s",
  };
  const server = startHelpdesk(["serve", "--no-worker"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
  processes.push(server, startHelpdesk(["worker"], env));
  await waitForServer(base, server);
});
afterAll(async () => {
  // Processes first: each holds a pooled SMTP connection, which the SMTP server waits for.
  for (const process of processes) await process.stop();
  await smtp?.stop();
  await audit?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("mail written while the SMTP server is down is delivered exactly once when it comes up", async () => {
  const { creator } = await signUpTeam(base);
  await fileTickets(base, creator.token, TICKETS);
  await audit.waitUntilRouted(TICKETS, 90_000);

  // Each ticket's assignment mail and each account's welcome mail, all still pending after
  // failed attempts.
  const accounts = Number((await audit.pool.query("select count(*) as n from users")).rows[0].n);
  const waiting = await waitFor(
    async () => {
      const mail = await audit.outbox();
      const retried = mail.every((row) => row.status === "pending" && row.attempts >= FAILED_ATTEMPTS);
      return mail.length === TICKETS + accounts && retried ? mail : undefined;
    },
    { timeoutMs: 60_000, what: `every mail to fail ${FAILED_ATTEMPTS} times while the SMTP server is down` },
  );
  const errors = await audit.pool.query("select distinct last_error from mail_outbox");
  expect(errors.rows.map((row) => row.last_error)).toEqual([expect.stringContaining("ECONNREFUSED")]);

  smtp = await startSmtpReceiver(smtpPort);
  const counts = await audit.expectExactlyOnce(TICKETS);
  const delivered = await audit.outbox();
  expect(delivered.filter((row) => row.status !== "sent")).toEqual([]);

  // The receiver got each mail once: its Message-ID is the outbox row's id on every attempt.
  const received = smtp.received.map((mail) => mail.messageId);
  const expected = delivered.map((row) => `<${row.id}@helpdesk>`);
  expect(received.sort()).toEqual(expected.sort());
  const duplicates = received.length - new Set(received).size;
  const mostAttempts = Math.max(...delivered.map((row) => row.attempts));
  console.log(
    `SMTP outage: ${describeCounts(counts)}; ${waiting.length} mails pending after ≥ ${FAILED_ATTEMPTS} failed attempts each, ` +
      `then ${received.length} received (${new Set(received).size} distinct Message-IDs, ${duplicates} duplicates), ` +
      `0 failed, at most ${mostAttempts} attempts for one mail`,
  );
});
