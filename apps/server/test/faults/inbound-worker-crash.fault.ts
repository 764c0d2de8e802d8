import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { updateUser } from "../../src/users/service.ts";
import { type Dovecot, dovecotMissing, dovecotRequired, startDovecot } from "../dovecot.ts";
import { createTestApp, type TestApp } from "../harness.ts";
import { waitFor } from "../wait-for.ts";
import { describeCounts, openAudit, TEAM, ticketBody } from "./exactly-once.ts";
import { type HelpdeskProcess, startHelpdesk } from "./processes.ts";

const MESSAGES = 100;
const missing = dovecotMissing();
if (missing && !dovecotRequired) console.warn(`Skipping the inbound worker crash test: ${missing}`);

let t: TestApp;
let dovecot: Dovecot;
let audit: Awaited<ReturnType<typeof openAudit>>;
let dataDir: string;
const workers: HelpdeskProcess[] = [];

beforeAll(async () => {
  if (missing) throw new Error(`${missing}: CI must run the IMAP tests`);
  t = await createTestApp({}, { worker: false });
  audit = await openAudit(t.database.url as string);
  dovecot = await startDovecot();
  dataDir = mkdtempSync(join(tmpdir(), "helpdesk-inbound-worker-"));
  for (const skills of TEAM) {
    const moderator = await t.signUp("moderator", { skills });
    await updateUser(t.database.db, moderator.user._id, { capacity: 1000 }, t.app.jobs);
  }
});
afterAll(async () => {
  for (const worker of workers) await worker.stop("SIGKILL");
  await audit?.close();
  await t?.close();
  await dovecot?.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

function startWorker(): HelpdeskProcess {
  const worker = startHelpdesk(["worker"], {
    DATABASE_URL: t.database.url as string,
    DATA_DIR: dataDir,
    JWT_SECRET: "x".repeat(40),
    IMAP_URL: dovecot.url,
    MAIL_REPLY_TO: "support@example.com",
  });
  workers.push(worker);
  return worker;
}

const count = async (query: string) => Number((await audit.pool.query(query)).rows[0]?.n ?? 0);

it.skipIf(Boolean(missing) && !dovecotRequired)(
  "a worker killed while ingesting 100 mails: once restarted, each mail is ticketed exactly once",
  async () => {
    for (let index = 0; index < MESSAGES; index++) {
      const { title, description } = ticketBody(index);
      await dovecot.append(
        `From: person-${index}@example.com\r\nTo: support@example.com\r\nSubject: ${title}\r\nMessage-ID: <crash-${index}@mail.example.com>\r\n\r\n${description}\r\n`,
      );
    }
    const first = startWorker();
    const recordedAtKill = await waitFor(
      async () => {
        const recorded = await count("select count(*) as n from inbound_messages");
        return recorded >= 20 ? recorded : undefined;
      },
      { timeoutMs: 90_000, what: "the first worker to take in some mail" },
    );
    first.child.kill("SIGKILL");
    await first.exited;
    expect(recordedAtKill).toBeLessThan(MESSAGES);

    startWorker();
    await waitFor(
      async () =>
        (await count("select count(*) as n from inbound_messages where outcome = 'ticketed'")) === MESSAGES,
      { timeoutMs: 180_000, what: `all ${MESSAGES} mails to be ticketed` },
    );
    expect(await count("select count(*) as n from inbound_messages")).toBe(MESSAGES);
    expect(await count("select count(distinct ticket_id) as n from inbound_messages")).toBe(MESSAGES);
    expect(await count("select count(*) as n from ticket_comments")).toBe(0);
    await audit.waitUntilRouted(MESSAGES, 120_000);
    const counts = await audit.expectExactlyOnce(MESSAGES);
    expect(await dovecot.count("INBOX")).toEqual({ messages: MESSAGES, unseen: 0 });
    console.log(
      `inbound worker killed at ${recordedAtKill} of ${MESSAGES} mails recorded: ${describeCounts(counts)}`,
    );
  },
);
