import {
  ZAdminStats,
  ZAdminStatsQuery,
  ZIdParams,
  ZJobListReply,
  ZMessageReply,
  ZOutboxMailReply,
  ZRecentQuery,
} from "@helpdesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../context.ts";
import { isUuid } from "../db/ids.ts";
import { conflict, notFound } from "../errors.ts";
import { errorReplies } from "../http/schemas.ts";
import { listOutbox } from "../mail/outbox.ts";
import { describeAttachments } from "../tickets/attachments.ts";
import { collectStats } from "../tickets/stats.ts";
import { presentJob, presentMail } from "./present.ts";

/** The admin's windows: the dashboard's figures, the job monitor and the mailbox (the outbox). */
export function adminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const adminOnly = ctx.guards.role("admin");

    app.get(
      "/api/admin/stats",
      {
        schema: {
          tags: ["admin"],
          summary:
            "Dashboard figures: tickets per day by priority, open work, time to assign and resolve, SLA, load, engines",
          querystring: ZAdminStatsQuery,
          response: { 200: ZAdminStats, ...errorReplies(400, 401, 403) },
        },
        preHandler: adminOnly,
      },
      async (request) => collectStats(ctx.database.db, request.query.days),
    );

    app.get(
      "/api/admin/mail",
      {
        schema: {
          tags: ["admin"],
          summary: "Every mail the installation wrote, newest first (the mailbox when SMTP is not set)",
          querystring: ZRecentQuery,
          response: { 200: ZOutboxMailReply, ...errorReplies(401, 403) },
        },
        preHandler: adminOnly,
      },
      async (request) => {
        const rows = await listOutbox(ctx.database.db, request.query.limit);
        const files = await describeAttachments(
          ctx.database.db,
          rows.flatMap((row) => row.attachmentIds),
        );
        return { mail: rows.map((row) => presentMail(row, files)) };
      },
    );

    app.get(
      "/api/admin/jobs",
      {
        schema: {
          tags: ["admin"],
          summary: "Recent background jobs, newest first: state, attempts, timings, last error, ticket",
          querystring: ZRecentQuery,
          response: { 200: ZJobListReply, ...errorReplies(401, 403) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({ jobs: (await ctx.jobs.recentJobs(request.query.limit)).map(presentJob) }),
    );

    app.post(
      "/api/admin/jobs/:id/retry",
      {
        schema: {
          tags: ["admin"],
          summary: "Run a failed job again",
          params: ZIdParams,
          response: { 200: ZMessageReply, ...errorReplies(401, 403, 404, 409) },
        },
        preHandler: adminOnly,
      },
      async (request) => {
        const { id } = request.params;
        const job = isUuid(id) ? await ctx.jobs.findJob(id) : undefined;
        if (!job) throw notFound("Job");
        if (job.state !== "failed")
          throw conflict(`Only a failed job can be retried; this one is ${job.state}`);
        await ctx.jobs.retry(job);
        return { message: "The job will run again" };
      },
    );
  };
}
