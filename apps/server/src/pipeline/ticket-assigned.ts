import { z } from "zod";
import type { PipelineJob } from "./deps.ts";
import { notifyAssignment } from "./notify-assignment.ts";

// Idempotent: one mail per assignment decision and recipient, by dedupe key.
const payload = z.object({ ticketId: z.uuid() });

/** Someone assigned a ticket by hand: the new assignee hears of it as routing's choice would. */
export const ticketAssigned: PipelineJob<typeof payload> = {
  name: "ticket.assigned",
  payload,
  handle: ({ ticketId }, deps) => notifyAssignment(deps, ticketId),
};
