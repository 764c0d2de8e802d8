import type { AssignmentRule, Ticket } from "@helpdesk/contracts";
import { ASSIGNMENT_RULE_LABELS } from "@helpdesk/contracts/constants";
import { RelativeTime } from "../components/time.tsx";
import type { NameOf } from "./ticket-event-description.ts";
import { Email, Property, SkillBadges } from "./ticket-properties.tsx";

const RULE_CLASS: Record<AssignmentRule, string> = {
  skills: "badge-success",
  "similar-tickets": "badge-success",
  "least-loaded": "badge-info",
  "admin-fallback": "badge-warning",
  unassigned: "badge-error",
  manual: "badge-neutral",
};

/** Routing's score is the share of the ticket's skills someone covers. */
const coverage = (score: number) => `${Math.round(score * 100)}%`;

function decider(decidedBy: string, nameOf: NameOf): string {
  if (decidedBy === "routing") return "Routing";
  if (decidedBy === "system") return "System";
  return nameOf(decidedBy) ?? "A former team member";
}

/** Why the ticket went to whom it did: the stored routing decision, for staff to audit. */
export function TicketRouting({ ticket, nameOf }: { ticket: Ticket; nameOf: NameOf }) {
  const { assignment } = ticket;
  return (
    <section className="card card-sm border border-base-300 bg-base-100" aria-labelledby="routing-title">
      <div className="card-body gap-2">
        <h2 id="routing-title" className="card-title text-sm">
          Routing
          {assignment && (
            <span className={`badge badge-sm badge-soft ${RULE_CLASS[assignment.rule]}`}>
              {ASSIGNMENT_RULE_LABELS[assignment.rule]}
            </span>
          )}
        </h2>
        {assignment ? (
          <>
            <p className="text-sm">{assignment.reason}</p>
            <dl>
              {assignment.matchedSkills.length > 0 && (
                <Property label="Matched">
                  <SkillBadges skills={assignment.matchedSkills} />
                </Property>
              )}
              {(assignment.rule === "skills" || assignment.rule === "admin-fallback") && (
                <Property label="Skill cover">
                  <span className="tabular-nums">{coverage(assignment.score)}</span>
                </Property>
              )}
              {assignment.runnerUp && (
                <Property label="Runner-up">
                  <Email address={assignment.runnerUp.email} />{" "}
                  <span className="text-base-content/60 tabular-nums">
                    ({coverage(assignment.runnerUp.score)})
                  </span>
                </Property>
              )}
              <Property label="Decided">
                {decider(assignment.decidedBy, nameOf)}, <RelativeTime iso={assignment.decidedAt} />
              </Property>
            </dl>
          </>
        ) : (
          <p className="text-sm text-base-content/60">
            {ticket.assignedTo
              ? "No routing decision is recorded."
              : "Not routed yet; routing follows triage."}
          </p>
        )}
      </div>
    </section>
  );
}
