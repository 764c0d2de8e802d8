import { z } from "zod";
import { ZEmail, ZSkills } from "./auth.ts";
import { ZIsoDate, ZUserRef } from "./common.ts";
import { ASSIGNMENT_RULES, type TICKET_EVENT_KINDS, TICKET_SORTS, TICKET_STATUSES } from "./constants.ts";
import { ZPriority, ZSentiment, ZTicketType } from "./triage.ts";
import { ZReviewableField } from "./vocabulary.ts";

export const ZTicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof ZTicketStatus>;

/** Line breaks of any kind (CR, LF, vertical tab, form feed, NEL, the Unicode line and paragraph separators). */
const LINE_BREAKS = /\s*[\r\n\v\f\u0085\u2028\u2029]+\s*/g;

export const ZCreateTicketRequest = z.object({
  /** One line: a title pasted with line breaks keeps its words, joined by single spaces. */
  title: z
    .string()
    .overwrite((title) => title.replace(LINE_BREAKS, " "))
    .trim()
    .min(1, "Title is required")
    .max(200, "Title is at most 200 characters"),
  description: z
    .string()
    .trim()
    .min(1, "Description is required")
    .max(20_000, "Description is at most 20,000 characters"),
  requesterEmail: ZEmail.optional().describe(
    "Staff only: file it for this person, by their account or a new contact account (a phone call, a walk-in)",
  ),
});
export type CreateTicketRequest = z.infer<typeof ZCreateTicketRequest>;

const ZCategory = z.string().trim().min(1).max(80);

/**
 * PUT and PATCH /api/tickets/:id. Staff may send any field; a ticket's creator may only
 * send `status` CLOSED (close) or TODO (reopen). `assignedTo` is a user id, or null to unassign.
 */
export const ZUpdateTicketRequest = z
  .object({
    status: ZTicketStatus.optional(),
    priority: ZPriority.optional(),
    category: ZCategory.optional(),
    type: ZTicketType.optional(),
    relatedSkills: ZSkills.optional(),
    assignedTo: z.string().min(1).max(100).nullable().optional(),
    resolution: z.string().trim().max(20_000).optional().describe("Shown to the creator when resolving"),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "Send at least one field to change",
  });
export type UpdateTicketRequest = z.infer<typeof ZUpdateTicketRequest>;

/** One change to many tickets at once (staff): applied to each as if made one by one. */
export const ZBulkUpdateRequest = z.object({
  ids: z
    .array(z.string().min(1).max(100))
    .min(1, "Choose at least one ticket")
    .max(100, "At most 100 tickets at once")
    .refine((ids) => new Set(ids).size === ids.length, "Each ticket once"),
  changes: ZUpdateTicketRequest,
});
export type BulkUpdateRequest = z.infer<typeof ZBulkUpdateRequest>;

export const ZBulkUpdateReply = z.object({
  updated: z.array(z.string()).describe("Ids of the tickets changed"),
  failed: z
    .array(z.object({ _id: z.string(), message: z.string(), error: z.string() }))
    .describe("Tickets left as they were, each with why (the others were changed)"),
});
export type BulkUpdateReply = z.infer<typeof ZBulkUpdateReply>;

export const ZTicketSort = z.enum(TICKET_SORTS);
export type TicketSort = z.infer<typeof ZTicketSort>;

const ZCsv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : value.split(",")).map((part) => part.trim()))
    .transform((parts) => parts.filter(Boolean))
    .pipe(z.array(item).max(10));

const ZBooleanFlag = z.enum(["true", "false", "1", "0"]).transform((flag) => flag === "true" || flag === "1");

/** A text filter; an empty one (a cleared search box) filters nothing. */
const ZTextFilter = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((text) => text || undefined);

export const ZListTicketsQuery = z.object({
  status: ZCsv(ZTicketStatus).optional(),
  priority: ZCsv(ZPriority).optional(),
  category: ZTextFilter(80),
  assignee: ZTextFilter(100).describe("A user id, `me`, or `none` for unassigned tickets"),
  mine: ZBooleanFlag.optional().describe("Only tickets I created"),
  needsReview: ZBooleanFlag.optional().describe("Only tickets with a field triage left for a person (staff)"),
  q: ZTextFilter(200).describe(
    "Search: a ticket number (3 or #3), words of the title, description, replies and notes (notes for staff only; typos forgiven), or the requester's email",
  ),
  sort: ZTicketSort.default("newest"),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().max(500).optional(),
});
export type ListTicketsQuery = z.infer<typeof ZListTicketsQuery>;

/** Why routing chose the assignee: stored on the ticket, shown to staff only. */
export const ZAssignment = z.object({
  rule: z.enum(ASSIGNMENT_RULES),
  reason: z.string(),
  matchedSkills: z.array(z.string()),
  score: z.number(),
  runnerUp: z.object({ _id: z.string(), email: z.string(), score: z.number() }).nullable(),
  decidedBy: z.string().describe("routing, or the id of the person who assigned by hand"),
  decidedAt: ZIsoDate,
});
export type Assignment = z.infer<typeof ZAssignment>;
export type AssignmentRule = Assignment["rule"];

export const ZTriageInfo = z.object({
  engine: z.string(),
  model: z.string(),
  version: z.string(),
  durationMs: z.number(),
  confidence: z.record(z.string(), z.number()),
  fallbackReason: z.string().optional(),
  needsReview: z
    .array(ZReviewableField)
    .optional()
    .describe("Fields triage was unsure of and left unset; a field leaves the list when a person sets it"),
});

/**
 * A file on a ticket or a reply; its bytes are at GET /api/attachments/:id. `type` is what the
 * content is (detected from the bytes), whatever the name says.
 */
export const ZAttachment = z.object({
  _id: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.number().int().describe("bytes"),
});
export type Attachment = z.infer<typeof ZAttachment>;

/** What one ticket or reply may carry (GET /api/attachments/limits), so a form can say so before sending. */
export const ZAttachmentLimits = z.object({
  maxFileBytes: z.number().int(),
  maxFiles: z.number().int(),
  maxTotalBytes: z.number().int(),
});
export type AttachmentLimits = z.infer<typeof ZAttachmentLimits>;

const ZAttachments = (of: string) =>
  z.array(ZAttachment).optional().describe(`Files on ${of}; present only when there are some`);

/**
 * A ticket as the API shows it. Fields a viewer may not see (AI notes, routing, triage details
 * for users) are null. `createdBy` is the creator's id, as in the original system.
 */
export const ZTicket = z.object({
  _id: z.string(),
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  status: ZTicketStatus,
  priority: ZPriority.nullable(),
  category: z.string().nullable(),
  type: ZTicketType.nullable(),
  summary: z.string().nullable(),
  helpfulNotes: z.string().nullable(),
  relatedSkills: z.array(z.string()),
  sentiment: ZSentiment.nullable(),
  triage: ZTriageInfo.nullable(),
  createdBy: z.string(),
  requester: ZUserRef,
  assignedTo: ZUserRef.nullable(),
  assignment: ZAssignment.nullable(),
  dueAt: ZIsoDate.nullable(),
  deadline: ZIsoDate.nullable().describe("The original system's name for dueAt"),
  slaBreachedAt: ZIsoDate.nullable(),
  resolution: z.string().nullable(),
  createdAt: ZIsoDate,
  updatedAt: ZIsoDate,
  resolvedAt: ZIsoDate.nullable(),
  attachments: ZAttachments("the ticket itself (replies list their own)"),
});
export type Ticket = z.infer<typeof ZTicket>;

export const ZCreateTicketReply = z.object({ message: z.string(), ticket: ZTicket });
export const ZTicketReply = z.object({ ticket: ZTicket });
/** Retriage accepted: the ticket as it is until the new triage is stored. */
export const ZRetriageReply = z.object({ message: z.string(), ticket: ZTicket });
export const ZTicketListReply = z.object({
  tickets: z.array(ZTicket),
  nextCursor: z.string().nullable(),
});

export const ZCreateCommentRequest = z.object({
  body: z.string().trim().min(1, "Write a reply first").max(20_000, "A reply is at most 20,000 characters"),
  internal: z.boolean().default(false).describe("An internal note, visible to moderators and admins only"),
});
export type CreateCommentRequest = z.infer<typeof ZCreateCommentRequest>;

export const ZComment = z.object({
  _id: z.string(),
  ticketId: z.string(),
  author: ZUserRef.extend({ role: z.string() }),
  body: z.string(),
  internal: z.boolean(),
  createdAt: ZIsoDate,
  attachments: ZAttachments("the reply"),
});
export type Comment = z.infer<typeof ZComment>;
export const ZCommentReply = z.object({ comment: ZComment });
export const ZCommentListReply = z.object({ comments: z.array(ZComment) });

const ZChange = <T extends z.ZodType>(value: T) => z.object({ from: value.nullable(), to: value });

/** What each kind of history entry records, as the server writes it. */
const ZEventData = {
  created: z.object({ number: z.number().int() }),
  triaged: z.object({
    engine: z.string(),
    model: z.string(),
    priority: ZPriority.nullable(),
    category: z.string().nullable(),
    type: ZTicketType.nullable(),
    fallbackReason: z.string().optional(),
    needsReview: z.array(ZReviewableField).optional().describe("Fields left for a person"),
  }),
  assigned: z.object({
    from: z.string().nullable(),
    to: z.string().nullable().describe("null: the ticket waits for someone"),
    rule: z.enum(ASSIGNMENT_RULES),
    reason: z.string().optional(),
    matchedSkills: z.array(z.string()).optional(),
  }),
  status_changed: z.object({
    from: ZTicketStatus,
    to: ZTicketStatus,
    resolution: z.string().optional(),
  }),
  updated: z.object({
    changes: z.object({
      priority: ZChange(ZPriority).optional(),
      category: ZChange(z.string()).optional(),
      type: ZChange(ZTicketType).optional(),
      relatedSkills: ZChange(z.array(z.string())).optional(),
    }),
  }),
  commented: z.object({ commentId: z.string(), internal: z.boolean() }),
  sla_breached: z.object({ dueAt: ZIsoDate.optional(), breachedAt: ZIsoDate }),
  due_date_set: z.object({ from: ZIsoDate.nullable(), to: ZIsoDate.nullable() }),
} satisfies Record<(typeof TICKET_EVENT_KINDS)[number], z.ZodType>;

export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];
export type TicketEventData<K extends TicketEventKind> = z.infer<(typeof ZEventData)[K]>;

const eventOf = <K extends TicketEventKind>(kind: K) =>
  z.object({
    _id: z.string(),
    ticketId: z.string(),
    kind: z.literal(kind),
    actor: ZUserRef.nullable().describe("null when the system acted"),
    data: ZEventData[kind] as (typeof ZEventData)[K],
    createdAt: ZIsoDate,
  });

/** One entry of a ticket's history; `data` has a shape per `kind`. */
export const ZTicketEvent = z.discriminatedUnion("kind", [
  eventOf("created"),
  eventOf("triaged"),
  eventOf("assigned"),
  eventOf("status_changed"),
  eventOf("updated"),
  eventOf("commented"),
  eventOf("sla_breached"),
  eventOf("due_date_set"),
]);
export type TicketEvent = z.infer<typeof ZTicketEvent>;
/** The kind and data of an event, as one variable: narrowing on `kind` types `data`. */
export type TicketEventContent = {
  [K in TicketEventKind]: { kind: K; data: TicketEventData<K> };
}[TicketEventKind];
export const ZTicketEventListReply = z.object({ events: z.array(ZTicketEvent) });
