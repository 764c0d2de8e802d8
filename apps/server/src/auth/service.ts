import type { SignupRequest } from "@helpdesk/contracts";
import { ConfigError } from "../config.ts";
import type { Database } from "../db/client.ts";
import { AppError, conflict, unauthorized } from "../errors.ts";
import type { JobSender } from "../queue/job-queue.ts";
import {
  createAccount,
  createAdminAccount,
  endSessions,
  findUserByEmail,
  findUserById,
  promoteToAdmin,
  takeOverAsAdmin,
  type UserRow,
} from "../users/service.ts";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./passwords.ts";
import type { SessionAccount, SessionCache } from "./session-cache.ts";
import type { TokenIssuer } from "./tokens.ts";
import type { Viewer } from "./viewer.ts";

export const INVALID_CREDENTIALS = "Invalid email or password";

const UNIQUE_VIOLATION = "23505";

/** Creates an account (users/ decides its role); an email in use is a conflict. */
export async function signup(db: Database, request: SignupRequest, jobs: JobSender): Promise<UserRow> {
  const passwordHash = await hashPassword(request.password);
  try {
    return await createAccount(db, { email: request.email, passwordHash, skills: request.skills }, jobs);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email already exists", "email_taken");
    throw error;
  }
}

/**
 * The same answer, after the same work, for an unknown email and a wrong password. Only someone who
 * knows the password learns that the account is disabled.
 */
export async function login(db: Database, email: string, password: string): Promise<UserRow> {
  const user = await findUserByEmail(db, email);
  // A contact account made from a mail has no password yet: it signs in like an unknown email.
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstNothing(password);
  if (!user || !valid) throw new AppError(401, "invalid_credentials", INVALID_CREDENTIALS);
  if (user.disabledAt) {
    throw new AppError(403, "account_disabled", "This account is disabled; ask an admin to enable it");
  }
  return user;
}

/** Ends every session of the user. */
export async function logout(db: Database, userId: string): Promise<void> {
  await endSessions(db, userId);
}

export function issueToken(tokens: TokenIssuer, user: UserRow): Promise<string> {
  return tokens.issue({ userId: user.id, tokenVersion: user.tokenVersion });
}

/**
 * Who is asking: the user a valid token names, as they are now (current role), or a 401. The
 * account comes from the session cache when this process has read it since its last change.
 */
export async function authenticate(
  db: Database,
  tokens: TokenIssuer,
  sessions: SessionCache,
  token: string | undefined,
): Promise<Viewer> {
  if (!token) throw unauthorized("Please sign in");
  const claims = await tokens.read(token);
  if (!claims) throw unauthorized("Your session is invalid or has expired; please sign in again");
  const account = sessions.get(claims.userId) ?? (await readSessionAccount(db, sessions, claims.userId));
  if (!account || account.tokenVersion !== claims.tokenVersion || account.disabled) {
    throw unauthorized("Your session has ended; please sign in again");
  }
  return { id: account.id, email: account.email, role: account.role };
}

async function readSessionAccount(
  db: Database,
  sessions: SessionCache,
  userId: string,
): Promise<SessionAccount | undefined> {
  const user = await findUserById(db, userId);
  if (!user) return undefined;
  const account = {
    id: user.id,
    email: user.email,
    role: user.role,
    tokenVersion: user.tokenVersion,
    disabled: user.disabledAt !== null,
  };
  sessions.set(account);
  return account;
}

/**
 * ADMIN_EMAIL and ADMIN_PASSWORD at start: creates that admin, or makes the account with this email
 * admin only if ADMIN_PASSWORD is its password. Anyone may sign up with the email before the
 * operator sets it, so an account whose password differs is never promoted, and start-up is refused
 * with a line saying what to do: start-up never changes a password behind anyone's back (which would
 * also undo, at every restart, a password its owner changed); create-admin does that, on purpose.
 */
export async function ensureAdminAtStart(
  db: Database,
  email: string,
  password: string,
): Promise<{ user: UserRow; created: boolean }> {
  const created = await createAdminAccount(db, email, await hashPassword(password));
  if (created) return { user: created, created: true };
  const existing = await findUserByEmail(db, email);
  const promoted =
    existing?.passwordHash && (await verifyPassword(existing.passwordHash, password))
      ? await promoteToAdmin(db, existing.id, existing.passwordHash)
      : undefined;
  if (!promoted) {
    const outcome = existing?.role === "admin" ? "it stays as it was" : "it was not made admin";
    throw new ConfigError([
      `ADMIN_EMAIL: the account ${email} exists and ADMIN_PASSWORD is not its password, so ${outcome}; ` +
        "set ADMIN_PASSWORD to its password, or take the account over (a new password, its sessions ended) " +
        `with \`npm run helpdesk -- create-admin --email ${email} --password …\``,
    ]);
  }
  return { user: promoted, created: false };
}

/**
 * The create-admin command: creates the admin, or takes the account with this email over as admin
 * with this password (enabled, every session it had ended), whoever held it before.
 */
export async function createOrResetAdmin(
  db: Database,
  email: string,
  password: string,
): Promise<{ user: UserRow; created: boolean }> {
  const passwordHash = await hashPassword(password);
  const created = await createAdminAccount(db, email, passwordHash);
  if (created) return { user: created, created: true };
  const existing = await findUserByEmail(db, email);
  if (!existing) throw new Error("admin account vanished while being ensured");
  return { user: await takeOverAsAdmin(db, existing.id, passwordHash), created: false };
}

function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 3; depth++) {
    if ((current as { code?: string }).code === UNIQUE_VIOLATION) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
