import { createTransport, type SendMailOptions } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./free-port.ts";
import { createTestApp, type Session, type TestApp } from "./harness.ts";
import { type SmtpReceiver, startSmtpReceiver } from "./smtp-receiver.ts";
import { waitFor } from "./wait-for.ts";

const SUPPORT = "support@example.com";

let t: TestApp;
let outbound: SmtpReceiver;
let moderator: Session;
let inboundPort: number;
const counts = { sent: 0, ticketed: 0, appended: 0, ignored: 0, held: 0, duplicates: 0 };

beforeAll(async () => {
  outbound = await startSmtpReceiver();
  inboundPort = await freePort();
  t = await createTestApp(
    {
      SMTP_URL: `smtp://127.0.0.1:${outbound.port}`,
      MAIL_FROM: "Helpdesk <helpdesk@example.com>",
      MAIL_REPLY_TO: `Support <${SUPPORT}>`,
      SMTP_INBOUND_PORT: String(inboundPort),
      SMTP_INBOUND_HOST: "127.0.0.1",
    },
    { worker: true },
  );
  moderator = await t.signUp("moderator", { skills: ["Networking", "VPN"] });
});
afterAll(async () => {
  console.log(`SMTP listener: ${JSON.stringify(counts)}`);
  await t?.close();
  await outbound?.stop();
});

/** Sends a mail to the built-in SMTP listener as a mail server forwarding support@ would. */
async function mailIn(message: SendMailOptions): Promise<void> {
  const transport = createTransport({ host: "127.0.0.1", port: inboundPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ to: SUPPORT, ...message });
    counts.sent++;
  } finally {
    transport.close();
  }
}

type Logged = {
  _id: string;
  messageId: string;
  outcome: string;
  reason: string | null;
  ticketId: string | null;
};

async function inboundLog(): Promise<Logged[]> {
  const reply = await t.request(t.admin, { method: "GET", url: "/api/admin/inbound?limit=200" });
  expect(reply.statusCode).toBe(200);
  return reply.json().messages;
}

/** Waits until the worker has filed the mail with this Message-ID; its row of the inbound log. */
async function filed(messageId: string): Promise<Logged> {
  const row = await waitFor(
    async () => (await inboundLog()).find((row) => row.messageId === messageId && row.outcome !== "received"),
    { what: `${messageId} to be filed`, timeoutMs: 20_000 },
  );
  counts[row.outcome as "ticketed"]++;
  return row;
}

async function ticket(id: string) {
  return (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}` })).json().ticket;
}

async function comments(id: string) {
  return (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}/comments` })).json().comments;
}

const mailsTo = (address: string) => outbound.received.filter((mail) => mail.to.includes(address));

describe("mail in through the built-in SMTP listener", () => {
  let ticketId: string;
  let number: number;

  it("a mail to the support address becomes its sender's ticket, triaged, assigned, and the assignee is mailed", async () => {
    const startedAt = performance.now();
    await mailIn({
      from: "Ann Example <ann@example.com>",
      cc: "Bob Boss <bob@example.com>",
      subject: "VPN drops every few minutes",
      text: "Hello,\n\nThe VPN disconnects every few minutes since this morning.\n\nAnn",
      messageId: "<first-1@mail.example.com>",
    });
    const row = await filed("<first-1@mail.example.com>");
    expect(row.outcome).toBe("ticketed");
    ticketId = row.ticketId as string;
    const assigned = await waitFor(async () => {
      const current = await ticket(ticketId);
      return current.assignedTo && current.triage ? current : undefined;
    });
    console.log(`arrival to triaged and assigned: ${Math.round(performance.now() - startedAt)} ms`);
    number = assigned.number;
    expect(assigned).toMatchObject({
      title: "VPN drops every few minutes",
      requester: { email: "ann@example.com" },
      assignedTo: { _id: moderator.user._id },
    });
    expect(assigned.description).toContain("The VPN disconnects every few minutes");

    const mail = await waitFor(() =>
      mailsTo(moderator.email).find((m) => m.subject.includes(`[#${number}]`)),
    );
    expect(mail.subject).toContain(`Assigned to you: [#${number}] VPN drops every few minutes`);
    expect(mail.replyTo).toContain(SUPPORT);
    expect(mail.references).toContain("<first-1@mail.example.com>");
    expect(mail.html).toContain("<!doctype html>");
    expect(mail.text).toContain("A ticket was assigned to you.");
  });

  it("the requester's contact account has no password: it cannot sign in", async () => {
    for (const password of ["", "a-good-password", "null"]) {
      const reply = await t.request(null, {
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "ann@example.com", password: password || "x" },
      });
      expect(reply.statusCode).toBe(401);
    }
  });

  it("a public reply from the web app mails the requester and the Cc'd follower, threaded under the first mail", async () => {
    const reply = await t.request(moderator, {
      method: "POST",
      url: `/api/tickets/${ticketId}/comments`,
      payload: { body: "Please restart the **router** and tell us if it helps." },
    });
    expect(reply.statusCode).toBe(201);
    for (const person of ["ann@example.com", "bob@example.com"]) {
      const mail = await waitFor(() => mailsTo(person).find((m) => m.subject.startsWith("New reply")));
      expect(mail.subject).toBe(`New reply on [#${number}] VPN drops every few minutes`);
      expect(mail.inReplyTo).toBe("<first-1@mail.example.com>");
      expect(mail.references).toEqual(["<first-1@mail.example.com>"]);
      expect(mail.replyTo).toContain(SUPPORT);
      expect(mail.text).toContain("Please restart the **router**");
      expect(mail.html).toContain("Please restart the **router**");
    }
  });

  it("the requester's answer by mail lands on the ticket as her public comment, without the quoted history", async () => {
    const ours = mailsTo("ann@example.com").find((m) => m.subject.startsWith("New reply"));
    await mailIn({
      from: "Ann Example <ann@example.com>",
      subject: `Re: New reply on [#${number}] VPN drops every few minutes`,
      text: "Restarting the router fixed it, thank you!\n\nOn Tue, Dec 1, 2026 at 10:00 AM Support <support@example.com> wrote:\n> Please restart the router and tell us if it helps.\n",
      messageId: "<answer-2@mail.example.com>",
      inReplyTo: ours?.messageId,
      references: ["<first-1@mail.example.com>", ours?.messageId ?? ""],
    });
    const row = await filed("<answer-2@mail.example.com>");
    expect(row).toMatchObject({ outcome: "appended", ticketId });
    expect(row.reason).toContain("In-Reply-To/References");
    const last = (await comments(ticketId)).at(-1);
    expect(last).toMatchObject({
      author: { email: "ann@example.com" },
      body: "Restarting the router fixed it, thank you!",
      internal: false,
    });
    const toAssignee = await waitFor(() =>
      mailsTo(moderator.email).find((m) => m.text.includes("Restarting the router fixed it")),
    );
    expect(toAssignee.inReplyTo).toBe("<answer-2@mail.example.com>");
  });

  it("a Cc'd follower's reply is added; a stranger's reply to the ticket is held for staff", async () => {
    await mailIn({
      from: "bob@example.com",
      subject: `Re: [#${number}] VPN`,
      text: "Same problem on my laptop.",
      messageId: "<bob-3@mail.example.com>",
    });
    expect(await filed("<bob-3@mail.example.com>")).toMatchObject({ outcome: "appended", ticketId });
    await mailIn({
      from: "mallory@elsewhere.example",
      subject: `Re: [#${number}] VPN`,
      text: "Let me in on this ticket.",
      messageId: "<stranger-4@elsewhere.example>",
    });
    const held = await filed("<stranger-4@elsewhere.example>");
    expect(held.outcome).toBe("held");
    expect(held.reason).toMatch(/mallory@elsewhere\.example is neither the requester/);
    expect((await comments(ticketId)).map((comment: { body: string }) => comment.body)).not.toContain(
      "Let me in on this ticket.",
    );
    const raw = await t.request(t.admin, { method: "GET", url: `/api/admin/inbound/${held._id}/raw` });
    expect(raw.statusCode).toBe(200);
    expect(raw.body).toContain("Let me in on this ticket.");
    const asModerator = await t.request(moderator, { method: "GET", url: "/api/admin/inbound" });
    expect(asModerator.statusCode).toBe(403);
  });

  it("a reply by mail to a resolved ticket reopens it", async () => {
    const resolved = await t.request(moderator, {
      method: "PUT",
      url: `/api/tickets/${ticketId}`,
      payload: { status: "RESOLVED", resolution: "Router restarted." },
    });
    expect(resolved.json().ticket.status).toBe("RESOLVED");
    await mailIn({
      from: "ann@example.com",
      subject: `Re: Resolved: [#${number}] VPN drops every few minutes`,
      text: "It is dropping again.",
      messageId: "<again-5@mail.example.com>",
    });
    expect(await filed("<again-5@mail.example.com>")).toMatchObject({ outcome: "appended" });
    expect((await ticket(ticketId)).status).toBe("IN_PROGRESS");
  });

  it("the same Message-ID delivered twice makes one ticket", async () => {
    const message = {
      from: "carol@example.com",
      subject: "Printer jams on floor 2",
      text: "The printer jams on every page.",
      messageId: "<twice-6@mail.example.com>",
    };
    await mailIn(message);
    await mailIn(message);
    counts.duplicates++;
    await filed("<twice-6@mail.example.com>");
    const rows = (await inboundLog()).filter((row) => row.messageId === "<twice-6@mail.example.com>");
    expect(rows).toHaveLength(1);
    const list = await t.request(t.admin, { method: "GET", url: "/api/tickets?q=carol@example.com" });
    expect(
      list.json().tickets.filter((item: { title: string }) => item.title === message.subject),
    ).toHaveLength(1);
  });

  it("an auto-reply, a bounce and list mail make no ticket and get no mail back", async () => {
    await mailIn({
      from: "dave@example.com",
      subject: "Automatic reply: VPN",
      text: "I am out of the office until Monday.",
      messageId: "<oof-7@mail.example.com>",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    await mailIn({
      from: "MAILER-DAEMON@mx.example.com",
      subject: "Undelivered Mail Returned to Sender",
      text: "Your message could not be delivered.",
      messageId: "<bounce-8@mx.example.com>",
    });
    await mailIn({
      from: "news@vendor.example.com",
      subject: "December news",
      text: "New features.",
      messageId: "<news-9@vendor.example.com>",
      headers: { "List-Id": "<news.vendor.example.com>", Precedence: "bulk" },
    });
    await mailIn({
      from: "helpdesk@example.com",
      subject: "[#1] our own mail came back",
      text: "loop",
      messageId: "<loop-10@mail.example.com>",
    });
    for (const [id, reason] of [
      ["<oof-7@mail.example.com>", /Auto-Submitted/],
      ["<bounce-8@mx.example.com>", /mailer-daemon/],
      ["<news-9@vendor.example.com>", /Precedence: bulk/],
      ["<loop-10@mail.example.com>", /own address/],
    ] as const) {
      const row = await filed(id);
      expect(row).toMatchObject({ outcome: "ignored", ticketId: null });
      expect(row.reason).toMatch(reason);
    }
    const outbox = (await t.request(t.admin, { method: "GET", url: "/api/admin/mail?limit=500" })).json()
      .mail;
    const answered = ["dave@example.com", "mailer-daemon@mx.example.com", "news@vendor.example.com"];
    expect(outbox.filter((mail: { to: string }) => answered.includes(mail.to.toLowerCase()))).toEqual([]);
  });

  it("refuses mail for another domain: the listener is no open door", async () => {
    await expect(
      mailIn({ from: "eve@example.com", to: "someone@other.example", subject: "x", text: "x" }),
    ).rejects.toThrow(/550/);
  });
});

describe("replies from the web app", () => {
  it("the requester's reply to a resolved ticket reopens it; staff's does not", async () => {
    const creator = await t.signUp();
    const filedTicket = await t.fileTicket(creator, "Monitor flickers", "The monitor flickers.");
    await waitFor(async () => (await ticket(filedTicket._id)).assignedTo ?? undefined);
    const resolve = () =>
      t.request(moderator, {
        method: "PUT",
        url: `/api/tickets/${filedTicket._id}`,
        payload: { status: "RESOLVED" },
      });
    expect((await resolve()).statusCode).toBe(200);
    await t.request(moderator, {
      method: "POST",
      url: `/api/tickets/${filedTicket._id}/comments`,
      payload: { body: "Closing note from staff." },
    });
    expect((await ticket(filedTicket._id)).status).toBe("RESOLVED");
    await t.request(creator, {
      method: "POST",
      url: `/api/tickets/${filedTicket._id}/comments`,
      payload: { body: "It still flickers." },
    });
    expect((await ticket(filedTicket._id)).status).toBe("IN_PROGRESS");
    const events = (
      await t.request(t.admin, { method: "GET", url: `/api/tickets/${filedTicket._id}/events` })
    ).json().events;
    expect(events.at(-1)).toMatchObject({
      kind: "status_changed",
      data: { from: "RESOLVED", to: "IN_PROGRESS" },
    });
  });
});
