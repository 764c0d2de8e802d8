import type { FastifyPluginAsync } from "fastify";
import type { Registry } from "prom-client";
import type { AppContext } from "../context.ts";
import { errorReply } from "../http/error-handler.ts";

/**
 * Liveness, readiness (the database answers and can write) and Prometheus metrics, outside /api
 * and unauthenticated.
 */
export function opsRoutes(ctx: AppContext, metrics: Registry): FastifyPluginAsync {
  return async (app) => {
    app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

    app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
      // Ready means writes work: an embedded database whose disk is full or read-only, or that
      // stopped after a storage failure, answers reads but cannot take a ticket.
      const storageProblem = await ctx.database.storage?.check();
      if (storageProblem) return reply.status(503).send(errorReply(storageProblem, "not_ready"));
      if (await ctx.database.isReachable()) return { status: "ready", database: ctx.database.kind };
      return reply.status(503).send(errorReply("The database is not reachable", "not_ready"));
    });

    app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
      reply.header("content-type", metrics.contentType);
      return metrics.metrics();
    });
  };
}
