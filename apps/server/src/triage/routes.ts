import { ZIdParams, ZTicketReply } from "@helpdesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../context.ts";
import { errorReplies } from "../http/schemas.ts";
import { retriageTicket } from "../tickets/service.ts";
import { presentTicket } from "../tickets/visibility.ts";

export function triageRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;

    app.post(
      "/api/tickets/:id/retriage",
      {
        schema: {
          tags: ["tickets"],
          summary: "Triage a ticket again with what the engine knows now (replaces the stored triage)",
          params: ZIdParams,
          response: { 200: ZTicketReply, ...errorReplies(401, 403, 404) },
        },
        preHandler: ctx.guards.role("moderator", "admin"),
      },
      async (request) => ({
        ticket: presentTicket(
          await retriageTicket(db, request.viewer, request.params.id, ctx),
          request.viewer,
        ),
      }),
    );
  };
}
