/** How the learner sees a ticket: lower-case words, their pairs and letter groups, hashed into a fixed space. */

const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by for from has have i if in into is it its me my of on or our so " +
    "that the their them there these this to was we were will with you your us am do does did can could " +
    "would should hello hi dear regards thanks thank please best kind team support name"
  ).split(" "),
);

/** Lower-case words of a text, at least two letters long. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9'+#]*/g) ?? []).filter((word) => word.length > 1);
}

/** The words of a text that carry its content: without the commonest words and courtesies. */
export function contentWords(text: string): string[] {
  return wordsOf(text).filter((word) => !STOP_WORDS.has(word));
}

export type FeatureOptions = {
  /** Letter groups of this many letters (inclusive range) inside each word; null for none. */
  letterGroups: readonly [number, number] | null;
  /** How many words of a ticket are read: past that a ticket is mostly pasted logs or quoted mail. */
  wordLimit: number;
};

export const DEFAULT_FEATURES: FeatureOptions = { letterGroups: null, wordLimit: 400 };

const FEATURE_SPACE = 1 << 20;
const TITLE_SEED = 0x9e3779b9;
const LETTERS_SEED = 0x7f4a7c15;

/** 32-bit FNV-1a, enough to spread words over the feature space. */
function hashWord(word: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let index = 0; index < word.length; index++) {
    hash ^= word.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Hashed features with counts: words and adjacent word pairs of the whole text, plus the title's
 * words apart, since a title says what a ticket is about more densely than its body. Common words
 * stay: "could you" and "does not" tell a request from an incident. Letter groups of each distinct
 * word (with its edges marked, "<pass", "ord>") let "passwords", "password-reset" and a typo share
 * evidence with "password".
 */
export function textFeatures(
  title: string,
  body: string,
  options: FeatureOptions = DEFAULT_FEATURES,
): Map<number, number> {
  const features = new Map<number, number>();
  const add = (key: number) => {
    const feature = key % FEATURE_SPACE;
    features.set(feature, (features.get(feature) ?? 0) + 1);
  };
  const titleWords = wordsOf(title);
  const words = [...titleWords, ...wordsOf(body)].slice(0, options.wordLimit);
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    add(hashWord(word));
    if (index > 0) add(hashWord(`${words[index - 1]} ${word}`));
  }
  for (const word of titleWords) add(hashWord(word, TITLE_SEED));
  if (options.letterGroups) {
    const [shortest, longest] = options.letterGroups;
    for (const word of new Set(words)) {
      const marked = `<${word}>`;
      for (let size = shortest; size <= longest; size++) {
        for (let start = 0; start + size <= marked.length; start++) {
          add(hashWord(marked.slice(start, start + size), LETTERS_SEED));
        }
      }
    }
  }
  return features;
}
