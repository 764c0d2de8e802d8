import type { Assignment, Priority, Role, Sentiment, TicketStatus, TicketType } from "@helpdesk/contracts";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** Node-postgres reads bytea as a Buffer, PGlite as a Uint8Array: both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) =>
    Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    /** Null for a contact account made from a mail: it cannot sign in until its owner sets a password. */
    passwordHash: text("password_hash"),
    role: text("role").$type<Role>().notNull().default("user"),
    skills: text("skills").array().notNull().default(sql`'{}'::text[]`),
    available: boolean("available").notNull().default(true),
    capacity: integer("capacity").notNull().default(20),
    tokenVersion: integer("token_version").notNull().default(0),
    /** Set while an admin has disabled the account: it cannot sign in and is routed no tickets. */
    disabledAt: timestamp("disabled_at", { withTimezone: true, precision: 3 }),
    lastAssignedAt: timestamp("last_assigned_at", { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex("users_email_lower_idx").on(sql`lower(${table.email})`),
    index("users_role_idx").on(table.role),
  ],
);

export type TriageDetails = {
  engine: string;
  model: string;
  version: string;
  durationMs: number;
  confidence: Record<string, number>;
  fallbackReason?: string;
  /** Fields triage was unsure of and left unset for a person; one leaves the list when a person sets it. */
  needsReview?: ("priority" | "category" | "type" | "relatedSkills")[];
};

/**
 * Sort keys of the ticket list that are expressions, not columns: the list orders by exactly these
 * and their indexes are built on exactly these, so PostgreSQL can read a page from the index.
 */
export const priorityRank = (priority: AnyPgColumn) =>
  sql<number>`(case ${priority} when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`;
export const dueOrNever = (dueAt: AnyPgColumn) => sql`(coalesce(${dueAt}, 'infinity'::timestamptz))`;

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: integer("number").generatedAlwaysAsIdentity().notNull().unique(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    status: text("status").$type<TicketStatus>().notNull().default("TODO"),
    priority: text("priority").$type<Priority>(),
    category: text("category"),
    type: text("type").$type<TicketType>(),
    summary: text("summary"),
    helpfulNotes: text("helpful_notes"),
    relatedSkills: text("related_skills").array().notNull().default(sql`'{}'::text[]`),
    sentiment: jsonb("sentiment").$type<Sentiment>(),
    triage: jsonb("triage").$type<TriageDetails>(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    assignedTo: uuid("assigned_to").references(() => users.id),
    assignment: jsonb("assignment").$type<Assignment>(),
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }),
    slaBreachedAt: timestamp("sla_breached_at", { withTimezone: true, precision: 3 }),
    resolution: text("resolution"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', title || ' ' || description)`),
    ...timestamps,
  },
  (table) => [
    // Every list order has an index whose order it is. Descending keys say NULLS FIRST, which is
    // what `order by … desc` means: drizzle's `.desc()` alone writes NULLS LAST, an order no query asks for.
    index("tickets_created_idx").on(table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("tickets_creator_idx").on(
      table.createdBy,
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    index("tickets_assignee_idx").on(table.assignedTo, table.status),
    index("tickets_status_idx").on(
      table.status,
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    index("tickets_updated_idx").on(table.updatedAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("tickets_priority_idx").on(
      sql`${priorityRank(table.priority)} desc`,
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    index("tickets_due_order_idx").on(dueOrNever(table.dueAt), table.id),
    // What the SLA clock looks for every minute: open tickets not yet breached (a few thousand,
    // where "not breached" alone also holds nearly every ticket ever resolved in time).
    index("tickets_due_idx")
      .on(table.dueAt)
      .where(sql`${table.slaBreachedAt} is null and ${table.status} in ('TODO', 'IN_PROGRESS', 'WAITING')`),
    index("tickets_search_idx").using("gin", table.search),
    // Search that forgives typos ("invoce" finds the invoice): trigrams of the same text, which
    // ticket search compares word by word (pg_trgm's <% operator).
    index("tickets_text_trgm_idx").using(
      "gin",
      sql`(${table.title} || ' ' || ${table.description}) gin_trgm_ops`,
    ),
    // The dashboard's resolve times and SLA breaches of a period: few rows among all tickets.
    index("tickets_resolved_idx").on(table.resolvedAt).where(sql`${table.resolvedAt} is not null`),
    index("tickets_breached_idx").on(table.slaBreachedAt).where(sql`${table.slaBreachedAt} is not null`),
  ],
);

export const ticketComments = pgTable(
  "ticket_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    internal: boolean("internal").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Replies and notes are searched too: a ticket is found by what was said on it. */
    search: tsvector("search").notNull().generatedAlwaysAs(sql`to_tsvector('english', body)`),
  },
  (table) => [
    index("ticket_comments_ticket_idx").on(table.ticketId, table.createdAt),
    index("ticket_comments_search_idx").using("gin", table.search),
  ],
);

export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Insertion order: a ticket's history is listed by it (timestamps tie within a transaction). */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id),
    kind: text("kind").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [index("ticket_events_ticket_idx").on(table.ticketId, table.seq)],
);

/**
 * Files on a ticket (comment_id null) or on one of its comments, bytes kept in the database so the
 * embedded installation stays one folder. `content_type` is what the bytes are, not what the name says.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    commentId: uuid("comment_id").references(() => ticketComments.id, { onDelete: "cascade" }),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    bytes: bytea("bytes").notNull(),
    /** Its place among the files that came together: they share created_at and are listed in this order. */
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [index("attachments_ticket_idx").on(table.ticketId, table.createdAt, table.position)],
);

export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    /** The Message-ID it is sent with: a reply names it in In-Reply-To or References (mail/inbound/). */
    messageId: text("message_id").notNull().unique(),
    /** Threading headers: the ticket's conversation this mail continues (null: it starts none). */
    inReplyTo: text("in_reply_to"),
    references: text("references"),
    ticketId: uuid("ticket_id").references(() => tickets.id, { onDelete: "set null" }),
    /** Attachments sent with the mail, read when it is delivered (mail of a reply that carried files). */
    attachmentIds: uuid("attachment_ids").array().notNull().default(sql`'{}'::uuid[]`),
    status: text("status").$type<"pending" | "sent" | "failed" | "kept">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index("mail_outbox_created_idx").on(table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
  ],
);

/**
 * The triage learner's history: labelled tickets of this installation (imports and moderators'
 * corrections). The classifier is rebuilt from these rows at start and updated as rows arrive.
 */
export const triageExamples = pgTable(
  "triage_examples",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id").references(() => tickets.id, { onDelete: "cascade" }),
    source: text("source").notNull().default("local"),
    text: text("text").notNull(),
    priority: text("priority"),
    category: text("category"),
    type: text("type"),
    /** null: nobody said which skills the ticket needed (not the same as none). */
    skills: text("skills").array(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** When the labels last changed: how other processes' learners find what to catch up on. */
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("triage_examples_ticket_idx").on(table.ticketId),
    index("triage_examples_updated_idx").on(table.updatedAt),
  ],
);

/**
 * The first reply to a POST that creates something, sent with an `Idempotency-Key` header
 * (http/idempotency.ts): the same key from the same account within a day gets this reply again,
 * never a second ticket or comment. The row is written in the creating transaction, so it exists
 * if and only if what it answers for does.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** Method, path and body of the first request: the key cannot be reused for another request. */
    fingerprint: text("fingerprint").notNull(),
    /** The reply, set before the creating transaction commits (so no other request sees it unset). */
    status: integer("status"),
    reply: jsonb("reply"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.key] }),
    index("idempotency_keys_created_idx").on(table.createdAt),
  ],
);

/**
 * Live-stream tokens that have opened a stream (realtime/stream-token.ts): each opens one, on any
 * server. Kept until the token would have expired anyway.
 */
export const streamTokenUses = pgTable(
  "stream_token_uses",
  {
    tokenId: uuid("token_id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [index("stream_token_uses_expires_idx").on(table.expiresAt)],
);

/**
 * Every mail that came in (mail/inbound/), one row per Message-ID, so a message that IMAP delivers
 * twice or that a worker dies on is ingested once. `outcome` is "received" until the pipeline has
 * read it; the raw message is kept for what was not ticketed (held, ignored), so an admin sees why.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: text("message_id").notNull().unique(),
    source: text("source").$type<"imap" | "smtp">().notNull(),
    fromAddress: text("from_address"),
    subject: text("subject"),
    size: integer("size").notNull(),
    raw: bytea("raw"),
    outcome: text("outcome")
      .$type<"received" | "ticketed" | "appended" | "ignored" | "held">()
      .notNull()
      .default("received"),
    reason: text("reason"),
    ticketId: uuid("ticket_id").references(() => tickets.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true, precision: 3 }),
  },
  (table) => [
    index("inbound_messages_received_idx").on(
      table.receivedAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
  ],
);

/** People who hear of a ticket's public replies besides its requester (Cc'd on the mail that opened it). */
export const ticketFollowers = pgTable(
  "ticket_followers",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.ticketId, table.userId] })],
);

/**
 * The categories triage chooses among and people file tickets under (owned by vocabulary/). A
 * retired category stays on the tickets that have it but is no longer offered or chosen.
 */
export const categories = pgTable(
  "categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Where the category is listed; new ones go last. */
    position: integer("position").notNull().default(0),
    retiredAt: timestamp("retired_at", { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (table) => [uniqueIndex("categories_name_lower_idx").on(sql`lower(${table.name})`)],
);

/**
 * The skills catalogue (owned by vocabulary/): the skill names staff carry and tickets need, each
 * with the other spellings that mean it. A retired skill stays where it is but is no longer offered.
 */
export const skillCatalogue = pgTable(
  "skill_catalogue",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
    retiredAt: timestamp("retired_at", { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (table) => [uniqueIndex("skill_catalogue_name_lower_idx").on(sql`lower(${table.name})`)],
);

/** Installation-wide settings an admin changes in the web app (owned by vocabulary/), one row per key. */
export const installationSettings = pgTable("installation_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<unknown>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
