import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { limitPerMinute, refuseTooMany } from "../http/rate-limit.ts";

/** Sign-in and sign-up attempts per client address: one address cannot try many accounts. */
export function createAuthRateLimit(app: FastifyInstance, perMinute: number) {
  return limitPerMinute(app, perMinute, [(request) => request.ip], "attempts");
}

/** How long a wrong password is remembered. */
export const BACKOFF_WINDOW_MS = 15 * 60_000;
/** Emails and wrong passwords per email remembered at most, so a flood cannot fill the memory. */
const MAX_EMAILS = 10_000;
const MAX_FAILURES_PER_EMAIL = 1_000;

type Failure = { client: string; at: number };

/**
 * Wrong passwords, remembered for a quarter of an hour by email and client. Each client may get one
 * email's password wrong `perWindow` times. Once an email has had `perWindow` wrong passwords from
 * anywhere, guessing it is slowed for everyone who guesses: each client gets one wrong try at it per
 * window. Nobody is refused for what others did, though: a client that has not got this email's
 * password wrong (its owner, at their own desk) always has its attempt checked, and the right
 * password signs in. A right password forgets that client's wrong ones for the email.
 *
 * Counts are per process, as the other limits are.
 */
export function createSignInBackoff(perWindow: number) {
  const failures = new Map<string, Failure[]>();

  const recent = (email: string): Failure[] => {
    const since = Date.now() - BACKOFF_WINDOW_MS;
    const kept = (failures.get(email) ?? []).filter((failure) => failure.at > since);
    if (kept.length === 0) failures.delete(email);
    return kept;
  };

  const remember = (email: string, kept: Failure[]) => {
    // Delete and set: the map keeps emails in the order they were last written, oldest first.
    failures.delete(email);
    if (kept.length === 0) return;
    failures.set(email, kept.slice(-MAX_FAILURES_PER_EMAIL));
    for (const oldest of failures.keys()) {
      if (failures.size <= MAX_EMAILS) break;
      failures.delete(oldest);
    }
  };

  return {
    /** preHandler of sign-in: 429 for a client that has spent its wrong tries at this email. */
    async check(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const email = emailOf(request);
      if (email === undefined) return;
      const all = recent(email);
      const mine = all.filter((failure) => failure.client === request.ip);
      const allowed = all.length >= perWindow ? 1 : perWindow;
      if (mine.length < allowed) return;
      // Free again once enough of this client's wrong tries have aged out of the window.
      const freedBy = mine[mine.length - allowed] as Failure;
      const seconds = Math.max(1, Math.ceil((freedBy.at + BACKOFF_WINDOW_MS - Date.now()) / 1000));
      refuseTooMany(reply, "Too many wrong passwords for this account", seconds);
    },

    /** onSend of sign-in: remembers a wrong password, forgets this client's after a right one. */
    async record(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
      const email = emailOf(request);
      if (email === undefined) return payload;
      const client = request.ip;
      const earlier = recent(email);
      // 401 is a wrong password; 200, and 403 for a disabled account, follow the right one.
      if (reply.statusCode === 401) remember(email, [...earlier, { client, at: Date.now() }]);
      else if (reply.statusCode === 200 || reply.statusCode === 403) {
        remember(
          email,
          earlier.filter((failure) => failure.client !== client),
        );
      }
      return payload;
    },
  };
}

function emailOf(request: FastifyRequest): string | undefined {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : undefined;
}
