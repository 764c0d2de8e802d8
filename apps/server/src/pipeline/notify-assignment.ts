import { renderAssignedMail, renderUnassignedAlert } from "../mail/templates.ts";
import { findTicketRow } from "../tickets/queries.ts";
import { findUserById, listAdmins } from "../users/service.ts";
import type { PipelineDeps } from "./deps.ts";
import { digestOf, sendMails } from "./send-mail.ts";

/**
 * Mails the assignee of the ticket's current assignment (unless they assigned it to themselves), or
 * alerts the admins when routing found nobody. One mail per decision and recipient, by dedupe key.
 */
export async function notifyAssignment(deps: PipelineDeps, ticketId: string): Promise<void> {
  const ticket = await findTicketRow(deps.db, ticketId);
  const assignment = ticket?.assignment;
  if (!ticket || !assignment) return;
  const digest = digestOf(ticket);
  const { appUrl } = deps.config;
  const assignee = ticket.assignedTo ? await findUserById(deps.db, ticket.assignedTo) : undefined;
  if (assignee?.id === assignment.decidedBy) return;
  if (assignee) {
    await sendMails(deps, [
      {
        to: assignee.email,
        kind: "assigned",
        dedupeKey: `assigned:${ticket.id}:${assignment.decidedAt}:${assignee.id}`,
        ticketId: ticket.id,
        ...renderAssignedMail(appUrl, digest, assignment.reason),
      },
    ]);
    return;
  }
  if (assignment.rule !== "unassigned") return;
  const admins = await listAdmins(deps.db);
  await sendMails(
    deps,
    admins.map((admin) => ({
      to: admin.email,
      kind: "unassigned" as const,
      dedupeKey: `unassigned:${ticket.id}:${assignment.decidedAt}:${admin.id}`,
      ticketId: ticket.id,
      ...renderUnassignedAlert(appUrl, digest, assignment.reason),
    })),
  );
}
