import type { TicketEvent } from "@helpdesk/contracts";
import { asc, eq } from "drizzle-orm";
import type { Viewer } from "../auth/service.ts";
import type { Executor } from "../db/client.ts";
import { ticketEvents, users } from "../db/schema.ts";
import { canSeeEvent } from "./visibility.ts";

export type TicketEventKind = TicketEvent["kind"];

type NewTicketEvent = {
  ticketId: string;
  actorId: string | null;
  kind: TicketEventKind;
  data?: Record<string, unknown>;
};

/** Appends to a ticket's history; `actorId` null means the system acted. */
export async function recordEvent(db: Executor, event: NewTicketEvent): Promise<void> {
  await recordEvents(db, [event]);
}

/** Appends several events in one statement, in the order given. */
export async function recordEvents(db: Executor, events: NewTicketEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(ticketEvents).values(events.map((event) => ({ ...event, data: event.data ?? {} })));
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
    .map(({ event, actor }) => ({
      _id: event.id,
      ticketId: event.ticketId,
      kind: event.kind as TicketEventKind,
      actor: actor ? { _id: actor.id, email: actor.email } : null,
      data: event.data,
      createdAt: event.createdAt.toISOString(),
    }))
    .filter((event) => canSeeEvent(viewer, event));
}
