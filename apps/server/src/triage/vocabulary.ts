import { type NamedSkill, skillSpellings } from "../vocabulary/names.ts";
import { canonicalSkill } from "./skills.ts";

/**
 * The installation's words triage chooses among: the admin-managed active categories and the
 * catalogue's skill names, with every spelling of a skill (name or alias) → its catalogue name.
 */
export type Vocabulary = {
  skills: readonly string[];
  categories: readonly string[];
  spellings: ReadonlyMap<string, string>;
};

/** Where the vocabulary comes from; the caller reads it through the domain that owns it (vocabulary/). */
export type VocabularySource = () => Promise<{ skills: readonly NamedSkill[]; categories: string[] }>;

/**
 * Reads the vocabulary again at most every `intervalMs`: an admin's change reaches triage within
 * that interval in every process. An unchanged list is handed out as the very same array, since
 * the engine caches what it derives from each list object.
 */
export function createVocabularyCache(intervalMs: number) {
  let vocabulary: Vocabulary = { skills: [], categories: [], spellings: new Map() };
  let readAt = Number.NEGATIVE_INFINITY;
  return async function current(source: VocabularySource): Promise<Vocabulary> {
    if (Date.now() - readAt < intervalMs) return vocabulary;
    const { skills: catalogue, categories } = await source();
    const skills = new Map<string, string>();
    for (const { name } of catalogue) {
      if (!skills.has(canonicalSkill(name))) skills.set(canonicalSkill(name), name);
    }
    vocabulary = {
      skills: sameOrNew(vocabulary.skills, [...skills.values()]),
      categories: sameOrNew(vocabulary.categories, categories),
      spellings: skillSpellings(catalogue),
    };
    readAt = Date.now();
    return vocabulary;
  };
}

function sameOrNew(previous: readonly string[], next: string[]): readonly string[] {
  return previous.length === next.length && previous.every((item, index) => item === next[index])
    ? previous
    : next;
}
