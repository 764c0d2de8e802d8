import { z } from "zod";
import { ZIsoDate } from "./common.ts";

/** What became of a mail that came in; "received" until the worker has filed it. */
export const INBOUND_OUTCOMES = ["received", "ticketed", "appended", "ignored", "held"] as const;

/** One mail of the inbound log (GET /api/admin/inbound). */
export const ZInboundMessage = z.object({
  _id: z.string(),
  messageId: z.string(),
  source: z.enum(["imap", "smtp"]),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  size: z.number().int().describe("Bytes, as the source said"),
  outcome: z.enum(INBOUND_OUTCOMES),
  reason: z
    .string()
    .nullable()
    .describe("Why: the ticket it opened or joined, or why it was ignored or held"),
  ticketId: z.string().nullable(),
  receivedAt: ZIsoDate,
  processedAt: ZIsoDate.nullable(),
  hasRaw: z.boolean().describe("The raw message is kept (held and ignored mail) and can be read"),
});
export type InboundMessage = z.infer<typeof ZInboundMessage>;

export const ZInboundListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  outcome: z.enum(INBOUND_OUTCOMES).optional(),
  cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
});
export type InboundListQuery = z.infer<typeof ZInboundListQuery>;

export const ZInboundListReply = z.object({
  messages: z.array(ZInboundMessage),
  nextCursor: z.string().nullable(),
});
export type InboundListReply = z.infer<typeof ZInboundListReply>;
