import { eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { users } from "../db/schema.ts";
import { replaceName } from "../vocabulary/names.ts";

/** Replaces skill `from` (any case) by `to` on every account that carries it (a catalogue rename). */
export async function renameSkillOfAccounts(tx: Executor, from: string, to: string): Promise<number> {
  const carrying = await tx
    .select({ id: users.id, skills: users.skills })
    .from(users)
    .where(sql`exists (select 1 from unnest(${users.skills}) s where lower(s) = ${from.toLowerCase()})`)
    .for("update");
  for (const account of carrying) {
    const renamed = replaceName(account.skills, from, to);
    await tx.update(users).set({ skills: renamed, updatedAt: new Date() }).where(eq(users.id, account.id));
  }
  return carrying.length;
}

/** How many accounts carry each skill (by lower-case name). */
export async function countAccountsBySkill(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .select({ skill: sql<string>`lower(s)`, count: sql<number>`count(distinct ${users.id})::int` })
    .from(sql`${users}, unnest(${users.skills}) s`)
    .groupBy(sql`lower(s)`);
  return new Map(rows.map((row) => [row.skill, row.count]));
}
