import { ticketRetriage } from "../jobs/definitions.ts";
import type { PipelineHandler } from "./deps.ts";
import { triageTicket } from "./triage-ticket.ts";

// Idempotent in effect: a second run stores the same engine's answer for the same text again.
/** Staff asked for a fresh triage: it replaces the stored one, and the due date follows. */
export const handleTicketRetriage: PipelineHandler<typeof ticketRetriage.payload> = {
  job: ticketRetriage,
  async handle({ ticketId, actorId }, deps) {
    await triageTicket(deps, ticketId, { force: true, actorId });
  },
};
