import type { Role, UpdateOwnSettingsRequest, UpdateUserRequest, User } from "@helpdesk/contracts";
import { and, asc, eq, getTableColumns, ilike, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { tickets, users } from "../db/schema.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { isUuid } from "../http/ids.ts";
import { recordEvent } from "../tickets/events.ts";
import { canonicalSkill, lexiconSkillNames } from "../triage/skills.ts";

export type UserRow = typeof users.$inferSelect;

/** The public face of a user: never the password hash or token version. */
export function toUser(row: UserRow): User {
  return {
    _id: row.id,
    email: row.email,
    role: row.role,
    skills: row.skills,
    available: row.available,
    capacity: row.capacity,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function listUsers(db: Executor, filter: { role?: Role; q?: string } = {}): Promise<UserRow[]> {
  const conditions = [
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.q ? ilike(users.email, `%${escapeLike(filter.q)}%`) : undefined,
  ];
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.createdAt), asc(users.id));
}

/**
 * Changes what an admin may change of a user. Tokens carry no role, so a new role applies at once.
 * The last admin cannot step down: an installation without one could never be administered again.
 */
export async function updateUser(db: Executor, id: string, changes: UpdateUserRequest): Promise<UserRow> {
  if (!isUuid(id)) throw notFound("User");
  return db.transaction(async (tx) => {
    if (changes.role !== undefined && changes.role !== "admin") await assertNotLastAdmin(tx, id);
    const [row] = await tx
      .update(users)
      .set({
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.skills !== undefined && { skills: changes.skills }),
        ...(changes.available !== undefined && { available: changes.available }),
        ...(changes.capacity !== undefined && { capacity: changes.capacity }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    if (!row) throw notFound("User");
    if (changes.role === "user") await releaseOpenTickets(tx, row);
    return row;
  });
}

/**
 * Someone who is no longer staff cannot see the tickets they were working: those go back to
 * routing (which picks up unassigned tickets every minute) with the reason in their history.
 */
async function releaseOpenTickets(tx: Executor, former: UserRow): Promise<void> {
  const released = await tx
    .update(tickets)
    .set({
      assignedTo: null,
      assignment: {
        rule: "unassigned",
        reason: `${former.email} is no longer a moderator or admin; waiting for routing`,
        matchedSkills: [],
        score: 0,
        runnerUp: null,
        decidedBy: "system",
        decidedAt: new Date().toISOString(),
      },
      updatedAt: new Date(),
    })
    .where(
      and(eq(tickets.assignedTo, former.id), inArray(tickets.status, ["TODO", "IN_PROGRESS", "WAITING"])),
    )
    .returning({ id: tickets.id });
  for (const { id } of released) {
    await recordEvent(tx, {
      ticketId: id,
      actorId: null,
      kind: "assigned",
      data: { from: former.id, to: null, rule: "unassigned", reason: "assignee is no longer staff" },
    });
  }
}

async function assertNotLastAdmin(tx: Executor, id: string): Promise<void> {
  // Serialises demotions, so two admins demoting each other cannot leave none.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('helpdesk.admins'))`);
  const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
  if (admins.length === 1 && admins[0]?.id === id) {
    throw conflict("This is the only admin; make someone else admin first", "last_admin");
  }
}

/**
 * Skill names to suggest: the installation's own spellings first (what its people already use), then
 * the lexicon's names for skills nobody has yet; one entry per skill, whatever its synonyms.
 */
export async function listKnownSkills(db: Executor): Promise<string[]> {
  const used = await db.selectDistinct({ skill: sql<string>`unnest(${users.skills})` }).from(users);
  const bySkill = new Map<string, string>();
  for (const name of [...used.map((row) => row.skill), ...lexiconSkillNames()]) {
    const key = canonicalSkill(name);
    if (key && !bySkill.has(key)) bySkill.set(key, name);
  }
  return [...bySkill.values()].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
}

/** What staff set for themselves; only availability (capacity and skills are the admin's). */
export async function updateOwnSettings(
  db: Executor,
  viewer: { id: string },
  settings: UpdateOwnSettingsRequest,
): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({ available: settings.available, updatedAt: new Date() })
    .where(eq(users.id, viewer.id))
    .returning();
  if (!row) throw notFound("User");
  return row;
}

/** Moderators and admins with their open workload, for choosing who works a ticket. */
export async function listStaff(db: Executor): Promise<(UserRow & { openTickets: number })[]> {
  return db
    .select({ ...getTableColumns(users), openTickets: sql<number>`count(${tickets.id})::int` })
    .from(users)
    .leftJoin(
      tickets,
      and(eq(tickets.assignedTo, users.id), inArray(tickets.status, ["TODO", "IN_PROGRESS", "WAITING"])),
    )
    .where(inArray(users.role, ["moderator", "admin"]))
    .groupBy(users.id)
    .orderBy(asc(users.email));
}

export async function updateUserByEmail(
  db: Executor,
  email: string,
  changes: Pick<UpdateUserRequest, "role" | "skills">,
): Promise<UserRow> {
  const user = await findUserByEmail(db, email);
  if (!user) throw notFound("User");
  if (changes.role === undefined && changes.skills === undefined) {
    throw badRequest("Send a role or skills to change", "validation_failed");
  }
  return updateUser(db, user.id, changes);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
