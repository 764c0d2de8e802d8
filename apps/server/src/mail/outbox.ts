import { randomUUID } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { mailOutbox } from "../db/schema.ts";
import { mailSend } from "../jobs/definitions.ts";
import type { JobSender } from "../queue/job-queue.ts";
import type { MailAttachment, Mailer } from "./mailer.ts";
import type { RenderedMail } from "./templates.ts";
import { type MailThread, ticketThread } from "./thread.ts";

export type MailKind = "welcome" | "assigned" | "unassigned" | "status_changed" | "reply" | "sla_breach";

export type MailDraft = RenderedMail & {
  to: string;
  kind: MailKind;
  /** One mail per event and recipient: a second draft with the same key is dropped. */
  dedupeKey: string;
  ticketId?: string | null;
  /** The conversation a mail about a ticket continues (mail/thread.ts). */
  thread?: MailThread;
  /** Files the mail carries, read when it is delivered. */
  attachmentIds?: string[];
};

export type OutboxRow = typeof mailOutbox.$inferSelect;

/**
 * Writes each mail to the outbox once (by its dedupe key) and, with it, the job that delivers it,
 * in the caller's transaction, so the mails commit with what caused them.
 */
export async function queueMails(tx: Executor, jobs: JobSender, drafts: MailDraft[]): Promise<void> {
  for (const draft of drafts) {
    const thread = draft.thread ?? (draft.ticketId ? await ticketThread(tx, draft.ticketId) : undefined);
    const mailId = await writeOutbox(tx, { ...draft, thread });
    if (mailId) await jobs.send(mailSend, { mailId, ticketId: draft.ticketId ?? undefined }, { tx });
  }
}

/** Writes the mail once; returns its id when this call wrote it, null when it was already there. */
export async function writeOutbox(db: Executor, draft: MailDraft): Promise<string | null> {
  const id = randomUUID();
  const [row] = await db
    .insert(mailOutbox)
    .values({
      id,
      // The same id on every attempt, so a receiver can tell a resend from a new mail.
      messageId: `<${id}@helpdesk>`,
      inReplyTo: draft.thread?.inReplyTo ?? null,
      references: draft.thread?.references.join(" ") || null,
      to: draft.to,
      subject: draft.subject,
      text: draft.text,
      html: draft.html,
      kind: draft.kind,
      dedupeKey: draft.dedupeKey,
      ticketId: draft.ticketId ?? null,
      attachmentIds: draft.attachmentIds ?? [],
    })
    .onConflictDoNothing({ target: mailOutbox.dedupeKey })
    .returning({ id: mailOutbox.id });
  return row?.id ?? null;
}

/**
 * Hands a pending mail to SMTP and marks it sent; without SMTP it is kept as the mailbox copy.
 * A failure is recorded on the row and rethrown, so the job is retried later; the last allowed
 * attempt failing marks the mail failed, so the mailbox does not show it pending for ever. A failed
 * mail's job runs again only when an admin retries it, and then the mail is tried again too.
 */
export async function deliverOutboxMail(
  db: Executor,
  mailer: Mailer | null,
  mailId: string,
  maxAttempts: number,
  loadAttachments: (ids: string[]) => Promise<MailAttachment[]> = async () => [],
): Promise<void> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, mailId));
  if (row?.status !== "pending" && row?.status !== "failed") return;
  if (!mailer) {
    await db.update(mailOutbox).set({ status: "kept" }).where(eq(mailOutbox.id, mailId));
    return;
  }
  try {
    // Bytes are read at delivery, not kept twice: the outbox row holds the files' ids only.
    const attachments = row.attachmentIds.length > 0 ? await loadAttachments(row.attachmentIds) : [];
    await mailer.deliver({ ...row, attachments });
  } catch (error) {
    await db
      .update(mailOutbox)
      .set({
        attempts: sql`${mailOutbox.attempts} + 1`,
        status: sql`case when ${mailOutbox.attempts} + 1 >= ${maxAttempts} then 'failed' else ${mailOutbox.status} end`,
        lastError: String((error as Error).message ?? error),
      })
      .where(eq(mailOutbox.id, mailId));
    throw error;
  }
  await db
    .update(mailOutbox)
    .set({ status: "sent", sentAt: new Date(), attempts: sql`${mailOutbox.attempts} + 1`, lastError: null })
    .where(eq(mailOutbox.id, mailId));
}

export async function listOutbox(db: Executor, limit: number): Promise<OutboxRow[]> {
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id)).limit(limit);
}
