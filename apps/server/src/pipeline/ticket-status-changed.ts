import { ticketStatusChanged } from "../jobs/definitions.ts";
import { renderStatusMail } from "../mail/templates.ts";
import { findTicketRow } from "../tickets/queries.ts";
import { findUserById } from "../users/service.ts";
import type { PipelineHandler } from "./deps.ts";
import { digestOf, sendMails } from "./send-mail.ts";

// Idempotent: one mail per change (ticket, time of the change) and recipient, by dedupe key.
/** Tells the creator their ticket moved; a resolution comes with the "resolved" mail. */
export const handleTicketStatusChanged: PipelineHandler<typeof ticketStatusChanged.payload> = {
  job: ticketStatusChanged,
  async handle({ ticketId, to, actorId, changedAt }, deps) {
    const ticket = await findTicketRow(deps.db, ticketId);
    const creator = ticket ? await findUserById(deps.db, ticket.createdBy) : undefined;
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
