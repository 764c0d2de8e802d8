import { describe, expect, it } from "vitest";
import { fieldsForReview } from "./review.ts";

describe("which triaged fields are left for a person", () => {
  const all = (threshold: number) => ({
    priority: threshold,
    category: threshold,
    type: threshold,
    relatedSkills: threshold,
  });

  it("leaves the fields below their threshold and applies those at or above it", () => {
    expect(
      fieldsForReview({ priority: 0.49, category: 0.5, type: 0.9, relatedSkills: 0.1 }, all(0.5)),
    ).toEqual(["priority", "relatedSkills"]);
  });

  it("judges each field by its own threshold", () => {
    const thresholds = { priority: 0, category: 0.6, type: 0.2, relatedSkills: 0 };
    expect(
      fieldsForReview({ priority: 0.1, category: 0.55, type: 0.3, relatedSkills: 0 }, thresholds),
    ).toEqual(["category"]);
  });

  it("applies every field at threshold 0", () => {
    expect(fieldsForReview({ priority: 0, category: 0, type: 0, relatedSkills: 0 }, all(0))).toEqual([]);
  });

  it("applies a field the engine gave no confidence for", () => {
    expect(fieldsForReview({ category: 0.2 }, all(0.5))).toEqual(["category"]);
  });
});
