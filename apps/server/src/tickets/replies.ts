import type { Role, TicketStatus } from "@helpdesk/contracts";
import { eq } from "drizzle-orm";
import { isStaff } from "../auth/viewer.ts";
import type { Executor } from "../db/client.ts";
import { ticketComments, tickets } from "../db/schema.ts";
import { commentAdded, ticketStatusChanged } from "../jobs/definitions.ts";
import type { JobSender } from "../queue/job-queue.ts";
import { publishTicketChange } from "../realtime/publish.ts";
import { type NewTicketEvent, recordEvents } from "./events.ts";
import type { TicketRow } from "./visibility.ts";

export type CommentRow = typeof ticketComments.$inferSelect;

/**
 * The status a reply moves its ticket to: a public reply from the requester's side (not staff) to a
 * resolved ticket reopens it, since the matter is evidently not settled; anything else leaves it.
 */
export function statusAfterReply(
  ticket: Pick<TicketRow, "status" | "assignedTo">,
  author: { role: Role },
  internal: boolean,
): TicketStatus | undefined {
  if (internal || isStaff(author) || ticket.status !== "RESOLVED") return undefined;
  return ticket.assignedTo ? "IN_PROGRESS" : "TODO";
}

/**
 * Writes a reply or note on a ticket whoever the author may be (callers check that first): the
 * comment, the "commented" event, a reopening where statusAfterReply says so, the jobs that mail
 * it, and the announcement, all in the caller's transaction.
 */
export async function writeComment(
  tx: Executor,
  ticket: TicketRow,
  author: { id: string; role: Role },
  input: { body: string; internal: boolean },
  jobs: JobSender,
): Promise<CommentRow> {
  const [comment] = await tx
    .insert(ticketComments)
    .values({ ticketId: ticket.id, authorId: author.id, body: input.body, internal: input.internal })
    .returning();
  if (!comment) throw new Error("insert returned no row");
  const reopenAs = statusAfterReply(ticket, author, input.internal);
  await tx
    .update(tickets)
    .set({ updatedAt: comment.createdAt, ...(reopenAs && { status: reopenAs, resolvedAt: null }) })
    .where(eq(tickets.id, ticket.id));
  const events: NewTicketEvent[] = [
    {
      ticketId: ticket.id,
      actorId: author.id,
      kind: "commented",
      data: { commentId: comment.id, internal: comment.internal },
    },
  ];
  if (reopenAs) {
    events.push({
      ticketId: ticket.id,
      actorId: author.id,
      kind: "status_changed",
      data: { from: ticket.status, to: reopenAs },
    });
    const changedAt = comment.createdAt.toISOString();
    await jobs.send(
      ticketStatusChanged,
      { ticketId: ticket.id, from: ticket.status, to: reopenAs, actorId: author.id, changedAt },
      { tx },
    );
  }
  await recordEvents(tx, events);
  await jobs.send(commentAdded, { commentId: comment.id, ticketId: ticket.id }, { tx });
  await publishTicketChange(tx, {
    ticketId: ticket.id,
    kind: "commented",
    createdBy: ticket.createdBy,
    internal: comment.internal,
  });
  return comment;
}

/**
 * A reply that came by mail, as a public comment by its sender: the pipeline decided the sender
 * belongs on the ticket (requester, follower or staff). The ticket row is locked, so a reply and a
 * person's change do not interleave.
 */
export async function addMailReply(
  tx: Executor,
  ticketId: string,
  author: { id: string; role: Role },
  body: string,
  jobs: JobSender,
): Promise<CommentRow> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for("update");
  if (!ticket) throw new Error(`ticket ${ticketId} vanished while a mail was filed on it`);
  return writeComment(tx, ticket, author, { body, internal: false }, jobs);
}
