import type { Comment, CreateCommentRequest } from "@helpdesk/contracts";
import { and, asc, eq } from "drizzle-orm";
import { isStaff, type Viewer } from "../auth/viewer.ts";
import type { Executor } from "../db/client.ts";
import { ticketComments, tickets, users } from "../db/schema.ts";
import { forbidden } from "../errors.ts";
import { commentAdded } from "../jobs/definitions.ts";
import type { JobSender } from "../queue/job-queue.ts";
import { publishTicketChange } from "../realtime/publish.ts";
import { recordEvents } from "./events.ts";
import { getTicketForViewer } from "./service.ts";

type CommentRow = typeof ticketComments.$inferSelect;
type Author = { id: string; email: string; role: string };

/** A public reply (creator or staff) or an internal note (staff only); both touch the ticket. */
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
    const [comment] = await tx
      .insert(ticketComments)
      .values({ ticketId: ticket.id, authorId: viewer.id, body: input.body, internal: input.internal })
      .returning();
    if (!comment) throw new Error("insert returned no row");
    await tx.update(tickets).set({ updatedAt: comment.createdAt }).where(eq(tickets.id, ticket.id));
    await recordEvents(tx, [
      {
        ticketId: ticket.id,
        actorId: viewer.id,
        kind: "commented",
        data: { commentId: comment.id, internal: comment.internal },
      },
    ]);
    await jobs.send(commentAdded, { commentId: comment.id, ticketId: ticket.id }, { tx });
    await publishTicketChange(tx, {
      ticketId: ticket.id,
      kind: "commented",
      createdBy: ticket.createdBy,
      internal: comment.internal,
    });
    return comment;
  });
  return presentComment(row, viewer);
}

/** The conversation, oldest first; users never see internal notes. */
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
  return rows.map(({ comment, author }) => presentComment(comment, author));
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
