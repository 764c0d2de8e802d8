import type { Attachment, Comment, CreateCommentRequest, CreateTicketRequest } from "@helpdesk/contracts";
import type { Viewer } from "../auth/viewer.ts";
import type { Executor } from "../db/client.ts";
import type { JobSender } from "../queue/job-queue.ts";
import type { AttachmentLimits, IncomingFile } from "./attachment-rules.ts";
import { storeAttachments, withAttachments } from "./attachments.ts";
import { addComment } from "./comments.ts";
import { createTicket } from "./service.ts";
import type { TicketRecord } from "./visibility.ts";

type Deps = { jobs: JobSender; limits: AttachmentLimits };

/** A new ticket and its files, in one transaction: a file refused leaves no ticket behind. */
export async function createTicketWithAttachments(
  db: Executor,
  viewer: Viewer,
  input: CreateTicketRequest,
  files: IncomingFile[],
  deps: Deps,
): Promise<{ record: TicketRecord; attachments: Attachment[] }> {
  return db.transaction(async (tx) => {
    const record = await createTicket(tx, viewer, input, deps.jobs);
    const attachments = await storeAttachments(
      tx,
      { ticketId: record.ticket.id, commentId: null, uploaderId: viewer.id, files },
      deps.limits,
    );
    return { record, attachments };
  });
}

/**
 * A reply or internal note and its files, in one transaction, so the job that mails the reply
 * finds its files there.
 */
export async function addCommentWithAttachments(
  db: Executor,
  viewer: Viewer,
  ticketId: string,
  input: CreateCommentRequest,
  files: IncomingFile[],
  deps: Deps,
): Promise<Comment> {
  return db.transaction(async (tx) => {
    const comment = await addComment(tx, viewer, ticketId, input, deps.jobs);
    const attachments = await storeAttachments(
      tx,
      { ticketId: comment.ticketId, commentId: comment._id, uploaderId: viewer.id, files },
      deps.limits,
    );
    return withAttachments(comment, attachments);
  });
}
