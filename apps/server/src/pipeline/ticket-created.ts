import { ticketCreated } from "../jobs/definitions.ts";
import type { PipelineHandler } from "./deps.ts";
import { notifyAssignment } from "./notify-assignment.ts";
import { routeTicket } from "./route-ticket.ts";
import { triageTicket } from "./triage-ticket.ts";

// Idempotent: triage and routing skip what is stored already, and each mail has a dedupe key.
/** A new ticket: triage (with its due date) → route → notify; each step announces its change. */
export const handleTicketCreated: PipelineHandler<typeof ticketCreated.payload> = {
  job: ticketCreated,
  async handle({ ticketId }, deps) {
    await triageTicket(deps, ticketId);
    await routeTicket(deps, ticketId);
    await notifyAssignment(deps, ticketId);
  },
};
