import type { Priority, Ticket } from "@helpdesk/contracts";

const RANK: Record<Priority, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/**
 * A moderator's working order: most urgent priority first; within one priority, the SLA due time that
 * comes first (overdue ones lead); tickets without a due time last; ties by ticket number.
 */
export function orderQueue(tickets: readonly Ticket[]): Ticket[] {
  const due = (ticket: Ticket) => (ticket.dueAt ? Date.parse(ticket.dueAt) : Number.POSITIVE_INFINITY);
  return [...tickets].sort(
    (a, b) =>
      (b.priority ? RANK[b.priority] : 0) - (a.priority ? RANK[a.priority] : 0) ||
      due(a) - due(b) ||
      a.number - b.number,
  );
}
