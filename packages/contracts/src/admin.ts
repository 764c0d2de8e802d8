import { z } from "zod";
import { ZIsoDate } from "./common.ts";

export const MAIL_STATUSES = ["pending", "sent", "failed", "kept"] as const;

/** A mail of the outbox: without SMTP configured, this is the installation's mailbox. */
export const ZOutboxMail = z.object({
  _id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  kind: z.string(),
  status: z.enum(MAIL_STATUSES).describe("kept: no SMTP configured, the outbox is the mailbox"),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  ticketId: z.string().nullable(),
  createdAt: ZIsoDate,
  sentAt: ZIsoDate.nullable(),
});
export type OutboxMail = z.infer<typeof ZOutboxMail>;
export const ZOutboxMailReply = z.object({ mail: z.array(ZOutboxMail) });

export const ZRecentQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** A background job as the job monitor shows it. */
export const ZJobSummary = z.object({
  _id: z.string(),
  name: z.string(),
  state: z.enum(["created", "retry", "active", "completed", "cancelled", "failed"]),
  attempts: z.number().int(),
  retryLimit: z.number().int(),
  lastError: z.string().nullable(),
  ticketId: z.string().nullable().describe("The ticket the job works on, when it works on one"),
  createdAt: ZIsoDate,
  startedAt: ZIsoDate.nullable(),
  completedAt: ZIsoDate.nullable(),
});
export type JobSummary = z.infer<typeof ZJobSummary>;
export const ZJobListReply = z.object({ jobs: z.array(ZJobSummary) });
