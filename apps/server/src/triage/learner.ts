import { LogisticModel, MultiLabelModel, type SparseVector } from "./logistic-model.ts";
import { textFeatures } from "./text-features.ts";

/** One labelled ticket of the installation's history; a missing label teaches nothing about that field. */
export type LabelledExample = {
  title: string;
  body: string;
  priority?: string | null;
  category?: string | null;
  type?: string | null;
  /** The skills the ticket needed; [] means none, null or absent means nobody said. */
  skills?: readonly string[] | null;
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

/** Probability from which a skill of past tickets is suggested. */
const SKILL_THRESHOLD = 0.3;
/** Share of changed history after which the models are fitted again rather than only updated. */
const REFIT_SHARE = 0.2;

type StoredExample = {
  features: Int32Array;
  counts: Float32Array;
  labels: Record<LabelField, string | null>;
  skills: string[] | null;
};

/**
 * What the installation's history teaches: a logistic regression per field and one per skill,
 * over tf-idf weighted words and word pairs. Examples are keyed, so a corrected ticket replaces
 * what it taught before. A new example updates the models at once; after enough change they are
 * fitted again from all examples, which is also how a forgotten example stops counting.
 */
export class TriageLearner {
  private readonly examples = new Map<string, StoredExample>();
  /** feature → keys of the examples that contain it: document frequencies and neighbour search. */
  private readonly postings = new Map<number, Set<string>>();
  private models?: { fields: Record<LabelField, LogisticModel>; skills: MultiLabelModel };
  private changedSinceFit = 0;
  private readonly experience = { priority: 0, category: 0, type: 0, skills: 0 };

  get size(): number {
    return this.examples.size;
  }

  /** Learns an example; learning a key again first forgets what that key taught. */
  learn(key: string, example: LabelledExample): void {
    this.forget(key);
    const counts = textFeatures(example.title, example.body);
    const stored: StoredExample = {
      features: Int32Array.from(counts.keys()),
      counts: Float32Array.from(counts.values()),
      labels: {
        priority: example.priority ?? null,
        category: example.category ?? null,
        type: example.type ?? null,
      },
      skills: example.skills ? [...new Set(example.skills)] : null,
    };
    this.examples.set(key, stored);
    this.count(stored, 1);
    for (const feature of stored.features) {
      let keys = this.postings.get(feature);
      if (!keys) {
        keys = new Set();
        this.postings.set(feature, keys);
      }
      keys.add(key);
    }
    this.changedSinceFit++;
    if (this.models) {
      const vector = this.vectorOf(stored);
      for (const field of LABEL_FIELDS) {
        const label = stored.labels[field];
        if (label) this.models.fields[field].update(vector, label);
      }
      if (stored.skills) this.models.skills.update(vector, stored.skills);
    }
  }

  forget(key: string): void {
    const stored = this.examples.get(key);
    if (!stored) return;
    this.examples.delete(key);
    this.count(stored, -1);
    for (const feature of stored.features) this.postings.get(feature)?.delete(key);
    this.changedSinceFit++;
  }

  private count(example: StoredExample, change: 1 | -1): void {
    for (const field of LABEL_FIELDS) if (example.labels[field]) this.experience[field] += change;
    if (example.skills?.length) this.experience.skills += change;
  }

  /** Fits every model from the whole history (done lazily by `predict` when history changed enough). */
  refit(): void {
    const stored = [...this.examples.values()];
    const vectors = stored.map((example) => this.vectorOf(example));
    const fieldModel = (field: LabelField) => {
      const model = new LogisticModel();
      model.fit(
        stored.flatMap((example, index) => {
          const label = example.labels[field];
          return label ? [{ vector: vectors[index] as SparseVector, label }] : [];
        }),
      );
      return model;
    };
    const skills = new MultiLabelModel({ epochs: 10, learningRate: 1 });
    skills.fit(
      stored.flatMap((example, index) =>
        example.skills ? [{ vector: vectors[index] as SparseVector, labels: example.skills }] : [],
      ),
    );
    this.models = {
      fields: {
        priority: fieldModel("priority"),
        category: fieldModel("category"),
        type: fieldModel("type"),
      },
      skills,
    };
    this.changedSinceFit = 0;
  }

  predict(title: string, body: string): LearnedTriage {
    const experience = { ...this.experience };
    if (this.examples.size === 0) return { skills: [], experience, familiarity: 0 };
    if (!this.models || this.changedSinceFit > Math.max(20, this.examples.size * REFIT_SHARE)) this.refit();
    const models = this.models as NonNullable<typeof this.models>;

    const counts = textFeatures(title, body);
    const query: StoredExample = {
      features: Int32Array.from(counts.keys()),
      counts: Float32Array.from(counts.values()),
      labels: { priority: null, category: null, type: null },
      skills: [],
    };
    const vector = this.vectorOf(query);
    const skillProbabilities = models.skills.probabilities(vector);
    return {
      priority: labelOf(models.fields.priority, vector),
      category: labelOf(models.fields.category, vector),
      type: labelOf(models.fields.type, vector),
      skills: models.skills.labels
        .map((skill, at) => ({ skill, confidence: skillProbabilities[at] as number }))
        .filter((candidate) => candidate.confidence >= SKILL_THRESHOLD)
        .sort((a, b) => b.confidence - a.confidence || a.skill.localeCompare(b.skill)),
      experience,
      familiarity: this.familiarity(query),
    };
  }

  private idf(feature: number): number {
    return Math.log((this.examples.size + 1) / ((this.postings.get(feature)?.size ?? 0) + 1)) + 1;
  }

  /** tf-idf with log-scaled counts, unit length: a long ticket teaches as much as a short one. */
  private vectorOf(example: Pick<StoredExample, "features" | "counts">): SparseVector {
    const weights = new Float32Array(example.features.length);
    let squares = 0;
    for (let index = 0; index < weights.length; index++) {
      const weight =
        Math.log1p(example.counts[index] as number) * this.idf(example.features[index] as number);
      weights[index] = weight;
      squares += weight * weight;
    }
    const norm = Math.sqrt(squares) || 1;
    for (let index = 0; index < weights.length; index++) weights[index] = (weights[index] as number) / norm;
    return { features: example.features, weights };
  }

  /** Share of the ticket's idf mass found in its closest past ticket. */
  private familiarity(query: Pick<StoredExample, "features">): number {
    const shared = new Map<string, number>();
    let total = 0;
    // Words in many tickets say little about closeness and cost the most to follow.
    const tooCommon = Math.max(20, this.examples.size * 0.01);
    for (const feature of query.features) {
      const idf = this.idf(feature);
      total += idf;
      const keys = this.postings.get(feature);
      if (!keys || keys.size > tooCommon) continue;
      for (const key of keys) shared.set(key, (shared.get(key) ?? 0) + idf);
    }
    let best = 0;
    for (const value of shared.values()) best = Math.max(best, value);
    return total > 0 ? Math.min(1, best / total) : 0;
  }
}

/** Labels below this probability are left out of a guess: they could not change a blend. */
const NEGLIGIBLE = 0.002;

function labelOf(model: LogisticModel, vector: SparseVector): LearnedLabel | undefined {
  if (model.labels.length === 0) return undefined;
  const probabilities = model.probabilities(vector);
  const byLabel = new Map<string, number>();
  let best = 0;
  for (let at = 0; at < probabilities.length; at++) {
    const probability = probabilities[at] as number;
    if (probability >= NEGLIGIBLE) byLabel.set(model.labels[at] as string, probability);
    if (probability > (probabilities[best] as number)) best = at;
  }
  const label = model.labels[best] as string;
  byLabel.set(label, probabilities[best] as number);
  return { label, confidence: probabilities[best] as number, probabilities: byLabel };
}
