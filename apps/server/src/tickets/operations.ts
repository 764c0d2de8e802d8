import type { Assignment, ReviewableField, TriageResult } from "@helpdesk/contracts";
import { OPEN_STATUSES } from "@helpdesk/contracts/constants";
import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { type TriageDetails, tickets } from "../db/schema.ts";
import { publishTicketChange } from "../realtime/publish.ts";
import type { ImportedExample } from "../triage/history.ts";
import { assignmentOf } from "./assignment.ts";
import { type NewTicketEvent, recordEvents } from "./events.ts";
import type { TicketRow } from "./visibility.ts";

/**
 * What the pipeline and other domains change on tickets. Each operation updates the row, records
 * a typed history event and announces the change to open screens, all in the caller's transaction:
 * if it rolls back, nothing happened and nobody heard of it.
 */

/**
 * Stores a triage with a "triaged" event. Without `force` only a ticket not triaged yet is
 * written, and labels a person set while it waited win; two concurrent runs store one answer.
 * Fields in `leaveForReview` are not applied: the ticket keeps what it has, and those still unset
 * are marked needs review (`triage.needsReview`) until a person sets them.
 * Returns the ticket as stored, or undefined when nothing was written.
 */
export async function applyTriage(
  tx: Executor,
  ticketId: string,
  result: TriageResult,
  {
    force = false,
    actorId = null,
    leaveForReview = [],
  }: { force?: boolean; actorId?: string | null; leaveForReview?: readonly ReviewableField[] } = {},
): Promise<TicketRow | undefined> {
  const review = new Set(leaveForReview);
  const label = <T>(
    field: "priority" | "category" | "type",
    column: typeof tickets.priority | typeof tickets.category | typeof tickets.type,
    value: T,
  ) => (review.has(field) ? sql`${column}` : force ? value : sql`coalesce(${column}, ${value})`);
  const [written] = await tx
    .update(tickets)
    .set({
      priority: label("priority", tickets.priority, result.priority),
      category: label("category", tickets.category, result.category),
      type: label("type", tickets.type, result.type),
      summary: result.summary,
      helpfulNotes: result.helpfulNotes,
      relatedSkills:
        review.has("relatedSkills") || !force
          ? sql`case when cardinality(${tickets.relatedSkills}) > 0 or ${review.has("relatedSkills")} then ${tickets.relatedSkills} else ${sql.param(result.relatedSkills)}::text[] end`
          : result.relatedSkills,
      sentiment: result.sentiment,
      triage: triageDetails(result),
      updatedAt: new Date(),
    })
    .where(force ? eq(tickets.id, ticketId) : and(eq(tickets.id, ticketId), isNull(tickets.triage)))
    .returning();
  if (!written) return undefined;
  const needsReview = leaveForReview.filter((field) => isUnset(written, field));
  const row =
    needsReview.length === 0
      ? written
      : (
          await tx
            .update(tickets)
            .set({ triage: { ...triageDetails(result), needsReview } })
            .where(eq(tickets.id, ticketId))
            .returning()
        )[0];
  if (!row) return undefined;
  await recordEvents(tx, [
    {
      ticketId,
      actorId,
      kind: "triaged",
      data: {
        engine: result.engine,
        model: result.model,
        priority: review.has("priority") ? row.priority : result.priority,
        category: review.has("category") ? row.category : result.category,
        type: review.has("type") ? row.type : result.type,
        ...(result.fallbackReason && { fallbackReason: result.fallbackReason }),
        ...(needsReview.length > 0 && { needsReview }),
      },
    },
  ]);
  await publishTicketChange(tx, { ticketId, kind: "updated", createdBy: row.createdBy });
  return row;
}

function isUnset(row: TicketRow, field: ReviewableField): boolean {
  return field === "relatedSkills" ? row.relatedSkills.length === 0 : row[field] === null;
}

function triageDetails(result: TriageResult): TriageDetails {
  return {
    engine: result.engine,
    model: result.model,
    version: result.version,
    durationMs: result.durationMs,
    confidence: result.confidence,
    ...(result.fallbackReason && { fallbackReason: result.fallbackReason }),
  };
}

/**
 * Moves a ticket's due date, with a "due_date_set" event. A breached ticket keeps the date it
 * missed, and a ticket changed since `ticket` was read is left to whoever changed it.
 */
export async function setDueDate(tx: Executor, ticket: TicketRow, dueAt: Date | null): Promise<void> {
  if ((ticket.dueAt?.getTime() ?? null) === (dueAt?.getTime() ?? null)) return;
  const [row] = await tx
    .update(tickets)
    .set({ dueAt })
    .where(
      and(
        eq(tickets.id, ticket.id),
        isNull(tickets.slaBreachedAt),
        ticket.dueAt ? eq(tickets.dueAt, ticket.dueAt) : isNull(tickets.dueAt),
      ),
    )
    .returning({ id: tickets.id });
  if (!row) return;
  await recordEvents(tx, [
    {
      ticketId: ticket.id,
      actorId: null,
      kind: "due_date_set",
      data: { from: ticket.dueAt?.toISOString() ?? null, to: dueAt?.toISOString() ?? null },
    },
  ]);
  await publishTicketChange(tx, { ticketId: ticket.id, kind: "updated", createdBy: ticket.createdBy });
}

/**
 * Takes the lock under which routing decides. Decisions are taken one at a time across all
 * processes, so two workers never both fill the last free slot of one moderator; the ticket's row
 * is locked too, so a person's change waits for the decision or the decision sees it.
 */
export async function lockTicketForRouting(tx: Executor, ticketId: string): Promise<TicketRow | undefined> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('helpdesk.routing'))`);
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for("update");
  return row;
}

/**
 * Gives the ticket to someone (or to nobody, with the reason it waits), with an "assigned" event;
 * a TODO ticket that gets an assignee starts: IN_PROGRESS, with its own event.
 */
export async function assignTicket(
  tx: Executor,
  ticket: TicketRow,
  assigneeId: string | null,
  assignment: Assignment,
  actorId: string | null = null,
): Promise<void> {
  const startsWork = assigneeId !== null && ticket.status === "TODO";
  const now = new Date(assignment.decidedAt);
  await tx
    .update(tickets)
    .set({
      assignedTo: assigneeId,
      assignment,
      ...(startsWork && { status: "IN_PROGRESS" as const }),
      updatedAt: now,
    })
    .where(eq(tickets.id, ticket.id));
  const events: NewTicketEvent[] = [
    assignedEvent(ticket.id, actorId, ticket.assignedTo, assigneeId, assignment),
  ];
  if (startsWork) {
    events.push({
      ticketId: ticket.id,
      actorId,
      kind: "status_changed",
      data: { from: "TODO", to: "IN_PROGRESS" },
    });
  }
  await recordEvents(tx, events);
  await publishTicketChange(tx, { ticketId: ticket.id, kind: "assigned", createdBy: ticket.createdBy });
}

export function assignedEvent(
  ticketId: string,
  actorId: string | null,
  from: string | null,
  to: string | null,
  assignment: Assignment | null,
): NewTicketEvent {
  return {
    ticketId,
    actorId,
    kind: "assigned",
    data: {
      from,
      to,
      rule: assignment?.rule ?? "manual",
      ...(assignment && { reason: assignment.reason, matchedSkills: assignment.matchedSkills }),
    },
  };
}

/**
 * Someone who is no longer staff cannot see the tickets they were working: those wait for
 * routing again, with the reason in their history. Returns the tickets released.
 */
export async function releaseAssignedTickets(
  tx: Executor,
  former: { id: string; email: string },
  why = `${former.email} is no longer a moderator or admin`,
  now = new Date(),
): Promise<string[]> {
  const assignment = assignmentOf("unassigned", `${why}; waiting for routing`, "system", now);
  const released = await tx
    .update(tickets)
    .set({ assignedTo: null, assignment, updatedAt: now })
    .where(and(eq(tickets.assignedTo, former.id), inArray(tickets.status, [...OPEN_STATUSES])))
    .returning({ id: tickets.id, createdBy: tickets.createdBy });
  await recordEvents(
    tx,
    released.map(({ id }) => assignedEvent(id, null, former.id, null, assignment)),
  );
  for (const { id, createdBy } of released) {
    await publishTicketChange(tx, { ticketId: id, kind: "assigned", createdBy });
  }
  return released.map((row) => row.id);
}

/**
 * Marks open tickets past their due date as breached, once each, with an "sla_breached" event.
 * Two ticks at once lock the rows in the same order, and the second finds them marked already.
 */
export async function markBreachedTickets(tx: Executor, now: Date, limit = 200): Promise<TicketRow[]> {
  const due = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(lt(tickets.dueAt, now), isNull(tickets.slaBreachedAt), inArray(tickets.status, [...OPEN_STATUSES])),
    )
    .orderBy(asc(tickets.id))
    .limit(limit)
    .for("no key update");
  if (due.length === 0) return [];
  const breached = await tx
    .update(tickets)
    .set({ slaBreachedAt: now })
    .where(
      and(
        inArray(
          tickets.id,
          due.map((row) => row.id),
        ),
        isNull(tickets.slaBreachedAt),
      ),
    )
    .returning();
  await recordEvents(
    tx,
    breached.map((ticket) => ({
      ticketId: ticket.id,
      actorId: null,
      kind: "sla_breached" as const,
      data: { ...(ticket.dueAt && { dueAt: ticket.dueAt.toISOString() }), breachedAt: now.toISOString() },
    })),
  );
  for (const ticket of breached) {
    await publishTicketChange(tx, { ticketId: ticket.id, kind: "updated", createdBy: ticket.createdBy });
  }
  return breached;
}

/**
 * Creates closed tickets from imported history, each with its "created" event, so triage notes
 * can point at them. Not announced: an import is a batch of the past, not news for open screens.
 */
export async function importClosedTickets(
  tx: Executor,
  rows: ImportedExample[],
  createdBy: string,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const now = new Date();
  const inserted = await tx
    .insert(tickets)
    .values(
      rows.map((row) => ({
        title: row.title.slice(0, 200) || "(imported ticket)",
        description: row.description,
        status: "CLOSED" as const,
        priority: row.priority,
        category: row.category,
        type: row.type,
        relatedSkills: row.skills ?? [],
        createdBy,
        resolvedAt: now,
      })),
    )
    .returning({ id: tickets.id, number: tickets.number });
  await recordEvents(
    tx,
    inserted.map((row) => ({
      ticketId: row.id,
      actorId: createdBy,
      kind: "created" as const,
      data: { number: row.number },
    })),
  );
  return inserted.map((row) => row.id);
}
