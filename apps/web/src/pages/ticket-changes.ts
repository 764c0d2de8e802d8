import type { Priority, Ticket, TicketStatus, TicketType, UpdateTicketRequest } from "@helpdesk/contracts";

/** What a member of staff has touched in the ticket editor, not yet saved. */
export type TicketDraft = {
  status?: TicketStatus;
  priority?: Priority;
  type?: TicketType;
  category?: string;
  relatedSkills?: string[];
  /** A user id, or null for "Unassigned". */
  assignedTo?: string | null;
  resolution?: string;
};

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

/**
 * The PATCH body for a draft: only the fields that differ from the ticket as it is now, so a
 * save never overwrites what someone else changed meanwhile in a field this person left alone.
 * An emptied category is left out (a ticket cannot lose its category); a resolution goes only with
 * a move to RESOLVED.
 */
export function ticketChanges(ticket: Ticket, draft: TicketDraft): Partial<UpdateTicketRequest> {
  const changes: Partial<UpdateTicketRequest> = {};
  if (draft.status && draft.status !== ticket.status) {
    changes.status = draft.status;
    const resolution = draft.resolution?.trim();
    if (draft.status === "RESOLVED" && resolution) changes.resolution = resolution;
  }
  if (draft.priority && draft.priority !== ticket.priority) changes.priority = draft.priority;
  if (draft.type && draft.type !== ticket.type) changes.type = draft.type;
  const category = draft.category?.trim();
  if (category && category !== ticket.category) changes.category = category;
  if (draft.relatedSkills && !sameList(draft.relatedSkills, ticket.relatedSkills)) {
    changes.relatedSkills = draft.relatedSkills;
  }
  if (draft.assignedTo !== undefined && draft.assignedTo !== (ticket.assignedTo?._id ?? null)) {
    changes.assignedTo = draft.assignedTo;
  }
  return changes;
}
