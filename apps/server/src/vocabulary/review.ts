import { REVIEWABLE_FIELDS, type ReviewableField } from "@helpdesk/contracts";

/**
 * The triaged fields to leave for a person: those whose confidence is below their threshold. A
 * field the engine gave no confidence for is applied (nothing says it is unsure); 0 always applies.
 */
export function fieldsForReview(
  confidence: Partial<Record<ReviewableField, number>>,
  thresholds: Record<ReviewableField, number>,
): ReviewableField[] {
  return REVIEWABLE_FIELDS.filter((field) => {
    const value = confidence[field];
    return value !== undefined && value < thresholds[field];
  });
}
