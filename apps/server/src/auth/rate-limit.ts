import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors.ts";

const MINUTE = 60_000;

/**
 * Sign-in and sign-up attempts are limited per client address and per email address, so neither
 * one address trying many accounts nor many addresses trying one account gets far.
 */
export function createAuthRateLimit(app: FastifyInstance, perMinute: number) {
  const byAddress = app.createRateLimit({
    max: perMinute,
    timeWindow: MINUTE,
    keyGenerator: (request) => request.ip,
  });
  const byEmail = app.createRateLimit({
    max: perMinute,
    timeWindow: MINUTE,
    keyGenerator: (request) => `email:${emailOf(request)}`,
  });

  return async function limitAuthAttempts(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    for (const limit of emailOf(request) ? [byAddress, byEmail] : [byAddress]) {
      const verdict = await limit(request);
      if (!verdict.isAllowed && verdict.isExceeded) {
        reply.header("retry-after", String(verdict.ttlInSeconds));
        throw new AppError(
          429,
          "rate_limited",
          `Too many attempts; try again in ${verdict.ttlInSeconds} second${verdict.ttlInSeconds === 1 ? "" : "s"}`,
        );
      }
    }
  };
}

function emailOf(request: FastifyRequest): string | undefined {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.toLowerCase() : undefined;
}
