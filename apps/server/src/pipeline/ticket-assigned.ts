import { ticketAssigned } from "../jobs/definitions.ts";
import type { PipelineHandler } from "./deps.ts";
import { notifyAssignment } from "./notify-assignment.ts";

// Idempotent: one mail per assignment decision and recipient, by dedupe key.
/** Someone assigned a ticket by hand: the new assignee hears of it as routing's choice would. */
export const handleTicketAssigned: PipelineHandler<typeof ticketAssigned.payload> = {
  job: ticketAssigned,
  handle: ({ ticketId }, deps) => notifyAssignment(deps, ticketId),
};
