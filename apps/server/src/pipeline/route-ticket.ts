import type { Executor } from "../db/client.ts";
import { chooseAssignee, needsRouting, type StaffMember } from "../routing/choose-assignee.ts";
import { assignmentOf } from "../tickets/assignment.ts";
import { assignTicket, lockTicketForRouting } from "../tickets/operations.ts";
import { countOpenTicketsByAssignee } from "../tickets/queries.ts";
import { listStaff, markAssigned } from "../users/service.ts";
import type { PipelineDeps } from "./deps.ts";

/**
 * Routes a ticket that has no assignee yet: decides over a snapshot of the staff and their load,
 * and stores the assignee and the reason. A ticket assigned already (by routing or by hand) or
 * closed is left alone; one that found nobody before is tried again, and left as it was if there
 * is still nobody.
 */
export async function routeTicket(
  deps: Pick<PipelineDeps, "db">,
  ticketId: string,
): Promise<{ routed: boolean }> {
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketForRouting(tx, ticketId);
    if (!ticket || !needsRouting(ticket)) return { routed: false };
    const decision = chooseAssignee(ticket.relatedSkills, await loadStaffSnapshot(tx));
    if (ticket.assignment && !decision.assigneeId) return { routed: false };
    const now = new Date();
    await assignTicket(
      tx,
      ticket,
      decision.assigneeId,
      assignmentOf(decision.rule, decision.reason, "routing", now, decision),
    );
    if (decision.assigneeId) await markAssigned(tx, decision.assigneeId, now);
    return { routed: true };
  });
}

/** Every moderator and admin as routing weighs them: skills, availability, capacity and open tickets. */
export async function loadStaffSnapshot(db: Executor): Promise<StaffMember[]> {
  const [staff, load] = await Promise.all([listStaff(db), countOpenTicketsByAssignee(db)]);
  return staff.map((member) => ({
    id: member.id,
    email: member.email,
    role: member.role,
    skills: member.skills,
    available: member.available,
    capacity: member.capacity,
    lastAssignedAt: member.lastAssignedAt,
    openTickets: load.get(member.id) ?? 0,
  }));
}
