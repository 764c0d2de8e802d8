import type { Executor } from "../db/client.ts";
import { chooseAssignee, needsRouting, type StaffMember } from "../routing/choose-assignee.ts";
import { learnFromPastTickets } from "../routing/lessons.ts";
import { aliasesOf, mergeNeeds, readSkillNeeds } from "../routing/skill-needs.ts";
import { assignmentOf } from "../tickets/assignment.ts";
import { assignTicket, lockTicketForRouting } from "../tickets/operations.ts";
import { countOpenTicketsByAssignee, findSimilarHandledTickets, findTicketRow } from "../tickets/queries.ts";
import { contentWords } from "../triage/text-features.ts";
import { listStaff, markAssigned } from "../users/service.ts";
import { listActiveSkills } from "../vocabulary/catalogue.ts";
import type { PipelineDeps } from "./deps.ts";

/** How many similar tickets people placed are read for what they teach. */
const PAST_TICKETS = 5;

/**
 * Routes a ticket that has no assignee yet: decides over a snapshot of the staff and their load,
 * the skills the ticket's words and triage point at (through the ontology, onto the staff's own skill
 * names and the catalogue's aliases), and the similar tickets people placed before, and stores the
 * assignee and the reason. A ticket assigned already (by routing or by hand) or closed is left alone;
 * one that found nobody before is tried again, and left as it was if there is still nobody.
 */
export async function routeTicket(
  deps: Pick<PipelineDeps, "db">,
  ticketId: string,
): Promise<{ routed: boolean }> {
  // What the ticket's text and the catalogue say is read before the routing lock, which every
  // ticket waits for: only the staff's load has to be read under it.
  const row = await findTicketRow(deps.db, ticketId);
  if (!row || !needsRouting(row)) return { routed: false };
  const [past, catalogue] = await Promise.all([
    findSimilarHandledTickets(deps.db, row.id, contentWords(`${row.title} ${row.description}`), PAST_TICKETS),
    listActiveSkills(deps.db),
  ]);
  const aliases = aliasesOf(catalogue);
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketForRouting(tx, ticketId);
    if (!ticket || !needsRouting(ticket)) return { routed: false };
    const staff = await loadStaffSnapshot(tx);
    const lessons = learnFromPastTickets(ticket, past, staff, aliases);
    const needs = mergeNeeds(
      readSkillNeeds(
        ticket,
        staff.flatMap((member) => member.skills),
        aliases,
      ),
      lessons.needs,
    );
    const decision = chooseAssignee(needs, staff, lessons.precedents, aliases);
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
