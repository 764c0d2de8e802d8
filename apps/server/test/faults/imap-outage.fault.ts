import { afterAll, beforeAll, expect, it } from "vitest";
import { type Dovecot, dovecotMissing, dovecotRequired, startDovecot } from "../dovecot.ts";
import { createTestApp, type TestApp } from "../harness.ts";
import { waitFor } from "../wait-for.ts";

const missing = dovecotMissing();
if (missing && !dovecotRequired) console.warn(`Skipping the IMAP outage test: ${missing}`);

let dovecot: Dovecot;
let t: TestApp;

beforeAll(async () => {
  if (missing) throw new Error(`${missing}: CI must run the IMAP tests`);
  dovecot = await startDovecot();
  t = await createTestApp({ IMAP_URL: dovecot.url, MAIL_REPLY_TO: "support@example.com" }, { worker: true });
});
afterAll(async () => {
  await t?.close();
  await dovecot?.remove();
});

const message = (index: number) =>
  `From: sender-${index}@example.com\r\nTo: support@example.com\r\nSubject: Outage ${index}\r\nMessage-ID: <outage-${index}@mail.example.com>\r\n\r\nThe VPN is down (${index}).\r\n`;

async function ticketed(): Promise<string[]> {
  const log = (await t.request(t.admin, { method: "GET", url: "/api/admin/inbound?limit=200" })).json()
    .messages;
  return log
    .filter((row: { outcome: string }) => row.outcome === "ticketed")
    .map((row: { messageId: string }) => row.messageId);
}

it.skipIf(Boolean(missing) && !dovecotRequired)(
  "the IMAP server stopped and started again: mail that arrives afterwards is still ingested, once",
  async () => {
    await dovecot.append(message(1));
    await waitFor(async () => (await ticketed()).length === 1, { what: "the first mail", timeoutMs: 20_000 });

    await dovecot.stop();
    const downAt = performance.now();
    await dovecot.start();
    for (const index of [2, 3, 4]) await dovecot.append(message(index));
    await waitFor(async () => (await ticketed()).length === 4, {
      what: "the mail after the restart",
      timeoutMs: 90_000,
    });
    console.log(
      `IMAP restart: mail after it ingested ${Math.round(performance.now() - downAt)} ms after the stop`,
    );
    expect((await ticketed()).sort()).toEqual(
      [1, 2, 3, 4].map((index) => `<outage-${index}@mail.example.com>`),
    );
    expect(await dovecot.count("INBOX")).toEqual({ messages: 4, unseen: 0 });
    const list = (await t.request(t.admin, { method: "GET", url: "/api/tickets?limit=100" })).json().tickets;
    expect(list).toHaveLength(4);
  },
);
