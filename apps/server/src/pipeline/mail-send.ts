import { z } from "zod";
import { deliverOutboxMail } from "../mail/outbox.ts";
import type { PipelineJob } from "./deps.ts";

// Idempotent: only a pending outbox row is delivered, and it is marked sent right after SMTP accepts it.
// The ticket is there for the job monitor only.
const payload = z.object({ mailId: z.uuid(), ticketId: z.uuid().optional() });

const RETRIES = 100;
const MAIL_ATTEMPTS = RETRIES + 1;

export const mailSend: PipelineJob<typeof payload> = {
  name: "mail.send",
  payload,
  // While the SMTP server is down, attempts back off up to 15 minutes apart, for about a day.
  retryLimit: RETRIES,
  retryDelayMax: 900,
  handle: ({ mailId }, deps) => deliverOutboxMail(deps.db, deps.mailer, mailId, MAIL_ATTEMPTS),
};
