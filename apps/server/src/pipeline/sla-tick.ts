import { z } from "zod";
import { renderSlaBreachMail } from "../mail/templates.ts";
import { markBreaches } from "../sla/service.ts";
import type { PipelineJob } from "./deps.ts";
import { digestOf, listAdmins, writeMails } from "./send-mail.ts";

// Idempotent: a breach is marked, and its mails written, in one transaction, once per ticket.
const payload = z.object({});

/** Every minute: tickets past their due date are marked breached and the admins are told. */
export const slaTick: PipelineJob<typeof payload> = {
  name: "sla.tick",
  payload,
  cron: "* * * * *",
  retryLimit: 1,
  async handle(_payload, deps) {
    const admins = await listAdmins(deps.db);
    const breached = await deps.db.transaction(async (tx) => {
      const tickets = await markBreaches(tx, new Date());
      await writeMails(
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
