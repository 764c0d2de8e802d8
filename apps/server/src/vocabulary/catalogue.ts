import { asc, isNull } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { categories, skillCatalogue } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import { inCatalogueSpelling, matchSkills, type NamedSkill, skillSpellings } from "./names.ts";

/**
 * Reads of the vocabulary that other domains call: the active categories and skills, and the check
 * that skills people save are in the catalogue. Writes that move tickets and staff are in service.ts.
 */

/** The categories triage chooses among and staff screens offer, in their listed order. */
export async function listActiveCategoryNames(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ name: categories.name })
    .from(categories)
    .where(isNull(categories.retiredAt))
    .orderBy(asc(categories.position), asc(categories.name));
  return rows.map((row) => row.name);
}

/**
 * The active catalogue skills with their aliases, by name: what triage maps its skills onto and what
 * the ontology (triage/ontology/) maps its concepts onto. Empty on a new installation: then triage
 * keeps the skills it finds as it spells them, and nothing else changes.
 */
export async function listActiveSkills(db: Executor): Promise<NamedSkill[]> {
  return db
    .select({ name: skillCatalogue.name, aliases: skillCatalogue.aliases })
    .from(skillCatalogue)
    .where(isNull(skillCatalogue.retiredAt))
    .orderBy(asc(skillCatalogue.name));
}

/** How skills that are not in the catalogue are treated when someone saves them. */
export type UnknownSkills = "refuse" | "add";

/**
 * The skills to store for `typed`, each in the catalogue's spelling (by name or alias). Skills already
 * stored (`kept`) pass as they are, even retired ones. An unknown one is refused with a 400 naming it
 * ("refuse": the web app offers the choice first), or added to the catalogue ("add": the original
 * API's sign-up and update-user, whose clients have no way to be asked).
 */
export async function resolveSkills(
  tx: Executor,
  typed: readonly string[],
  { unknown, kept = [] }: { unknown: UnknownSkills; kept?: readonly string[] },
): Promise<string[]> {
  if (typed.length === 0) return [];
  const catalogue = await tx
    .select({
      name: skillCatalogue.name,
      aliases: skillCatalogue.aliases,
      retiredAt: skillCatalogue.retiredAt,
    })
    .from(skillCatalogue);
  const retired = catalogue.filter((skill) => skill.retiredAt);
  const spellings = skillSpellings([
    ...catalogue.filter((skill) => !skill.retiredAt),
    ...kept.map((name) => ({ name, aliases: [] })),
    // The original API's clients cannot be asked: a retired skill they send is taken as it is.
    ...(unknown === "add" ? retired : []),
  ]);
  const { unknown: missing } = matchSkills(typed, spellings);
  if (missing.length > 0 && unknown === "refuse") {
    const list = missing.map((skill) => `“${skill}”`).join(", ");
    throw new AppError(
      400,
      "unknown_skills",
      `Not in the skills catalogue: ${list}. Pick a catalogue skill, or add it to the catalogue first`,
    );
  }
  if (missing.length > 0) {
    await tx
      .insert(skillCatalogue)
      .values(missing.map((name) => ({ name })))
      .onConflictDoNothing();
  }
  return inCatalogueSpelling(typed, spellings);
}
