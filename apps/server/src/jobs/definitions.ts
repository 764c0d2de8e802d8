import { TICKET_STATUSES } from "@helpdesk/contracts/constants";
import { z } from "zod";
import { defineJob } from "./job.ts";

/** A new ticket: triage, due date, routing, the assignee's mail. */
export const ticketCreated = defineJob({
  name: "ticket.created",
  payload: z.object({ ticketId: z.uuid() }),
  concurrency: 8,
});

/** Staff asked for a fresh triage; the stored one is replaced. */
export const ticketRetriage = defineJob({
  name: "ticket.retriage",
  payload: z.object({ ticketId: z.uuid(), actorId: z.uuid() }),
});

/** Someone assigned a ticket by hand: the new assignee hears of it as routing's choice would. */
export const ticketAssigned = defineJob({
  name: "ticket.assigned",
  payload: z.object({ ticketId: z.uuid() }),
});

/** A ticket's priority changed: its due date follows. */
export const ticketReprioritized = defineJob({
  name: "ticket.reprioritized",
  payload: z.object({ ticketId: z.uuid() }),
});

/** A ticket moved to another status: its creator is told. */
export const ticketStatusChanged = defineJob({
  name: "ticket.status_changed",
  payload: z.object({
    ticketId: z.uuid(),
    from: z.enum(TICKET_STATUSES),
    to: z.enum(TICKET_STATUSES),
    actorId: z.uuid().nullable(),
    changedAt: z.iso.datetime(),
  }),
});

/** A reply or note was added; the ticket is there for the job monitor only. */
export const commentAdded = defineJob({
  name: "comment.added",
  payload: z.object({ commentId: z.uuid(), ticketId: z.uuid().optional() }),
});

export const userSignedUp = defineJob({
  name: "user.signed_up",
  payload: z.object({ userId: z.uuid() }),
});

/** Someone stopped being a moderator or admin, or was disabled: their open tickets go back to routing. */
export const userLeftStaff = defineJob({
  name: "user.left_staff",
  payload: z.object({ userId: z.uuid() }),
});

const MAIL_RETRIES = 100;
/** Attempts a mail gets before it is marked failed: the first and every retry. */
export const MAIL_ATTEMPTS = MAIL_RETRIES + 1;

/** Delivers one outbox row; the ticket is there for the job monitor only. */
export const mailSend = defineJob({
  name: "mail.send",
  payload: z.object({ mailId: z.uuid(), ticketId: z.uuid().optional() }),
  // While the SMTP server is down, attempts back off up to 15 minutes apart, for about a day.
  retryLimit: MAIL_RETRIES,
  retryDelayMax: 900,
});

/** A mail came in (mail/inbound/): it opens a ticket, joins one, or is recorded as ignored or held. */
export const mailReceived = defineJob({
  name: "mail.received",
  payload: z.object({ inboundId: z.uuid() }),
  concurrency: 2,
});

/** Every minute: tickets past their due date are marked breached and the admins are told. */
export const slaTick = defineJob({
  name: "sla.tick",
  payload: z.object({}),
  cron: "* * * * *",
  retryLimit: 1,
});

/** Every minute: tickets nobody could take are routed again, now that someone may be free. */
export const routeWaiting = defineJob({
  name: "route.waiting",
  payload: z.object({}),
  cron: "* * * * *",
  retryLimit: 1,
});

/** Every job of the installation: the queue creates each one, in a worker or not. */
export const ALL_JOBS = [
  ticketCreated,
  ticketRetriage,
  ticketAssigned,
  ticketReprioritized,
  ticketStatusChanged,
  commentAdded,
  userSignedUp,
  userLeftStaff,
  mailSend,
  mailReceived,
  slaTick,
  routeWaiting,
];
