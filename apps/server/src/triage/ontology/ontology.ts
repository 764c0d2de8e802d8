import { normalizeSkill } from "@helpdesk/contracts/skill-names";
import { canonicalSkill } from "../skills.ts";
import { DOMAINS } from "./domains.ts";
import {
  type EntryFamily,
  FAMILY_STRENGTH,
  HINT_STRENGTH,
  NAME_STRENGTH,
  type OntologyEntry,
} from "./entry.ts";
import { ERRORS } from "./errors.ts";
import { LANGUAGES } from "./languages.ts";
import { PLATFORMS } from "./platforms.ts";
import { SYMPTOMS } from "./symptoms.ts";
import { termWords, ticketWords, withoutSlash } from "./text.ts";

/**
 * The skill ontology: concepts (skills someone may hold), their other names, their broader concepts,
 * and the words in a ticket that point at them. Built once from the entry families; everything here
 * is a pure function of the text it is given.
 */

export const ENTRY_FAMILIES: Readonly<Record<EntryFamily, readonly OntologyEntry[]>> = {
  language: LANGUAGES,
  platform: PLATFORMS,
  domain: DOMAINS,
  symptom: SYMPTOMS,
  error: ERRORS,
};

type Concept = { key: string; name: string; parents: Set<string> };
/** A term as the ontology writes it (`label`, shown in reasons), the concept it points at, and how strongly. */
type Term = { concept: string; strength: number; label: string };

const concepts = new Map<string, Concept>();
/** normalised name or alias → concept key: how a staff skill's name finds its concept. */
const byName = new Map<string, string>();
/** a term's words joined by spaces → the concepts it points at, with how strongly. */
const terms = new Map<string, Term[]>();
let longestTerm = 1;

const keyOf = (name: string) => normalizeSkill(name);

function conceptFor(name: string): Concept {
  const key = keyOf(name);
  let concept = concepts.get(key);
  if (!concept) {
    concept = { key, name, parents: new Set() };
    concepts.set(key, concept);
  }
  return concept;
}

function addTerm(phrase: string, concept: string, strength: number, replace = false): void {
  const words = termWords(phrase);
  if (words.length === 0) return;
  const key = words.join(" ");
  longestTerm = Math.max(longestTerm, words.length);
  const existing = (terms.get(key) ?? []).filter((term) => term.concept !== concept || !replace);
  const same = existing.find((term) => term.concept === concept);
  if (same) same.strength = Math.max(same.strength, strength);
  else existing.push({ concept, strength, label: phrase.toLowerCase() });
  terms.set(key, existing);
}

/** Names that are ordinary words in text, whichever entry of their concept says so. */
const plainWords = new Set(
  Object.values(ENTRY_FAMILIES).flatMap((entries) =>
    entries.flatMap((entry) => (entry.plainWords ?? []).map(keyOf)),
  ),
);

for (const [family, entries] of Object.entries(ENTRY_FAMILIES) as [EntryFamily, OntologyEntry[]][]) {
  for (const entry of entries) {
    const concept = conceptFor(entry.concept);
    for (const parent of entry.parents ?? []) concept.parents.add(keyOf(parent));
    for (const name of [entry.concept, ...(entry.aliases ?? [])]) {
      if (!byName.has(keyOf(name))) byName.set(keyOf(name), concept.key);
      if (!plainWords.has(keyOf(name))) addTerm(name, concept.key, NAME_STRENGTH);
    }
    for (const term of entry.terms ?? []) addTerm(term, concept.key, FAMILY_STRENGTH[family]);
  }
}
// A hint is weak even where the same word is also an alias ("login" names Authentication as a skill,
// but in a ticket it is only a hint): hints are applied last and win.
for (const entries of Object.values(ENTRY_FAMILIES)) {
  for (const entry of entries) {
    for (const hint of entry.hints ?? []) addTerm(hint, keyOf(entry.concept), HINT_STRENGTH, true);
  }
}
// A term that points at a concept and at a narrower one of it counts once, for the narrower:
// "vpn" is the VPN concept, which is Networking already through the hierarchy.
for (const [key, pointed] of terms) {
  const narrowest = pointed.filter(
    (term) => !pointed.some((other) => other !== term && ancestorsOf(other.concept).has(term.concept)),
  );
  terms.set(key, narrowest);
}

/**
 * Codes with a number inside, matched by shape rather than listed one by one: an SMTP reply with its
 * enhanced status ("550 5.7.1"), a Windows HRESULT ("0x80070005"), an Entra ID sign-in error
 * ("AADSTS50011"), a NuGet or MSBuild code ("NU1101", "MSB3073"), an Oracle error ("ORA-00942").
 * Each is fixed and bounded, run over the words joined by single spaces.
 */
const CODE_SHAPES: readonly { pattern: RegExp; concept: string; term: string }[] = [
  { pattern: /(?:^| )[245]\d\d [245] \d{1,3} \d{1,3}(?= |$)/, concept: "Email", term: "SMTP status code" },
  { pattern: /(?:^| )0x[0-9a-f]{8}(?= |$)/, concept: "Windows", term: "Windows error code" },
  { pattern: /(?:^| )aadsts\d{4,}(?= |$)/, concept: "Azure", term: "AADSTS error" },
  { pattern: /(?:^| )(?:nu|msb|netsdk)\d{4}(?= |$)/, concept: ".NET", term: ".NET build error" },
  { pattern: /(?:^| )ora \d{5}(?= |$)/, concept: "Oracle", term: "ORA error" },
];

/** The evidence a ticket gives for one concept: how much, and the words that gave it. */
export type ConceptEvidence = { concept: string; name: string; weight: number; terms: string[] };

/** Title words count more: people name the problem there. */
const TITLE_BOOST = 1.25;

/**
 * The concepts a ticket points at, strongest first. Words are matched as whole words and phrases,
 * longest first ("mac address" is Networking, not macOS); incidental mentions ("confirm by email")
 * are left out. Several words for one concept add up with diminishing returns: the strongest counts
 * whole, the second half, the third a third, so many weak words never outweigh a few strong ones.
 */
export function readConceptEvidence(title: string, description: string): ConceptEvidence[] {
  const words = ticketWords(title, description);
  const found = new Map<string, Map<string, number>>();
  const note = (concept: string, term: string, strength: number) => {
    const evidence = found.get(concept) ?? new Map<string, number>();
    evidence.set(term, Math.max(evidence.get(term) ?? 0, strength));
    found.set(concept, evidence);
  };
  for (const [part, boost] of [
    [words.title, TITLE_BOOST],
    [words.description, 1],
  ] as const) {
    for (const match of matchTerms(part)) {
      for (const term of match.terms) note(term.concept, term.label, term.strength * boost);
    }
    const joined = part.map(withoutSlash).join(" ");
    for (const shape of CODE_SHAPES) {
      if (shape.pattern.test(joined)) note(keyOf(shape.concept), shape.term, FAMILY_STRENGTH.error * boost);
    }
  }
  return [...found]
    .map(([key, evidence]) => ({
      concept: key,
      name: concepts.get(key)?.name ?? key,
      weight: [...evidence.values()]
        .sort((a, b) => b - a)
        .reduce((sum, strength, index) => sum + strength / (index + 1), 0),
      terms: [...evidence].sort((a, b) => b[1] - a[1]).map(([term]) => term),
    }))
    .sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
}

/** Longest phrases first, left to right; a word is part of one match at most. */
function matchTerms(words: readonly string[]): { terms: Term[] }[] {
  const matches: { terms: Term[] }[] = [];
  let start = 0;
  while (start < words.length) {
    let matched = 0;
    for (let length = Math.min(longestTerm, words.length - start); length >= 1; length--) {
      const slice = words.slice(start, start + length);
      const phrase = slice.join(" ");
      const bare = slice.map(withoutSlash).join(" ");
      const found = terms.get(phrase) ?? terms.get(bare);
      if (found) {
        matches.push({ terms: found });
        matched = length;
        break;
      }
    }
    start += Math.max(1, matched);
  }
  return matches;
}

/**
 * The concept a staff skill names, by its name or an alias ("Postgres" is PostgreSQL), also through
 * the catalogue's aliases for that skill when the installation has them; undefined for a skill the
 * ontology does not know ("Payroll"), which then matches only by its own name.
 */
export function conceptOfSkill(skill: string, aliases: readonly string[] = []): string | undefined {
  for (const name of [skill, ...aliases]) {
    const concept = byName.get(keyOf(name)) ?? byName.get(canonicalSkill(name));
    if (concept) return concept;
  }
  return undefined;
}

/** A concept's name as the ontology shows it. */
export function conceptName(key: string): string {
  return concepts.get(key)?.name ?? key;
}

/** The broader concepts of a concept with their distance (Django → Python 1 → Programming 2). */
export function ancestorsOf(key: string): Map<string, number> {
  const distances = new Map<string, number>();
  let frontier = [key];
  for (let distance = 1; frontier.length > 0; distance++) {
    const next: string[] = [];
    for (const concept of frontier) {
      for (const parent of concepts.get(concept)?.parents ?? []) {
        if (distances.has(parent) || parent === key) continue;
        distances.set(parent, distance);
        next.push(parent);
      }
    }
    frontier = next;
  }
  return distances;
}

/**
 * How a skill someone holds relates to a concept a ticket needs: the same concept, a broader one
 * (a Python moderator for a Django ticket), or a narrower one (a PostgreSQL moderator for a Database
 * ticket), with the number of steps between them; undefined when they are unrelated.
 */
export type ConceptRelation = { kind: "same" | "broader" | "narrower"; distance: number };

export function relateConcepts(needed: string, held: string): ConceptRelation | undefined {
  if (needed === held) return { kind: "same", distance: 0 };
  const up = ancestorsOf(needed).get(held);
  if (up !== undefined) return { kind: "broader", distance: up };
  const down = ancestorsOf(held).get(needed);
  if (down !== undefined) return { kind: "narrower", distance: down };
  return undefined;
}

/** Every concept with its parents, and how many terms point at concepts: for tests and documentation. */
export function ontologySize(): { concepts: number; terms: number } {
  return { concepts: concepts.size, terms: terms.size };
}

/** Each concept key with its parents' keys. */
export function conceptParents(): Map<string, string[]> {
  return new Map([...concepts].map(([key, concept]) => [key, [...concept.parents]]));
}
