/**
 * Multinomial logistic regression over sparse, unit-length word vectors, trained by stochastic
 * gradient descent with class-balanced weights. Deterministic: examples are visited in a fixed
 * pseudo-random order. Used by the learner for one label field each.
 */

export type SparseVector = { features: Int32Array; weights: Float32Array };

export type LogisticOptions = { epochs: number; learningRate: number };

const DEFAULT_LOGISTIC: LogisticOptions = { epochs: 20, learningRate: 0.5 };

export class LogisticModel {
  readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private weights = new Map<number, Float64Array>();
  private bias = new Float64Array(0);
  /** Weight of each label in the gradient: rare labels count more, as in a balanced fit. */
  private balance = new Float64Array(0);

  constructor(private readonly options: LogisticOptions = DEFAULT_LOGISTIC) {}

  /** Trains from scratch on these examples. */
  fit(examples: readonly { vector: SparseVector; label: string }[]): void {
    this.labels.length = 0;
    this.labelIndex.clear();
    this.weights = new Map();
    const targets = examples.map((example) => this.indexOf(example.label));
    const counts = new Float64Array(this.labels.length);
    for (const target of targets) counts[target] = (counts[target] as number) + 1;
    this.bias = new Float64Array(this.labels.length);
    this.balance = counts.map((count) => examples.length / (this.labels.length * Math.max(count, 1)));
    const { epochs, learningRate } = this.options;
    const steps = Math.max(1, epochs * examples.length);
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const index of shuffled(examples.length, epoch)) {
        const rate = learningRate * (1 - step / steps) + 0.01 * learningRate;
        this.step((examples[index] as { vector: SparseVector }).vector, targets[index] as number, rate);
        step++;
      }
    }
  }

  /** One online update, so that a new example counts before the next full fit. */
  update(vector: SparseVector, label: string, repeats = 3): void {
    const target = this.indexOf(label);
    for (let repeat = 0; repeat < repeats; repeat++) this.step(vector, target, this.options.learningRate);
  }

  probabilities(vector: SparseVector): Float64Array {
    const scores = Float64Array.from(this.bias);
    for (let index = 0; index < vector.features.length; index++) {
      const row = this.weights.get(vector.features[index] as number);
      if (!row) continue;
      const value = vector.weights[index] as number;
      for (let at = 0; at < row.length; at++)
        scores[at] = (scores[at] as number) + value * (row[at] as number);
    }
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

  private step(vector: SparseVector, target: number, rate: number): void {
    const probabilities = this.probabilities(vector);
    const scale = rate * ((this.balance[target] as number | undefined) ?? 1);
    for (let at = 0; at < probabilities.length; at++) {
      const gradient = ((probabilities[at] as number) - (at === target ? 1 : 0)) * scale;
      if (gradient === 0) continue;
      this.bias[at] = (this.bias[at] as number) - gradient;
      for (let index = 0; index < vector.features.length; index++) {
        const row = growRow(this.weights, vector.features[index] as number, this.labels.length);
        row[at] = (row[at] as number) - gradient * (vector.weights[index] as number);
      }
    }
  }

  private indexOf(label: string): number {
    let at = this.labelIndex.get(label);
    if (at === undefined) {
      at = this.labels.length;
      this.labels.push(label);
      this.labelIndex.set(label, at);
      const bias = new Float64Array(this.labels.length);
      bias.set(this.bias);
      this.bias = bias;
      const balance = new Float64Array(this.labels.length).fill(1);
      balance.set(this.balance);
      this.balance = balance;
    }
    return at;
  }
}

/**
 * One logistic regression per label, sharing the word rows: for label sets such as skills, where a
 * ticket has any number of labels. Not balanced: frequent labels should be suggested often.
 */
export class MultiLabelModel {
  readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private weights = new Map<number, Float64Array>();
  private bias = new Float64Array(0);

  constructor(private readonly options: LogisticOptions = DEFAULT_LOGISTIC) {}

  fit(examples: readonly { vector: SparseVector; labels: readonly string[] }[]): void {
    this.labels.length = 0;
    this.labelIndex.clear();
    this.weights = new Map();
    const targets = examples.map((example) => example.labels.map((label) => this.indexOf(label)));
    this.bias = new Float64Array(this.labels.length);
    const { epochs, learningRate } = this.options;
    const steps = Math.max(1, epochs * examples.length);
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const index of shuffled(examples.length, epoch)) {
        const rate = learningRate * (1 - step / steps) + 0.01 * learningRate;
        this.step((examples[index] as { vector: SparseVector }).vector, targets[index] as number[], rate);
        step++;
      }
    }
  }

  update(vector: SparseVector, labels: readonly string[], repeats = 3): void {
    const targets = labels.map((label) => this.indexOf(label));
    for (let repeat = 0; repeat < repeats; repeat++) this.step(vector, targets, this.options.learningRate);
  }

  /** Probability of each label, independently. */
  probabilities(vector: SparseVector): Float64Array {
    const scores = Float64Array.from(this.bias);
    for (let index = 0; index < vector.features.length; index++) {
      const row = this.weights.get(vector.features[index] as number);
      if (!row) continue;
      const value = vector.weights[index] as number;
      for (let at = 0; at < row.length; at++)
        scores[at] = (scores[at] as number) + value * (row[at] as number);
    }
    for (let at = 0; at < scores.length; at++) scores[at] = 1 / (1 + Math.exp(-(scores[at] as number)));
    return scores;
  }

  private step(vector: SparseVector, targets: number[], rate: number): void {
    const probabilities = this.probabilities(vector);
    const wanted = new Set(targets);
    for (let at = 0; at < probabilities.length; at++) {
      const gradient = ((probabilities[at] as number) - (wanted.has(at) ? 1 : 0)) * rate;
      if (Math.abs(gradient) < 1e-6) continue;
      this.bias[at] = (this.bias[at] as number) - gradient;
      for (let index = 0; index < vector.features.length; index++) {
        const row = growRow(this.weights, vector.features[index] as number, this.labels.length);
        row[at] = (row[at] as number) - gradient * (vector.weights[index] as number);
      }
    }
  }

  private indexOf(label: string): number {
    let at = this.labelIndex.get(label);
    if (at === undefined) {
      at = this.labels.length;
      this.labels.push(label);
      this.labelIndex.set(label, at);
      const bias = new Float64Array(this.labels.length);
      bias.set(this.bias);
      this.bias = bias;
    }
    return at;
  }
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
