import { routeWaiting } from "../jobs/definitions.ts";
import { hasStaffWithRoom } from "../routing/choose-assignee.ts";
import { listTicketsWaitingForRouting } from "../tickets/queries.ts";
import type { PipelineHandler } from "./deps.ts";
import { notifyAssignment } from "./notify-assignment.ts";
import { loadStaffSnapshot, routeTicket } from "./route-ticket.ts";

const BATCH = 200;

// Idempotent: routing only assigns a ticket that still has nobody, and each mail has a dedupe key.
/** Every minute: tickets nobody could take are routed again, now that someone may be free. */
export const handleRouteWaiting: PipelineHandler<typeof routeWaiting.payload> = {
  job: routeWaiting,
  async handle(_payload, deps) {
    const waiting = await listTicketsWaitingForRouting(deps.db, BATCH);
    if (waiting.length === 0 || !hasStaffWithRoom(await loadStaffSnapshot(deps.db))) return;
    for (const ticketId of waiting) {
      const { routed } = await routeTicket(deps, ticketId);
      if (routed) await notifyAssignment(deps, ticketId);
    }
  },
};
