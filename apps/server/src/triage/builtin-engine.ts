import {
  PRIORITIES,
  type Priority,
  type Sentiment,
  TICKET_TYPES,
  type TicketType,
  type TriageResult,
  ZTriageResult,
} from "@helpdesk/contracts";
import type { TriageContext, TriageEngine, TriageInput } from "./engine.ts";
import {
  type BuiltinCategory,
  onInstallationCategories,
  readWrittenKnowledge,
  toProbabilities,
} from "./knowledge.ts";
import { mapOntoLabels } from "./labels.ts";
import type { LearnedLabel, TriageLearner } from "./learner.ts";
import { readText } from "./nlp.ts";
import { writeHelpfulNotes } from "./notes.ts";
import { canonicalSkill, findSkillMentions } from "./skills.ts";
import { summarize } from "./summary.ts";

export const BUILTIN_ENGINE = "builtin";
export const BUILTIN_MODEL = "knowledge+logistic-regression";
export const BUILTIN_VERSION = "1";

/**
 * How many examples of history it takes for the learner to weigh as much as the written
 * knowledge; past that the installation's own history increasingly decides.
 */
const LEARNER_TRUST = 2;
/** Share of a ticket's vocabulary found in a past ticket from which history is fully trusted. */
const FAMILIAR = 0.35;
/** History this large is trusted even for unfamiliar tickets: it has seen the installation's range. */
const EXPERIENCED = 500;

/**
 * How much the learner's answer counts against the written knowledge, 0–1: more with more
 * history, and, while history is small, only for tickets that resemble it.
 */
export function learnerTrust(experience: number, familiarity: number): number {
  if (experience <= 0) return 0;
  const relevance = Math.min(1, familiarity / FAMILIAR + experience / EXPERIENCED);
  return (experience / (experience + LEARNER_TRUST)) * relevance;
}
const MAX_SKILLS = 8;
const SKILL_THRESHOLD = 0.3;

/** The labels a field may take; unset means any (categories grow with the installation). */
export type LabelSpaces = {
  priority?: readonly string[];
  type?: readonly string[];
  category?: readonly string[];
  skills?: readonly string[];
};

export type Decision = { label: string; confidence: number };

/** Everything the built-in engine decides for one ticket, before it is shaped into a TriageResult. */
export type Analysis = {
  priority: Decision;
  type: Decision;
  category: Decision;
  skills: Decision[];
  summary: string;
  sentiment: Sentiment;
  /** The project's own category closest to the ticket: it picks the checklist. */
  builtinCategory: BuiltinCategory;
};

/**
 * Blends the written knowledge with what the learner learned for one field. The learner's weight
 * grows with its experience; within a closed label space, knowledge is first translated into it.
 */
export function blendLabel(
  field: "priority" | "type" | "category",
  knowledge: Map<string, number>,
  learned: LearnedLabel | undefined,
  trust: number,
  space?: readonly string[],
): Decision {
  const translated = new Map<string, number>();
  for (const [label, probability] of knowledge) {
    const target = space ? translate(field, label, space) : label;
    if (target) translated.set(target, (translated.get(target) ?? 0) + probability);
  }
  const learnedProbabilities = new Map<string, number>();
  for (const [label, probability] of learned?.probabilities ?? []) {
    const target = space ? spaceIndex(space).get(label.toLowerCase()) : label;
    if (target) learnedProbabilities.set(target, (learnedProbabilities.get(target) ?? 0) + probability);
  }
  const knowledgeTotal = [...translated.values()].reduce((sum, value) => sum + value, 0);
  const learnedTotal = [...learnedProbabilities.values()].reduce((sum, value) => sum + value, 0);
  if (knowledgeTotal === 0 && learnedTotal === 0) {
    const label = space?.[0] ?? "";
    return { label, confidence: space && space.length > 0 ? 1 / space.length : 0 };
  }
  const weight = learnedTotal === 0 ? 0 : knowledgeTotal === 0 ? 1 : trust;
  const blended = new Map<string, number>();
  for (const [label, probability] of translated) {
    blended.set(label, ((1 - weight) * probability) / knowledgeTotal);
  }
  for (const [label, probability] of learnedProbabilities) {
    blended.set(label, (blended.get(label) ?? 0) + (weight * probability) / learnedTotal);
  }
  let best: Decision = { label: "", confidence: -1 };
  for (const [label, confidence] of blended) {
    if (confidence > best.confidence || (confidence === best.confidence && label < best.label)) {
      best = { label, confidence };
    }
  }
  // The learner's own answer carries its calibrated confidence (how often such answers were right
  // on held-out history) rather than its raw probability.
  const learnedLabel =
    learned && (space ? spaceIndex(space).get(learned.label.toLowerCase()) : learned.label);
  if (learned && best.label === learnedLabel) {
    const written = knowledgeTotal > 0 ? (translated.get(best.label) ?? 0) / knowledgeTotal : 0;
    return { label: best.label, confidence: (1 - weight) * written + weight * learned.confidence };
  }
  return best;
}

function translate(field: "priority" | "type" | "category", label: string, space: readonly string[]) {
  if (field === "category") return spaceIndex(space).get(label.toLowerCase());
  return mapOntoLabels(field, label, space);
}

const spaceIndexes = new WeakMap<readonly string[], Map<string, string>>();

/** A label space by lower-case label: labels compare case-insensitively. */
function spaceIndex(space: readonly string[]): Map<string, string> {
  let index = spaceIndexes.get(space);
  if (!index) {
    index = new Map(space.map((label) => [label.toLowerCase(), label]));
    spaceIndexes.set(space, index);
  }
  return index;
}

/** Skills the text names, blended with those of similar past tickets; in installation spelling. */
function decideSkills(
  text: string,
  context: Pick<TriageContext, "skills">,
  learned: { skill: string; confidence: number }[],
  trust: number,
  space?: readonly string[],
): Decision[] {
  const scores = new Map<string, Decision>();
  const add = (skill: string, confidence: number) => {
    const key = canonicalSkill(skill);
    const known = scores.get(key);
    scores.set(key, { label: known?.label ?? skill, confidence: (known?.confidence ?? 0) + confidence });
  };
  for (const mention of findSkillMentions(text, space ?? context.skills)) {
    if (!space || canonicalSkills(space).has(canonicalSkill(mention.skill))) {
      add(mention.skill, (1 - trust) * mention.strength);
    }
  }
  for (const { skill, confidence } of learned) add(skill, trust * confidence);
  // A skill the learner suggests passed the threshold it fitted on held-out history: once the
  // learner counts most, that is the decision, whatever its confidence.
  const suggested = trust >= 0.5 ? new Set(learned.map(({ skill }) => canonicalSkill(skill))) : new Set();
  return [...scores]
    .filter(([key, decision]) => decision.confidence >= SKILL_THRESHOLD || suggested.has(key))
    .map(([, decision]) => decision)
    .sort((a, b) => b.confidence - a.confidence || a.label.localeCompare(b.label))
    .slice(0, MAX_SKILLS)
    .map((decision) => ({ label: decision.label, confidence: Math.min(1, decision.confidence) }));
}

const canonicalSets = new WeakMap<readonly string[], Set<string>>();

function canonicalSkills(skills: readonly string[]): Set<string> {
  let set = canonicalSets.get(skills);
  if (!set) {
    set = new Set(skills.map(canonicalSkill));
    canonicalSets.set(skills, set);
  }
  return set;
}

function sentimentOf(score: number): Sentiment {
  // Support tickets are polite by habit ("thank you"), so positive needs more than a courtesy.
  const label = score <= -0.1 ? "negative" : score >= 0.35 ? "positive" : "neutral";
  return { label, score: Math.max(-1, Math.min(1, Math.round(score * 1000) / 1000)) };
}

/** The built-in engine's decisions for one ticket: pure, given the learner's current state. */
export function analyseTicket(
  input: TriageInput,
  context: Pick<TriageContext, "skills" | "categories">,
  learner?: TriageLearner,
  spaces: LabelSpaces = {},
): Analysis {
  // A title rarely ends in a full stop; without one, sentence splitting ran it into the description's
  // first sentence and summaries read "VPN drops Since this morning …".
  const title = input.title.trim();
  const text = `${/[.!?:]$/.test(title) ? title : `${title}.`}\n${input.description}`;
  const knowledge = readWrittenKnowledge(input.title, input.description);
  const learned = learner?.predict(input.title, input.description);
  const builtinCategories = toProbabilities(knowledge.category.scores);
  const builtinCategory = [...builtinCategories].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "General Inquiry";
  const categories = onInstallationCategories(
    builtinCategories,
    spaces.category ?? context.categories,
    knowledge.words,
  );
  const read = readText(text);
  const trust = (field: "priority" | "type" | "category" | "skills") =>
    learned ? learnerTrust(learned.experience[field], learned.familiarity) : 0;
  return {
    priority: blendLabel(
      "priority",
      toProbabilities(knowledge.priority.scores),
      learned?.priority,
      trust("priority"),
      spaces.priority,
    ),
    type: blendLabel(
      "type",
      toProbabilities(knowledge.type.scores),
      learned?.type,
      trust("type"),
      spaces.type,
    ),
    category: blendLabel("category", categories, learned?.category, trust("category"), spaces.category),
    skills: decideSkills(text, context, learned?.skills ?? [], trust("skills"), spaces.skills),
    summary: summarize(title, sentencesAfterTitle(title, read.sentences)),
    sentiment: sentimentOf(read.sentiment),
    builtinCategory,
  };
}

/**
 * The description's sentences, from sentences of the title-and-description text: the summary is
 * shown under the title and must not repeat it. A title is one or more sentences of its own, or, when
 * sentence detection ran it into the description ("… Application X. Hello team, …"), the start of one.
 */
export function sentencesAfterTitle(title: string, sentences: readonly string[]): string[] {
  const squash = (text: string) => text.replace(/\s+/g, " ").trim();
  const withoutEnd = (text: string) => text.replace(/[.!?:]+$/, "");
  const withoutStart = (text: string) => text.replace(/^[.!?:]+/, "").trim();
  // "VPN" opens "VPN down." but not "VPNs are down.": a prefix ends where a word does.
  const opens = (text: string, prefix: string) =>
    prefix !== "" && text.startsWith(prefix) && !/^[\p{L}\p{N}]/u.test(text.slice(prefix.length));
  let rest = withoutEnd(squash(title));
  const after: string[] = [];
  for (const sentence of sentences) {
    const text = squash(sentence);
    if (opens(text, rest)) {
      const remainder = withoutStart(text.slice(rest.length));
      if (remainder) after.push(remainder);
      rest = "";
    } else if (opens(rest, withoutEnd(text))) {
      rest = withoutStart(rest.slice(withoutEnd(text).length));
    } else {
      rest = "";
      after.push(text);
    }
  }
  return after;
}

const PRODUCT_SPACES: LabelSpaces = { priority: PRIORITIES, type: TICKET_TYPES };
const SIMILAR_TICKETS = 3;

/** The offline engine: written knowledge, wink-nlp and the installation's learner. */
export function createBuiltinEngine(learner: TriageLearner): TriageEngine {
  return {
    name: BUILTIN_ENGINE,
    async triage(input: TriageInput, context: TriageContext): Promise<TriageResult> {
      const startedAt = performance.now();
      const analysis = analyseTicket(input, context, learner, PRODUCT_SPACES);
      const similar = await context.findSimilar(`${input.title} ${input.description}`, SIMILAR_TICKETS);
      // History may hold labels longer than the contract allows; a clipped label beats no triage.
      const skills = analysis.skills.map((skill) => skill.label.slice(0, 60));
      return ZTriageResult.parse({
        summary: analysis.summary,
        priority: analysis.priority.label as Priority,
        category: (analysis.category.label || analysis.builtinCategory).slice(0, 80),
        type: analysis.type.label as TicketType,
        relatedSkills: skills,
        sentiment: analysis.sentiment,
        helpfulNotes: writeHelpfulNotes(analysis.builtinCategory, similar, skills),
        confidence: {
          priority: round(analysis.priority.confidence),
          category: round(analysis.category.confidence),
          type: round(analysis.type.confidence),
          relatedSkills: round(
            analysis.skills.length > 0 ? Math.max(...analysis.skills.map((skill) => skill.confidence)) : 0,
          ),
        },
        engine: BUILTIN_ENGINE,
        model: BUILTIN_MODEL,
        version: BUILTIN_VERSION,
        durationMs: round(performance.now() - startedAt),
      });
    },
  };
}

const round = (value: number) => Math.round(Math.max(0, Math.min(1e9, value)) * 1000) / 1000;
