import type { Role, SignupRequest } from "@helpdesk/contracts";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { users } from "../db/schema.ts";
import { AppError, conflict, unauthorized } from "../errors.ts";
import { userSignedUp } from "../pipeline/user-signed-up.ts";
import type { JobSender } from "../queue/job-queue.ts";
import { findUserByEmail, findUserById, type UserRow } from "../users/service.ts";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./passwords.ts";
import type { TokenIssuer } from "./tokens.ts";

export type Viewer = { id: string; email: string; role: Role };

export const INVALID_CREDENTIALS = "Invalid email or password";

const UNIQUE_VIOLATION = "23505";

/**
 * Creates an account. The role is never taken from the request: the first account of an empty
 * installation becomes admin (someone has to run it), every later one is a user.
 */
export async function signup(db: Database, request: SignupRequest, jobs: JobSender): Promise<UserRow> {
  const passwordHash = await hashPassword(request.password);
  try {
    return await db.transaction(async (tx) => {
      // Serialises concurrent sign-ups on an empty installation, so only one becomes the first admin.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('helpdesk.signup'))`);
      const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
      const [row] = await tx
        .insert(users)
        .values({
          email: request.email,
          passwordHash,
          role: existing ? "user" : "admin",
          skills: request.skills ?? [],
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await jobs.send(userSignedUp, { userId: row.id }, { tx });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email already exists", "email_taken");
    throw error;
  }
}

/** The same answer, after the same work, for an unknown email and a wrong password. */
export async function login(db: Database, email: string, password: string): Promise<UserRow> {
  const user = await findUserByEmail(db, email);
  const valid = user
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstNothing(password);
  if (!user || !valid) throw new AppError(401, "invalid_credentials", INVALID_CREDENTIALS);
  return user;
}

/** Ends every session of the user: tokens issued before now no longer match the token version. */
export async function logout(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

export function issueToken(tokens: TokenIssuer, user: UserRow): Promise<string> {
  return tokens.issue({ userId: user.id, tokenVersion: user.tokenVersion });
}

/** Who is asking: the user a valid token names, as they are now (current role), or a 401. */
export async function authenticate(
  db: Database,
  tokens: TokenIssuer,
  token: string | undefined,
): Promise<Viewer> {
  if (!token) throw unauthorized("Please sign in");
  const claims = await tokens.read(token);
  if (!claims) throw unauthorized("Your session is invalid or has expired; please sign in again");
  const user = await findUserById(db, claims.userId);
  if (!user || user.tokenVersion !== claims.tokenVersion) {
    throw unauthorized("Your session has ended; please sign in again");
  }
  return { id: user.id, email: user.email, role: user.role };
}

/**
 * Makes sure an admin with this email exists (ADMIN_EMAIL at start, the create-admin command).
 * A new account gets the password; an existing one is promoted and, when asked, given the password.
 */
export async function ensureAdmin(
  db: Database,
  email: string,
  password: string,
  options: { resetPassword: boolean },
): Promise<{ user: UserRow; created: boolean }> {
  const existing = await findUserByEmail(db, email);
  if (!existing) {
    const [user] = await db
      .insert(users)
      .values({ email: email.toLowerCase(), passwordHash: await hashPassword(password), role: "admin" })
      .onConflictDoNothing()
      .returning();
    if (user) return { user, created: true };
    return ensureAdmin(db, email, password, options);
  }
  const [user] = await db
    .update(users)
    .set({
      role: "admin",
      ...(options.resetPassword && {
        passwordHash: await hashPassword(password),
        tokenVersion: sql`${users.tokenVersion} + 1`,
      }),
      updatedAt: new Date(),
    })
    .where(eq(users.id, existing.id))
    .returning();
  if (!user) throw new Error("admin vanished while being updated");
  return { user, created: false };
}

function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 3; depth++) {
    if ((current as { code?: string }).code === UNIQUE_VIOLATION) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
