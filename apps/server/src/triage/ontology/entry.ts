/**
 * One entry of the skill ontology, the project's own data. An entry either defines a concept (a skill
 * someone may hold: "PostgreSQL", "Django", "Android") with its other names and broader concepts, or
 * adds words that point at a concept defined elsewhere (a symptom, an error message). Several entries
 * may name the same concept; their aliases, parents and terms add up.
 */
export type OntologyEntry = {
  /** The concept, as shown when an installation has no name of its own for it. */
  concept: string;
  /** Other names of the very same concept: a staff skill spelled so is this concept ("Postgres"). */
  aliases?: readonly string[];
  /** Broader concepts: Django → Python, PostgreSQL → Database, Galaxy phone → Android → Mobile. */
  parents?: readonly string[];
  /** Words and phrases in a ticket that point at the concept without naming it. */
  terms?: readonly string[];
  /** Words that point at it only weakly, being common elsewhere too ("index", "query"). */
  hints?: readonly string[];
  /**
   * Its name or aliases that are ordinary words in a ticket ("go to the website", "in R&D"): they
   * still name a staff skill, but are not read from ticket text.
   */
  plainWords?: readonly string[];
};

/** The entry families, each in its own module, with how strongly their terms point at their concept. */
export type EntryFamily = "language" | "platform" | "domain" | "symptom" | "error";

export const FAMILY_STRENGTH: Readonly<Record<EntryFamily, number>> = {
  language: 0.9,
  platform: 0.85,
  domain: 0.85,
  symptom: 0.65,
  error: 0.95,
};

/** Strength of a concept's own name or alias in a ticket, and of a hint. */
export const NAME_STRENGTH = 1;
export const HINT_STRENGTH = 0.35;
