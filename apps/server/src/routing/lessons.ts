import { contentWords } from "../triage/text-features.ts";
import type { Precedent, StaffMember } from "./choose-assignee.ts";
import { type SkillAliases, type SkillNeed, skillKey } from "./skill-needs.ts";

/** A past ticket that people placed, as the pipeline loads it (tickets/queries findSimilarHandledTickets). */
export type PastTicket = {
  number: number;
  title: string;
  description: string;
  assigneeId: string;
  how: "resolved" | "reassigned";
  /** Its skills as a member of staff corrected them, or null when nobody did. */
  correctedSkills: string[] | null;
};

export type Lessons = { needs: SkillNeed[]; precedents: Precedent[] };

/** Share of a ticket's words a past ticket must share to say anything about it. */
const MIN_SIMILARITY = 0.3;
/** What a person's correction or reassignment of a ticket just like this one weighs, as a need. */
const LESSON_WEIGHT = 1.2;

/** Share of the ticket's content words (distinct) that the past ticket also has, 0–1. */
export function similarityTo(ticket: { title: string; description: string }, past: PastTicket): number {
  const mine = new Set(contentWords(`${ticket.title} ${ticket.description}`));
  if (mine.size === 0) return 0;
  const theirs = new Set(contentWords(`${past.title} ${past.description}`));
  let shared = 0;
  for (const word of mine) if (theirs.has(word)) shared++;
  return shared / mine.size;
}

/**
 * What people taught about tickets like this one. A person who corrected a similar ticket's skills
 * said which skills such tickets need; a person who reassigned one said its assignee's skills are
 * what it needed (shared among them). Every similar ticket a person placed — reassigned or resolved —
 * is also a precedent: when no skill decides, its assignee takes the ticket. Weights grow with
 * similarity, so a ticket that shares a word or two teaches nothing.
 */
export function learnFromPastTickets(
  ticket: { title: string; description: string },
  past: readonly PastTicket[],
  staff: readonly StaffMember[],
  aliases?: SkillAliases,
): Lessons {
  const needs = new Map<string, SkillNeed>();
  const teach = (skill: string, weight: number, number: number) => {
    const key = skillKey(skill, aliases);
    if (!key) return;
    const known = needs.get(key) ?? { key, skill, weight: 0, terms: [] };
    known.weight += weight;
    if (!known.terms.includes(`#${number}`)) known.terms.push(`#${number}`);
    needs.set(key, known);
  };
  const precedents: Precedent[] = [];
  for (const pastTicket of past) {
    const similarity = similarityTo(ticket, pastTicket);
    if (similarity < MIN_SIMILARITY) continue;
    precedents.push({
      number: pastTicket.number,
      assigneeId: pastTicket.assigneeId,
      how: pastTicket.how,
      similarity,
    });
    const taught =
      pastTicket.correctedSkills ??
      (pastTicket.how === "reassigned"
        ? (staff.find((member) => member.id === pastTicket.assigneeId)?.skills ?? [])
        : []);
    for (const skill of taught) teach(skill, (LESSON_WEIGHT * similarity) / taught.length, pastTicket.number);
  }
  return { needs: [...needs.values()], precedents };
}
