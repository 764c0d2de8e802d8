import { TICKET_STATUSES } from "@helpdesk/contracts";
import { z } from "zod";
import { renderStatusMail } from "../mail/templates.ts";
import type { PipelineJob } from "./deps.ts";
import { digestOf, findPerson, findTicket, sendMails } from "./send-mail.ts";

// Idempotent: one mail per change (ticket, time of the change) and recipient, by dedupe key.
const payload = z.object({
  ticketId: z.uuid(),
  from: z.enum(TICKET_STATUSES),
  to: z.enum(TICKET_STATUSES),
  actorId: z.uuid().nullable(),
  changedAt: z.iso.datetime(),
});

/** Tells the creator their ticket moved; a resolution comes with the "resolved" mail. */
export const ticketStatusChanged: PipelineJob<typeof payload> = {
  name: "ticket.status_changed",
  payload,
  async handle({ ticketId, to, actorId, changedAt }, deps) {
    const ticket = await findTicket(deps.db, ticketId);
    const creator = await findPerson(deps.db, ticket?.createdBy ?? null);
    if (!ticket || !creator || creator.id === actorId) return;
    await sendMails(deps, [
      {
        to: creator.email,
        kind: "status_changed",
        dedupeKey: `status:${ticket.id}:${changedAt}:${creator.id}`,
        ticketId: ticket.id,
        ...renderStatusMail(deps.config.appUrl, { ...digestOf(ticket), status: to }),
      },
    ]);
  },
};
