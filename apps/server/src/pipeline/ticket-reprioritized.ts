import { ticketReprioritized } from "../jobs/definitions.ts";
import { findTicketRow } from "../tickets/queries.ts";
import type { PipelineHandler } from "./deps.ts";
import { scheduleDueDate } from "./due-date.ts";

// Idempotent: the due date is computed from the stored priority, the same value every time.
/** Staff changed a ticket's priority: its due date follows, and open screens hear of it. */
export const handleTicketReprioritized: PipelineHandler<typeof ticketReprioritized.payload> = {
  job: ticketReprioritized,
  async handle({ ticketId }, deps) {
    await deps.db.transaction(async (tx) => {
      const ticket = await findTicketRow(tx, ticketId);
      if (ticket) await scheduleDueDate(tx, deps.config, ticket);
    });
  },
};
