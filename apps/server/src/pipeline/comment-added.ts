import { eq } from "drizzle-orm";
import { z } from "zod";
import { ticketComments } from "../db/schema.ts";
import { renderReplyMail } from "../mail/templates.ts";
import type { PipelineJob } from "./deps.ts";
import { digestOf, findPerson, findTicket, sendMails } from "./send-mail.ts";

// Idempotent: one mail per comment and recipient, by dedupe key.
// The ticket is there for the job monitor only.
const payload = z.object({ commentId: z.uuid(), ticketId: z.uuid().optional() });

/** A public reply from the team goes to the creator; the creator's reply goes to the assignee. */
export const commentAdded: PipelineJob<typeof payload> = {
  name: "comment.added",
  payload,
  async handle({ commentId }, deps) {
    const [comment] = await deps.db.select().from(ticketComments).where(eq(ticketComments.id, commentId));
    if (!comment || comment.internal) return;
    const ticket = await findTicket(deps.db, comment.ticketId);
    const author = await findPerson(deps.db, comment.authorId);
    if (!ticket || !author) return;
    const recipientId = author.id === ticket.createdBy ? ticket.assignedTo : ticket.createdBy;
    const recipient = await findPerson(deps.db, recipientId);
    if (!recipient || recipient.id === author.id) return;
    await sendMails(deps, [
      {
        to: recipient.email,
        kind: "reply",
        dedupeKey: `reply:${comment.id}:${recipient.id}`,
        ticketId: ticket.id,
        ...renderReplyMail(deps.config.appUrl, digestOf(ticket), {
          author: author.email,
          body: comment.body,
        }),
      },
    ]);
  },
};
