import {
  ZAttachmentLimits,
  ZBulkUpdateReply,
  ZBulkUpdateRequest,
  ZCommentListReply,
  ZCommentReply,
  ZCreateCommentRequest,
  ZCreateTicketReply,
  ZCreateTicketRequest,
  ZIdParams,
  ZListTicketsQuery,
  ZRetriageReply,
  ZTicketEventListReply,
  ZTicketListReply,
  ZTicketReply,
  ZUpdateTicketRequest,
} from "@helpdesk/contracts";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod, ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { isStaff, type Viewer } from "../auth/viewer.ts";
import type { AppContext } from "../context.ts";
import { createOnce, IDEMPOTENCY_DESCRIPTION } from "../http/idempotency.ts";
import { MULTIPART_DESCRIPTION, readMultipartForm, registerMultipart } from "../http/multipart.ts";
import { limitPerMinute } from "../http/rate-limit.ts";
import { errorReplies } from "../http/schemas.ts";
import { downloadHeaders } from "./attachment-types.ts";
import { listTicketAttachments, openAttachmentForViewer, withAttachments } from "./attachments.ts";
import { listComments } from "./comments.ts";
import { listEvents } from "./events.ts";
import { getTicketForViewer, listTickets, requestRetriage, updateTicket, updateTickets } from "./service.ts";
import { presentTicket, type TicketRecord } from "./visibility.ts";
import { addCommentWithAttachments, createTicketWithAttachments } from "./with-attachments.ts";

export function ticketsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const signedIn = ctx.guards.signedIn;
    const limits = ctx.config.attachments;
    const uploads = { jobs: ctx.jobs, limits };
    /** A ticket as one-ticket replies show it: with its own files, when it has some. */
    const presentOne = async (record: TicketRecord, viewer: Viewer) =>
      withAttachments(presentTicket(record, viewer), await listTicketAttachments(db, record.ticket.id));
    // Each ticket may start paid LLM calls and mail: one account cannot flood the queue.
    const limitWrites = limitPerMinute(
      app,
      ctx.config.auth.writesPerMinute,
      [(request) => request.viewer.id],
      "tickets and replies",
    );
    // A creator closing and reopening their ticket starts a job and a mail each time: limited like
    // writes, on a budget of its own. Staff changes are not limited.
    const limitCreatorChanges = limitPerMinute(
      app,
      ctx.config.auth.writesPerMinute,
      [(request) => (isStaff(request.viewer) ? undefined : request.viewer.id)],
      "changes to your tickets",
    );

    // Filing and replying also take multipart forms with files; every other route stays JSON only (415).
    await app.register(async (child) => {
      await registerMultipart(child, limits);
      const forms = child.withTypeProvider<ZodTypeProvider>();

      forms.post(
        "/api/tickets",
        {
          schema: {
            tags: ["tickets"],
            summary: "File a ticket; triage and routing follow in the background",
            description: `${MULTIPART_DESCRIPTION} ${IDEMPOTENCY_DESCRIPTION}`,
            consumes: ["application/json", "multipart/form-data"],
            body: ZCreateTicketRequest,
            response: { 201: ZCreateTicketReply, ...errorReplies(400, 401, 409, 413, 422, 429) },
          },
          preValidation: readMultipartForm(limits),
          preHandler: [signedIn, limitWrites],
        },
        async (request, reply) =>
          createOnce(db, request, reply, async (tx) => {
            const files = request.uploadedFiles ?? [];
            const created = await createTicketWithAttachments(
              tx,
              request.viewer,
              request.body,
              files,
              uploads,
            );
            const ticket = withAttachments(
              presentTicket(created.record, request.viewer),
              created.attachments,
            );
            return { status: 201, body: { message: "Ticket created", ticket } };
          }),
      );

      forms.post(
        "/api/tickets/:id/comments",
        {
          schema: {
            tags: ["tickets"],
            summary: "Reply on a ticket, or leave an internal note (staff)",
            description: `${MULTIPART_DESCRIPTION} ${IDEMPOTENCY_DESCRIPTION}`,
            consumes: ["application/json", "multipart/form-data"],
            params: ZIdParams,
            body: ZCreateCommentRequest,
            response: { 201: ZCommentReply, ...errorReplies(400, 401, 403, 404, 409, 413, 422, 429) },
          },
          preValidation: readMultipartForm(limits, ["internal"]),
          preHandler: [signedIn, limitWrites],
        },
        async (request, reply) =>
          createOnce(db, request, reply, async (tx) => {
            const { viewer, params, body } = request;
            const files = request.uploadedFiles ?? [];
            const comment = await addCommentWithAttachments(tx, viewer, params.id, body, files, uploads);
            return { status: 201, body: { comment } };
          }),
      );
    });

    app.get(
      "/api/tickets",
      {
        schema: {
          tags: ["tickets"],
          summary: "Tickets the viewer may see, newest first unless sorted otherwise",
          querystring: ZListTicketsQuery,
          response: { 200: ZTicketListReply, ...errorReplies(400, 401) },
        },
        preHandler: signedIn,
      },
      async (request) => {
        const { records, nextCursor } = await listTickets(db, request.viewer, request.query);
        return { tickets: records.map((record) => presentTicket(record, request.viewer)), nextCursor };
      },
    );

    app.get(
      "/api/tickets/:id",
      {
        schema: {
          tags: ["tickets"],
          summary: "One ticket",
          params: ZIdParams,
          response: { 200: ZTicketReply, ...errorReplies(401, 404) },
        },
        preHandler: signedIn,
      },
      async (request) => ({
        ticket: await presentOne(
          await getTicketForViewer(db, request.viewer, request.params.id),
          request.viewer,
        ),
      }),
    );

    app.post(
      "/api/tickets/bulk",
      {
        schema: {
          tags: ["tickets"],
          summary:
            "Staff: one change to many tickets, made to each as if one by one (its rules, history and mails); answers which were changed and why others were not",
          body: ZBulkUpdateRequest,
          response: { 200: ZBulkUpdateReply, ...errorReplies(400, 401, 403, 429) },
        },
        preHandler: ctx.guards.role("moderator", "admin"),
      },
      async (request) => updateTickets(db, request.viewer, request.body, ctx),
    );

    for (const method of ["PUT", "PATCH"] as const) {
      app.route({
        method,
        url: "/api/tickets/:id",
        schema: {
          tags: ["tickets"],
          summary: "Change a ticket: staff change anything, the creator may close or reopen it",
          params: ZIdParams,
          body: ZUpdateTicketRequest,
          response: { 200: ZTicketReply, ...errorReplies(400, 401, 403, 404, 409, 429) },
        },
        preHandler: [signedIn, limitCreatorChanges],
        handler: async (request) => ({
          ticket: await presentOne(
            // PUT is the original API's, whose clients cannot be asked about a skill the catalogue lacks.
            await updateTicket(db, request.viewer, request.params.id, request.body, ctx, {
              unknownSkills: method === "PUT" ? "add" : "refuse",
            }),
            request.viewer,
          ),
        }),
      });
    }

    app.get(
      "/api/tickets/:id/comments",
      {
        schema: {
          tags: ["tickets"],
          summary: "The conversation on a ticket (internal notes for staff only)",
          params: ZIdParams,
          response: { 200: ZCommentListReply, ...errorReplies(401, 404) },
        },
        preHandler: signedIn,
      },
      async (request) => ({ comments: await listComments(db, request.viewer, request.params.id) }),
    );

    app.get(
      "/api/attachments/limits",
      {
        schema: {
          tags: ["tickets"],
          summary: "How many files, and how large, a ticket or reply may carry",
          response: { 200: ZAttachmentLimits, ...errorReplies(401) },
        },
        preHandler: signedIn,
      },
      async () => limits,
    );

    app.get(
      "/api/attachments/:id",
      {
        schema: {
          tags: ["tickets"],
          summary: "Download a file of a ticket or reply",
          description:
            "Only for people who may see the ticket (an internal note's files for staff only). Always a " +
            "download (`Content-Disposition: attachment`), never rendered by the browser: `nosniff`, a " +
            "sandboxing CSP, and markup or scripts served as `application/octet-stream`.",
          params: ZIdParams,
          response: {
            200: {
              description: "The file's bytes",
              content: { "application/octet-stream": { schema: z.string().describe("binary") } },
            },
            ...errorReplies(401, 404),
          },
        },
        preHandler: signedIn,
      },
      async (request, reply) => {
        const file = await openAttachmentForViewer(db, request.viewer, request.params.id);
        // The typed reply expects the documented string; the bytes go out as they are.
        return (reply as FastifyReply).headers(downloadHeaders(file)).send(file.bytes);
      },
    );

    app.get(
      "/api/tickets/:id/events",
      {
        schema: {
          tags: ["tickets"],
          summary: "A ticket's history, oldest first",
          params: ZIdParams,
          response: { 200: ZTicketEventListReply, ...errorReplies(401, 404) },
        },
        preHandler: signedIn,
      },
      async (request) => {
        const { ticket } = await getTicketForViewer(db, request.viewer, request.params.id);
        return { events: await listEvents(db, request.viewer, ticket.id) };
      },
    );

    app.post(
      "/api/tickets/:id/retriage",
      {
        schema: {
          tags: ["tickets"],
          summary:
            "Triage a ticket again with what the engine knows now: queued, and the new triage replaces the stored one (the live stream announces it)",
          params: ZIdParams,
          response: { 202: ZRetriageReply, ...errorReplies(401, 403, 404) },
        },
        preHandler: ctx.guards.role("moderator", "admin"),
      },
      async (request, reply) => {
        const record = await requestRetriage(db, request.viewer, request.params.id, ctx.jobs);
        return reply.status(202).send({
          message: "Triaging again; the ticket updates when the new triage is stored",
          ticket: presentTicket(record, request.viewer),
        });
      },
    );
  };
}
