import type { Ticket, TicketEventContent } from "@helpdesk/contracts";
import type { Viewer } from "../auth/viewer.ts";
import { isStaff } from "../auth/viewer.ts";
import type { tickets } from "../db/schema.ts";

export type TicketRow = typeof tickets.$inferSelect;
export type PersonRef = { id: string; email: string };
export type TicketRecord = { ticket: TicketRow; requester: PersonRef; assignee: PersonRef | null };

/** Staff see every ticket; a user sees only the tickets they created. */
export function canView(viewer: Viewer, ticket: Pick<TicketRow, "createdBy">): boolean {
  return isStaff(viewer) || ticket.createdBy === viewer.id;
}

/**
 * A ticket as this viewer may see it. Users get their ticket without the agent's material:
 * AI notes, triage details, sentiment and the routing reason are null for them.
 */
export function presentTicket({ ticket, requester, assignee }: TicketRecord, viewer: Viewer): Ticket {
  const staff = isStaff(viewer);
  const dueAt = iso(ticket.dueAt);
  return {
    _id: ticket.id,
    number: ticket.number,
    title: ticket.title,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    type: ticket.type,
    summary: ticket.summary,
    helpfulNotes: staff ? ticket.helpfulNotes : null,
    relatedSkills: ticket.relatedSkills,
    sentiment: staff ? ticket.sentiment : null,
    triage: staff ? ticket.triage : null,
    createdBy: ticket.createdBy,
    requester: ref(requester),
    assignedTo: assignee ? ref(assignee) : null,
    assignment: staff ? ticket.assignment : null,
    dueAt,
    deadline: dueAt,
    slaBreachedAt: iso(ticket.slaBreachedAt),
    resolution: ticket.resolution,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    resolvedAt: iso(ticket.resolvedAt),
  };
}

/** Users follow their ticket's life (created, status, public replies); staff see everything. */
export function canSeeEvent(viewer: Viewer, event: TicketEventContent): boolean {
  if (isStaff(viewer)) return true;
  if (event.kind === "commented") return !event.data.internal;
  return event.kind === "created" || event.kind === "status_changed";
}

const ref = (person: PersonRef) => ({ _id: person.id, email: person.email });
const iso = (date: Date | null) => (date ? date.toISOString() : null);
