import type { Priority, Ticket } from "@helpdesk/contracts";
import { PRIORITIES } from "@helpdesk/contracts/constants";

/** PRIORITIES runs from low to critical; an untriaged ticket ranks below low. */
const rank = (priority: Priority | null) => (priority ? PRIORITIES.indexOf(priority) + 1 : 0);

/**
 * A moderator's working order: most urgent priority first; within one priority, the SLA due time that
 * comes first (overdue ones lead); tickets without a due time last; ties by ticket number.
 */
export function orderQueue(tickets: readonly Ticket[]): Ticket[] {
  const due = (ticket: Ticket) => (ticket.dueAt ? Date.parse(ticket.dueAt) : Number.POSITIVE_INFINITY);
  return [...tickets].sort(
    (a, b) => rank(b.priority) - rank(a.priority) || due(a) - due(b) || a.number - b.number,
  );
}
