import type { Attachment, JobSummary as JobView, OutboxMail } from "@helpdesk/contracts";
import type { OutboxRow } from "../mail/outbox.ts";
import type { JobSummary } from "../queue/job-queue.ts";

/** A mail as the mailbox shows it, with the files it carries (`files`: the attachments by id). */
export function presentMail(row: OutboxRow, files: Map<string, Attachment>): OutboxMail {
  return {
    _id: row.id,
    to: row.to,
    subject: row.subject,
    text: row.text,
    html: row.html,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    ticketId: row.ticketId,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    attachments: row.attachmentIds.flatMap((id) => files.get(id) ?? []),
  };
}

export function presentJob(job: JobSummary): JobView {
  const ticketId = job.data.ticketId;
  return {
    _id: job.id,
    name: job.name,
    state: job.state as JobView["state"],
    attempts: job.attempts,
    retryLimit: job.retryLimit,
    lastError: job.lastError,
    ticketId: typeof ticketId === "string" ? ticketId : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
  };
}
