import type { FastifyInstance, FastifyRequest } from "fastify";
import { limitPerMinute } from "../http/rate-limit.ts";

/**
 * Sign-in and sign-up attempts are limited per client address and per email address, so neither
 * one address trying many accounts nor many addresses trying one account gets far.
 */
export function createAuthRateLimit(app: FastifyInstance, perMinute: number) {
  return limitPerMinute(
    app,
    perMinute,
    [(request) => request.ip, (request) => (emailOf(request) ? `email:${emailOf(request)}` : undefined)],
    "attempts",
  );
}

function emailOf(request: FastifyRequest): string | undefined {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.toLowerCase() : undefined;
}
