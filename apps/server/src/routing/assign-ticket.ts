import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { tickets, users } from "../db/schema.ts";
import { publishTicketChange } from "../realtime/publish.ts";
import { recordEvent } from "../tickets/events.ts";
import { chooseAssignee, type RoutingDecision, type StaffMember } from "./choose-assignee.ts";

const OPEN_STATUSES = ["TODO", "IN_PROGRESS", "WAITING"] as const;

/**
 * Routes a ticket that has no assignee yet: decides over a snapshot of the staff, stores the
 * assignee and the reason, records an "assigned" event and starts work on the ticket. A ticket
 * already assigned (by routing or by hand) or closed is left alone; one that found nobody before
 * is tried again, and left as it was if there is still nobody. Decisions are taken one at a
 * time across all processes, so two workers never both fill the last free slot of one moderator.
 */
export async function assignTicket(
  db: Database,
  ticketId: string,
  now = new Date(),
): Promise<{ skipped: boolean; decision?: RoutingDecision }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('helpdesk.routing'))`);
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for("update");
    if (
      !ticket ||
      ticket.assignedTo ||
      (ticket.assignment && ticket.assignment.rule !== "unassigned") ||
      !OPEN_STATUSES.some((s) => s === ticket.status)
    ) {
      return { skipped: true };
    }

    const staff: StaffMember[] = await tx
      .select({
        id: users.id,
        email: users.email,
        role: users.role,
        skills: users.skills,
        available: users.available,
        capacity: users.capacity,
        lastAssignedAt: users.lastAssignedAt,
        openTickets: sql<number>`(select count(*)::int from ${tickets} where ${tickets.assignedTo} = ${users.id}
          and ${tickets.status} in ('TODO', 'IN_PROGRESS', 'WAITING'))`,
      })
      .from(users)
      .where(inArray(users.role, ["moderator", "admin"]));

    const decision = chooseAssignee(ticket.relatedSkills, staff);
    if (ticket.assignment && !decision.assigneeId) return { skipped: true };
    const assignment = {
      rule: decision.rule,
      reason: decision.reason,
      matchedSkills: decision.matchedSkills,
      score: decision.score,
      runnerUp: decision.runnerUp,
      decidedBy: "routing",
      decidedAt: now.toISOString(),
    };
    await tx
      .update(tickets)
      .set({
        assignedTo: decision.assigneeId,
        assignment,
        ...(decision.assigneeId && ticket.status === "TODO" && { status: "IN_PROGRESS" as const }),
        updatedAt: now,
      })
      .where(eq(tickets.id, ticket.id));
    if (decision.assigneeId) {
      await tx.update(users).set({ lastAssignedAt: now }).where(eq(users.id, decision.assigneeId));
    }
    await recordEvent(tx, {
      ticketId: ticket.id,
      actorId: null,
      kind: "assigned",
      data: { from: null, to: decision.assigneeId, ...assignment },
    });
    if (decision.assigneeId && ticket.status === "TODO") {
      await recordEvent(tx, {
        ticketId: ticket.id,
        actorId: null,
        kind: "status_changed",
        data: { from: "TODO", to: "IN_PROGRESS" },
      });
    }
    await publishTicketChange(tx, { ticketId: ticket.id, kind: "assigned", createdBy: ticket.createdBy });
    return { skipped: false, decision };
  });
}

/** Whether any available moderator or admin is under capacity: if not, routing could only fail. */
export async function hasStaffWithRoom(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        inArray(users.role, ["moderator", "admin"]),
        eq(users.available, true),
        sql`${users.capacity} > (select count(*) from ${tickets} where ${tickets.assignedTo} = ${users.id}
          and ${tickets.status} in ('TODO', 'IN_PROGRESS', 'WAITING'))`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
