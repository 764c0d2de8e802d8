/** Scores of predictions against gold labels, as the evaluation CLI reports them. Labels compare case-insensitively. */

export type LabelScore = { accuracy: number; macroF1: number; n: number };
export type SetScore = { microF1: number | null; n: number };

const fold = (label: string) => label.trim().toLowerCase();

/** Accuracy, and F1 averaged over every label that is either true or predicted somewhere. */
export function scoreLabels(pairs: readonly { gold: string; predicted: string }[]): LabelScore {
  if (pairs.length === 0) return { accuracy: 0, macroF1: 0, n: 0 };
  const counts = new Map<string, { truePositive: number; gold: number; predicted: number }>();
  const countOf = (label: string) => {
    let count = counts.get(label);
    if (!count) {
      count = { truePositive: 0, gold: 0, predicted: 0 };
      counts.set(label, count);
    }
    return count;
  };
  let correct = 0;
  for (const pair of pairs) {
    const gold = fold(pair.gold);
    const predicted = fold(pair.predicted);
    countOf(gold).gold++;
    countOf(predicted).predicted++;
    if (gold === predicted) {
      correct++;
      countOf(gold).truePositive++;
    }
  }
  let f1Sum = 0;
  for (const { truePositive, gold, predicted } of counts.values()) {
    f1Sum += gold + predicted === 0 ? 0 : (2 * truePositive) / (gold + predicted);
  }
  return { accuracy: round(correct / pairs.length), macroF1: round(f1Sum / counts.size), n: pairs.length };
}

/** Micro-averaged F1 over label sets (tags): every (ticket, tag) decision counts once. */
export function scoreSets(
  pairs: readonly { gold: readonly string[]; predicted: readonly string[] }[],
): SetScore {
  let truePositive = 0;
  let gold = 0;
  let predicted = 0;
  for (const pair of pairs) {
    const goldSet = new Set(pair.gold.map(fold));
    const predictedSet = new Set(pair.predicted.map(fold));
    gold += goldSet.size;
    predicted += predictedSet.size;
    for (const label of predictedSet) if (goldSet.has(label)) truePositive++;
  }
  if (gold === 0) return { microF1: null, n: 0 };
  return { microF1: round((2 * truePositive) / (gold + predicted)), n: pairs.length };
}

/**
 * How well confidences say how often a field is right. `ece` is the expected calibration error over
 * ten equal-width confidence bins: the gap between mean confidence and accuracy in each bin, weighted
 * by its share of decisions. `accuracy` and `coverage` are those of the decisions whose confidence
 * reaches `threshold` (what a team applying only confident answers would get); `covered` counts them.
 */
export type Calibration = {
  ece: number;
  threshold: number;
  accuracy: number;
  coverage: number;
  covered: number;
};

const CALIBRATION_BINS = 10;

export function calibrate(
  decisions: readonly { correct: boolean; confidence: number }[],
  threshold: number,
): Calibration {
  const bins = Array.from({ length: CALIBRATION_BINS }, () => ({ count: 0, correct: 0, confidence: 0 }));
  let covered = 0;
  let coveredCorrect = 0;
  for (const { correct, confidence } of decisions) {
    const clamped = Math.max(0, Math.min(1, confidence));
    const bin = bins[
      Math.min(CALIBRATION_BINS - 1, Math.floor(clamped * CALIBRATION_BINS))
    ] as (typeof bins)[number];
    bin.count++;
    bin.confidence += clamped;
    if (correct) bin.correct++;
    if (clamped >= threshold) {
      covered++;
      if (correct) coveredCorrect++;
    }
  }
  const total = decisions.length;
  let ece = 0;
  for (const bin of bins) {
    if (bin.count > 0)
      ece += (bin.count / total) * Math.abs(bin.correct / bin.count - bin.confidence / bin.count);
  }
  return {
    ece: round(ece),
    threshold,
    accuracy: covered > 0 ? round(coveredCorrect / covered) : 0,
    coverage: total > 0 ? round(covered / total) : 0,
    covered,
  };
}

/**
 * The nearest-rank percentile of unsorted values: the smallest value that at least `share` (0 to 1)
 * of them do not exceed, i.e. the ⌈share·n⌉-th smallest. It is always one of the values, never an
 * interpolation; share 0 is the minimum, 1 the maximum, 0.5 the lower median. 0 when there are no
 * values (a report of nothing shows 0). The one implementation for the evaluation CLI and the benches.
 */
export function percentile(values: readonly number[], share: number): number {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`a percentile share is within 0 and 1, not ${share}`);
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  // 0.07 · 100 is 7.000000000000001 in floating point: round off such noise before taking the ceiling.
  const rank = Math.max(1, Math.ceil(Number((share * sorted.length).toPrecision(12))));
  return sorted[rank - 1] as number;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
