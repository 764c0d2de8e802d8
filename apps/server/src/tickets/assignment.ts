import type { Assignment } from "@helpdesk/contracts";

type Details = Pick<Assignment, "matchedSkills" | "score" | "runnerUp">;

/**
 * Why a ticket is with whom, as stored on it and shown to staff: one shape whoever decided —
 * routing ("routing"), a person (their id) or the system ("system").
 */
export function assignmentOf(
  rule: Assignment["rule"],
  reason: string,
  decidedBy: string,
  decidedAt: Date,
  details: Details = { matchedSkills: [], score: 0, runnerUp: null },
): Assignment {
  return {
    rule,
    reason,
    matchedSkills: details.matchedSkills,
    score: details.score,
    runnerUp: details.runnerUp,
    decidedBy,
    decidedAt: decidedAt.toISOString(),
  };
}
