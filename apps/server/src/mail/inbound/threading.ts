import type { InboundMail } from "./parse.ts";

/** What may tie a mail to a ticket, strongest first: our Message-IDs it answers, then a ticket number. */
export type ThreadKeys = {
  /** In-Reply-To, then References from the latest back: the message it answers comes first. */
  messageIds: string[];
  /** A ticket named by the root Message-ID our mails about a web ticket carry. */
  ticketId: string | undefined;
  /** `[#123]` in the subject, else `support+123@` among the recipients. */
  ticketNumber: { number: number; from: "subject" | "address" } | undefined;
};

const ROOT_ID = /^<ticket-([0-9a-f-]{36})@helpdesk>$/i;

/** `supportAddress` is the address replies go to (MAIL_REPLY_TO), whose plus addresses name tickets. */
export function threadKeysOf(
  mail: Pick<InboundMail, "inReplyTo" | "references" | "subject" | "to" | "cc" | "headers">,
  supportAddress: string,
): ThreadKeys {
  const messageIds = [...new Set([...mail.inReplyTo, ...[...mail.references].reverse()])];
  const ticketId = messageIds.map((id) => ROOT_ID.exec(id)?.[1]).find(Boolean);
  const inSubject = /\[#(\d{1,9})\]/.exec(mail.subject)?.[1];
  const inAddress = plusNumber(
    [
      ...mail.to.map((to) => to.address),
      ...mail.cc.map((cc) => cc.address),
      ...(mail.headers.get("delivered-to") ?? []),
      ...(mail.headers.get("x-original-to") ?? []),
    ],
    supportAddress,
  );
  const ticketNumber = inSubject
    ? { number: Number(inSubject), from: "subject" as const }
    : inAddress
      ? { number: inAddress, from: "address" as const }
      : undefined;
  return { messageIds, ticketId: ticketId?.toLowerCase(), ticketNumber };
}

/** The ticket number in `support+123@domain` when the support address is `support@domain`. */
function plusNumber(recipients: string[], supportAddress: string): number | undefined {
  const [local, domain] = supportAddress.toLowerCase().split("@");
  if (!local || !domain) return undefined;
  for (const recipient of recipients) {
    const match = /^([^+@\s<]+)\+(\d{1,9})@([^>\s]+)/.exec(recipient.trim().toLowerCase());
    if (match && match[1] === local && match[3] === domain) return Number(match[2]);
  }
  return undefined;
}

/** The bare address inside "Name <address>", lower case. */
export function addressOf(mailbox: string): string {
  return (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
}
