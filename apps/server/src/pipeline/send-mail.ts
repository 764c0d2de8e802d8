import { eq } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { tickets, users } from "../db/schema.ts";
import { type MailDraft, writeOutbox } from "../mail/outbox.ts";
import type { TicketDigest } from "../mail/templates.ts";
import type { JobSender } from "../queue/job-queue.ts";
import type { TicketRow } from "../tickets/visibility.ts";
import type { PipelineDeps } from "./deps.ts";
import { mailSend } from "./mail-send.ts";

/** Writes each mail to the outbox once (by its dedupe key) and, with it, the job that delivers it. */
export async function sendMails(deps: PipelineDeps, drafts: MailDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await deps.db.transaction((tx) => writeMails(tx, deps.jobs, drafts));
}

/** The same, inside the caller's transaction, so the mails commit with what caused them. */
export async function writeMails(tx: Executor, jobs: JobSender, drafts: MailDraft[]): Promise<void> {
  for (const draft of drafts) {
    const mailId = await writeOutbox(tx, draft);
    if (!mailId) continue;
    await jobs.send(mailSend, { mailId, ticketId: draft.ticketId ?? undefined }, { tx });
  }
}

export async function findTicket(db: Executor, ticketId: string): Promise<TicketRow | undefined> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  return ticket;
}

export async function findPerson(db: Executor, userId: string | null) {
  if (!userId) return undefined;
  const [person] = await db
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.id, userId));
  return person;
}

export async function listAdmins(db: Executor) {
  return db.select({ id: users.id, email: users.email }).from(users).where(eq(users.role, "admin"));
}

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
