import {
  type Calibrator,
  calibrated,
  fitCalibrator,
  fitLabelShifts,
  fitSetThreshold,
  IDENTITY_CALIBRATOR,
  pick,
} from "./calibration.ts";
import { LogisticModel, type LogisticOptions, MultiLabelModel, type SparseVector } from "./logistic-model.ts";
import { DEFAULT_FEATURES, type FeatureOptions, textFeatures } from "./text-features.ts";

export type LearnerOptions = {
  features: FeatureOptions;
  fields: LogisticOptions;
  skills: LogisticOptions;
  /** Parts of the history for internal cross-validation (what calibrates the models); 0 for none. */
  internalFolds: number;
};

const DEFAULT_OPTIONS: LearnerOptions = {
  features: DEFAULT_FEATURES,
  fields: { epochs: 10, learningRate: 1 },
  skills: { epochs: 5, learningRate: 2 },
  internalFolds: 3,
};

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

/**
 * A learned guess: the label, how often such a guess was right in internal cross-validation (its
 * calibrated confidence), and the probability of every label it knows.
 */
export type LearnedLabel = { label: string; confidence: number; probabilities: Map<string, number> };

export type LearnedTriage = {
  priority?: LearnedLabel;
  category?: LearnedLabel;
  type?: LearnedLabel;
  /** Skills the learner suggests, each with its calibrated confidence. */
  skills: { skill: string; confidence: number }[];
  /** How many examples taught each field: the engine trusts the learner more as these grow. */
  experience: Record<LabelField | "skills", number>;
  /**
   * How much of the ticket's vocabulary (by idf) the closest past ticket shares, 0–1: history
   * only speaks for tickets that resemble it, so a few corrections cannot relabel everything.
   */
  familiarity: number;
};

/** Probability from which a skill of past tickets is suggested, until internal cross-validation says. */
const SKILL_THRESHOLD = 0.3;
/** Most skills suggested for one ticket. */
const MAX_SKILLS = 8;
/** Fewest labelled examples of a field from which it is cross-validated and calibrated. */
const CALIBRATION_MINIMUM = 40;
/** History this large has seen the installation's range: how familiar a ticket is no longer matters. */
const FAMILIARITY_MATTERS_BELOW = 500;
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
  private models?: { fields: Record<LabelField, FieldModel>; skills: SkillsModel };
  private changedSinceFit = 0;
  private readonly experience = { priority: 0, category: 0, type: 0, skills: 0 };
  private readonly options: LearnerOptions;

  constructor(options: Partial<LearnerOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  get size(): number {
    return this.examples.size;
  }

  /** Learns an example; learning a key again first forgets what that key taught. */
  learn(key: string, example: LabelledExample): void {
    this.forget(key);
    const counts = textFeatures(example.title, example.body, this.options.features);
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
        if (label) this.models.fields[field].model.update(vector, label);
      }
      if (stored.skills) this.models.skills.model.update(vector, stored.skills);
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

  /**
   * Fits every model from the whole history (done lazily by `predict` when history changed enough),
   * and calibrates them on internal cross-validation: each part of the history is predicted by
   * models fitted on the other parts, and those held-out answers fit the label shifts, the skill
   * threshold and the confidence calibrators. Only this installation's own history is used.
   */
  refit(): void {
    const stored = [...this.examples.values()];
    const vectors = stored.map((example) => this.vectorOf(example));
    const fieldExamples = (field: LabelField, keep: (index: number) => boolean) =>
      stored.flatMap((example, index) => {
        const label = example.labels[field];
        return label && keep(index) ? [{ vector: vectors[index] as SparseVector, label }] : [];
      });
    const skillExamples = (keep: (index: number) => boolean) =>
      stored.flatMap((example, index) =>
        example.skills && keep(index)
          ? [{ vector: vectors[index] as SparseVector, labels: example.skills }]
          : [],
      );
    const fitField = (field: LabelField, keep: (index: number) => boolean) => {
      const model = new LogisticModel(this.options.fields);
      model.fit(fieldExamples(field, keep));
      return model;
    };
    const fitSkills = (keep: (index: number) => boolean) => {
      const model = new MultiLabelModel(this.options.skills);
      model.fit(skillExamples(keep));
      return model;
    };
    const everything = () => true;
    const fields = {
      priority: fitField("priority", everything),
      category: fitField("category", everything),
      type: fitField("type", everything),
    };
    const skills = fitSkills(everything);

    const heldOut = this.crossValidate(stored, vectors, fitField, fitSkills, fields, skills);
    const calibrateField = (field: LabelField): FieldModel => {
      const { probabilities, gold } = heldOut.fields[field];
      const model = fields[field];
      if (probabilities.length < CALIBRATION_MINIMUM) {
        return { model, shifts: new Float64Array(model.labels.length), calibrator: IDENTITY_CALIBRATOR };
      }
      const shifts = fitLabelShifts(probabilities, gold, model.labels.length);
      const calibrator = fitCalibrator(
        probabilities.map((distribution, index) => {
          const shifted = shiftedDistribution(distribution, shifts);
          const choice = pick(distribution, shifts);
          return { probability: shifted[choice] as number, correct: choice === gold[index] };
        }),
      );
      return { model, shifts, calibrator };
    };
    const skillThreshold = fitSetThreshold(heldOut.skills, MAX_SKILLS, SKILL_THRESHOLD);
    const skillPairs = heldOut.skills.flatMap((ticket) =>
      ticket.probabilities.flatMap((probability, label) =>
        probability >= skillThreshold / 2 ? [{ probability, correct: ticket.gold[label] === true }] : [],
      ),
    );
    this.models = {
      fields: {
        priority: calibrateField("priority"),
        category: calibrateField("category"),
        type: calibrateField("type"),
      },
      skills: {
        model: skills,
        threshold: skillThreshold,
        calibrator:
          heldOut.skills.length >= CALIBRATION_MINIMUM ? fitCalibrator(skillPairs) : IDENTITY_CALIBRATOR,
      },
    };
    this.changedSinceFit = 0;
  }

  /** Held-out probabilities of every labelled example, in the label order of the full models. */
  private crossValidate(
    stored: readonly StoredExample[],
    vectors: readonly SparseVector[],
    fitField: (field: LabelField, keep: (index: number) => boolean) => LogisticModel,
    fitSkills: (keep: (index: number) => boolean) => MultiLabelModel,
    fields: Record<LabelField, LogisticModel>,
    skills: MultiLabelModel,
  ) {
    const folds = this.options.internalFolds;
    const heldOut = {
      fields: {
        priority: { probabilities: [] as Float64Array[], gold: [] as number[] },
        category: { probabilities: [] as Float64Array[], gold: [] as number[] },
        type: { probabilities: [] as Float64Array[], gold: [] as number[] },
      },
      skills: [] as { probabilities: number[]; gold: boolean[] }[],
    };
    if (folds < 2 || stored.length < CALIBRATION_MINIMUM) return heldOut;
    const partOf = (index: number) => index % folds;
    for (let part = 0; part < folds; part++) {
      const training = (index: number) => partOf(index) !== part;
      for (const field of LABEL_FIELDS) {
        const full = fields[field];
        if (fieldExamplesCount(stored, field) < CALIBRATION_MINIMUM) continue;
        const model = fitField(field, training);
        const toFull = model.labels.map((label) => full.labels.indexOf(label));
        stored.forEach((example, index) => {
          const label = example.labels[field];
          if (!label || training(index)) return;
          const partial = model.probabilities(vectors[index] as SparseVector);
          const distribution = new Float64Array(full.labels.length);
          partial.forEach((probability, at) => {
            distribution[toFull[at] as number] = probability;
          });
          heldOut.fields[field].probabilities.push(distribution);
          heldOut.fields[field].gold.push(full.labels.indexOf(label));
        });
      }
      if (stored.filter((example) => example.skills?.length).length < CALIBRATION_MINIMUM) continue;
      const model = fitSkills(training);
      const toFull = model.labels.map((label) => skills.labels.indexOf(label));
      stored.forEach((example, index) => {
        if (!example.skills || training(index)) return;
        const partial = model.probabilities(vectors[index] as SparseVector);
        const probabilities = new Array<number>(skills.labels.length).fill(0);
        partial.forEach((probability, at) => {
          probabilities[toFull[at] as number] = probability;
        });
        const gold = new Set(example.skills);
        heldOut.skills.push({ probabilities, gold: skills.labels.map((label) => gold.has(label)) });
      });
    }
    return heldOut;
  }

  predict(title: string, body: string): LearnedTriage {
    const experience = { ...this.experience };
    if (this.examples.size === 0) return { skills: [], experience, familiarity: 0 };
    if (!this.models || this.changedSinceFit > Math.max(20, this.examples.size * REFIT_SHARE)) this.refit();
    const models = this.models as NonNullable<typeof this.models>;

    const counts = textFeatures(title, body, this.options.features);
    const query: StoredExample = {
      features: Int32Array.from(counts.keys()),
      counts: Float32Array.from(counts.values()),
      labels: { priority: null, category: null, type: null },
      skills: [],
    };
    const vector = this.vectorOf(query);
    return {
      priority: labelOf(models.fields.priority, vector),
      category: labelOf(models.fields.category, vector),
      type: labelOf(models.fields.type, vector),
      skills: suggestedSkills(models.skills, vector),
      experience,
      familiarity: this.examples.size >= FAMILIARITY_MATTERS_BELOW ? 1 : this.familiarity(query),
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

type FieldModel = { model: LogisticModel; shifts: Float64Array; calibrator: Calibrator };
type SkillsModel = { model: MultiLabelModel; threshold: number; calibrator: Calibrator };

function fieldExamplesCount(stored: readonly StoredExample[], field: LabelField): number {
  return stored.filter((example) => example.labels[field]).length;
}

/** A distribution with each label's log-probability shifted, normalised again. */
function shiftedDistribution(probabilities: Float64Array, shifts: Float64Array): Float64Array {
  if (shifts.every((shift) => shift === 0)) return probabilities;
  const shifted = new Float64Array(probabilities.length);
  let total = 0;
  for (let at = 0; at < probabilities.length; at++) {
    const value = (probabilities[at] as number) * Math.exp((shifts[at] as number) || 0);
    shifted[at] = value;
    total += value;
  }
  if (total > 0) for (let at = 0; at < shifted.length; at++) shifted[at] = (shifted[at] as number) / total;
  return shifted;
}

/** Labels below this probability are left out of a guess: they could not change a blend. */
const NEGLIGIBLE = 0.002;

function labelOf({ model, shifts, calibrator }: FieldModel, vector: SparseVector): LearnedLabel | undefined {
  if (model.labels.length === 0) return undefined;
  const probabilities = shiftedDistribution(model.probabilities(vector), shifts);
  const best = pick(probabilities, new Float64Array(probabilities.length));
  const byLabel = new Map<string, number>();
  for (let at = 0; at < probabilities.length; at++) {
    const probability = probabilities[at] as number;
    if (probability >= NEGLIGIBLE || at === best) byLabel.set(model.labels[at] as string, probability);
  }
  const probability = probabilities[best] as number;
  return {
    label: model.labels[best] as string,
    confidence: calibrated(calibrator, probability),
    probabilities: byLabel,
  };
}

/** The skills whose probability reaches the fitted threshold, most likely first, with calibrated confidences. */
function suggestedSkills({ model, threshold, calibrator }: SkillsModel, vector: SparseVector) {
  return model
    .likelyLabels(vector, threshold)
    .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label))
    .slice(0, MAX_SKILLS)
    .map(({ label, probability }) => ({ skill: label, confidence: calibrated(calibrator, probability) }));
}
