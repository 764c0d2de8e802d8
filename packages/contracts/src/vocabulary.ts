import { z } from "zod";
import { ZIsoDate } from "./common.ts";

/** A name in the vocabulary: one line, spaces collapsed. */
const ZVocabularyName = (what: string, max: number) =>
  z
    .string()
    .transform((name) => name.trim().replace(/\s+/g, " "))
    .pipe(z.string().min(1, `Name the ${what}`).max(max, `A ${what} name is at most ${max} characters`));

const ZCategoryName = ZVocabularyName("category", 80);
const ZSkillName = ZVocabularyName("skill", 60);

/** A category tickets are filed under; a retired one stays on its tickets but is no longer offered. */
export const ZCategory = z.object({
  _id: z.string(),
  name: z.string(),
  position: z.number().int(),
  retiredAt: ZIsoDate.nullable(),
  tickets: z.number().int().min(0).describe("Tickets filed under it"),
});
export type Category = z.infer<typeof ZCategory>;

/** A skill of the catalogue: staff carry it, tickets need it; aliases are other spellings of it. */
export const ZCatalogueSkill = z.object({
  _id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  retiredAt: ZIsoDate.nullable(),
  staff: z.number().int().min(0).describe("Accounts that carry it"),
});
export type CatalogueSkill = z.infer<typeof ZCatalogueSkill>;

export const ZVocabularyListQuery = z.object({
  include: z.enum(["active", "all"]).default("active").describe("all: retired ones too"),
});

export const ZCategoryListReply = z.object({ categories: z.array(ZCategory) });
export const ZCategoryReply = z.object({ category: ZCategory });
export const ZCatalogueSkillListReply = z.object({ skills: z.array(ZCatalogueSkill) });
export const ZCatalogueSkillReply = z.object({ skill: ZCatalogueSkill });

export const ZCreateCategoryRequest = z.object({ name: ZCategoryName });
export type CreateCategoryRequest = z.infer<typeof ZCreateCategoryRequest>;

/** Rename (its tickets move with it), retire (`retired: true`) or bring back (`retired: false`). */
export const ZUpdateCategoryRequest = z
  .object({ name: ZCategoryName.optional(), retired: z.boolean().optional() })
  .refine((body) => body.name !== undefined || body.retired !== undefined, {
    message: "Send a new name or retired",
  });
export type UpdateCategoryRequest = z.infer<typeof ZUpdateCategoryRequest>;

const ZAliases = z.array(ZSkillName).max(30, "At most 30 aliases");

export const ZCreateSkillRequest = z.object({ name: ZSkillName, aliases: ZAliases.default([]) });
export type CreateSkillRequest = z.infer<typeof ZCreateSkillRequest>;

/** Rename (staff and tickets that carry it follow), set its aliases, retire or bring back. */
export const ZUpdateSkillRequest = z
  .object({ name: ZSkillName.optional(), aliases: ZAliases.optional(), retired: z.boolean().optional() })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "Send a new name, aliases or retired",
  });
export type UpdateSkillRequest = z.infer<typeof ZUpdateSkillRequest>;

/** GET /api/vocabulary: what staff screens offer: the active categories and catalogue skills. */
export const ZVocabularyReply = z.object({
  categories: z.array(z.string()),
  skills: z.array(z.object({ name: z.string(), aliases: z.array(z.string()) })),
});
export type VocabularyReply = z.infer<typeof ZVocabularyReply>;

/** The fields triage may leave for a person. */
export const REVIEWABLE_FIELDS = ["priority", "category", "type", "relatedSkills"] as const;
export const ZReviewableField = z.enum(REVIEWABLE_FIELDS);
export type ReviewableField = z.infer<typeof ZReviewableField>;

const ZThreshold = z.number().min(0).max(1);

/**
 * GET/PUT /api/admin/settings/triage: per field, the confidence below which triage leaves it unset
 * and marked needs review (0: always applied).
 */
export const ZTriageSettings = z.object({
  reviewThresholds: z.object({
    priority: ZThreshold,
    category: ZThreshold,
    type: ZThreshold,
    relatedSkills: ZThreshold,
  }),
});
export type TriageSettings = z.infer<typeof ZTriageSettings>;
