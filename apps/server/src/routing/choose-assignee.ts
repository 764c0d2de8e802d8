import type { AssignmentRule, Role } from "@helpdesk/contracts";
import { isOpenStatus } from "@helpdesk/contracts/constants";
import { canonicalSkill } from "../triage/skills.ts";

/** A member of staff as routing sees them at the moment of the decision. */
export type StaffMember = {
  id: string;
  email: string;
  role: Role;
  skills: string[];
  available: boolean;
  capacity: number;
  openTickets: number;
  lastAssignedAt: Date | null;
};

export type RoutingRule = Exclude<AssignmentRule, "manual">;

export type RoutingDecision = {
  assigneeId: string | null;
  rule: RoutingRule;
  reason: string;
  matchedSkills: string[];
  score: number;
  runnerUp: { _id: string; email: string; score: number } | null;
};

type Scored = { member: StaffMember; matched: string[]; score: number };

/**
 * Picks who works a ticket. Moderators who are available and under capacity compete on how much of
 * the ticket's skills they cover (whole skills after normalisation and synonyms); ties go to the
 * fewest open tickets, then to whoever waited longest since their last assignment. A ticket nobody
 * covers goes to the least-loaded admin; when no one can take it, it stays unassigned.
 */
export function chooseAssignee(ticketSkills: string[], staff: StaffMember[]): RoutingDecision {
  const wanted = uniqueSkills(ticketSkills);
  const moderators = staff
    .filter((member) => member.role === "moderator" && canTakeMore(member))
    .map((member) => score(member, wanted))
    .sort(byPreference);
  const [best, second] = moderators;

  if (best && (best.score > 0 || wanted.length === 0)) {
    const rule = wanted.length === 0 ? "least-loaded" : "skills";
    return {
      assigneeId: best.member.id,
      rule,
      reason:
        rule === "skills"
          ? `Covers ${best.matched.length} of ${wanted.length} skills (${best.matched.join(", ")}); ${describeLoad(best.member)}`
          : `The ticket names no skills; least-loaded moderator (${describeLoad(best.member)})`,
      matchedSkills: best.matched,
      score: best.score,
      runnerUp: second ? { _id: second.member.id, email: second.member.email, score: second.score } : null,
    };
  }

  const admins = staff
    .filter((member) => member.role === "admin" && canTakeMore(member))
    .map((member) => score(member, wanted))
    .sort(byPreference);
  const [admin, nextAdmin] = admins;
  const why = best
    ? `No available moderator covers ${wanted.join(", ")}`
    : "No moderator is available with room for another ticket";
  if (admin) {
    return {
      assigneeId: admin.member.id,
      rule: "admin-fallback",
      reason: `${why}; least-loaded admin (${describeLoad(admin.member)})`,
      matchedSkills: admin.matched,
      score: admin.score,
      runnerUp: nextAdmin
        ? { _id: nextAdmin.member.id, email: nextAdmin.member.email, score: nextAdmin.score }
        : null,
    };
  }
  return {
    assigneeId: null,
    rule: "unassigned",
    reason: `${why}, and no admin has room either; admins were alerted`,
    matchedSkills: [],
    score: 0,
    runnerUp: null,
  };
}

/** Whether anyone could take a ticket now: if not, routing could only leave it waiting. */
export function hasStaffWithRoom(staff: StaffMember[]): boolean {
  return staff.some(canTakeMore);
}

function canTakeMore(member: StaffMember): boolean {
  return member.available && member.openTickets < member.capacity;
}

/** The ticket's skills once each, keyed by canonical form, keeping the ticket's spelling. */
function uniqueSkills(skills: string[]): string[] {
  const byKey = new Map<string, string>();
  for (const skill of skills) {
    const key = canonicalSkill(skill);
    if (key && !byKey.has(key)) byKey.set(key, skill);
  }
  return [...byKey.values()];
}

function score(member: StaffMember, wanted: string[]): Scored {
  const has = new Set(member.skills.map(canonicalSkill));
  const matched = wanted.filter((skill) => has.has(canonicalSkill(skill)));
  return { member, matched, score: wanted.length === 0 ? 0 : matched.length / wanted.length };
}

function byPreference(a: Scored, b: Scored): number {
  return (
    b.score - a.score ||
    a.member.openTickets - b.member.openTickets ||
    waitedSince(a.member) - waitedSince(b.member) ||
    a.member.id.localeCompare(b.member.id)
  );
}

/** Never assigned counts as having waited the longest. */
function waitedSince(member: StaffMember): number {
  return member.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
}

function describeLoad(member: StaffMember): string {
  const tickets = member.openTickets === 1 ? "ticket" : "tickets";
  return `${member.openTickets} open ${tickets} of ${member.capacity}`;
}

/** Whether a ticket is routing's to decide: open, with nobody, and not held back by a person. */
export function needsRouting(ticket: {
  status: string;
  assignedTo: string | null;
  assignment: { rule: string } | null;
}): boolean {
  if (ticket.assignedTo || !isOpenStatus(ticket.status)) return false;
  return !ticket.assignment || ticket.assignment.rule === "unassigned";
}
