import type { Executor } from "../db/client.ts";
import { listTicketMessageIds } from "./inbound/store.ts";

/** The threading headers of a mail about a ticket: the conversation it continues. */
export type MailThread = { inReplyTo: string; references: string[] };

/** How many Message-IDs a References header carries: the thread's first and its latest. */
const MAX_REFERENCES = 10;

/** The Message-ID a ticket's thread hangs from when no mail opened it (a ticket filed on the web). */
export function ticketRootMessageId(ticketId: string): string {
  return `<ticket-${ticketId}@helpdesk>`;
}

/**
 * Threading headers over the mails a ticket came with, oldest first: References name the first
 * (the thread's root) and the latest, In-Reply-To the latest, so any client files the mail under it.
 */
export function threadHeaders(ticketId: string, messageIds: string[]): MailThread {
  const [root = ticketRootMessageId(ticketId), ...later] = messageIds;
  const references = [root, ...later.slice(-(MAX_REFERENCES - 1))];
  return { inReplyTo: references.at(-1) ?? root, references };
}

/** The thread a new mail about this ticket continues. */
export async function ticketThread(db: Executor, ticketId: string): Promise<MailThread> {
  return threadHeaders(ticketId, await listTicketMessageIds(db, ticketId));
}
