import type { Role, UpdateOwnSettingsRequest, UpdateUserRequest, User } from "@helpdesk/contracts";
import { STAFF_ROLES } from "@helpdesk/contracts/constants";
import { and, asc, eq, ilike, inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { isUuid } from "../db/ids.ts";
import { users } from "../db/schema.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { userLeftStaff, userSignedUp } from "../jobs/definitions.ts";
import type { JobSender } from "../queue/job-queue.ts";
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
 * Changes what an admin may change of a user. Tokens carry no role, so a new role applies at once;
 * someone who leaves the staff hands their open tickets back to routing (a job, in this transaction).
 * The last admin cannot step down: an installation without one could never be administered again.
 */
export async function updateUser(
  db: Executor,
  id: string,
  changes: UpdateUserRequest,
  jobs: JobSender,
): Promise<UserRow> {
  if (!isUuid(id)) throw notFound("User");
  return db.transaction(async (tx) => {
    if (changes.role !== undefined && changes.role !== "admin") await assertNotLastAdmin(tx, id);
    const [before] = await tx.select({ role: users.role }).from(users).where(eq(users.id, id)).for("update");
    if (!before) throw notFound("User");
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
    if (isStaffRole(before.role) && !isStaffRole(row.role)) {
      await jobs.send(userLeftStaff, { userId: row.id }, { tx });
    }
    return row;
  });
}

const isStaffRole = (role: Role) => (STAFF_ROLES as readonly Role[]).includes(role);

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

/** Moderators and admins, by email. */
export async function listStaff(db: Executor): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(inArray(users.role, [...STAFF_ROLES]))
    .orderBy(asc(users.email));
}

export async function listAdmins(db: Executor): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.role, "admin")).orderBy(asc(users.createdAt), asc(users.id));
}

/** Routing gave this person a ticket: the longest-waiting goes first next time. */
export async function markAssigned(db: Executor, userId: string, at: Date): Promise<void> {
  await db.update(users).set({ lastAssignedAt: at }).where(eq(users.id, userId));
}

/**
 * Creates an account. The role is never taken from the request: the first account of an empty
 * installation becomes admin (someone has to run it), every later one is a user. The welcome mail
 * is a job of the same transaction.
 */
export async function createAccount(
  db: Database,
  account: { email: string; passwordHash: string; skills?: string[] },
  jobs: JobSender,
): Promise<UserRow> {
  return db.transaction(async (tx) => {
    // Serialises concurrent sign-ups on an empty installation, so only one becomes the first admin.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('helpdesk.signup'))`);
    const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
    const [row] = await tx
      .insert(users)
      .values({
        email: account.email,
        passwordHash: account.passwordHash,
        role: existing ? "user" : "admin",
        skills: account.skills ?? [],
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await jobs.send(userSignedUp, { userId: row.id }, { tx });
    return row;
  });
}

/** Ends every session of the user: tokens issued before now no longer match the token version. */
export async function endSessions(db: Executor, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

/**
 * Makes sure an admin with this email exists. A new account gets the password hash; an existing
 * one is promoted and, when `passwordHash` is given, gets it with its sessions ended.
 */
export async function ensureAdminAccount(
  db: Executor,
  email: string,
  newAccountHash: string,
  replaceHash: string | null,
): Promise<{ user: UserRow; created: boolean }> {
  const [created] = await db
    .insert(users)
    .values({ email: email.toLowerCase(), passwordHash: newAccountHash, role: "admin" })
    .onConflictDoNothing()
    .returning();
  if (created) return { user: created, created: true };
  const existing = await findUserByEmail(db, email);
  if (!existing) throw new Error("admin account vanished while being ensured");
  const [user] = await db
    .update(users)
    .set({
      role: "admin",
      ...(replaceHash && { passwordHash: replaceHash, tokenVersion: sql`${users.tokenVersion} + 1` }),
      updatedAt: new Date(),
    })
    .where(eq(users.id, existing.id))
    .returning();
  if (!user) throw new Error("admin vanished while being updated");
  return { user, created: false };
}

export async function updateUserByEmail(
  db: Executor,
  email: string,
  changes: Pick<UpdateUserRequest, "role" | "skills">,
  jobs: JobSender,
): Promise<UserRow> {
  const user = await findUserByEmail(db, email);
  if (!user) throw notFound("User");
  if (changes.role === undefined && changes.skills === undefined) {
    throw badRequest("Send a role or skills to change", "validation_failed");
  }
  return updateUser(db, user.id, changes, jobs);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
