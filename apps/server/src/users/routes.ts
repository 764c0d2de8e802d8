import {
  ZIdParams,
  ZKnownSkillsReply,
  ZListUsersQuery,
  ZMessageReply,
  ZStaffListReply,
  ZUpdateOwnSettingsRequest,
  ZUpdateUserByEmailRequest,
  ZUpdateUserRequest,
  ZUser,
} from "@helpdesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { errorReplies } from "../http/schemas.ts";
import { countOpenTicketsByAssignee } from "../tickets/queries.ts";
import {
  disableUser,
  enableUser,
  endSessions,
  listKnownSkills,
  listStaff,
  listUsers,
  toUser,
  updateOwnSettings,
  updateUser,
  updateUserByEmail,
} from "./service.ts";

export function usersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const adminOnly = ctx.guards.role("admin");
    const staffOnly = ctx.guards.role("moderator", "admin");

    app.get(
      "/api/auth/users",
      {
        schema: {
          tags: ["users"],
          summary: "Every account, oldest first (a bare array, as the original system answered)",
          querystring: ZListUsersQuery,
          response: { 200: z.array(ZUser), ...errorReplies(400, 401, 403) },
        },
        preHandler: adminOnly,
      },
      async (request) => (await listUsers(db, request.query)).map(toUser),
    );

    app.post(
      "/api/auth/update-user",
      {
        schema: {
          tags: ["users"],
          summary: "Change a user's role or skills by email (`skills: []` clears them)",
          body: ZUpdateUserByEmailRequest,
          response: { 200: ZMessageReply, ...errorReplies(400, 401, 403, 404) },
        },
        preHandler: adminOnly,
      },
      async (request) => {
        const { email, ...changes } = request.body;
        await updateUserByEmail(db, email, changes, ctx.jobs);
        return { message: "User updated" };
      },
    );

    app.get(
      "/api/users/staff",
      {
        schema: {
          tags: ["users"],
          summary: "Moderators and admins with their open tickets, for choosing who works a ticket",
          response: { 200: ZStaffListReply, ...errorReplies(401, 403) },
        },
        preHandler: staffOnly,
      },
      async () => {
        const [staff, load] = await Promise.all([listStaff(db), countOpenTicketsByAssignee(db)]);
        return {
          users: staff.map((member) => ({ ...toUser(member), openTickets: load.get(member.id) ?? 0 })),
        };
      },
    );

    app.get(
      "/api/users/skills",
      {
        schema: {
          tags: ["users"],
          summary: "Skill names to suggest: those people here already have, then the built-in lexicon",
          response: { 200: ZKnownSkillsReply, ...errorReplies(401, 403) },
        },
        preHandler: staffOnly,
      },
      async () => ({ skills: await listKnownSkills(db) }),
    );

    app.patch(
      "/api/users/me",
      {
        schema: {
          tags: ["users"],
          summary: "Set your own availability (moderators and admins): unavailable means no new tickets",
          body: ZUpdateOwnSettingsRequest,
          response: { 200: z.object({ user: ZUser }), ...errorReplies(400, 401, 403) },
        },
        preHandler: staffOnly,
      },
      async (request) => ({ user: toUser(await updateOwnSettings(db, request.viewer, request.body)) }),
    );

    app.patch(
      "/api/users/:id",
      {
        schema: {
          tags: ["users"],
          summary: "Change a user's role, skills, availability or capacity",
          params: ZIdParams,
          body: ZUpdateUserRequest,
          response: { 200: z.object({ user: ZUser }), ...errorReplies(400, 401, 403, 404) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({ user: toUser(await updateUser(db, request.params.id, request.body, ctx.jobs)) }),
    );

    app.post(
      "/api/users/:id/disable",
      {
        schema: {
          tags: ["users"],
          summary:
            "Disable an account: it cannot sign in, its tokens stop working at once, its open tickets go back to routing",
          params: ZIdParams,
          response: { 200: z.object({ user: ZUser }), ...errorReplies(400, 401, 403, 404, 409) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({ user: toUser(await disableUser(db, request.params.id, ctx.jobs)) }),
    );

    app.post(
      "/api/users/:id/enable",
      {
        schema: {
          tags: ["users"],
          summary: "Let a disabled account sign in again (the tokens it had stay ended)",
          params: ZIdParams,
          response: { 200: z.object({ user: ZUser }), ...errorReplies(400, 401, 403, 404) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({ user: toUser(await enableUser(db, request.params.id)) }),
    );

    app.post(
      "/api/users/:id/end-sessions",
      {
        schema: {
          tags: ["users"],
          summary: "Sign an account out everywhere: every token it holds stops working at once",
          params: ZIdParams,
          response: { 200: z.object({ user: ZUser }), ...errorReplies(400, 401, 403, 404) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({ user: toUser(await endSessions(db, request.params.id)) }),
    );
  };
}
