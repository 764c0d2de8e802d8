import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors.ts";

const MINUTE = 60_000;

type KeyOf = (request: FastifyRequest) => string | undefined;

/**
 * A preHandler allowing `perMinute` requests for each key a request has (say its address and the
 * email it names); once any of its keys is spent, it is refused with 429 and a retry-after.
 */
export function limitPerMinute(app: FastifyInstance, perMinute: number, keys: KeyOf[], what: string) {
  const limits = keys.map((keyOf) => ({
    keyOf,
    check: app.createRateLimit({
      max: perMinute,
      timeWindow: MINUTE,
      keyGenerator: (request) => keyOf(request) ?? "",
    }),
  }));
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    for (const { keyOf, check } of limits) {
      if (keyOf(request) === undefined) continue;
      const verdict = await check(request);
      if (!verdict.isAllowed && verdict.isExceeded)
        refuseTooMany(reply, `Too many ${what}`, verdict.ttlInSeconds);
    }
  };
}

/** The one 429 of every limit: a retry-after header and a message that says when to try again. */
export function refuseTooMany(reply: FastifyReply, what: string, seconds: number): never {
  reply.header("retry-after", String(seconds));
  throw new AppError(
    429,
    "rate_limited",
    `${what}; try again in ${seconds} second${seconds === 1 ? "" : "s"}`,
  );
}
