import model from "wink-eng-lite-web-model";
import winkNLP from "wink-nlp";

/** wink-nlp with its small English model: shipped inside the npm package, nothing is downloaded. */
const nlp = winkNLP(model, ["sbd", "negation", "sentiment"]);
const its = nlp.its;

export type ReadText = {
  sentences: string[];
  /** -1 very negative … 1 very positive, for the whole text. */
  sentiment: number;
};

/**
 * Past this many characters a ticket is mostly pasted logs or quoted mail: its opening says what
 * the requester means and how they feel, and reading the rest would only cost time.
 */
const READ_LIMIT = 1000;

/** Sentences and overall sentiment of a text's opening, read in one pass. */
export function readText(text: string): ReadText {
  const doc = nlp.readDoc(text.length > READ_LIMIT ? text.slice(0, READ_LIMIT) : text);
  return { sentences: doc.sentences().out(), sentiment: Number(doc.out(its.sentiment)) || 0 };
}
