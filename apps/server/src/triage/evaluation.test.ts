import { describe, expect, it } from "vitest";
import { calibrate, percentile, scoreLabels, scoreSets } from "./evaluation.ts";

describe("evaluation scores", () => {
  it("macro-F1 averages over true and predicted labels, ignoring case", () => {
    const score = scoreLabels([
      { gold: "High", predicted: "high" },
      { gold: "high", predicted: "low" },
      { gold: "low", predicted: "low" },
      { gold: "medium", predicted: "low" },
    ]);
    // high: 2·1/(2+1) = 0.667; low: 2·1/(1+3) = 0.5; medium: 0
    expect(score).toEqual({ accuracy: 0.5, macroF1: 0.3889, n: 4 });
  });

  it("micro-F1 counts each tag decision once", () => {
    const score = scoreSets([
      { gold: ["a", "b"], predicted: ["A"] },
      { gold: ["c"], predicted: ["c", "d"] },
    ]);
    // tp 2, gold 3, predicted 3
    expect(score).toEqual({ microF1: 0.6667, n: 2 });
  });

  it("a source without tags has no tag score", () => {
    expect(scoreSets([{ gold: [], predicted: ["x"] }])).toEqual({ microF1: null, n: 0 });
  });

  it("expected calibration error is the share-weighted gap between confidence and accuracy per bin", () => {
    const decisions = [
      // bin 0.9–1: confidence 0.95, right 1 of 2 → gap 0.45, share 0.5
      { correct: true, confidence: 0.95 },
      { correct: false, confidence: 0.95 },
      // bin 0.3–0.4: confidence 0.35, right 1 of 2 → gap 0.15, share 0.5
      { correct: true, confidence: 0.35 },
      { correct: false, confidence: 0.35 },
    ];
    const calibration = calibrate(decisions, 0.9);
    expect(calibration.ece).toBeCloseTo(0.3, 4);
    expect(calibration).toMatchObject({ threshold: 0.9, accuracy: 0.5, coverage: 0.5, covered: 2 });
  });

  it("confidences that match accuracy have no calibration error", () => {
    const decisions = Array.from({ length: 10 }, (_, index) => ({ correct: index < 8, confidence: 0.8 }));
    expect(calibrate(decisions, 0.5)).toMatchObject({ ece: 0, accuracy: 0.8, coverage: 1 });
    expect(calibrate([], 0.5)).toMatchObject({ ece: 0, accuracy: 0, coverage: 0, covered: 0 });
  });

  it("p99 is the nearest-rank percentile", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([5], 0.99)).toBe(5);
    // share · n is 7.000000000000001 in floating point; the 7th value is still the 7th percentile.
    expect(percentile(values, 0.07)).toBe(7);
  });

  it("a percentile is one of the values: share 0 the minimum, 1 the maximum, between the ⌈share·n⌉-th", () => {
    const values = [40, 10, 30, 20];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 1)).toBe(40);
    expect(percentile(values, 0.5)).toBe(20);
    expect(percentile(values, 0.51)).toBe(30);
    expect(percentile(values, 0.25)).toBe(10);
    expect(values).toEqual([40, 10, 30, 20]);
  });

  it("the percentile of no values is 0, whatever the share", () => {
    for (const share of [0, 0.5, 1]) expect(percentile([], share)).toBe(0);
  });

  it("refuses a share outside 0 to 1 (a percent given as 99, say)", () => {
    expect(() => percentile([1, 2], 99)).toThrow(RangeError);
    expect(() => percentile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});
