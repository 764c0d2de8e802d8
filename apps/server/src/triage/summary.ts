import { maskIncidentalMentions } from "./incidental-mentions.ts";
import { contentWords } from "./text-features.ts";

/**
 * The summary is shown under the ticket's title, so it says what the title does not: the one or two
 * sentences of the description that add most, never a sentence that only restates the title, and
 * never a courtesy ("Please help as soon as possible."), a reference ("Ref 24.") or contact details.
 */

/** Sentences that open or close a mail; a short one starting so is a greeting or a sign-off. */
const OPENING =
  /^(?:hello|hi|hey|dear|greetings|good (?:morning|afternoon|evening|day)|to whom it may concern)\b/i;
/**
 * A greeting without a comma: to a group ("hi team", "dear colleagues", "hello support team"), or one
 * followed by a word no name is ("hi please…", "hello I cannot…").
 */
const BARE_GREETING =
  /^(?:hello|hi|hey|dear|greetings)\s+(?:(?:(?:all|everyone|everybody|there|guys|folks|colleagues|team|sir|madam|or|support|helpdesk|help desk|it|service desk)\b\s*)+|(?=(?:please|kindly|i|i'm|we|my|our|the|this|can|could|would)\b))/i;
const CLOSING =
  /^(?:(?:best|kind|warm|warmest|many|with)?\s*(?:regards|wishes|thanks)|thank you|thanks|sincerely|yours|cheers|respectfully|br)\b/i;
const SHORT_CLOSING = 8;

/** Stock phrases that carry nothing of the problem: courtesies, requests for an answer, self-introductions. */
const FILLER_PHRASES: readonly RegExp[] = [
  /\bas soon as (?:possible|you can)\b/gi,
  /\bat your (?:earliest )?convenience\b/gi,
  /\b(?:thanks?|thank you) (?:so much |very much )?(?:in advance|for (?:your|the) (?:help|time|support|assistance|attention|understanding|patience))\b/gi,
  /\b(?:i )?(?:hope|trust) (?:that )?(?:this|the|my) (?:e-?mail|mail|message|note|letter) finds you(?: well| in good (?:health|spirits))?\b/gi,
  /\b(?:i )?(?:hope|trust) (?:that )?you(?: are|'re)? (?:doing )?(?:well|fine|good)\b/gi,
  /\b(?:i am |i'm )?reaching out\b/gi,
  /\blet (?:me|us) know\b/gi,
  /\bget back to (?:me|us)\b/gi,
  /\bget in touch\b/gi,
  /\blook(?:ing)? forward to\b/gi,
  /\bmy name is(?: [a-z]+){0,3}/gi,
  /\b(?:account|customer|order|ticket|case|reference|ref|invoice) (?:number|no\.?|id|#)\s*(?:is\s*)?:?\s*\S*/gi,
];

/** Words that say nothing of the problem on their own: courtesy, urgency, asking for help or an answer. */
const FILLER_WORDS = new Set(
  (
    "hello hi hey dear greetings morning afternoon evening good thank thanks thankful grateful appreciate " +
    "appreciated appreciative cheers regards regard sincerely respectfully wishes warm kindly pls plz sorry " +
    "apologies apologize apologise inconvenience trouble bother help helping assist assistance assisting " +
    "advice advise guidance know reply respond response answer hear hearing forward look looking hope " +
    "hoping hopefully wonder wondering asap soon possible urgent urgently quick quickly prompt promptly " +
    "immediate immediately earliest convenience swift swiftly fast attention confirm confirmation contact " +
    "reach ref reference ticket case id no number issue issues problem problems matter request question " +
    "questions concern query situation something anything thing things regarding need needs needed " +
    "require requires required resolve resolving resolved resolution solution fix update write writing " +
    "priority prioritize prioritise expedite " +
    "also just really very quite still now then once when while about any some all more much many other " +
    "such only even again here what which who how why where yet however though although because than too " +
    "not nor get got getting im i'm it's i've i'd we're we've you're can't cannot don't doesn't didn't " +
    "won't isn't aren't wasn't weren't well sure like"
  ).split(" "),
);

/** Words that ask for a quick answer: kept as a note when the description says nothing else. */
const URGENCY =
  /\b(?:asap|as soon as possible|urgent(?:ly)?|immediate(?:ly)?|right away|quickly|promptly)\b/i;

const MAX_LENGTH = 300;
/** With fewer words of its own a sentence is a courtesy or a fragment ("It crashes."), not a summary. */
const MIN_WORDS = 2;
/** A second sentence scores at least this share of the first's, or the first stands alone. */
const SECOND_SENTENCE = 0.5;

type Candidate = { sentence: string; position: number; stems: string[] };

/**
 * The one or two sentences of the description that say most beyond the title, in their original
 * order. `sentences` may hold the title's own sentence (the engine reads title and description as
 * one text): like any restatement of the title, it is passed over. Of the sentences that add to the
 * title, one scores by how many of the ticket's recurring and title words it holds, per word, so long
 * rambling sentences do not win by size. With nothing left, it says so rather than repeat the title.
 */
export function summarize(title: string, sentences: readonly string[]): string {
  const titleStems = new Set(stemsOf(title));
  const candidates: Candidate[] = [];
  let urgent = false;
  sentences.forEach((raw, position) => {
    const sentence = withoutOpening(
      raw
        .replace(/<\/?[a-z][^<>\n]{0,60}>/gi, " ")
        .replace(/\s+/g, " ")
        .trim(),
    );
    const stems = informativeStems(sentence);
    urgent ||= URGENCY.test(sentence);
    if (stems.length < MIN_WORDS) return;
    if (stems.some((stem) => !titleStems.has(stem))) candidates.push({ sentence, position, stems });
  });
  if (candidates.length === 0) return nothingBeyondTitle(title, urgent);

  const frequency = new Map<string, number>();
  for (const stem of candidates.flatMap((candidate) => candidate.stems)) {
    frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  }
  const scoreOf = (candidate: Candidate) => {
    const weight = candidate.stems.reduce(
      (sum, stem) => sum + Math.min(frequency.get(stem) ?? 0, 3) + (titleStems.has(stem) ? 2 : 0),
      0,
    );
    // Tickets tend to say what is wrong early; a light preference for earlier sentences.
    return weight / Math.sqrt(candidate.stems.length + 1) - candidate.position * 0.05;
  };
  const best = (pool: Candidate[]) =>
    pool.reduce<Candidate | undefined>(
      (top, candidate) => (!top || scoreOf(candidate) > scoreOf(top) ? candidate : top),
      undefined,
    );

  const first = best(candidates) as Candidate;
  const known = new Set([...titleStems, ...first.stems]);
  // A second sentence must add something the title and the first did not say, say it nearly as
  // strongly as the first, and fit.
  const second = best(
    candidates.filter(
      (candidate) =>
        candidate !== first &&
        candidate.stems.filter((stem) => !known.has(stem)).length >= MIN_WORDS &&
        scoreOf(candidate) >= SECOND_SENTENCE * scoreOf(first) &&
        first.sentence.length + candidate.sentence.length <= MAX_LENGTH,
    ),
  );
  const chosen = second ? [first, second].sort((a, b) => a.position - b.position) : [first];
  return clip(chosen.map((candidate) => candidate.sentence).join(" "));
}

/** What a description that only restates the title, or only asks for help, still tells a reader. */
function nothingBeyondTitle(title: string, urgent: boolean): string {
  const base = title.trim() ? "No details beyond the title" : "No details given";
  return urgent ? `${base}; the requester asks for a quick answer.` : `${base}.`;
}

/** "Hello Support Team, the VPN drops hourly." → "The VPN drops hourly."; a bare greeting stays as it is. */
function withoutOpening(sentence: string): string {
  if (!OPENING.test(sentence)) return sentence;
  const comma = sentence.indexOf(",");
  const salutation = comma >= 0 ? sentence.slice(0, comma).split(/\s+/).length <= 6 : false;
  const rest = salutation ? sentence.slice(comma + 1).trim() : sentence.replace(BARE_GREETING, "");
  return rest && rest !== sentence ? `${rest.charAt(0).toUpperCase()}${rest.slice(1)}` : sentence;
}

/** The sentence's own words, stemmed, once courtesies, contact details, references and numbers are gone. */
function informativeStems(sentence: string): string[] {
  if ((OPENING.test(sentence) || CLOSING.test(sentence)) && sentence.split(/\s+/).length <= SHORT_CLOSING) {
    return [];
  }
  let text = maskIncidentalMentions(sentence);
  for (const phrase of FILLER_PHRASES) text = text.replace(phrase, " ");
  return contentWords(text)
    .filter((word) => !FILLER_WORDS.has(word) && !/\d/.test(word))
    .map(stem);
}

function stemsOf(text: string): string[] {
  return contentWords(text).map(stem);
}

/** A light stem, enough to see "drains", "drained" and "draining", or "update" and "updates", as one word. */
function stem(word: string): string {
  let base = word.replace(/'s$/, "");
  if (base.length <= 4) return base;
  if (base.endsWith("ies")) return `${base.slice(0, -3)}y`;
  if (base.endsWith("ing") && base.length > 6) base = undoubled(base.slice(0, -3));
  else if (base.endsWith("ed") && base.length > 5) base = undoubled(base.slice(0, -2));
  else if (base.endsWith("s") && !base.endsWith("ss")) base = base.slice(0, -1);
  return base.endsWith("e") && base.length > 4 ? base.slice(0, -1) : base;
}

/** "dropp" (from "dropping") → "drop"; "install" and "pass" keep their double letters. */
function undoubled(base: string): string {
  return /([b-df-hj-kmnp-rt-z])\1$/.test(base) && !/(?:ll|ss|zz)$/.test(base) ? base.slice(0, -1) : base;
}

/** A sentence too long for a summary is cut at a word boundary, and says so with an ellipsis. */
function clip(text: string): string {
  if (text.length <= MAX_LENGTH) return text;
  const cut = text.slice(0, MAX_LENGTH - 1);
  const boundary = cut.lastIndexOf(" ");
  return `${cut.slice(0, boundary > MAX_LENGTH / 2 ? boundary : cut.length)}…`;
}
