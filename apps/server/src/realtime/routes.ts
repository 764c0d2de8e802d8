import type { ServerResponse } from "node:http";
import { type TicketStreamEvent, ZStreamTokenReply } from "@helpdesk/contracts";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Viewer } from "../auth/viewer.ts";
import type { AppContext } from "../context.ts";
import { unauthorized } from "../errors.ts";
import { errorReplies } from "../http/schemas.ts";
import { findUserById } from "../users/service.ts";
import { canHear } from "./audience.ts";
import { STREAM_TOKEN_TTL_SECONDS } from "./stream-token.ts";

export function realtimeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const { streamTokens } = ctx;
    const open = new Set<ServerResponse>();

    // Open streams would hold the server open for ever; they are ended before it closes.
    app.addHook("preClose", async () => {
      for (const response of open) response.end();
    });

    /** The session (bearer header), or a stream token in the query. */
    const streamViewer = async (request: FastifyRequest, token: string | undefined): Promise<Viewer> => {
      if (!token) {
        await ctx.guards.signedIn(request);
        return request.viewer;
      }
      const claims = await streamTokens.read(token);
      const user = claims ? await findUserById(db, claims.userId) : undefined;
      if (!claims || !user || user.tokenVersion !== claims.tokenVersion) {
        throw unauthorized("The stream token is invalid or has expired");
      }
      return { id: user.id, email: user.email, role: user.role };
    };

    app.post(
      "/api/stream/token",
      {
        schema: {
          tags: ["live"],
          summary: "A token for GET /api/stream, valid for a minute (EventSource cannot send headers)",
          response: { 200: ZStreamTokenReply, ...errorReplies(401) },
        },
        preHandler: ctx.guards.signedIn,
      },
      async (request) => {
        const user = await findUserById(db, request.viewer.id);
        if (!user) throw unauthorized();
        const token = await streamTokens.issue({ userId: user.id, tokenVersion: user.tokenVersion });
        return { token, expiresInSeconds: STREAM_TOKEN_TTL_SECONDS };
      },
    );

    app.get(
      "/api/stream",
      {
        schema: {
          tags: ["live"],
          summary:
            "Server-Sent Events: `ticket` events ({ticketId, kind}) for the tickets the viewer may see",
          querystring: z.object({ token: z.string().max(2000).optional() }),
        },
      },
      async (request, reply) => {
        const viewer = await streamViewer(request, request.query.token);
        const opened = await findUserById(db, viewer.id);
        if (!opened) throw unauthorized();
        reply.hijack();
        const response = reply.raw;
        response.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
          "x-accel-buffering": "no",
        });
        response.write("retry: 3000\n\nevent: ready\ndata: {}\n\n");
        open.add(response);

        const unsubscribe = ctx.realtime.subscribe(
          (change) => {
            if (!canHear(viewer, change)) return;
            const event: TicketStreamEvent = { ticketId: change.ticketId, kind: change.kind };
            response.write(`event: ticket\ndata: ${JSON.stringify(event)}\n\n`);
          },
          // Changes made while the server's database connection was lost were not heard: "ready"
          // tells the client to read its list afresh, as after a reconnect of its own.
          () => response.write("event: ready\ndata: {}\n\n"),
        );
        // The heartbeat also re-checks the session: after a logout or a change of role the stream
        // ends, and the client must come back with a new token under its current rights.
        const heartbeat = setInterval(async () => {
          let current: Awaited<ReturnType<typeof findUserById>>;
          try {
            current = await findUserById(db, viewer.id);
          } catch (error) {
            // The database is away (restarting): the session is checked at the next beat, and the
            // stream stays open, so the viewer hears of changes again once the database is back.
            request.log.warn({ err: error }, "a live stream could not re-check its session");
            response.write(": keep-alive\n\n");
            return;
          }
          if (current?.tokenVersion !== opened.tokenVersion || current.role !== opened.role) {
            response.end();
            return;
          }
          response.write(": keep-alive\n\n");
        }, ctx.config.streamCheckMs);
        response.on("close", () => {
          clearInterval(heartbeat);
          unsubscribe();
          open.delete(response);
        });
      },
    );
  };
}
