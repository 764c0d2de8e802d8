import { OPEN_STATUSES, STAFF_ROLES } from "@helpdesk/contracts/constants";
import { and, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { isUuid } from "../db/ids.ts";
import { ticketComments, tickets } from "../db/schema.ts";
import type { PastTicket } from "../routing/lessons.ts";
import type { SimilarTicket } from "../triage/engine.ts";
import type { TicketRow } from "./visibility.ts";

/** What other domains may read of tickets: each a question the tickets domain answers. */

export async function findTicketRow(db: Executor, id: string): Promise<TicketRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  return row;
}

/** Open tickets per assignee, for everyone who has any: the load routing and reassigning weigh. */
export async function countOpenTicketsByAssignee(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .select({ assignee: tickets.assignedTo, count: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(isNotNull(tickets.assignedTo), inArray(tickets.status, [...OPEN_STATUSES])))
    .groupBy(tickets.assignedTo);
  return new Map(rows.map((row) => [row.assignee as string, row.count]));
}

/** Open tickets that routing found nobody for, oldest first. */
export async function listTicketsWaitingForRouting(db: Executor, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        isNull(tickets.assignedTo),
        sql`${tickets.assignment}->>'rule' = 'unassigned'`,
        inArray(tickets.status, [...OPEN_STATUSES]),
      ),
    )
    .orderBy(tickets.createdAt)
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Staff roles as SQL, for the raw subqueries below. */
const STAFF = sql.raw(STAFF_ROLES.map((role) => `'${role}'`).join(", "));

/**
 * Staff resolved a ticket when a moderator or admin moved it to RESOLVED or CLOSED at some point (its
 * history says who); an imported ticket, closed from birth with no status change, counts when staff
 * filed it.
 */
function resolvedByStaff() {
  return sql`(
    exists (
      select 1 from ticket_events e join users s on s.id = e.actor_id
      where e.ticket_id = ${tickets.id} and e.kind = 'status_changed'
        and e.data->>'to' in ('RESOLVED', 'CLOSED') and s.role in (${STAFF}))
    or (
      not exists (select 1 from ticket_events e where e.ticket_id = ${tickets.id} and e.kind = 'status_changed')
      and exists (select 1 from users f where f.id = ${tickets.createdBy} and f.role in (${STAFF}))))`;
}

/** A text's words as an OR-ed full-text query: any shared word is enough to be similar. */
function anyOfWords(words: string[]) {
  const terms = [...new Set(words.filter((word) => /^[a-z0-9]+$/.test(word)))].slice(0, 16);
  return terms.length === 0 ? undefined : sql`to_tsquery('english', ${terms.join(" | ")})`;
}

/**
 * Resolved tickets that share words with a text, closest by full-text rank first, the ticket itself
 * left out; each with how it was resolved: the resolution note, else the last public reply by staff.
 * Only tickets staff resolved count: a requester who closes their own ticket must not put its title
 * in front of the staff who read other tickets' notes. Staff resolved a ticket when a moderator or
 * admin moved it to RESOLVED or CLOSED at some point (its history says who); an imported ticket,
 * closed from birth with no status change, counts when staff filed it. Both are index lookups per
 * matching ticket (ticket_events by ticket, users by id), beside the full-text rank each already costs.
 */
export async function findSimilarResolvedTickets(
  db: Executor,
  ticketId: string,
  words: string[],
  limit: number,
): Promise<SimilarTicket[]> {
  const query = anyOfWords(words);
  if (!query) return [];
  const rank = sql<number>`ts_rank(${tickets.search}, ${query})`;
  // Spelled out: inside a select list Drizzle names columns without their table, and an unqualified
  // "id" in the subquery would be the comment's own.
  const lastReply = sql<string | null>`(
    select c.body from ticket_comments c join users a on a.id = c.author_id
    where c.ticket_id = tickets.id and c.internal = false and a.role in (${STAFF})
    order by c.created_at desc limit 1)`;
  const rows = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      title: tickets.title,
      resolution: tickets.resolution,
      lastReply,
      score: rank,
    })
    .from(tickets)
    .where(
      and(
        isNotNull(tickets.resolvedAt),
        ne(tickets.id, ticketId),
        sql`${tickets.search} @@ ${query}`,
        resolvedByStaff(),
      ),
    )
    .orderBy(desc(rank), desc(tickets.resolvedAt))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    title: row.title,
    resolution: row.resolution ?? row.lastReply,
    score: Number(row.score),
  }));
}

/**
 * Tickets that share words with a text and that people placed, closest first, the ticket itself
 * left out: those staff assigned by hand (the assignment a person chose, rule "manual"), those whose
 * skills staff corrected, and those staff resolved, each with its assignee. Routing learns from them
 * which skills such tickets need and who handles them.
 */
export async function findSimilarHandledTickets(
  db: Executor,
  ticketId: string,
  words: string[],
  limit: number,
): Promise<PastTicket[]> {
  const query = anyOfWords(words);
  if (!query) return [];
  const rank = sql<number>`ts_rank(${tickets.search}, ${query})`;
  const manual = sql<boolean>`coalesce(${tickets.assignment}->>'rule' = 'manual', false)`;
  // Spelled out, as in findSimilarResolvedTickets: in a select list an unqualified "id" would be the event's.
  const skillsCorrected = sql<boolean>`exists (
    select 1 from ticket_events e join users s on s.id = e.actor_id
    where e.ticket_id = tickets.id and e.kind = 'updated'
      and e.data->'changes'->'relatedSkills' is not null and s.role in (${STAFF}))`;
  const rows = await db
    .select({
      number: tickets.number,
      title: tickets.title,
      description: tickets.description,
      assigneeId: tickets.assignedTo,
      relatedSkills: tickets.relatedSkills,
      manual,
      skillsCorrected,
    })
    .from(tickets)
    .where(
      and(
        isNotNull(tickets.assignedTo),
        ne(tickets.id, ticketId),
        sql`${tickets.search} @@ ${query}`,
        sql`(${manual} or ${skillsCorrected} or (${tickets.resolvedAt} is not null and ${resolvedByStaff()}))`,
      ),
    )
    .orderBy(desc(rank), desc(tickets.updatedAt))
    .limit(limit);
  return rows.map((row) => ({
    number: row.number,
    title: row.title,
    description: row.description,
    assigneeId: row.assigneeId as string,
    how: row.manual ? "reassigned" : "resolved",
    correctedSkills: row.skillsCorrected ? row.relatedSkills : null,
  }));
}

export async function findComment(db: Executor, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(ticketComments).where(eq(ticketComments.id, id));
  return row;
}

/** The ticket with this human number (#123), as a mail's subject or plus address names it. */
export async function findTicketIdByNumber(db: Executor, number: number): Promise<string | undefined> {
  if (!Number.isSafeInteger(number) || number < 1 || number > 2_147_483_647) return undefined;
  const [row] = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, number));
  return row?.id;
}
