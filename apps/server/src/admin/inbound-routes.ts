import { type InboundMessage, ZIdParams, ZInboundListQuery, ZInboundListReply } from "@helpdesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { isUuid } from "../db/ids.ts";
import { badRequest, notFound } from "../errors.ts";
import { errorReplies } from "../http/schemas.ts";
import { findInboundMessage, type InboundRow, listInboundMessages } from "../mail/inbound/store.ts";

/** The inbound log: every mail that came in and what became of it, for admins. */
export function inboundRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const adminOnly = ctx.guards.role("admin");

    app.get(
      "/api/admin/inbound",
      {
        schema: {
          tags: ["admin"],
          summary: "Mail that came in, newest first: ticketed, appended, ignored or held, and why",
          querystring: ZInboundListQuery,
          response: { 200: ZInboundListReply, ...errorReplies(400, 401, 403) },
        },
        preHandler: adminOnly,
      },
      async (request) => {
        const { limit, outcome, cursor } = request.query;
        const rows = await listInboundMessages(ctx.database.db, {
          limit: limit + 1,
          outcome,
          before: cursor ? decodeCursor(cursor) : undefined,
        });
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          messages: page.map(presentInbound),
          nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
        };
      },
    );

    app.get(
      "/api/admin/inbound/:id/raw",
      {
        schema: {
          tags: ["admin"],
          summary: "The raw message kept for a held or ignored mail (message/rfc822, as text)",
          params: ZIdParams,
          response: { 200: z.string(), ...errorReplies(401, 403, 404) },
        },
        preHandler: adminOnly,
      },
      async (request, reply) => {
        const row = isUuid(request.params.id)
          ? await findInboundMessage(ctx.database.db, request.params.id)
          : undefined;
        if (!row?.raw) throw notFound("Kept message");
        // Shown as text, never rendered: the message is whatever a stranger sent.
        reply.header("content-type", "text/plain; charset=utf-8");
        reply.header("content-disposition", "inline");
        return row.raw.toString("latin1");
      },
    );
  };
}

function presentInbound(row: InboundRow): InboundMessage {
  return {
    _id: row.id,
    messageId: row.messageId,
    source: row.source,
    from: row.fromAddress,
    subject: row.subject,
    size: row.size,
    outcome: row.outcome,
    reason: row.reason,
    ticketId: row.ticketId,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
    hasRaw: row.raw !== null,
  };
}

function encodeCursor(row: InboundRow): string {
  return Buffer.from(`${row.receivedAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const receivedAt = new Date(at ?? "");
  if (!id || !isUuid(id) || Number.isNaN(receivedAt.getTime())) {
    throw badRequest("cursor: not one this list gave", "validation_failed");
  }
  return { receivedAt, id };
}
