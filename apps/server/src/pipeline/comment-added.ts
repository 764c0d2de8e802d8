import { isStaff } from "../auth/viewer.ts";
import { commentAdded } from "../jobs/definitions.ts";
import { renderReplyMail } from "../mail/templates.ts";
import { chooseMailAttachments } from "../tickets/attachment-rules.ts";
import { listAttachmentsOfComment } from "../tickets/attachments.ts";
import { listFollowers } from "../tickets/followers.ts";
import { findComment, findTicketRow } from "../tickets/queries.ts";
import { findUserById } from "../users/service.ts";
import type { PipelineHandler } from "./deps.ts";
import { digestOf, sendMails } from "./send-mail.ts";

// Idempotent: one mail per comment and recipient, by dedupe key.
/**
 * A public reply from the team goes to the requester and the ticket's followers; a reply from the
 * requester's side goes to the assignee, and to the requester and the other followers.
 */
export const handleCommentAdded: PipelineHandler<typeof commentAdded.payload> = {
  job: commentAdded,
  async handle({ commentId }, deps) {
    const comment = await findComment(deps.db, commentId);
    if (!comment || comment.internal) return;
    const ticket = await findTicketRow(deps.db, comment.ticketId);
    const author = await findUserById(deps.db, comment.authorId);
    if (!ticket || !author) return;
    const fromTeam = isStaff(author) && author.id !== ticket.createdBy;
    const people = [
      ...(fromTeam ? [] : [ticket.assignedTo]),
      ticket.createdBy,
      ...(await listFollowers(deps.db, ticket.id)).map((follower) => follower.id),
    ];
    const recipientIds = [...new Set(people)].filter((id): id is string => Boolean(id) && id !== author.id);
    const recipients = [];
    for (const id of recipientIds) {
      const person = await findUserById(deps.db, id);
      if (person && !person.disabledAt) recipients.push(person);
    }
    const files = chooseMailAttachments(
      await listAttachmentsOfComment(deps.db, comment.id),
      deps.config.attachments.mailMaxBytes,
    );
    await sendMails(
      deps,
      recipients.map((recipient) => ({
        to: recipient.email,
        kind: "reply" as const,
        dedupeKey: `reply:${comment.id}:${recipient.id}`,
        ticketId: ticket.id,
        attachmentIds: files.attachmentIds,
        ...renderReplyMail(deps.config.appUrl, digestOf(ticket), {
          author: author.email,
          body: comment.body,
          files,
        }),
      })),
    );
  },
};
