/**
 * What the learner fits on its own history's held-out predictions (internal cross-validation), so
 * that its answers and confidences hold for tickets it has not seen: a shift per label that makes
 * rare labels win as often as they should, a threshold for suggesting skills, and a map from a raw
 * probability to how often such an answer is right. Pure functions of plain numbers.
 */

/** sigmoid(slope · logit(p) + intercept): Platt scaling of a probability. */
export type Calibrator = { slope: number; intercept: number };

export const IDENTITY_CALIBRATOR: Calibrator = { slope: 1, intercept: 0 };

const EPSILON = 1e-6;
const logit = (probability: number) => {
  const clamped = Math.min(1 - EPSILON, Math.max(EPSILON, probability));
  return Math.log(clamped / (1 - clamped));
};
const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

export function calibrated(calibrator: Calibrator, probability: number): number {
  return sigmoid(calibrator.slope * logit(probability) + calibrator.intercept);
}

/**
 * Platt scaling fitted by Newton's method on the log-loss of held-out (probability, was it right)
 * pairs, with Platt's smoothed targets so a perfectly separated set keeps finite parameters.
 * Fewer than `minimum` pairs, or pairs that are all right or all wrong, keep the identity.
 */
export function fitCalibrator(
  pairs: readonly { probability: number; correct: boolean }[],
  minimum = 30,
): Calibrator {
  const positives = pairs.filter((pair) => pair.correct).length;
  if (pairs.length < minimum || positives === 0 || positives === pairs.length) return IDENTITY_CALIBRATOR;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (pairs.length - positives + 2);
  const inputs = pairs.map((pair) => logit(pair.probability));
  const targets = pairs.map((pair) => (pair.correct ? high : low));
  const loss = (slope: number, intercept: number) => {
    let total = 0;
    for (let index = 0; index < inputs.length; index++) {
      const predicted = Math.min(
        1 - EPSILON,
        Math.max(EPSILON, sigmoid(slope * (inputs[index] as number) + intercept)),
      );
      const target = targets[index] as number;
      total -= target * Math.log(predicted) + (1 - target) * Math.log(1 - predicted);
    }
    return total;
  };
  let slope = 1;
  let intercept = 0;
  let current = loss(slope, intercept);
  for (let iteration = 0; iteration < 50; iteration++) {
    let gradientSlope = 0;
    let gradientIntercept = 0;
    let hessianSlope = 1e-9;
    let hessianIntercept = 1e-9;
    let hessianCross = 0;
    for (let index = 0; index < inputs.length; index++) {
      const input = inputs[index] as number;
      const predicted = sigmoid(slope * input + intercept);
      const error = predicted - (targets[index] as number);
      const curvature = predicted * (1 - predicted);
      gradientSlope += error * input;
      gradientIntercept += error;
      hessianSlope += curvature * input * input;
      hessianIntercept += curvature;
      hessianCross += curvature * input;
    }
    const determinant = hessianSlope * hessianIntercept - hessianCross * hessianCross;
    if (Math.abs(determinant) < 1e-12) break;
    const stepSlope = (hessianIntercept * gradientSlope - hessianCross * gradientIntercept) / determinant;
    const stepIntercept = (hessianSlope * gradientIntercept - hessianCross * gradientSlope) / determinant;
    // Newton's step, halved until it lowers the loss: a raw probability far from its accuracy
    // (hundreds of labels) starts where a full step overshoots.
    let size = 1;
    let next = loss(slope - stepSlope, intercept - stepIntercept);
    while (!(next <= current) && size > 1e-4) {
      size /= 2;
      next = loss(slope - size * stepSlope, intercept - size * stepIntercept);
    }
    if (!(next <= current)) break;
    slope -= size * stepSlope;
    intercept -= size * stepIntercept;
    const improvement = current - next;
    current = next;
    if (improvement < 1e-9 * inputs.length) break;
  }
  return Number.isFinite(slope) && Number.isFinite(intercept) ? { slope, intercept } : IDENTITY_CALIBRATOR;
}

/** Macro-F1 of the labels argmax(log p + shift) picks, over every label that is true or picked. */
function macroF1(
  probabilities: readonly Float64Array[],
  gold: readonly number[],
  shifts: Float64Array,
): number {
  const labels = shifts.length;
  const truePositive = new Float64Array(labels);
  const goldCount = new Float64Array(labels);
  const picked = new Float64Array(labels);
  for (let index = 0; index < probabilities.length; index++) {
    const choice = pick(probabilities[index] as Float64Array, shifts);
    const truth = gold[index] as number;
    goldCount[truth] = (goldCount[truth] as number) + 1;
    picked[choice] = (picked[choice] as number) + 1;
    if (choice === truth) truePositive[truth] = (truePositive[truth] as number) + 1;
  }
  let sum = 0;
  let present = 0;
  for (let label = 0; label < labels; label++) {
    const total = (goldCount[label] as number) + (picked[label] as number);
    if (total === 0) continue;
    present++;
    sum += (2 * (truePositive[label] as number)) / total;
  }
  return present === 0 ? 0 : sum / present;
}

/** The label with the highest shifted log-probability. */
export function pick(probabilities: Float64Array, shifts: Float64Array): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let label = 0; label < probabilities.length; label++) {
    const score =
      Math.log(Math.max(probabilities[label] as number, 1e-12)) + ((shifts[label] as number) || 0);
    if (score > bestScore) {
      bestScore = score;
      best = label;
    }
  }
  return best;
}

const SHIFTS = [-1.5, -1, -0.6, -0.3, -0.15, 0.15, 0.3, 0.6, 1, 1.5];

/** Past this many labels each has too few held-out examples for a shift of its own to be trusted. */
const MOST_SHIFTED_LABELS = 12;

/**
 * A log-probability shift per label that raises the macro-F1 of held-out predictions: coordinate
 * ascent over a small grid, a few rounds, keeping a change only when it helps by a clear margin,
 * so noise in a small history does not move the decisions.
 */
export function fitLabelShifts(
  probabilities: readonly Float64Array[],
  gold: readonly number[],
  labels: number,
): Float64Array {
  const shifts = new Float64Array(labels);
  if (probabilities.length < 30 || labels < 2 || labels > MOST_SHIFTED_LABELS) return shifts;
  let best = macroF1(probabilities, gold, shifts);
  for (let round = 0; round < 3; round++) {
    let improved = false;
    for (let label = 0; label < labels; label++) {
      const start = shifts[label] as number;
      let bestShift = start;
      for (const delta of SHIFTS) {
        shifts[label] = start + delta;
        const score = macroF1(probabilities, gold, shifts);
        if (score > best + 0.002) {
          best = score;
          bestShift = start + delta;
          improved = true;
        }
      }
      shifts[label] = bestShift;
    }
    if (!improved) break;
  }
  return shifts;
}

/**
 * The probability from which a label of a set (skills) is suggested that gives the best micro-F1 on
 * held-out predictions, each ticket's candidates sorted by probability and cut at `limit`.
 */
export function fitSetThreshold(
  tickets: readonly { probabilities: readonly number[]; gold: readonly boolean[] }[],
  limit: number,
  fallback: number,
): number {
  const goldTotal = tickets.reduce((sum, ticket) => sum + ticket.gold.filter(Boolean).length, 0);
  if (tickets.length < 30 || goldTotal === 0) return fallback;
  const ranked = tickets.map((ticket) =>
    ticket.probabilities
      .map((probability, label) => ({ probability, correct: ticket.gold[label] === true }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, limit),
  );
  let best = { threshold: fallback, f1: -1 };
  for (let threshold = 0.1; threshold <= 0.9001; threshold += 0.05) {
    let truePositive = 0;
    let suggested = 0;
    for (const candidates of ranked) {
      for (const candidate of candidates) {
        if (candidate.probability < threshold) break;
        suggested++;
        if (candidate.correct) truePositive++;
      }
    }
    const f1 = (2 * truePositive) / (goldTotal + suggested);
    if (f1 > best.f1 + 1e-9) best = { threshold: Math.round(threshold * 100) / 100, f1 };
  }
  return best.threshold;
}
