import {
  ZAuthReply,
  ZLoginRequest,
  ZMeReply,
  ZMessageReply,
  ZSetupStatusReply,
  ZSignupRequest,
} from "@helpdesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../context.ts";
import { unauthorized } from "../errors.ts";
import { errorReplies } from "../http/schemas.ts";
import { findUserById, needsAdministrator, toUser } from "../users/service.ts";
import { createAuthRateLimit, createSignInBackoff } from "./rate-limit.ts";
import { issueToken, login, logout, signup } from "./service.ts";

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const limitAuthAttempts = createAuthRateLimit(app, ctx.config.auth.rateLimitPerMinute);
    const signInBackoff = createSignInBackoff(ctx.config.auth.rateLimitPerMinute);

    for (const url of ["/api/auth/signup", "/api/auth/register"]) {
      app.post(
        url,
        {
          schema: {
            tags: ["auth"],
            summary: "Create an account (the first account of an installation is its admin)",
            body: ZSignupRequest,
            response: { 201: ZAuthReply, ...errorReplies(400, 409, 429) },
          },
          preHandler: limitAuthAttempts,
        },
        async (request, reply) => {
          const user = await signup(db, request.body, ctx.jobs);
          return reply.status(201).send({ user: toUser(user), token: await issueToken(ctx.tokens, user) });
        },
      );
    }

    app.get(
      "/api/auth/setup",
      {
        schema: {
          tags: ["auth"],
          summary: "Whether the installation still needs its administrator (the set-up screen)",
          response: { 200: ZSetupStatusReply },
        },
      },
      async () => ({ needsSetup: await needsAdministrator(db) }),
    );

    app.post(
      "/api/auth/login",
      {
        schema: {
          tags: ["auth"],
          summary: "Sign in",
          body: ZLoginRequest,
          response: { 200: ZAuthReply, ...errorReplies(400, 401, 403, 429) },
        },
        preHandler: [limitAuthAttempts, signInBackoff.check],
        onSend: signInBackoff.record,
      },
      async (request) => {
        const user = await login(db, request.body.email, request.body.password);
        return { user: toUser(user), token: await issueToken(ctx.tokens, user) };
      },
    );

    app.post(
      "/api/auth/logout",
      {
        schema: {
          tags: ["auth"],
          summary: "Sign out everywhere: every token of this account stops working",
          response: { 200: ZMessageReply, ...errorReplies(401) },
        },
        preHandler: ctx.guards.signedIn,
      },
      async (request) => {
        await logout(db, request.viewer.id);
        return { message: "Signed out" };
      },
    );

    app.get(
      "/api/auth/me",
      {
        schema: {
          tags: ["auth"],
          summary: "The signed-in user",
          response: { 200: ZMeReply, ...errorReplies(401) },
        },
        preHandler: ctx.guards.signedIn,
      },
      async (request) => {
        const user = await findUserById(db, request.viewer.id);
        // Removed by another process a moment ago, before its announcement reached this one.
        if (!user) throw unauthorized("Your session has ended; please sign in again");
        return { user: toUser(user) };
      },
    );
  };
}
