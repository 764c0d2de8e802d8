import type { MailDraft } from "../mail/outbox.ts";
import { queueMails } from "../mail/outbox.ts";
import type { TicketDigest } from "../mail/templates.ts";
import type { TicketRow } from "../tickets/visibility.ts";
import type { PipelineDeps } from "./deps.ts";

/** Writes each mail to the outbox once, with the job that delivers it, in one transaction. */
export async function sendMails(deps: PipelineDeps, drafts: MailDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await deps.db.transaction((tx) => queueMails(tx, deps.jobs, drafts));
}

/** What a mail tells of a ticket. */
export function digestOf(ticket: TicketRow): TicketDigest {
  return {
    id: ticket.id,
    number: ticket.number,
    title: ticket.title,
    priority: ticket.priority,
    summary: ticket.summary,
    helpfulNotes: ticket.helpfulNotes,
    relatedSkills: ticket.relatedSkills,
    status: ticket.status,
    resolution: ticket.resolution,
  };
}
