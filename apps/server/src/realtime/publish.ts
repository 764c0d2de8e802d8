import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/client.ts";

export const TICKET_CHANNEL = "helpdesk_tickets";

export const ZTicketChange = z.object({
  ticketId: z.string(),
  kind: z.enum(["created", "updated", "assigned", "commented"]),
  /** Who may hear of it besides staff. */
  createdBy: z.string(),
  /** An internal note: staff only. */
  internal: z.boolean().optional(),
});
export type TicketChange = z.infer<typeof ZTicketChange>;

/**
 * Announces a change to every process listening (PostgreSQL NOTIFY). Inside a transaction it is
 * delivered on commit and dropped on rollback, so listeners never hear of a change that did not happen.
 */
export async function publishTicketChange(db: Executor, change: TicketChange): Promise<void> {
  await db.execute(sql`select pg_notify(${TICKET_CHANNEL}, ${JSON.stringify(change)})`);
}

/**
 * Announced by the database itself (a trigger on users, migration 0007) whenever an account's role
 * or token version changes, whatever the code path: a demotion, a logout, ended sessions, a disable.
 */
export const ACCOUNT_CHANNEL = "helpdesk_accounts";

export const ZAccountChange = z.object({ userId: z.string() });
export type AccountChange = z.infer<typeof ZAccountChange>;

/** Staff saying which ticket page they have open and whether they are writing on it. */
export const PRESENCE_CHANNEL = "helpdesk_presence";

export const ZPresenceMark = z.object({
  ticketId: z.string(),
  person: z.object({ id: z.string(), email: z.string() }),
  state: z.enum(["viewing", "typing", "left"]),
});
export type PresenceMark = z.infer<typeof ZPresenceMark>;

/** Tells every process (and so every staff stream) what a member of staff is doing on a ticket. */
export async function publishPresence(db: Executor, mark: PresenceMark): Promise<void> {
  await db.execute(sql`select pg_notify(${PRESENCE_CHANNEL}, ${JSON.stringify(mark)})`);
}
