import { z } from "zod";
import { ZIsoDate } from "./common.ts";
import { MAIL_STATUSES } from "./constants.ts";
import { ZAttachment } from "./tickets.ts";

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
  attachments: z.array(ZAttachment).describe("Files the mail carries (a reply's, within the mail size cap)"),
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

const ZCount = z.number().int().min(0);

/** GET /api/admin/stats: what the admin dashboard charts, over the last `days` days. */
export const ZAdminStats = z.object({
  days: z.number().int(),
  ticketsPerDay: z.array(
    z.object({
      day: z.string().describe("YYYY-MM-DD, UTC"),
      low: ZCount,
      medium: ZCount,
      high: ZCount,
      critical: ZCount,
      untriaged: ZCount,
    }),
  ),
  openByStatus: z.object({ TODO: ZCount, IN_PROGRESS: ZCount, WAITING: ZCount }),
  openByCategory: z.array(z.object({ category: z.string(), count: ZCount })),
  medianMinutesToAssign: z.number().nullable().describe("Filed → first assignment, tickets of the period"),
  medianMinutesToResolve: z.number().nullable().describe("Filed → resolved, tickets resolved in the period"),
  slaBreaches: z.object({ open: ZCount, inPeriod: ZCount }),
  loadPerStaff: z.array(
    z.object({
      _id: z.string(),
      email: z.string(),
      role: z.string(),
      open: ZCount,
      capacity: ZCount,
      available: z.boolean(),
    }),
  ),
  engines: z.array(z.object({ engine: z.string(), count: ZCount, fallbacks: ZCount })),
});
export type AdminStats = z.infer<typeof ZAdminStats>;

export const ZAdminStatsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });
