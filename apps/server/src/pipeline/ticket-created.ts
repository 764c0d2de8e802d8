import { z } from "zod";
import { renderAssignedMail, renderUnassignedAlert } from "../mail/templates.ts";
import { publishTicketChange } from "../realtime/publish.ts";
import { assignTicket } from "../routing/assign-ticket.ts";
import { setDueDate } from "../sla/service.ts";
import type { PipelineDeps, PipelineJob } from "./deps.ts";
import { digestOf, findPerson, findTicket, listAdmins, sendMails } from "./send-mail.ts";

// Idempotent: triage, due date and routing skip what is stored already, and each mail has a dedupe key.
const payload = z.object({ ticketId: z.uuid() });

/** A new ticket: triage → route → notify → publish. */
export const ticketCreated: PipelineJob<typeof payload> = {
  name: "ticket.created",
  payload,
  concurrency: 8,
  async handle({ ticketId }, deps) {
    await deps.triage.triageTicket(ticketId);
    await setDueDate(deps.db, ticketId, deps.config.sla);
    await assignTicket(deps.db, ticketId);
    await notifyAssignment(deps, ticketId);
    const ticket = await findTicket(deps.db, ticketId);
    if (ticket)
      await publishTicketChange(deps.db, { ticketId, kind: "updated", createdBy: ticket.createdBy });
  },
};

/** Mails the assignee routing chose, or alerts the admins when nobody could take the ticket. */
async function notifyAssignment(deps: PipelineDeps, ticketId: string): Promise<void> {
  const ticket = await findTicket(deps.db, ticketId);
  const assignment = ticket?.assignment;
  if (!ticket || !assignment || assignment.decidedBy !== "routing") return;
  const digest = digestOf(ticket);
  const { appUrl } = deps.config;

  const assignee = await findPerson(deps.db, ticket.assignedTo);
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
