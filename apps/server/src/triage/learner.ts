import { textFeatures } from "./text-features.ts";

/** One labelled ticket of the installation's history; a missing label teaches nothing about that field. */
export type LabelledExample = {
  title: string;
  body: string;
  priority?: string | null;
  category?: string | null;
  type?: string | null;
  skills?: readonly string[];
};

export type LabelField = "priority" | "category" | "type";
export const LABEL_FIELDS: readonly LabelField[] = ["priority", "category", "type"];

/** A learned guess: the label, its probability, and the probability of every label it knows. */
export type LearnedLabel = { label: string; confidence: number; probabilities: Map<string, number> };

export type LearnedTriage = {
  priority?: LearnedLabel;
  category?: LearnedLabel;
  type?: LearnedLabel;
  skills: { skill: string; confidence: number }[];
  /** How many examples taught each field: the engine trusts the learner more as these grow. */
  experience: Record<LabelField | "skills", number>;
  /**
   * How much of the ticket's vocabulary (by idf) the closest past ticket shares, 0–1: history
   * only speaks for tickets that resemble it, so a few corrections cannot relabel everything.
   */
  familiarity: number;
};

export type LearnerOptions = {
  /** Additive smoothing of word counts. */
  smoothing: number;
  /** 1 keeps the class frequencies as priors, 0 treats every label as equally likely up front. */
  priorWeight: number;
  /** Neighbours consulted for skills. */
  neighbours: number;
  /** Share of the neighbours' weight a skill needs to be suggested. */
  skillThreshold: number;
};

const DEFAULT_OPTIONS: LearnerOptions = {
  smoothing: 0.1,
  priorWeight: 0.3,
  neighbours: 15,
  skillThreshold: 0.4,
};

type Vector = { features: Int32Array; weights: Float32Array };

/** Word counts on a log scale, so one repeated word cannot outvote the rest of a ticket. */
function vectorOf(title: string, body: string): Vector {
  const counts = textFeatures(title, body);
  const features = new Int32Array(counts.size);
  const weights = new Float32Array(counts.size);
  let index = 0;
  for (const [feature, count] of counts) {
    features[index] = feature;
    weights[index] = Math.log1p(count);
    index++;
  }
  return { features, weights };
}

/**
 * Multinomial naive Bayes over hashed words for one field. Counts are kept per word for all labels
 * at once, so learning and forgetting an example are exact and cheap, and so is a prediction.
 */
class LabelModel {
  private readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private documents: number[] = [];
  private wordTotals: number[] = [];
  private readonly counts = new Map<number, number[]>();
  private vocabulary = 0;
  examples = 0;

  constructor(private readonly options: LearnerOptions) {}

  add(vector: Vector, label: string, weight: number): void {
    const labelAt = this.indexOf(label);
    this.examples += weight;
    this.documents[labelAt] = (this.documents[labelAt] ?? 0) + weight;
    for (let index = 0; index < vector.features.length; index++) {
      const feature = vector.features[index] as number;
      const amount = (vector.weights[index] as number) * weight;
      let row = this.counts.get(feature);
      if (!row) {
        row = [];
        this.counts.set(feature, row);
        this.vocabulary++;
      }
      row[labelAt] = (row[labelAt] ?? 0) + amount;
      this.wordTotals[labelAt] = (this.wordTotals[labelAt] ?? 0) + amount;
    }
  }

  predict(vector: Vector): LearnedLabel | undefined {
    const live = this.labels.map((_, at) => (this.documents[at] ?? 0) > 0);
    if (!live.some(Boolean)) return undefined;
    const { smoothing, priorWeight } = this.options;
    const vocabulary = Math.max(this.vocabulary, 1);
    const scores = this.labels.map((_, at) =>
      live[at]
        ? priorWeight * Math.log(this.documents[at] as number) -
          Math.log((this.wordTotals[at] ?? 0) + smoothing * vocabulary) * sumOf(vector.weights)
        : Number.NEGATIVE_INFINITY,
    );
    for (let index = 0; index < vector.features.length; index++) {
      const row = this.counts.get(vector.features[index] as number);
      const weight = vector.weights[index] as number;
      for (let at = 0; at < scores.length; at++) {
        scores[at] = (scores[at] as number) + weight * Math.log((row?.[at] ?? 0) + smoothing);
      }
    }
    return labelFromScores(this.labels, scores);
  }

  private indexOf(label: string): number {
    let at = this.labelIndex.get(label);
    if (at === undefined) {
      at = this.labels.length;
      this.labels.push(label);
      this.labelIndex.set(label, at);
    }
    return at;
  }
}

function sumOf(values: Float32Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

function labelFromScores(labels: string[], scores: number[]): LearnedLabel {
  const top = Math.max(...scores);
  const exponentials = scores.map((score) => Math.exp(score - top));
  const total = exponentials.reduce((sum, value) => sum + value, 0);
  const probabilities = new Map<string, number>();
  let best = 0;
  labels.forEach((label, at) => {
    const probability = (exponentials[at] as number) / total;
    if (probability > 0) probabilities.set(label, probability);
    if (probability > (exponentials[best] as number) / total) best = at;
  });
  const label = labels[best] as string;
  return { label, confidence: probabilities.get(label) ?? 0, probabilities };
}

type StoredExample = {
  vector: Vector;
  norm: number;
  labels: Record<LabelField, string | null>;
  skills: string[];
};

/**
 * What the installation's history teaches: a naive Bayes model per field, and skills taken from the
 * most similar past tickets (skills are many per ticket, which neighbours handle naturally).
 * Examples are keyed, so a corrected ticket replaces what it taught before.
 */
export class TriageLearner {
  private readonly options: LearnerOptions;
  private readonly models = new Map<LabelField, LabelModel>();
  private readonly examples = new Map<string, StoredExample>();
  /** feature → keys of the examples that contain it, for the neighbour search. */
  private readonly postings = new Map<number, Set<string>>();

  constructor(options: Partial<LearnerOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    for (const field of LABEL_FIELDS) this.models.set(field, new LabelModel(this.options));
  }

  get size(): number {
    return this.examples.size;
  }

  /** Learns an example; learning a key again first forgets what that key taught. */
  learn(key: string, example: LabelledExample): void {
    this.forget(key);
    const vector = vectorOf(example.title, example.body);
    const stored: StoredExample = {
      vector,
      norm: Math.sqrt(vector.weights.reduce((sum, weight) => sum + weight * weight, 0)) || 1,
      labels: {
        priority: example.priority ?? null,
        category: example.category ?? null,
        type: example.type ?? null,
      },
      skills: [...new Set(example.skills ?? [])],
    };
    this.apply(stored, 1);
    this.examples.set(key, stored);
    for (const feature of vector.features) {
      let keys = this.postings.get(feature);
      if (!keys) {
        keys = new Set();
        this.postings.set(feature, keys);
      }
      keys.add(key);
    }
  }

  forget(key: string): void {
    const stored = this.examples.get(key);
    if (!stored) return;
    this.apply(stored, -1);
    this.examples.delete(key);
    for (const feature of stored.vector.features) this.postings.get(feature)?.delete(key);
  }

  predict(title: string, body: string): LearnedTriage {
    const vector = vectorOf(title, body);
    const model = (field: LabelField) => this.models.get(field) as LabelModel;
    const { skills, familiarity } = this.neighbours(vector);
    return {
      priority: model("priority").predict(vector),
      category: model("category").predict(vector),
      type: model("type").predict(vector),
      skills,
      experience: {
        priority: model("priority").examples,
        category: model("category").examples,
        type: model("type").examples,
        skills: this.examples.size,
      },
      familiarity,
    };
  }

  private apply(stored: StoredExample, weight: number): void {
    for (const field of LABEL_FIELDS) {
      const label = stored.labels[field];
      if (label) this.models.get(field)?.add(stored.vector, label, weight);
    }
  }

  /**
   * The closest past tickets (idf-weighted shared words): their skills, voted by similarity, and
   * how familiar the ticket is.
   */
  private neighbours(vector: Vector): {
    skills: { skill: string; confidence: number }[];
    familiarity: number;
  } {
    const count = this.examples.size;
    if (count === 0) return { skills: [], familiarity: 0 };
    const similarity = new Map<string, number>();
    const sharedIdf = new Map<string, number>();
    let queryIdf = 0;
    // Words in most tickets say little and cost the most to follow.
    const tooCommon = Math.max(50, count * 0.2);
    for (let index = 0; index < vector.features.length; index++) {
      const keys = this.postings.get(vector.features[index] as number);
      const idf = Math.log((count + 1) / ((keys?.size ?? 0) + 0.5));
      queryIdf += idf;
      if (!keys || keys.size === 0 || keys.size > tooCommon) continue;
      const weight = (vector.weights[index] as number) * idf * idf;
      for (const key of keys) {
        similarity.set(key, (similarity.get(key) ?? 0) + weight);
        sharedIdf.set(key, (sharedIdf.get(key) ?? 0) + idf);
      }
    }
    const nearest = [...similarity]
      .map(([key, score]) => ({ key, score: score / (this.examples.get(key)?.norm ?? 1) }))
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
      .slice(0, this.options.neighbours);
    const total = nearest.reduce((sum, neighbour) => sum + neighbour.score, 0);
    if (total <= 0) return { skills: [], familiarity: 0 };
    const closest = nearest[0]?.key as string;
    const familiarity = queryIdf > 0 ? Math.min(1, (sharedIdf.get(closest) ?? 0) / queryIdf) : 0;
    const votes = new Map<string, number>();
    for (const { key, score } of nearest) {
      for (const skill of this.examples.get(key)?.skills ?? [])
        votes.set(skill, (votes.get(skill) ?? 0) + score);
    }
    const skills = [...votes]
      .map(([skill, vote]) => ({ skill, confidence: vote / total }))
      .filter((candidate) => candidate.confidence >= this.options.skillThreshold)
      .sort((a, b) => b.confidence - a.confidence || a.skill.localeCompare(b.skill));
    return { skills, familiarity };
  }
}
