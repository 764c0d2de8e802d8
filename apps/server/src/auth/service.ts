import type { SignupRequest } from "@helpdesk/contracts";
import type { Database } from "../db/client.ts";
import { AppError, conflict, unauthorized } from "../errors.ts";
import type { JobSender } from "../queue/job-queue.ts";
import {
  createAccount,
  endSessions,
  ensureAdminAccount,
  findUserByEmail,
  findUserById,
  type UserRow,
} from "../users/service.ts";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./passwords.ts";
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

/** The same answer, after the same work, for an unknown email and a wrong password. */
export async function login(db: Database, email: string, password: string): Promise<UserRow> {
  const user = await findUserByEmail(db, email);
  const valid = user
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstNothing(password);
  if (!user || !valid) throw new AppError(401, "invalid_credentials", INVALID_CREDENTIALS);
  return user;
}

/** Ends every session of the user. */
export async function logout(db: Database, userId: string): Promise<void> {
  await endSessions(db, userId);
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
  const passwordHash = await hashPassword(password);
  return ensureAdminAccount(db, email, passwordHash, options.resetPassword ? passwordHash : null);
}

function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 3; depth++) {
    if ((current as { code?: string }).code === UNIQUE_VIOLATION) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
