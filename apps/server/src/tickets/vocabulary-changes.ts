import { eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { tickets } from "../db/schema.ts";
import { publishTicketChange } from "../realtime/publish.ts";
import { replaceName } from "../vocabulary/names.ts";
import { recordEvents } from "./events.ts";

/**
 * What a change of the vocabulary (vocabulary/) does to tickets: a renamed category or skill moves
 * every ticket that carries it, each with an "updated" event by the admin who renamed it.
 */

/** Files every ticket of category `from` (any case) under `to`. Returns how many moved. */
export async function renameCategoryOnTickets(
  tx: Executor,
  from: string,
  to: string,
  actorId: string,
): Promise<number> {
  const moved = await tx
    .update(tickets)
    .set({ category: to, updatedAt: new Date() })
    .where(sql`lower(${tickets.category}) = ${from.toLowerCase()} and ${tickets.category} <> ${to}`)
    .returning({ id: tickets.id, createdBy: tickets.createdBy });
  const before = from;
  await recordEvents(
    tx,
    moved.map(({ id }) => ({
      ticketId: id,
      actorId,
      kind: "updated" as const,
      data: { changes: { category: { from: before, to } } },
    })),
  );
  for (const { id, createdBy } of moved)
    await publishTicketChange(tx, { ticketId: id, kind: "updated", createdBy });
  return moved.length;
}

/** Replaces skill `from` (any case) by `to` in every ticket's skills. Returns how many changed. */
export async function renameSkillOnTickets(
  tx: Executor,
  from: string,
  to: string,
  actorId: string,
): Promise<number> {
  const carrying = await tx
    .select({ id: tickets.id, createdBy: tickets.createdBy, relatedSkills: tickets.relatedSkills })
    .from(tickets)
    .where(
      sql`exists (select 1 from unnest(${tickets.relatedSkills}) s where lower(s) = ${from.toLowerCase()})`,
    )
    .for("update");
  for (const ticket of carrying) {
    const renamed = replaceName(ticket.relatedSkills, from, to);
    await tx
      .update(tickets)
      .set({ relatedSkills: renamed, updatedAt: new Date() })
      .where(eq(tickets.id, ticket.id));
    await recordEvents(tx, [
      {
        ticketId: ticket.id,
        actorId,
        kind: "updated",
        data: { changes: { relatedSkills: { from: ticket.relatedSkills, to: renamed } } },
      },
    ]);
    await publishTicketChange(tx, { ticketId: ticket.id, kind: "updated", createdBy: ticket.createdBy });
  }
  return carrying.length;
}

/** How many tickets each category (by lower-case name) has. */
export async function countTicketsByCategory(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .select({ category: sql<string>`lower(${tickets.category})`, count: sql<number>`count(*)::int` })
    .from(tickets)
    .where(sql`${tickets.category} is not null`)
    .groupBy(sql`lower(${tickets.category})`);
  return new Map(rows.map((row) => [row.category, row.count]));
}
