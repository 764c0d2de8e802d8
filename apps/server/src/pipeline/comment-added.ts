import { commentAdded } from "../jobs/definitions.ts";
import { renderReplyMail } from "../mail/templates.ts";
import { findComment, findTicketRow } from "../tickets/queries.ts";
import { findUserById } from "../users/service.ts";
import type { PipelineHandler } from "./deps.ts";
import { digestOf, sendMails } from "./send-mail.ts";

// Idempotent: one mail per comment and recipient, by dedupe key.
/** A public reply from the team goes to the creator; the creator's reply goes to the assignee. */
export const handleCommentAdded: PipelineHandler<typeof commentAdded.payload> = {
  job: commentAdded,
  async handle({ commentId }, deps) {
    const comment = await findComment(deps.db, commentId);
    if (!comment || comment.internal) return;
    const ticket = await findTicketRow(deps.db, comment.ticketId);
    const author = await findUserById(deps.db, comment.authorId);
    if (!ticket || !author) return;
    const recipientId = author.id === ticket.createdBy ? ticket.assignedTo : ticket.createdBy;
    const recipient = recipientId ? await findUserById(deps.db, recipientId) : undefined;
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
