import type { Comment, CreateCommentRequest } from "@helpdesk/contracts";
import { and, asc, eq } from "drizzle-orm";
import { isStaff, type Viewer } from "../auth/viewer.ts";
import type { Executor } from "../db/client.ts";
import { ticketComments, users } from "../db/schema.ts";
import { forbidden } from "../errors.ts";
import type { JobSender } from "../queue/job-queue.ts";
import { listCommentAttachments, withAttachments } from "./attachments.ts";
import { type CommentRow, writeComment } from "./replies.ts";
import { getTicketForViewer } from "./service.ts";

type Author = { id: string; email: string; role: string };

/**
 * A public reply (creator or staff) or an internal note (staff only); both touch the ticket, and the
 * creator's reply reopens a resolved one.
 */
export async function addComment(
  db: Executor,
  viewer: Viewer,
  ticketId: string,
  input: CreateCommentRequest,
  jobs: JobSender,
): Promise<Comment> {
  const row = await db.transaction(async (tx) => {
    // Visibility first: another user's ticket is "not found", whatever the request asks.
    const { ticket } = await getTicketForViewer(tx, viewer, ticketId);
    if (input.internal && !isStaff(viewer)) throw forbidden("Only the support team writes internal notes");
    return writeComment(tx, ticket, viewer, input, jobs);
  });
  return presentComment(row, viewer);
}

/** The conversation with its files, oldest first; users never see internal notes (nor their files). */
export async function listComments(db: Executor, viewer: Viewer, ticketId: string): Promise<Comment[]> {
  const { ticket } = await getTicketForViewer(db, viewer, ticketId);
  const rows = await db
    .select({ comment: ticketComments, author: { id: users.id, email: users.email, role: users.role } })
    .from(ticketComments)
    .innerJoin(users, eq(users.id, ticketComments.authorId))
    .where(
      and(
        eq(ticketComments.ticketId, ticket.id),
        isStaff(viewer) ? undefined : eq(ticketComments.internal, false),
      ),
    )
    .orderBy(asc(ticketComments.createdAt), asc(ticketComments.id));
  const files = await listCommentAttachments(db, ticket.id);
  return rows.map(({ comment, author }) =>
    withAttachments(presentComment(comment, author), files.get(comment.id)),
  );
}

function presentComment(comment: CommentRow, author: Author): Comment {
  return {
    _id: comment.id,
    ticketId: comment.ticketId,
    author: { _id: author.id, email: author.email, role: author.role },
    body: comment.body,
    internal: comment.internal,
    createdAt: comment.createdAt.toISOString(),
  };
}
