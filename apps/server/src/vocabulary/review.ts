import { REVIEWABLE_FIELDS, type ReviewableField } from "@helpdesk/contracts";

/**
 * The triaged fields to leave for a person: those whose confidence is below the threshold. A field
 * the engine gave no confidence for is applied (nothing says it is unsure); threshold 0 applies all.
 */
export function fieldsForReview(
  confidence: Partial<Record<ReviewableField, number>>,
  threshold: number,
): ReviewableField[] {
  return REVIEWABLE_FIELDS.filter((field) => {
    const value = confidence[field];
    return value !== undefined && value < threshold;
  });
}
