import { ancestorsOf, conceptOfSkill, readConceptEvidence } from "./ontology.ts";

/** Evidence from which a concept is listed among a ticket's skills: a name or a telling term, not hints alone. */
const LISTED_FROM = 0.8;
const MAX_IMPLIED = 3;

/**
 * The installation's skills a ticket's words imply through the ontology, strongest first: a concept
 * someone's skill names ("Postgres" for pg_dump), else the nearest broader concept a skill names
 * (Python for a Django traceback). Never a narrower one: a ticket about databases does not need the
 * PostgreSQL skill in particular. Skills the ticket already lists (by concept) are left out.
 */
export function impliedSkills(
  ticket: { title: string; description: string },
  installationSkills: readonly string[],
  listed: readonly string[],
): string[] {
  const skillOf = new Map<string, string>();
  for (const skill of installationSkills) {
    const concept = conceptOfSkill(skill);
    if (concept && !skillOf.has(concept)) skillOf.set(concept, skill);
  }
  const taken = new Set(listed.map((skill) => conceptOfSkill(skill) ?? skill));
  const implied: string[] = [];
  for (const evidence of readConceptEvidence(ticket.title, ticket.description)) {
    if (evidence.weight < LISTED_FROM || implied.length >= MAX_IMPLIED) break;
    const nearest = [
      evidence.concept,
      ...[...ancestorsOf(evidence.concept)].sort((a, b) => a[1] - b[1]).map(([key]) => key),
    ].find((concept) => skillOf.has(concept));
    if (!nearest || taken.has(nearest)) continue;
    taken.add(nearest);
    implied.push(skillOf.get(nearest) as string);
  }
  return implied;
}
