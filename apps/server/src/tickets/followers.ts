import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { ticketFollowers, users } from "../db/schema.ts";

/**
 * People who hear of a ticket's public replies besides its requester: those Cc'd on the mails the
 * requester wrote about it. Following adds no right to see the ticket in the web app.
 */
export async function addFollowers(tx: Executor, ticketId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insert(ticketFollowers)
    .values(userIds.map((userId) => ({ ticketId, userId })))
    .onConflictDoNothing();
}

export async function listFollowers(
  db: Executor,
  ticketId: string,
): Promise<{ id: string; email: string }[]> {
  return db
    .select({ id: users.id, email: users.email })
    .from(ticketFollowers)
    .innerJoin(users, eq(users.id, ticketFollowers.userId))
    .where(eq(ticketFollowers.ticketId, ticketId))
    .orderBy(asc(ticketFollowers.createdAt), asc(users.email));
}

export async function isFollower(db: Executor, ticketId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: ticketFollowers.userId })
    .from(ticketFollowers)
    .where(and(eq(ticketFollowers.ticketId, ticketId), eq(ticketFollowers.userId, userId)));
  return Boolean(row);
}
