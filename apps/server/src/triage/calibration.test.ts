import { describe, expect, it } from "vitest";
import {
  calibrated,
  fitCalibrator,
  fitLabelShifts,
  fitSetThreshold,
  IDENTITY_CALIBRATOR,
  pick,
} from "./calibration.ts";

/** Pairs whose raw probability is `raw` but which are right only `rate` of the time. */
function overconfident(raw: number, rate: number, count: number) {
  return Array.from({ length: count }, (_, index) => ({
    probability: raw,
    correct: index < Math.round(rate * count),
  }));
}

describe("confidence calibration", () => {
  it("maps an overconfident probability onto how often such answers were right", () => {
    const calibrator = fitCalibrator([...overconfident(0.9, 0.6, 200), ...overconfident(0.6, 0.3, 200)]);
    expect(calibrated(calibrator, 0.9)).toBeCloseTo(0.6, 1);
    expect(calibrated(calibrator, 0.6)).toBeCloseTo(0.3, 1);
  });

  it("keeps a higher probability more confident after calibration", () => {
    const calibrator = fitCalibrator([...overconfident(0.95, 0.8, 100), ...overconfident(0.5, 0.4, 100)]);
    expect(calibrated(calibrator, 0.95)).toBeGreaterThan(calibrated(calibrator, 0.7));
    expect(calibrated(calibrator, 0.7)).toBeGreaterThan(calibrated(calibrator, 0.5));
  });

  it("leaves probabilities as they are with too little held-out history, or when all were right", () => {
    expect(fitCalibrator(overconfident(0.9, 0.5, 10))).toEqual(IDENTITY_CALIBRATOR);
    expect(fitCalibrator(overconfident(0.9, 1, 100))).toEqual(IDENTITY_CALIBRATOR);
    expect(calibrated(IDENTITY_CALIBRATOR, 0.42)).toBeCloseTo(0.42, 6);
  });
});

describe("label shifts for macro-F1", () => {
  it("lets a rare label win where the model always under-rates it", () => {
    // Label 1 is the truth a fifth of the time but always gets 0.4 against label 0's 0.6.
    const probabilities = Array.from({ length: 100 }, (_, index) =>
      index % 5 === 0 ? Float64Array.of(0.55, 0.45) : Float64Array.of(0.7, 0.3),
    );
    const gold = probabilities.map((_, index) => (index % 5 === 0 ? 1 : 0));
    const shifts = fitLabelShifts(probabilities, gold, 2);
    const picks = probabilities.map((distribution) => pick(distribution, shifts));
    expect(picks.filter((label, index) => label === gold[index]).length).toBe(100);
  });

  it("moves nothing with few examples or many labels", () => {
    const few = [Float64Array.of(0.6, 0.4)];
    expect([...fitLabelShifts(few, [1], 2)]).toEqual([0, 0]);
    const many = Array.from({ length: 50 }, () => new Float64Array(20).fill(0.05));
    expect([...fitLabelShifts(many, new Array(50).fill(3), 20)].every((shift) => shift === 0)).toBe(true);
  });
});

describe("skill threshold", () => {
  it("chooses the threshold that keeps the right skills of held-out tickets", () => {
    const tickets = Array.from({ length: 60 }, () => ({
      probabilities: [0.45, 0.25, 0.05],
      gold: [true, false, false],
    }));
    const threshold = fitSetThreshold(tickets, 8, 0.3);
    expect(threshold).toBeGreaterThan(0.25);
    expect(threshold).toBeLessThanOrEqual(0.45);
  });

  it("keeps the fallback without enough tickets", () => {
    expect(fitSetThreshold([{ probabilities: [0.9], gold: [true] }], 8, 0.3)).toBe(0.3);
  });
});
