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

/** Sentences and overall sentiment of a text, read in one pass. */
export function readText(text: string): ReadText {
  const doc = nlp.readDoc(text);
  return { sentences: doc.sentences().out(), sentiment: Number(doc.out(its.sentiment)) || 0 };
}
