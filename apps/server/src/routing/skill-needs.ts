import { normalizeSkill } from "@helpdesk/contracts/skill-names";
import { conceptOfSkill, readConceptEvidence } from "../triage/ontology/ontology.ts";
import { termWords } from "../triage/ontology/text.ts";
import { canonicalSkill } from "../triage/skills.ts";

/**
 * A skill a ticket needs, as routing weighs it: the ontology concept (or, for a skill the ontology
 * does not know, its normalised name), how strongly the ticket points at it, and the words that did.
 */
export type SkillNeed = {
  /** Concept key, or the canonical name of a skill the ontology does not know. */
  key: string;
  /** As shown: the installation's spelling when it has one. */
  skill: string;
  weight: number;
  /** The ticket's words that point at it ("django", "traceback"); empty when triage named the skill. */
  terms: string[];
};

/** What routing reads of a ticket to know which skills it needs. */
export type TicketForRouting = { title: string; description: string; relatedSkills: readonly string[] };

/**
 * How much a skill triage stored counts beside the ticket's own words: triage's lexicon cues are
 * broad ("query" → SQL, "device" → Hardware), so they help a match but rarely decide it alone.
 */
const TRIAGE_SKILL_WEIGHT = 0.4;

/** The installation's other names for its skills (the catalogue's aliases), by normalised skill name. */
export type SkillAliases = ReadonlyMap<string, readonly string[]>;

/** The catalogue's skills as routing reads them. */
export function aliasesOf(catalogue: readonly { name: string; aliases: readonly string[] }[]): SkillAliases {
  return new Map(catalogue.map((skill) => [normalizeSkill(skill.name), skill.aliases]));
}

/**
 * The key routing compares a skill by: its ontology concept, found by its name or one of the
 * catalogue's aliases for it ("Data team" with alias "postgres" is PostgreSQL), else its normalised name.
 */
export function skillKey(skill: string, aliases: SkillAliases = NO_ALIASES): string {
  return conceptOfSkill(skill, aliases.get(normalizeSkill(skill))) ?? canonicalSkill(skill);
}

const NO_ALIASES: SkillAliases = new Map();

/**
 * The skills a ticket needs: what its words imply through the ontology, the installation's own skill
 * names it mentions (skills the ontology does not know, "Payroll"), and the skills triage stored on it.
 * Pure: the staff's skill names are the installation's vocabulary.
 */
export function readSkillNeeds(
  ticket: TicketForRouting,
  staffSkills: readonly string[],
  aliases: SkillAliases = NO_ALIASES,
): SkillNeed[] {
  const spelling = new Map<string, string>();
  for (const skill of staffSkills) {
    const key = skillKey(skill, aliases);
    if (key && !spelling.has(key)) spelling.set(key, skill);
  }
  const needs = new Map<string, SkillNeed>();
  const add = (key: string, skill: string, weight: number, terms: string[]) => {
    const known = needs.get(key);
    if (known) {
      known.weight += weight;
      known.terms.push(...terms.filter((term) => !known.terms.includes(term)));
    } else {
      needs.set(key, { key, skill: spelling.get(key) ?? skill, weight, terms: [...terms] });
    }
  };
  for (const evidence of readConceptEvidence(ticket.title, ticket.description)) {
    add(evidence.concept, evidence.name, evidence.weight, evidence.terms);
  }
  const text = ` ${[...termWords(ticket.title), ...termWords(ticket.description)].join(" ")} `;
  for (const [key, skill] of spelling) {
    if (conceptOfSkill(skill, aliases.get(normalizeSkill(skill))) || needs.has(key)) continue;
    const phrase = termWords(skill).join(" ");
    if (phrase && text.includes(` ${phrase} `)) add(key, skill, 1, [phrase]);
  }
  for (const skill of ticket.relatedSkills) {
    const key = skillKey(skill, aliases);
    if (key) add(key, skill, TRIAGE_SKILL_WEIGHT, []);
  }
  return [...needs.values()].sort((a, b) => b.weight - a.weight || a.skill.localeCompare(b.skill));
}

/** Needs from several readings of a ticket, added up by skill. */
export function mergeNeeds(...lists: readonly SkillNeed[][]): SkillNeed[] {
  const merged = new Map<string, SkillNeed>();
  for (const need of lists.flat()) {
    const known = merged.get(need.key);
    if (known) {
      known.weight += need.weight;
      known.terms.push(...need.terms.filter((term) => !known.terms.includes(term)));
    } else {
      merged.set(need.key, { ...need, terms: [...need.terms] });
    }
  }
  return [...merged.values()].sort((a, b) => b.weight - a.weight || a.skill.localeCompare(b.skill));
}
