import { z } from "zod";
import { publishTicketChange } from "../realtime/publish.ts";
import { assignTicket } from "../routing/assign-ticket.ts";
import { setDueDate } from "../sla/service.ts";
import type { PipelineJob } from "./deps.ts";
import { notifyAssignment } from "./notify-assignment.ts";
import { findTicket } from "./send-mail.ts";

// Idempotent: triage, due date and routing skip what is stored already, and each mail has a dedupe key.
const payload = z.object({ ticketId: z.uuid() });

/** A new ticket: triage → route → notify → publish. */
export const ticketCreated: PipelineJob<typeof payload> = {
  name: "ticket.created",
  payload,
  concurrency: 8,
  async handle({ ticketId }, deps) {
    await deps.triage.triageTicket(ticketId);
    await setDueDate(deps.db, ticketId, deps.config.sla);
    await assignTicket(deps.db, ticketId);
    await notifyAssignment(deps, ticketId);
    const ticket = await findTicket(deps.db, ticketId);
    if (ticket)
      await publishTicketChange(deps.db, { ticketId, kind: "updated", createdBy: ticket.createdBy });
  },
};
