import type { InboundMail } from "./parse.ts";

/** Whether a mail may open or join a ticket; what is not is recorded with the reason and never answered. */
export type Classification = { ticketable: true } | { ticketable: false; reason: string };

const BULK_PRECEDENCE = new Set(["bulk", "junk", "list", "auto_reply"]);
const SYSTEM_SENDERS = new Set(["mailer-daemon", "postmaster"]);

/**
 * Tells auto-replies, bounces, mailing-list traffic and our own mail from mail a person wrote, by the
 * headers RFC 3834 and the big mail systems set. Answering any of these could start a mail loop.
 * `ownAddresses` are the help desk's own (MAIL_FROM, the support address).
 */
export function classifyMail(
  mail: Pick<InboundMail, "from" | "headers" | "contentType" | "messageId">,
  ownAddresses: string[],
): Classification {
  const header = (name: string) => mail.headers.get(name)?.[0]?.trim() ?? "";
  const ignored = (reason: string): Classification => ({ ticketable: false, reason });

  const from = mail.from?.address;
  if (from && ownAddresses.some((own) => own.toLowerCase() === from)) {
    return ignored(`sent from the help desk's own address ${from} (a loop)`);
  }
  if (/@helpdesk>$/.test(mail.messageId)) return ignored("one of the help desk's own mails (a loop)");
  if (mail.contentType === "multipart/report") {
    return ignored("a delivery or read report (multipart/report), not a message");
  }
  const localPart = from?.split("@")[0] ?? "";
  if (SYSTEM_SENDERS.has(localPart)) return ignored(`from ${localPart}: a bounce or a mail system's notice`);
  if (header("return-path") === "<>") return ignored("sent with an empty return path: a bounce");

  const autoSubmitted = header("auto-submitted").toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith("no")) {
    return ignored(`Auto-Submitted: ${autoSubmitted} (an automatic message)`);
  }
  const suppress = header("x-auto-response-suppress");
  if (/\b(all|oof|autoreply)\b/i.test(suppress)) {
    return ignored(`X-Auto-Response-Suppress: ${suppress} (an automatic message)`);
  }
  if (mail.headers.has("x-autoreply") || mail.headers.has("x-autorespond")) {
    return ignored("marked as an auto-reply (X-Autoreply)");
  }
  const precedence = header("precedence").toLowerCase();
  if (BULK_PRECEDENCE.has(precedence)) return ignored(`Precedence: ${precedence} (bulk or list mail)`);
  if (mail.headers.has("list-id") || mail.headers.has("list-unsubscribe")) {
    return ignored("mailing-list traffic (List-Id or List-Unsubscribe)");
  }
  if (!from) return ignored("no sender address");
  return { ticketable: true };
}
