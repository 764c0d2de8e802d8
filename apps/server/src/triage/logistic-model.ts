/**
 * Logistic regression over sparse, unit-length word vectors, trained by stochastic gradient
 * descent. Deterministic: examples are visited in a fixed pseudo-random order. The learner uses
 * one single-label model per field and one multi-label model for skills.
 */

export type SparseVector = { features: Int32Array; weights: Float32Array };

export type LogisticOptions = { epochs: number; learningRate: number };

const DEFAULT_LOGISTIC: LogisticOptions = { epochs: 20, learningRate: 0.5 };

/** Labels, word rows and biases, the training schedule and the gradient step both models share. */
abstract class LinearModel<Target> {
  readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private weights = new Map<number, Float64Array>();
  protected bias = new Float64Array(0);
  /** Gradients smaller than this are skipped: a label the model already rules out need not move. */
  protected readonly smallestStep: number = 1e-6;

  constructor(private readonly options: LogisticOptions = DEFAULT_LOGISTIC) {}

  /**
   * What predictions read: each word row without the labels it barely moves, so a ticket is scored
   * only for the labels its words speak for (and the biases). Rows are compiled from the training
   * rows after a fit, and again for the words an online update touched.
   */
  private compiled = new Map<number, CompiledRow>();
  private readonly stale = new Set<number>();

  /** Probabilities from scores before the activation (in place). */
  protected abstract activate(scores: Float64Array): Float64Array;

  /** The probability of each label. */
  probabilities(vector: SparseVector): Float64Array {
    return this.activate(this.linearScores(vector));
  }

  /** How far each label's probability is from what the target wants (before the rate). */
  protected abstract errorOf(label: number, probability: number, target: Target): number;

  /** Extra weight of a target in the gradient (class balance); 1 unless a model says otherwise. */
  protected weightOf(_target: Target): number {
    return 1;
  }

  /** Called once labels are known and before training: room for per-label state. */
  protected prepare(_targets: Target[]): void {}

  protected reset(): void {
    this.labels.length = 0;
    this.labelIndex.clear();
    this.weights = new Map();
    this.compiled = new Map();
    this.stale.clear();
  }

  protected train(vectors: readonly SparseVector[], targets: Target[]): void {
    this.bias = new Float64Array(this.labels.length);
    this.prepare(targets);
    const { epochs, learningRate } = this.options;
    const steps = Math.max(1, epochs * vectors.length);
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const index of shuffled(vectors.length, epoch)) {
        const rate = learningRate * (1 - step / steps) + 0.01 * learningRate;
        this.step(vectors[index] as SparseVector, targets[index] as Target, rate);
        step++;
      }
    }
    this.compiled = new Map();
    for (const [feature, row] of this.weights) {
      const compiled = compileRow(row);
      if (compiled.labels.length > 0) this.compiled.set(feature, compiled);
    }
    this.stale.clear();
  }

  protected repeatStep(vector: SparseVector, target: Target, repeats: number): void {
    for (let repeat = 0; repeat < repeats; repeat++) this.step(vector, target, this.options.learningRate);
    for (const feature of vector.features) this.stale.add(feature);
  }

  /** Bias plus the compiled word rows, per label, before the activation. */
  protected linearScores(vector: SparseVector): Float64Array {
    if (this.stale.size > 0) {
      for (const feature of this.stale) {
        const row = this.weights.get(feature);
        if (row) this.compiled.set(feature, compileRow(row));
      }
      this.stale.clear();
    }
    const scores = Float64Array.from(this.bias);
    for (let index = 0; index < vector.features.length; index++) {
      const row = this.compiled.get(vector.features[index] as number);
      if (!row) continue;
      const value = vector.weights[index] as number;
      const { labels, weights } = row;
      for (let at = 0; at < labels.length; at++) {
        const label = labels[at] as number;
        scores[label] = (scores[label] as number) + value * (weights[at] as number);
      }
    }
    return scores;
  }

  /** The same from the full training rows, as each gradient step needs. */
  private trainingScores(vector: SparseVector): Float64Array {
    const scores = Float64Array.from(this.bias);
    for (let index = 0; index < vector.features.length; index++) {
      const row = this.weights.get(vector.features[index] as number);
      if (!row) continue;
      const value = vector.weights[index] as number;
      for (let at = 0; at < row.length; at++)
        scores[at] = (scores[at] as number) + value * (row[at] as number);
    }
    return scores;
  }

  protected indexOf(label: string): number {
    let at = this.labelIndex.get(label);
    if (at === undefined) {
      at = this.labels.length;
      this.labels.push(label);
      this.labelIndex.set(label, at);
      const bias = new Float64Array(this.labels.length);
      bias.set(this.bias);
      this.bias = bias;
      this.labelAdded();
    }
    return at;
  }

  /** A label appeared after training: room for its per-label state. */
  protected labelAdded(): void {}

  private step(vector: SparseVector, target: Target, rate: number): void {
    const probabilities = this.activate(this.trainingScores(vector));
    const scale = rate * this.weightOf(target);
    const moved: number[] = [];
    const gradients: number[] = [];
    for (let at = 0; at < probabilities.length; at++) {
      const gradient = this.errorOf(at, probabilities[at] as number, target) * scale;
      if (gradient === 0 || Math.abs(gradient) < this.smallestStep) continue;
      this.bias[at] = (this.bias[at] as number) - gradient;
      moved.push(at);
      gradients.push(gradient);
    }
    if (moved.length === 0) return;
    // Feature rows outermost: each row is looked up once per step, not once per label.
    for (let index = 0; index < vector.features.length; index++) {
      const row = growRow(this.weights, vector.features[index] as number, this.labels.length);
      const value = vector.weights[index] as number;
      for (let at = 0; at < moved.length; at++) {
        const label = moved[at] as number;
        row[label] = (row[label] as number) - (gradients[at] as number) * value;
      }
    }
  }
}

/** One label per example (softmax), with class-balanced weights: rare labels count more. */
export class LogisticModel extends LinearModel<number> {
  private balance = new Float64Array(0);

  /** Trains from scratch on these examples. */
  fit(examples: readonly { vector: SparseVector; label: string }[]): void {
    this.reset();
    const targets = examples.map((example) => this.indexOf(example.label));
    this.train(
      examples.map((example) => example.vector),
      targets,
    );
  }

  /** One online update, so that a new example counts before the next full fit. */
  update(vector: SparseVector, label: string, repeats = 3): void {
    this.repeatStep(vector, this.indexOf(label), repeats);
  }

  protected override activate(scores: Float64Array): Float64Array {
    let top = Number.NEGATIVE_INFINITY;
    for (const score of scores) top = Math.max(top, score);
    let total = 0;
    for (let at = 0; at < scores.length; at++) {
      scores[at] = Math.exp((scores[at] as number) - top);
      total += scores[at] as number;
    }
    for (let at = 0; at < scores.length; at++) scores[at] = (scores[at] as number) / total;
    return scores;
  }

  protected override errorOf(label: number, probability: number, target: number): number {
    return probability - (label === target ? 1 : 0);
  }

  protected override weightOf(target: number): number {
    return (this.balance[target] as number | undefined) ?? 1;
  }

  protected override prepare(targets: number[]): void {
    const counts = new Float64Array(this.labels.length);
    for (const target of targets) counts[target] = (counts[target] as number) + 1;
    this.balance = counts.map((count) => targets.length / (this.labels.length * Math.max(count, 1)));
  }

  protected override labelAdded(): void {
    const balance = new Float64Array(this.labels.length).fill(1);
    balance.set(this.balance);
    this.balance = balance;
  }
}

/**
 * One logistic regression per label, sharing the word rows: for label sets such as skills, where a
 * ticket has any number of labels. Not balanced: frequent labels should be suggested often.
 */
export class MultiLabelModel extends LinearModel<ReadonlySet<number>> {
  fit(examples: readonly { vector: SparseVector; labels: readonly string[] }[]): void {
    this.reset();
    const targets = examples.map((example) => new Set(example.labels.map((label) => this.indexOf(label))));
    this.train(
      examples.map((example) => example.vector),
      targets,
    );
  }

  update(vector: SparseVector, labels: readonly string[], repeats = 3): void {
    this.repeatStep(vector, new Set(labels.map((label) => this.indexOf(label))), repeats);
  }

  /**
   * The labels whose probability reaches `threshold`, with it: only their scores pass through the
   * sigmoid, so a ticket costs little however many skills the installation knows.
   */
  likelyLabels(vector: SparseVector, threshold: number): { label: string; probability: number }[] {
    const scores = this.linearScores(vector);
    const least = Math.log(threshold / (1 - threshold));
    const likely: { label: string; probability: number }[] = [];
    for (let at = 0; at < scores.length; at++) {
      const score = scores[at] as number;
      if (score >= least)
        likely.push({ label: this.labels[at] as string, probability: 1 / (1 + Math.exp(-score)) });
    }
    return likely;
  }

  /** Probability of each label, independently. */
  protected override activate(scores: Float64Array): Float64Array {
    for (let at = 0; at < scores.length; at++) scores[at] = 1 / (1 + Math.exp(-(scores[at] as number)));
    return scores;
  }

  protected override errorOf(label: number, probability: number, target: ReadonlySet<number>): number {
    return probability - (target.has(label) ? 1 : 0);
  }
}

type CompiledRow = { labels: Uint16Array; weights: Float32Array };

/** A word's weight this small moves a label's score by less than a hundredth: it cannot change an answer. */
const NEGLIGIBLE_WEIGHT = 0.01;

function compileRow(row: Float64Array): CompiledRow {
  let kept = 0;
  for (const weight of row) if (Math.abs(weight) >= NEGLIGIBLE_WEIGHT) kept++;
  const labels = new Uint16Array(kept);
  const weights = new Float32Array(kept);
  let at = 0;
  for (let label = 0; label < row.length; label++) {
    const weight = row[label] as number;
    if (Math.abs(weight) < NEGLIGIBLE_WEIGHT) continue;
    labels[at] = label;
    weights[at] = weight;
    at++;
  }
  return { labels, weights };
}

function growRow(weights: Map<number, Float64Array>, feature: number, size: number): Float64Array {
  let row = weights.get(feature);
  if (!row || row.length < size) {
    const grown = new Float64Array(size);
    if (row) grown.set(row);
    weights.set(feature, grown);
    row = grown;
  }
  return row;
}

/** 0…length-1 in a fixed pseudo-random order per round (xorshift), so fits are reproducible. */
function shuffled(length: number, round: number): number[] {
  const order = Array.from({ length }, (_, index) => index);
  let seed = (0x2545f491 ^ Math.imul(round + 1, 0x9e3779b9)) | 1;
  for (let index = length - 1; index > 0; index--) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const other = (seed >>> 0) % (index + 1);
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return order;
}
