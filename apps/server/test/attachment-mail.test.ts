import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";
import { type ReceivedMail, type SmtpReceiver, startSmtpReceiver } from "./smtp-receiver.ts";
import { waitFor } from "./wait-for.ts";

/** A public reply's files travel with its mail, over a real SMTP server, within the mail size cap. */

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2e5d5d90000000049454e44ae426082",
  "hex",
);

const opened: { t: TestApp; smtp: SmtpReceiver }[] = [];
// The app first: closing it closes its pooled SMTP connection, which the SMTP server waits for.
afterEach(async () => {
  for (const { t, smtp } of opened.splice(0)) {
    await t.close();
    await smtp.stop();
  }
});

async function start(env: Record<string, string> = {}) {
  const smtp = await startSmtpReceiver();
  const t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ...env }, { worker: true });
  opened.push({ t, smtp });
  return { t, smtp };
}

async function replyWithFiles(
  t: TestApp,
  session: Session,
  ticketId: string,
  files: { name: string; bytes: Buffer }[],
) {
  const body = new FormData();
  body.append("body", "Here is what I found");
  for (const file of files) body.append("files", new Blob([file.bytes]), file.name);
  const reply = await t.request(session, {
    method: "POST",
    url: `/api/tickets/${ticketId}/comments`,
    payload: body,
  });
  expect(reply.statusCode).toBe(201);
}

const replyMailTo = (smtp: SmtpReceiver, to: string) => () =>
  smtp.received.find((mail: ReceivedMail) => mail.to === to && mail.subject.startsWith("New reply"));

describe("mail of a reply with files", () => {
  it("carries the files, byte for byte, and the mailbox lists them", async () => {
    const { t, smtp } = await start();
    const requester = await t.signUp();
    const moderator = await t.signUp("moderator");
    const ticket = await t.fileTicket(requester, "Printer offline", "Since this morning");
    await replyWithFiles(t, moderator, ticket._id, [
      { name: "settings.png", bytes: PNG },
      { name: "steps.txt", bytes: Buffer.from("1. Restart\n") },
    ]);

    const mail = await waitFor(replyMailTo(smtp, requester.email), { what: "the reply mail" });
    expect(mail.attachments.map((file) => [file.filename, file.contentType])).toEqual([
      ["settings.png", "image/png"],
      ["steps.txt", "text/plain"],
    ]);
    expect(mail.attachments[0]?.content.equals(PNG)).toBe(true);
    expect(mail.text).toContain("Attached:\nsettings.png, steps.txt");

    const mailbox = (await t.request(t.admin, { method: "GET", url: "/api/admin/mail" })).json().mail;
    const row = mailbox.find(
      (item: { to: string; kind: string }) => item.to === requester.email && item.kind === "reply",
    );
    expect(row.attachments).toEqual([
      { _id: expect.any(String), name: "settings.png", type: "image/png", size: PNG.length },
      { _id: expect.any(String), name: "steps.txt", type: "text/plain", size: 11 },
    ]);
  });

  it("past the cap, carries none and points to the ticket instead", async () => {
    const { t, smtp } = await start({ MAIL_ATTACHMENTS_MAX: "1KB" });
    const requester = await t.signUp();
    const moderator = await t.signUp("moderator");
    const ticket = await t.fileTicket(requester, "Disk full", "No space left");
    await replyWithFiles(t, moderator, ticket._id, [{ name: "big.log", bytes: Buffer.alloc(1500, "x") }]);

    const mail = await waitFor(replyMailTo(smtp, requester.email), { what: "the reply mail" });
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain("big.log (too large for mail: open the ticket to download them)");
    expect(mail.text).toContain(`/tickets/${ticket._id}`);
  });
});
