import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Dovecot, dovecotMissing, dovecotRequired, startDovecot } from "./dovecot.ts";
import { createTestApp, type Session, type TestApp } from "./harness.ts";
import { type SmtpReceiver, startSmtpReceiver } from "./smtp-receiver.ts";
import { waitFor } from "./wait-for.ts";

const missing = dovecotMissing();
if (missing && !dovecotRequired) console.warn(`Skipping the IMAP tests: ${missing}`);

function mail(fields: { from: string; subject: string; id: string; text: string; extra?: string[] }): string {
  return [
    `From: ${fields.from}`,
    "To: Support <support@example.com>",
    `Subject: ${fields.subject}`,
    `Message-ID: ${fields.id}`,
    "Date: Wed, 2 Dec 2026 10:00:00 +0000",
    ...(fields.extra ?? []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    fields.text,
    "",
  ].join("\r\n");
}

describe.skipIf(Boolean(missing) && !dovecotRequired)("mail in from an IMAP mailbox (dovecot)", () => {
  let dovecot: Dovecot;
  let outbound: SmtpReceiver;
  let t: TestApp;
  let moderator: Session;

  beforeAll(async () => {
    if (missing) throw new Error(`${missing}: CI must run the IMAP tests`);
    dovecot = await startDovecot();
    outbound = await startSmtpReceiver();
    t = await createTestApp(
      {
        SMTP_URL: `smtp://127.0.0.1:${outbound.port}`,
        MAIL_FROM: "Helpdesk <helpdesk@example.com>",
        MAIL_REPLY_TO: "Support <support@example.com>",
        IMAP_URL: dovecot.url,
        IMAP_PROCESSED_FOLDER: "Processed",
      },
      { worker: true },
    );
    moderator = await t.signUp("moderator", { skills: ["PostgreSQL", "Database"] });
  });
  afterAll(async () => {
    await t?.close();
    await outbound?.stop();
    await dovecot?.remove();
  });

  const ticketOf = async (title: string) => {
    const list = await t.request(t.admin, { method: "GET", url: "/api/tickets?limit=100" });
    return list.json().tickets.find((ticket: { title: string }) => ticket.title === title);
  };

  it("a mail delivered to the mailbox becomes a triaged, assigned ticket, and is moved out of the inbox", async () => {
    const startedAt = performance.now();
    await dovecot.append(
      mail({
        from: "Pat <pat@example.com>",
        subject: "PostgreSQL replica lagging",
        id: "<imap-1@mail.example.com>",
        text: "Our Postgres replica is hours behind the primary database.",
      }),
    );
    const ticket = await waitFor(
      async () => {
        const found = await ticketOf("PostgreSQL replica lagging");
        return found?.assignedTo && found.triage ? found : undefined;
      },
      { what: "the ticket to be triaged and assigned", timeoutMs: 20_000 },
    );
    console.log(`IMAP: append to triaged and assigned: ${Math.round(performance.now() - startedAt)} ms`);
    expect(ticket).toMatchObject({
      requester: { email: "pat@example.com" },
      assignedTo: { _id: moderator.user._id },
    });
    await waitFor(async () => (await dovecot.count("Processed")).messages === 1, {
      what: "the mail to be moved",
    });
    expect(await dovecot.count("INBOX")).toEqual({ messages: 0, unseen: 0 });

    // The round trip: the assignee answers on the web, the requester answers that mail by mail.
    await t.request(moderator, {
      method: "POST",
      url: `/api/tickets/${ticket._id}/comments`,
      payload: { body: "Which PostgreSQL version does the replica run?" },
    });
    const ours = await waitFor(() => outbound.received.find((m) => m.to.includes("pat@example.com")));
    expect(ours.subject).toContain(`[#${ticket.number}]`);
    await dovecot.append(
      mail({
        from: "pat@example.com",
        subject: `Re: ${ours.subject}`,
        id: "<imap-2@mail.example.com>",
        text: `Version 16.\n\nOn Wed, Dec 2, 2026, Support wrote:\n> Which PostgreSQL version does the replica run?`,
        extra: [`In-Reply-To: ${ours.messageId}`, `References: <imap-1@mail.example.com> ${ours.messageId}`],
      }),
    );
    const comments = await waitFor(async () => {
      const list = (
        await t.request(t.admin, { method: "GET", url: `/api/tickets/${ticket._id}/comments` })
      ).json().comments;
      return list.length === 2 ? list : undefined;
    });
    expect(comments[1]).toMatchObject({ author: { email: "pat@example.com" }, body: "Version 16." });
  });

  it("the same message delivered twice (IMAP redelivery) is ingested once", async () => {
    const twice = mail({
      from: "quinn@example.com",
      subject: "Docker build fails",
      id: "<imap-3@mail.example.com>",
      text: "Our Docker image build fails on the CI server.",
    });
    await dovecot.append(twice);
    await dovecot.append(twice);
    await waitFor(async () => (await dovecot.count("Processed")).messages === 4, {
      what: "both copies to be moved",
    });
    const log = (await t.request(t.admin, { method: "GET", url: "/api/admin/inbound" })).json().messages;
    const rows = log.filter((row: { messageId: string }) => row.messageId === "<imap-3@mail.example.com>");
    expect(rows).toHaveLength(1);
    await waitFor(async () => (await ticketOf("Docker build fails")) ?? undefined);
    const list = (await t.request(t.admin, { method: "GET", url: "/api/tickets?limit=100" })).json().tickets;
    expect(list.filter((item: { title: string }) => item.title === "Docker build fails")).toHaveLength(1);
    console.log(`IMAP duplicate guard: 2 deliveries, ${rows.length} ingested`);
  });
});
