import {
  ZCatalogueSkillListReply,
  ZCatalogueSkillReply,
  ZCategoryListReply,
  ZCategoryReply,
  ZCreateCategoryRequest,
  ZCreateSkillRequest,
  ZIdParams,
  ZTriageSettings,
  ZUpdateCategoryRequest,
  ZUpdateSkillRequest,
  ZVocabularyListQuery,
  ZVocabularyReply,
} from "@helpdesk/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../context.ts";
import { errorReplies } from "../http/schemas.ts";
import { listActiveCategoryNames, listActiveSkills } from "./catalogue.ts";
import {
  addCategory,
  addSkill,
  listCategories,
  listSkills,
  readTriageSettings,
  saveTriageSettings,
  updateCategory,
  updateSkill,
} from "./service.ts";

/** The admin's vocabulary (categories, skills catalogue, triage review threshold) and what staff screens offer. */
export function vocabularyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const adminOnly = ctx.guards.role("admin");
    const staffOnly = ctx.guards.role("moderator", "admin");
    const tags = ["vocabulary"];

    app.get(
      "/api/vocabulary",
      {
        schema: {
          tags,
          summary: "The active categories and catalogue skills (with aliases), for suggestions",
          response: { 200: ZVocabularyReply, ...errorReplies(401, 403) },
        },
        preHandler: staffOnly,
      },
      async () => {
        const [categories, skills] = await Promise.all([listActiveCategoryNames(db), listActiveSkills(db)]);
        return { categories, skills };
      },
    );

    app.get(
      "/api/admin/categories",
      {
        schema: {
          tags,
          summary:
            "Categories in their listed order, with how many tickets each has (`include=all`: retired too)",
          querystring: ZVocabularyListQuery,
          response: { 200: ZCategoryListReply, ...errorReplies(400, 401, 403) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({
        categories: await listCategories(db, { includeRetired: request.query.include === "all" }),
      }),
    );

    app.post(
      "/api/admin/categories",
      {
        schema: {
          tags,
          summary: "Add a category: triage may choose it from the next ticket on",
          body: ZCreateCategoryRequest,
          response: { 201: ZCategoryReply, ...errorReplies(400, 401, 403, 409) },
        },
        preHandler: adminOnly,
      },
      async (request, reply) => reply.code(201).send({ category: await addCategory(db, request.body) }),
    );

    app.patch(
      "/api/admin/categories/:id",
      {
        schema: {
          tags,
          summary:
            "Rename a category (its tickets move with it) or retire it (kept on its tickets, no longer chosen)",
          params: ZIdParams,
          body: ZUpdateCategoryRequest,
          response: { 200: ZCategoryReply, ...errorReplies(400, 401, 403, 404, 409) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({
        category: await updateCategory(db, request.params.id, request.body, request.viewer.id),
      }),
    );

    app.get(
      "/api/admin/skills",
      {
        schema: {
          tags,
          summary:
            "The skills catalogue with aliases and how many accounts carry each (`include=all`: retired too)",
          querystring: ZVocabularyListQuery,
          response: { 200: ZCatalogueSkillListReply, ...errorReplies(400, 401, 403) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({
        skills: await listSkills(db, { includeRetired: request.query.include === "all" }),
      }),
    );

    app.post(
      "/api/admin/skills",
      {
        schema: {
          tags,
          summary: "Add a skill to the catalogue, with other spellings of it",
          body: ZCreateSkillRequest,
          response: { 201: ZCatalogueSkillReply, ...errorReplies(400, 401, 403, 409) },
        },
        preHandler: adminOnly,
      },
      async (request, reply) => reply.code(201).send({ skill: await addSkill(db, request.body) }),
    );

    app.patch(
      "/api/admin/skills/:id",
      {
        schema: {
          tags,
          summary:
            "Rename a skill (staff and tickets follow; the old name becomes an alias), set aliases, retire it",
          params: ZIdParams,
          body: ZUpdateSkillRequest,
          response: { 200: ZCatalogueSkillReply, ...errorReplies(400, 401, 403, 404, 409) },
        },
        preHandler: adminOnly,
      },
      async (request) => ({
        skill: await updateSkill(db, request.params.id, request.body, request.viewer.id),
      }),
    );

    app.get(
      "/api/admin/settings/triage",
      {
        schema: {
          tags,
          summary: "The confidence below which triage leaves a field for a person",
          response: { 200: ZTriageSettings, ...errorReplies(401, 403) },
        },
        preHandler: adminOnly,
      },
      async () => readTriageSettings(db),
    );

    app.put(
      "/api/admin/settings/triage",
      {
        schema: {
          tags,
          summary: "Set the confidence below which triage leaves a field for a person (marked needs review)",
          body: ZTriageSettings,
          response: { 200: ZTriageSettings, ...errorReplies(400, 401, 403) },
        },
        preHandler: adminOnly,
      },
      async (request) => saveTriageSettings(db, request.body),
    );
  };
}
