import { and, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { tickets } from "../db/schema.ts";
import { assignTicket, hasStaffWithRoom } from "../routing/assign-ticket.ts";
import type { PipelineJob } from "./deps.ts";
import { notifyAssignment } from "./notify-assignment.ts";

// Idempotent: routing only assigns a ticket that still has nobody, and each mail has a dedupe key.
const payload = z.object({});

/** Every minute: tickets nobody could take are routed again, now that someone may be free. */
export const routeWaiting: PipelineJob<typeof payload> = {
  name: "route.waiting",
  payload,
  cron: "* * * * *",
  retryLimit: 1,
  async handle(_payload, deps) {
    const waiting = await deps.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(
        and(
          isNull(tickets.assignedTo),
          sql`${tickets.assignment}->>'rule' = 'unassigned'`,
          inArray(tickets.status, ["TODO", "IN_PROGRESS", "WAITING"]),
        ),
      )
      .limit(200);
    if (waiting.length === 0 || !(await hasStaffWithRoom(deps.db))) return;
    for (const { id } of waiting) {
      const { skipped } = await assignTicket(deps.db, id);
      if (!skipped) await notifyAssignment(deps, id);
    }
  },
};
