import { canonicalSkill } from "./skills.ts";

/** The installation's words triage chooses among: its staff's skills and its categories. */
export type Vocabulary = { skills: readonly string[]; categories: readonly string[] };

/** Where the vocabulary comes from; the caller reads it through the domains that own it. */
export type VocabularySource = () => Promise<{ staffSkills: string[]; categories: string[] }>;

/**
 * Reads the vocabulary again at most every `intervalMs`: the staff's skills and the categories
 * change far less often than tickets arrive. An unchanged list is handed out as the very same
 * array, since the engine caches what it derives from each list object.
 */
export function createVocabularyCache(intervalMs: number) {
  let vocabulary: Vocabulary = { skills: [], categories: [] };
  let readAt = Number.NEGATIVE_INFINITY;
  return async function current(source: VocabularySource): Promise<Vocabulary> {
    if (Date.now() - readAt < intervalMs) return vocabulary;
    const { staffSkills, categories } = await source();
    const skills = new Map<string, string>();
    for (const skill of staffSkills) {
      if (!skills.has(canonicalSkill(skill))) skills.set(canonicalSkill(skill), skill);
    }
    vocabulary = {
      skills: sameOrNew(vocabulary.skills, [...skills.values()]),
      categories: sameOrNew(vocabulary.categories, categories),
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
