import type { TicketEvent, TicketEventContent } from "@helpdesk/contracts";
import { asc, eq } from "drizzle-orm";
import type { Viewer } from "../auth/viewer.ts";
import type { Executor } from "../db/client.ts";
import { ticketEvents, users } from "../db/schema.ts";
import { canSeeEvent } from "./visibility.ts";

/** A history entry to append; `actorId` null means the system acted. */
export type NewTicketEvent = TicketEventContent & { ticketId: string; actorId: string | null };

/** Appends to tickets' history in one statement, in the order given. */
export async function recordEvents(db: Executor, events: NewTicketEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insert(ticketEvents)
    .values(events.map(({ ticketId, actorId, kind, data }) => ({ ticketId, actorId, kind, data })));
}

export async function listEvents(db: Executor, viewer: Viewer, ticketId: string): Promise<TicketEvent[]> {
  const rows = await db
    .select({ event: ticketEvents, actor: { id: users.id, email: users.email } })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(eq(ticketEvents.ticketId, ticketId))
    // Insertion order: one change's events share a timestamp, and changes to a ticket are serialised.
    .orderBy(asc(ticketEvents.seq));
  return rows
    .map(
      ({ event, actor }) =>
        ({
          _id: event.id,
          ticketId: event.ticketId,
          // Written only through recordEvents, whose input has the contract's shape per kind.
          ...({ kind: event.kind, data: event.data } as TicketEventContent),
          actor: actor ? { _id: actor.id, email: actor.email } : null,
          createdAt: event.createdAt.toISOString(),
        }) as TicketEvent,
    )
    .filter((event) => canSeeEvent(viewer, event));
}
