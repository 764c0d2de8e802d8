import type { Config } from "../config.ts";
import type { Executor } from "../db/client.ts";
import { dueDateFor } from "../sla/due-date.ts";
import { setDueDate } from "../tickets/operations.ts";
import type { TicketRow } from "../tickets/visibility.ts";

/**
 * Sets the ticket's due date from its priority, or moves it after the priority changed. A breached
 * ticket keeps the date it missed; a ticket without a priority yet gets none.
 */
export async function scheduleDueDate(
  tx: Executor,
  config: Pick<Config, "sla">,
  ticket: TicketRow,
): Promise<void> {
  if (ticket.slaBreachedAt) return;
  const dueAt = dueDateFor(ticket.createdAt, ticket.priority, config.sla);
  if (!dueAt && !ticket.dueAt) return;
  await setDueDate(tx, ticket, dueAt);
}
