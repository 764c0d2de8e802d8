import { slaTick } from "../jobs/definitions.ts";
import { queueMails } from "../mail/outbox.ts";
import { renderSlaBreachMail } from "../mail/templates.ts";
import { markBreachedTickets } from "../tickets/operations.ts";
import { listAdmins } from "../users/service.ts";
import type { PipelineHandler } from "./deps.ts";
import { digestOf } from "./send-mail.ts";

// Idempotent: a breach is marked, and its mails written, in one transaction, once per ticket.
/** Every minute: tickets past their due date are marked breached and the admins are told. */
export const handleSlaTick: PipelineHandler<typeof slaTick.payload> = {
  job: slaTick,
  async handle(_payload, deps) {
    const admins = await listAdmins(deps.db);
    const breached = await deps.db.transaction(async (tx) => {
      const tickets = await markBreachedTickets(tx, new Date());
      await queueMails(
        tx,
        deps.jobs,
        tickets.flatMap((ticket) =>
          admins.map((admin) => ({
            to: admin.email,
            kind: "sla_breach" as const,
            dedupeKey: `sla:${ticket.id}:${ticket.slaBreachedAt?.toISOString()}:${admin.id}`,
            ticketId: ticket.id,
            ...renderSlaBreachMail(deps.config.appUrl, digestOf(ticket), ticket.dueAt ?? new Date()),
          })),
        ),
      );
      return tickets;
    });
    if (breached.length > 0) deps.logger.info({ tickets: breached.length }, "SLA breaches marked");
  },
};
