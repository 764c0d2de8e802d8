import { and, asc, eq, inArray, isNull, lt } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { tickets } from "../db/schema.ts";
import { recordEvent } from "../tickets/events.ts";
import type { TicketRow } from "../tickets/visibility.ts";
import { dueDateFor, type SlaTargets } from "./due-date.ts";

/** Sets the due date from the priority once there is one; a date already set is kept. */
export async function setDueDate(db: Executor, ticketId: string, targets: SlaTargets): Promise<void> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket || ticket.dueAt) return;
  const dueAt = dueDateFor(ticket.createdAt, ticket.priority, targets);
  if (!dueAt) return;
  await db
    .update(tickets)
    .set({ dueAt })
    .where(and(eq(tickets.id, ticketId), isNull(tickets.dueAt)));
}

/** After a change of priority: the due date follows the new priority, unless already breached. */
export async function recomputeDueDate(db: Executor, ticketId: string, targets: SlaTargets): Promise<void> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket || ticket.slaBreachedAt) return;
  const dueAt = dueDateFor(ticket.createdAt, ticket.priority, targets);
  await db
    .update(tickets)
    .set({ dueAt })
    .where(and(eq(tickets.id, ticketId), isNull(tickets.slaBreachedAt)));
}

/**
 * Marks open tickets past their due date as breached, once each, with a history event. Two ticks at
 * once lock the rows in the same order, and the second finds them marked already.
 */
export async function markBreaches(db: Executor, now: Date, limit = 200): Promise<TicketRow[]> {
  const due = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        lt(tickets.dueAt, now),
        isNull(tickets.slaBreachedAt),
        inArray(tickets.status, ["TODO", "IN_PROGRESS", "WAITING"]),
      ),
    )
    .orderBy(asc(tickets.id))
    .limit(limit)
    .for("no key update");
  if (due.length === 0) return [];
  const breached = await db
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
  for (const ticket of breached) {
    await recordEvent(db, {
      ticketId: ticket.id,
      actorId: null,
      kind: "sla_breached",
      data: { dueAt: ticket.dueAt?.toISOString(), breachedAt: now.toISOString() },
    });
  }
  return breached;
}
