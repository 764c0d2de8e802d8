import { z } from "zod";
import { PRIORITIES, TICKET_TYPES } from "./constants.ts";

export const ZPriority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof ZPriority>;

export const ZTicketType = z.enum(TICKET_TYPES);
export type TicketType = z.infer<typeof ZTicketType>;

export const ZSentimentLabel = z.enum(["negative", "neutral", "positive"]);
export const ZSentiment = z.object({
  label: ZSentimentLabel,
  score: z.number().min(-1).max(1).describe("-1 very negative … 1 very positive"),
});
export type Sentiment = z.infer<typeof ZSentiment>;

const ZConfidence = z.number().min(0).max(1);

/** What any triage engine answers for one ticket. LLM engines are asked for exactly this shape. */
export const ZTriageResult = z.object({
  summary: z.string().min(1).max(600).describe("At most two sentences"),
  priority: ZPriority,
  category: z.string().min(1).max(80),
  type: ZTicketType,
  relatedSkills: z.array(z.string().min(1).max(60)).max(12),
  sentiment: ZSentiment,
  helpfulNotes: z.string().max(8000).describe("Markdown notes for the agent"),
  confidence: z.object({
    priority: ZConfidence,
    category: ZConfidence,
    type: ZConfidence,
    relatedSkills: ZConfidence,
  }),
  engine: z.string(),
  model: z.string(),
  version: z.string(),
  durationMs: z.number().min(0),
  fallbackReason: z
    .string()
    .optional()
    .describe("Why an LLM engine's answer was replaced by the built-in one"),
});
export type TriageResult = z.infer<typeof ZTriageResult>;

/**
 * The part of a triage an LLM writes; the engine adds who answered, when and how sure it was.
 * Confidence is optional because not every model estimates it well.
 */
export const ZTriageContent = ZTriageResult.pick({
  summary: true,
  priority: true,
  category: true,
  type: true,
  relatedSkills: true,
  sentiment: true,
  helpfulNotes: true,
}).extend({ confidence: ZTriageResult.shape.confidence.optional() });
export type TriageContent = z.infer<typeof ZTriageContent>;
