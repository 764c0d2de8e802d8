import { describe, expect, it } from "vitest";
import { fieldsForReview } from "./review.ts";

describe("which triaged fields are left for a person", () => {
  it("leaves the fields below the threshold and applies those at or above it", () => {
    expect(fieldsForReview({ priority: 0.49, category: 0.5, type: 0.9, relatedSkills: 0.1 }, 0.5)).toEqual([
      "priority",
      "relatedSkills",
    ]);
  });

  it("applies every field at threshold 0", () => {
    expect(fieldsForReview({ priority: 0, category: 0, type: 0, relatedSkills: 0 }, 0)).toEqual([]);
  });

  it("applies a field the engine gave no confidence for", () => {
    expect(fieldsForReview({ category: 0.2 }, 0.5)).toEqual(["category"]);
  });
});
