import { contentWords } from "./text-features.ts";

/** Sentences that carry no content of the ticket: greetings, sign-offs, contact details. */
const FORMULAIC = [
  "hello",
  "dear",
  "hi",
  "greetings",
  "thank you",
  "thanks",
  "regards",
  "sincerely",
  "best wishes",
  "kind regards",
  "account number",
  "my name is",
  "contact me",
  "reach me",
  "hope this message",
  "i hope you",
  "look forward",
  "appreciate your",
];

const MAX_LENGTH = 300;

/**
 * The one or two sentences that say most about the ticket, in their original order. A sentence
 * scores by how many of the ticket's recurring and title words it holds, per word, so long
 * rambling sentences do not win by size; formulaic sentences are set aside.
 */
export function summarize(title: string, sentences: readonly string[]): string {
  const candidates = sentences.map((sentence) => sentence.replace(/\s+/g, " ").trim()).filter(isInformative);
  if (candidates.length === 0) return clip(title.trim() || sentences.join(" ").trim() || "(empty ticket)");

  const frequency = new Map<string, number>();
  for (const word of candidates.flatMap((sentence) => contentWords(sentence))) {
    frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  const titleWords = new Set(contentWords(title));
  const scored = candidates.map((sentence, position) => {
    const words = contentWords(sentence);
    const weight = words.reduce(
      (sum, word) => sum + Math.min(frequency.get(word) ?? 0, 3) + (titleWords.has(word) ? 2 : 0),
      0,
    );
    // Tickets tend to say what is wrong early; a light preference for earlier sentences.
    return { sentence, position, score: weight / Math.sqrt(words.length + 1) - position * 0.05 };
  });
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.position - b.position);
  const first = ranked[0] as (typeof ranked)[number];
  const second = ranked[1];
  const chosen =
    second && first.sentence.length + second.sentence.length <= MAX_LENGTH ? [first, second] : [first];
  const summary = chosen
    .sort((a, b) => a.position - b.position)
    .map((entry) => entry.sentence)
    .join(" ");
  return clip(summary);
}

function isInformative(sentence: string): boolean {
  const lower = sentence.toLowerCase();
  if (contentWords(sentence).length < 2) return false;
  return !FORMULAIC.some(
    (phrase) => lower.startsWith(phrase) || (lower.includes(phrase) && lower.length < 60),
  );
}

/** A sentence too long for a summary is cut at a word boundary, and says so with an ellipsis. */
function clip(text: string): string {
  if (text.length <= MAX_LENGTH) return text;
  const cut = text.slice(0, MAX_LENGTH - 1);
  const boundary = cut.lastIndexOf(" ");
  return `${cut.slice(0, boundary > MAX_LENGTH / 2 ? boundary : cut.length)}…`;
}
