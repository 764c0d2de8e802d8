import type { Role, UpdateOwnSettingsRequest, UpdateUserRequest, User } from "@helpdesk/contracts";
import { STAFF_ROLES } from "@helpdesk/contracts/constants";
import { and, asc, eq, ilike, inArray, isNull, sql } from "drizzle-orm";
import { isStaff } from "../auth/viewer.ts";
import type { Database, Executor } from "../db/client.ts";
import { isUuid } from "../db/ids.ts";
import { containsPattern } from "../db/like.ts";
import { users } from "../db/schema.ts";
import { badRequest, conflict, notFound } from "../errors.ts";
import { userLeftStaff, userSignedUp } from "../jobs/definitions.ts";
import type { JobSender } from "../queue/job-queue.ts";
import { canonicalSkill } from "../triage/skills.ts";
import { listActiveSkills, resolveSkills, type UnknownSkills } from "../vocabulary/catalogue.ts";
import { announceAccountChange } from "./account-changes.ts";

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
    disabledAt: row.disabledAt?.toISOString() ?? null,
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
    filter.q ? ilike(users.email, containsPattern(filter.q)) : undefined,
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
 * Skills are stored in the catalogue's spelling; one it does not have is refused, or added with
 * `unknownSkills: "add"` (the original update-user, whose clients cannot be asked).
 */
export async function updateUser(
  db: Executor,
  id: string,
  changes: UpdateUserRequest,
  jobs: JobSender,
  unknownSkills: UnknownSkills = "refuse",
): Promise<UserRow> {
  if (!isUuid(id)) throw notFound("User");
  const updated = await db.transaction(async (tx) => {
    if (changes.role !== undefined && changes.role !== "admin") await assertNotLastAdmin(tx, id);
    const [before] = await tx
      .select({ role: users.role, skills: users.skills })
      .from(users)
      .where(eq(users.id, id))
      .for("update");
    if (!before) throw notFound("User");
    const skills =
      changes.skills &&
      (await resolveSkills(tx, changes.skills, { unknown: unknownSkills, kept: before.skills }));
    const [row] = await tx
      .update(users)
      .set({
        ...(changes.role !== undefined && { role: changes.role }),
        ...(skills && { skills }),
        ...(changes.available !== undefined && { available: changes.available }),
        ...(changes.capacity !== undefined && { capacity: changes.capacity }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    if (!row) throw notFound("User");
    if (isStaff(before) && !isStaff(row)) {
      await jobs.send(userLeftStaff, { userId: row.id }, { tx });
    }
    return row;
  });
  if (changes.role !== undefined) announceAccountChange(updated.id);
  return updated;
}

/** An admin counts while they can sign in: a disabled admin administers nothing. */
async function assertNotLastAdmin(tx: Executor, id: string): Promise<void> {
  // Serialises demotions and disablings, so two admins demoting each other cannot leave none.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('helpdesk.admins'))`);
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)));
  if (admins.length === 1 && admins[0]?.id === id) {
    throw conflict("This is the only admin; make someone else admin first", "last_admin");
  }
}

/**
 * Disables an account (a compromised one, someone who left): it cannot sign in, every token of it
 * stops working at once, and routing gives it nothing; a moderator's or admin's open tickets go back
 * to routing, as after a demotion (a job, in this transaction). The last admin cannot be disabled.
 */
export async function disableUser(db: Executor, id: string, jobs: JobSender): Promise<UserRow> {
  if (!isUuid(id)) throw notFound("User");
  const disabled = await db.transaction(async (tx) => {
    await assertNotLastAdmin(tx, id);
    const [before] = await tx
      .select({ disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, id))
      .for("update");
    if (!before) throw notFound("User");
    const now = new Date();
    const [row] = await tx
      .update(users)
      .set({
        disabledAt: before.disabledAt ?? now,
        tokenVersion: sql`${users.tokenVersion} + 1`,
        updatedAt: now,
      })
      .where(eq(users.id, id))
      .returning();
    if (!row) throw notFound("User");
    if (isStaff(row)) await jobs.send(userLeftStaff, { userId: row.id }, { tx });
    return row;
  });
  announceAccountChange(disabled.id);
  return disabled;
}

/** Lets a disabled account sign in again; the tokens it had before stay ended. */
export async function enableUser(db: Executor, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw notFound("User");
  const [row] = await db
    .update(users)
    .set({ disabledAt: null, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  if (!row) throw notFound("User");
  announceAccountChange(row.id);
  return row;
}

/**
 * Skill names to suggest: the active skills of the catalogue (vocabulary/), which is what a save
 * accepts; one entry per skill, whatever its synonyms.
 */
export async function listKnownSkills(db: Executor): Promise<string[]> {
  const bySkill = new Map<string, string>();
  for (const { name } of await listActiveSkills(db)) {
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

/** Moderators and admins who can sign in, by email: who may work tickets. */
export async function listStaff(db: Executor): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(and(inArray(users.role, [...STAFF_ROLES]), isNull(users.disabledAt)))
    .orderBy(asc(users.email));
}

/** Admins who can sign in, oldest first. */
export async function listAdmins(db: Executor): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .orderBy(asc(users.createdAt), asc(users.id));
}

/** Routing gave this person a ticket: the longest-waiting goes first next time. */
export async function markAssigned(db: Executor, userId: string, at: Date): Promise<void> {
  await db.update(users).set({ lastAssignedAt: at }).where(eq(users.id, userId));
}

/**
 * Whether the installation still needs its administrator: none has been made yet. (Accounts made
 * for people who wrote in by mail do not count: they cannot sign in, let alone administer.)
 */
export async function needsAdministrator(db: Executor): Promise<boolean> {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
  return !admin;
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
    const first = await needsAdministrator(tx);
    const [row] = await tx
      .insert(users)
      .values({
        email: account.email,
        passwordHash: account.passwordHash,
        role: first ? "admin" : "user",
        skills: await resolveSkills(tx, account.skills ?? [], { unknown: "add" }),
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await jobs.send(userSignedUp, { userId: row.id }, { tx });
    return row;
  });
}

/**
 * Ends every session of the user (signing out everywhere, or an admin's "end all sessions"): tokens
 * issued before now no longer match the token version, and open live streams end at once (the
 * database announces the new token version, migration 0007).
 */
export async function endSessions(db: Executor, userId: string): Promise<UserRow> {
  if (!isUuid(userId)) throw notFound("User");
  const [row] = await db
    .update(users)
    .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning();
  if (!row) throw notFound("User");
  announceAccountChange(row.id);
  return row;
}

/** A new admin account with this email and password hash, or undefined if the email is taken. */
export async function createAdminAccount(
  db: Executor,
  email: string,
  passwordHash: string,
): Promise<UserRow | undefined> {
  const [created] = await db
    .insert(users)
    .values({ email: email.toLowerCase(), passwordHash, role: "admin" })
    .onConflictDoNothing()
    .returning();
  return created;
}

/**
 * Makes an existing account admin, provided its password hash is still `verifiedHash` (the one the
 * caller checked the password against): a password changed meanwhile leaves the account as it is.
 */
export async function promoteToAdmin(
  db: Executor,
  id: string,
  verifiedHash: string,
): Promise<UserRow | undefined> {
  const [user] = await db
    .update(users)
    .set({ role: "admin", updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.passwordHash, verifiedHash)))
    .returning();
  if (user) announceAccountChange(user.id);
  return user;
}

/**
 * The operator takes an existing account over as admin (create-admin): it gets this password hash,
 * is enabled, and every session it had ends, so whoever held it before is out.
 */
export async function takeOverAsAdmin(db: Executor, id: string, passwordHash: string): Promise<UserRow> {
  const [user] = await db
    .update(users)
    .set({
      role: "admin",
      passwordHash,
      disabledAt: null,
      tokenVersion: sql`${users.tokenVersion} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(users.id, id))
    .returning();
  if (!user) throw new Error("admin vanished while being updated");
  announceAccountChange(user.id);
  return user;
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
  return updateUser(db, user.id, changes, jobs, "add");
}
