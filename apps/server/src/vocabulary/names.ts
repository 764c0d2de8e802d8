import { normalizeSkill } from "@helpdesk/contracts/skill-names";

/** A catalogue skill as triage and the ontology read it: its name and the other spellings of it. */
export type NamedSkill = { name: string; aliases: string[] };

/** The names with `from` (any case) replaced by `to`, in its place, without doubling `to`. */
export function replaceName(names: readonly string[], from: string, to: string): string[] {
  const renamed: string[] = [];
  for (const name of names) {
    const next = name.toLowerCase() === from.toLowerCase() ? to : name;
    if (!renamed.some((kept) => kept.toLowerCase() === next.toLowerCase())) renamed.push(next);
  }
  return renamed;
}

/** Every spelling of every skill (normalised) → the catalogue's name for it. */
export function skillSpellings(catalogue: readonly NamedSkill[]): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const skill of catalogue) {
    for (const spelling of [skill.name, ...skill.aliases]) {
      const key = normalizeSkill(spelling);
      if (key && !byKey.has(key)) byKey.set(key, skill.name);
    }
  }
  return byKey;
}

/**
 * Splits typed skills into the catalogue's names for those it knows (by name or alias, whatever the
 * case and punctuation) and those it does not, keeping the order typed and dropping repeats.
 */
export function matchSkills(
  typed: readonly string[],
  spellings: ReadonlyMap<string, string>,
): { known: string[]; unknown: string[] } {
  const known: string[] = [];
  const unknown: string[] = [];
  for (const skill of typed) {
    const name = spellings.get(normalizeSkill(skill));
    if (name) {
      if (!known.includes(name)) known.push(name);
    } else if (!unknown.some((other) => normalizeSkill(other) === normalizeSkill(skill))) {
      unknown.push(skill);
    }
  }
  return { known, unknown };
}

/** The typed skills, each in the catalogue's spelling where it knows it, in the order typed. */
export function inCatalogueSpelling(
  typed: readonly string[],
  spellings: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  for (const skill of typed) {
    const name = spellings.get(normalizeSkill(skill)) ?? skill;
    if (!out.some((kept) => normalizeSkill(kept) === normalizeSkill(name))) out.push(name);
  }
  return out;
}
