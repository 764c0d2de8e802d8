import { isStaff } from "../auth/viewer.ts";
import { userLeftStaff } from "../jobs/definitions.ts";
import { releaseAssignedTickets } from "../tickets/operations.ts";
import { findUserById } from "../users/service.ts";
import type { PipelineHandler } from "./deps.ts";
import { notifyAssignment } from "./notify-assignment.ts";
import { routeTicket } from "./route-ticket.ts";

// Idempotent: only open tickets still assigned to the person are released, and routing and mail
// skip what is done already.
/**
 * Someone is no longer a moderator or admin, or their account was disabled: their open tickets are
 * released with the reason, and routed again at once to whoever fits now.
 */
export const handleUserLeftStaff: PipelineHandler<typeof userLeftStaff.payload> = {
  job: userLeftStaff,
  async handle({ userId }, deps) {
    const former = await findUserById(deps.db, userId);
    // Made staff again (or enabled again) before this ran: their tickets stay with them.
    if (!former || (isStaff(former) && !former.disabledAt)) return;
    const why = former.disabledAt ? `${former.email}'s account was disabled` : undefined;
    const released = await deps.db.transaction((tx) => releaseAssignedTickets(tx, former, why));
    for (const ticketId of released) {
      const { routed } = await routeTicket(deps, ticketId);
      if (routed) await notifyAssignment(deps, ticketId);
    }
  },
};
