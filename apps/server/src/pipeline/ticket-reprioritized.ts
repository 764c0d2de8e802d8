import { z } from "zod";
import { recomputeDueDate } from "../sla/service.ts";
import type { PipelineJob } from "./deps.ts";

// Idempotent: the due date is computed from the stored priority, the same value every time.
const payload = z.object({ ticketId: z.uuid() });

/** Staff changed a ticket's priority: its due date follows. */
export const ticketReprioritized: PipelineJob<typeof payload> = {
  name: "ticket.reprioritized",
  payload,
  handle: ({ ticketId }, deps) => recomputeDueDate(deps.db, ticketId, deps.config.sla),
};
