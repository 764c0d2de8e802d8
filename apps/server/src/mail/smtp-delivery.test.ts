import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../test/free-port.ts";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";
import { type ReceivedMail, startSmtpReceiver } from "../../test/smtp-receiver.ts";
import { waitFor } from "../../test/wait-for.ts";
import { slaTick } from "../jobs/definitions.ts";

const apps: TestApp[] = [];
const smtpServers: { stop(): Promise<void> }[] = [];
// Apps first: closing one closes its pooled SMTP connection, which an SMTP server waits for.
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const server of smtpServers.splice(0)) await server.stop();
});

async function appWithSmtp(port: number, env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp(
    { SMTP_URL: `smtp://127.0.0.1:${port}`, JOB_RETRY_DELAY: "1s", ...env },
    { worker: true },
  );
  apps.push(t);
  return t;
}

type OutboxMail = {
  _id: string;
  to: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
};
async function outbox(t: TestApp): Promise<OutboxMail[]> {
  return (await t.request(t.admin, { method: "GET", url: "/api/admin/mail?limit=500" })).json().mail;
}

describe("mail over SMTP", () => {
  it("a real SMTP server receives each kind of mail exactly once", async () => {
    const smtp = await startSmtpReceiver();
    smtpServers.push(smtp);
    // Every priority is due at once, so the SLA tick has a breach to report.
    const t = await appWithSmtp(smtp.port, {
      SLA_CRITICAL: "0s",
      SLA_HIGH: "0s",
      SLA_MEDIUM: "0s",
      SLA_LOW: "0s",
    });
    const moderator: Session = await t.signUp("moderator", { skills: ["PostgreSQL"] });
    const creator: Session = await t.signUp();

    const filed = (
      await t.request(creator, {
        method: "POST",
        url: "/api/tickets",
        payload: { title: "Postgres is down", description: "Our PostgreSQL server refuses connections." },
      })
    ).json().ticket;
    await waitFor(async () => {
      const ticket = (await t.request(t.admin, { method: "GET", url: `/api/tickets/${filed._id}` })).json()
        .ticket;
      return ticket.assignedTo?._id === moderator.user._id && ticket.dueAt;
    });
    await t.request(moderator, {
      method: "POST",
      url: `/api/tickets/${filed._id}/comments`,
      payload: { body: "Restarting the server now." },
    });
    await t.app.jobs.send(slaTick, {});
    await waitFor(async () => (await outbox(t)).some((mail) => mail.kind === "sla_breach"));
    await t.request(moderator, {
      method: "PUT",
      url: `/api/tickets/${filed._id}`,
      payload: { status: "RESOLVED", resolution: "Freed disk space and restarted PostgreSQL." },
    });

    const kinds = ["welcome", "assigned", "reply", "sla_breach", "status_changed"];
    const mail = await waitFor(
      async () => {
        const all = await outbox(t);
        const sent = all.filter((item) => item.status === "sent");
        return kinds.every((kind) => sent.some((item) => item.kind === kind)) && sent.length === all.length
          ? all
          : undefined;
      },
      { what: "every mail to be sent" },
    );
    expect(smtp.received).toHaveLength(mail.length);
    const ids = smtp.received.map((item) => item.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(mail.map((item) => `<${item._id}@helpdesk>`).sort());

    const subjects = smtp.received.map((item) => item.subject);
    expect(subjects).toContain("Welcome to Helpdesk");
    expect(subjects.some((subject) => subject.includes("Assigned to you: [#"))).toBe(true);
    expect(subjects.some((subject) => subject.startsWith("SLA breached"))).toBe(true);
    const resolved = smtp.received.find((item) => item.subject.startsWith("Resolved"));
    expect(resolved?.to).toBe(creator.email);
    expect(resolved?.text).toContain("Freed disk space and restarted PostgreSQL.");
  });

  it("with the SMTP server down, mail waits and is delivered exactly once when it returns", async () => {
    const port = await freePort();
    const t = await appWithSmtp(port);
    const session = await t.signUp();

    const failing = await waitFor(
      async () => (await outbox(t)).find((mail) => mail.to === session.email && mail.attempts >= 1),
      { what: "a failed delivery attempt" },
    );
    expect(failing.status).toBe("pending");
    expect(failing.lastError).toBeTruthy();

    const smtp = await startSmtpReceiver(port);
    smtpServers.push(smtp);
    const welcome = (mails: ReceivedMail[]) => mails.filter((mail) => mail.to === session.email);
    await waitFor(() => welcome(smtp.received).length > 0, { what: "the welcome mail", timeoutMs: 20_000 });
    const delivered = await waitFor(async () =>
      (await outbox(t)).find((mail) => mail._id === failing._id && mail.status === "sent"),
    );
    expect(delivered.lastError).toBeNull();
    expect(welcome(smtp.received)).toHaveLength(1);
    expect(welcome(smtp.received)[0]?.messageId).toBe(`<${failing._id}@helpdesk>`);
  });
});
