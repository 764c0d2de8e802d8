import type { Comment } from "@helpdesk/contracts";

/**
 * What others added to the conversation since the writer started their reply: the replies and
 * notes not among those on screen when they began, by anyone but the writer.
 */
export function repliesSince(seenIds: ReadonlySet<string>, comments: Comment[], writerId: string): Comment[] {
  return comments.filter((comment) => !seenIds.has(comment._id) && comment.author._id !== writerId);
}

/** "ben@example.com replied" / "ana@… and ben@… replied" while you were writing. */
export function describeNewReplies(replies: Comment[]): string {
  const authors = [...new Set(replies.map((reply) => reply.author.email))];
  const who = authors.length <= 2 ? authors.join(" and ") : `${authors.slice(0, 2).join(", ")} and others`;
  return `${who} ${replies.length === 1 ? "added a reply" : `added ${replies.length} replies`} while you were writing.`;
}
