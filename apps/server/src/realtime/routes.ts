import type { ServerResponse } from "node:http";
import {
  type TicketStreamEvent,
  ZPresenceRequest,
  ZStreamTokenReply,
  ZTicketPresence,
} from "@helpdesk/contracts";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { isStaff, type Viewer } from "../auth/viewer.ts";
import type { AppContext } from "../context.ts";
import { isUuid } from "../db/ids.ts";
import { AppError, notFound, unauthorized } from "../errors.ts";
import { errorReplies } from "../http/schemas.ts";
import { findUserById } from "../users/service.ts";
import { canHear } from "./audience.ts";
import { createPresenceBoard } from "./presence.ts";
import { publishPresence } from "./publish.ts";
import { STREAM_TOKEN_TTL_SECONDS } from "./stream-token.ts";

/**
 * Open streams one account may hold in one process: a tab each (each costs a socket and memory; one
 * token once opened thousands). One more is refused with 429 until another closes.
 */
export const MAX_STREAMS_PER_ACCOUNT = 10;

export function realtimeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const { streamTokens } = ctx;
    /** Open streams by account. */
    const open = new Map<string, Set<ServerResponse>>();
    const openCount = (userId: string) => open.get(userId)?.size ?? 0;

    // Open streams would hold the server open for ever; they are ended before it closes.
    app.addHook("preClose", async () => {
      for (const responses of open.values()) for (const response of responses) response.end();
    });
    // An account's role or token version changed (a demotion, a logout, a disable: the database
    // announces it): its streams end at once, and its tabs come back with new tokens under the
    // rights it has now. Without this a demoted moderator heard everyone's tickets until the next check.
    const stopHearingAccounts = ctx.realtime.onAccountChange((userId) => {
      for (const response of open.get(userId) ?? []) response.end();
    });
    // Who has which ticket open, heard from every process; staff streams are told of each change.
    const presence = createPresenceBoard();
    const staffStreams = new Set<ServerResponse>();
    const stopHearingPresence = ctx.realtime.onPresence((mark) => {
      const now = presence.mark(mark, Date.now());
      for (const response of staffStreams)
        response.write(`event: presence\ndata: ${JSON.stringify(now)}\n\n`);
    });
    app.addHook("onClose", async () => {
      stopHearingAccounts();
      stopHearingPresence();
    });

    const ticketParams = z.object({ id: z.string() });
    const staffOnly = ctx.guards.role("moderator", "admin");
    app.post(
      "/api/tickets/:id/presence",
      {
        schema: {
          tags: ["live"],
          summary:
            "Staff: I have this ticket open (viewing), am writing a reply (typing), or closed it (left); say it every 15 s while open",
          params: ticketParams,
          body: ZPresenceRequest,
          response: { 204: z.null(), ...errorReplies(400, 401, 403, 404) },
        },
        preHandler: staffOnly,
      },
      async (request, reply) => {
        if (!isUuid(request.params.id)) throw notFound("Ticket");
        await publishPresence(db, {
          ticketId: request.params.id,
          person: { id: request.viewer.id, email: request.viewer.email },
          state: request.body.state,
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/api/tickets/:id/presence",
      {
        schema: {
          tags: ["live"],
          summary: "Staff: who has this ticket open now, and who is writing a reply",
          params: ticketParams,
          response: { 200: ZTicketPresence, ...errorReplies(401, 403, 404) },
        },
        preHandler: staffOnly,
      },
      async (request) => {
        if (!isUuid(request.params.id)) throw notFound("Ticket");
        return presence.present(request.params.id, Date.now());
      },
    );

    /** The session (bearer header), or a stream token in the query. */
    const streamViewer = async (request: FastifyRequest, token: string | undefined): Promise<Viewer> => {
      if (!token) {
        await ctx.guards.signedIn(request);
        return request.viewer;
      }
      const claims = await streamTokens.redeem(db, token);
      const user = claims ? await findUserById(db, claims.userId) : undefined;
      if (!claims || !user || user.tokenVersion !== claims.tokenVersion) {
        throw unauthorized("The stream token is invalid, has expired or was used already");
      }
      return { id: user.id, email: user.email, role: user.role };
    };

    app.post(
      "/api/stream/token",
      {
        schema: {
          tags: ["live"],
          summary:
            "A token for GET /api/stream, valid for a minute and one stream (EventSource cannot send headers)",
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
          response: { ...errorReplies(401, 429) },
        },
      },
      async (request, reply) => {
        const viewer = await streamViewer(request, request.query.token);
        const opened = await findUserById(db, viewer.id);
        if (!opened) throw unauthorized();
        // Checked and counted with no wait in between, so streams opened at once cannot all pass.
        if (openCount(viewer.id) >= MAX_STREAMS_PER_ACCOUNT) {
          throw new AppError(
            429,
            "too_many_streams",
            `This account has ${MAX_STREAMS_PER_ACCOUNT} live streams open already; close one (a tab) first`,
          );
        }
        const mine = open.get(viewer.id) ?? new Set<ServerResponse>();
        open.set(viewer.id, mine);
        reply.hijack();
        const response = reply.raw;
        response.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
          "x-accel-buffering": "no",
        });
        response.write("retry: 3000\n\nevent: ready\ndata: {}\n\n");
        mine.add(response);
        if (isStaff(viewer)) staffStreams.add(response);
        // The stream writes a heartbeat itself; the server's idle time-out is for requests.
        request.raw.socket.setTimeout(0);

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
          mine.delete(response);
          staffStreams.delete(response);
          if (mine.size === 0 && open.get(viewer.id) === mine) open.delete(viewer.id);
        });
      },
    );
  };
}
