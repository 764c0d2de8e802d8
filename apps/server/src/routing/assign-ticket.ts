import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { tickets, users } from "../db/schema.ts";
import { publishTicketChange } from "../realtime/publish.ts";
import { recordEvents } from "../tickets/events.ts";
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
  const routed = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('helpdesk.routing'))`);
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for("update");
    if (
      !ticket ||
      ticket.assignedTo ||
      (ticket.assignment && ticket.assignment.rule !== "unassigned") ||
      !OPEN_STATUSES.some((s) => s === ticket.status)
    ) {
      return undefined;
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
    if (ticket.assignment && !decision.assigneeId) return undefined;
    const assignment = {
      rule: decision.rule,
      reason: decision.reason,
      matchedSkills: decision.matchedSkills,
      score: decision.score,
      runnerUp: decision.runnerUp,
      decidedBy: "routing",
      decidedAt: now.toISOString(),
    };
    const startsWork = decision.assigneeId !== null && ticket.status === "TODO";
    await tx
      .update(tickets)
      .set({
        assignedTo: decision.assigneeId,
        assignment,
        ...(startsWork && { status: "IN_PROGRESS" as const }),
        updatedAt: now,
      })
      .where(eq(tickets.id, ticket.id));
    if (decision.assigneeId) {
      await tx.update(users).set({ lastAssignedAt: now }).where(eq(users.id, decision.assigneeId));
    }
    await recordEvents(tx, [
      {
        ticketId: ticket.id,
        actorId: null,
        kind: "assigned",
        data: { from: null, to: decision.assigneeId, ...assignment },
      },
      ...(startsWork
        ? [
            {
              ticketId: ticket.id,
              actorId: null,
              kind: "status_changed" as const,
              data: { from: "TODO", to: "IN_PROGRESS" },
            },
          ]
        : []),
    ]);
    return { decision, createdBy: ticket.createdBy };
  });
  if (!routed) return { skipped: true };
  // Announced once committed rather than inside the transaction: a NOTIFY would make this commit
  // wait for every other notifying commit while the routing lock is held.
  await publishTicketChange(db, { ticketId, kind: "assigned", createdBy: routed.createdBy });
  return { skipped: false, decision: routed.decision };
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
