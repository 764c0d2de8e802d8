import type { AssignmentRule, Role } from "@helpdesk/contracts";
import { isOpenStatus } from "@helpdesk/contracts/constants";
import { type ConceptRelation, conceptName, relateConcepts } from "../triage/ontology/ontology.ts";
import { type SkillAliases, type SkillNeed, skillKey } from "./skill-needs.ts";

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

/**
 * A ticket like this one that a person already placed: resolved by its assignee, or reassigned by a
 * person to someone. Similarity is the full-text rank; only its order among precedents matters.
 */
export type Precedent = {
  number: number;
  assigneeId: string;
  how: "resolved" | "reassigned";
  similarity: number;
};

/** How much of a need a held skill covers: the same concept fully, a broader one well, a narrower one partly. */
const BROADER_COVER = 0.9;
const NARROWER_COVER = 0.8;
/**
 * A narrower skill's cover is shared among the narrower skills on offer: "Database" says little about
 * which of five database specialists fits, but a ticket that says nothing more still reaches one.
 */
const NARROWER_SHARING = 0.3;
/** A broader skill counts half while someone available holds the very skill. */
const SPECIALIST_PRESENT = 0.5;
/** Below this covered weight, a match rests on hints alone and precedents speak first. */
const MIN_COVERED_WEIGHT = 0.3;
/** A person's reassignment says more about where such tickets go than a resolution does. */
const REASSIGNED_WEIGHT = 1.5;

type Cover = { need: SkillNeed; factor: number; held: string; relation: ConceptRelation };
type Scored = { member: StaffMember; covers: Cover[]; covered: number; score: number };

/**
 * Picks who works a ticket. Moderators who are available and under capacity compete on how much of
 * what the ticket needs they cover: its skills by the ontology (the same skill, a broader one — a
 * Python moderator for a Django ticket — or a narrower one — the PostgreSQL moderator for a Database
 * ticket), weighted by how strongly the ticket points at each. Ties go to the fewest open tickets,
 * then to whoever waited longest since their last assignment. When no skill finds anyone, the
 * moderator who handled the most similar past tickets takes it if they have room; then the
 * least-loaded moderator for a ticket without skills, else the least-loaded admin; when no one can
 * take it, it stays unassigned. Skills may be plain names (weight 1 each) or weighed needs.
 */
export function chooseAssignee(
  ticketSkills: readonly (string | SkillNeed)[],
  staff: StaffMember[],
  precedents: readonly Precedent[] = [],
  aliases?: SkillAliases,
): RoutingDecision {
  const wanted = uniqueNeeds(ticketSkills, aliases);
  const candidates = staff.filter((member) => member.role === "moderator" && canTakeMore(member));
  const moderators = scoreAll(candidates, wanted, aliases).sort(byPreference);
  const [best, second] = moderators;
  const runnerUp = (next: Scored | undefined) =>
    next ? { _id: next.member.id, email: next.member.email, score: round(next.score) } : null;

  if (best && best.covered >= MIN_COVERED_WEIGHT) {
    return {
      assigneeId: best.member.id,
      rule: "skills",
      reason: `${describeCover(best, wanted)}; ${describeLoad(best.member)}`,
      matchedSkills: unique(best.covers.map(matchedName)),
      score: round(best.score),
      runnerUp: runnerUp(second),
    };
  }

  const similar = chooseByPrecedent(candidates, precedents);
  if (similar) return similar;

  if (best && (best.covered > 0 || wanted.length === 0)) {
    const rule = wanted.length === 0 ? "least-loaded" : "skills";
    return {
      assigneeId: best.member.id,
      rule,
      reason:
        rule === "skills"
          ? `${describeCover(best, wanted)}; ${describeLoad(best.member)}`
          : `The ticket names no skills; least-loaded moderator (${describeLoad(best.member)})`,
      matchedSkills: unique(best.covers.map(matchedName)),
      score: round(best.score),
      runnerUp: runnerUp(second),
    };
  }

  const admins = scoreAll(
    staff.filter((member) => member.role === "admin" && canTakeMore(member)),
    wanted,
    aliases,
  ).sort(byPreference);
  const [admin, nextAdmin] = admins;
  const why = best
    ? `No available moderator covers ${wanted.map((need) => need.skill).join(", ")}`
    : "No moderator is available with room for another ticket";
  if (admin) {
    return {
      assigneeId: admin.member.id,
      rule: "admin-fallback",
      reason: `${why}; least-loaded admin (${describeLoad(admin.member)})`,
      matchedSkills: unique(admin.covers.map(matchedName)),
      score: round(admin.score),
      runnerUp: runnerUp(nextAdmin),
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

/** The ticket's needs once each by key; plain skill names weigh 1 and keep the ticket's spelling. */
function uniqueNeeds(skills: readonly (string | SkillNeed)[], aliases?: SkillAliases): SkillNeed[] {
  const byKey = new Map<string, SkillNeed>();
  for (const skill of skills) {
    const need =
      typeof skill === "string" ? { key: skillKey(skill, aliases), skill, weight: 1, terms: [] } : skill;
    if (need.key && !byKey.has(need.key)) byKey.set(need.key, need);
  }
  return [...byKey.values()];
}

function relationOf(needKey: string, heldKey: string): ConceptRelation | undefined {
  return needKey === heldKey ? { kind: "same", distance: 0 } : relateConcepts(needKey, heldKey);
}

function coverFactor(relation: ConceptRelation, offer: NeedOffer): number {
  if (relation.kind === "same") return 1;
  if (relation.kind === "broader") {
    return BROADER_COVER ** relation.distance * (offer.specialist ? SPECIALIST_PRESENT : 1);
  }
  return NARROWER_COVER / relation.distance / Math.max(1, offer.narrower) ** NARROWER_SHARING;
}

/** What the candidates offer for one need: someone with the very skill, and how many narrower skills. */
type NeedOffer = { specialist: boolean; narrower: number };

function offersFor(wanted: SkillNeed[], held: { key: string }[][]): Map<string, NeedOffer> {
  const keys = new Set(held.flat().map(({ key }) => key));
  return new Map(
    wanted.map((need) => [
      need.key,
      {
        specialist: keys.has(need.key),
        narrower: [...keys].filter((key) => relationOf(need.key, key)?.kind === "narrower").length,
      },
    ]),
  );
}

/** Each candidate's cover of the needs; a broader skill counts less where a specialist is available. */
function scoreAll(members: StaffMember[], wanted: SkillNeed[], aliases?: SkillAliases): Scored[] {
  const held = members.map((member) =>
    member.skills.map((skill) => ({ skill, key: skillKey(skill, aliases) })),
  );
  const offers = offersFor(wanted, held);
  const total = wanted.reduce((sum, need) => sum + need.weight, 0);
  return members.map((member, index) => {
    const covers: Cover[] = [];
    for (const need of wanted) {
      let best: Cover | undefined;
      for (const { skill, key } of held[index] ?? []) {
        const relation = relationOf(need.key, key);
        if (!relation) continue;
        const factor = coverFactor(relation, offers.get(need.key) ?? { specialist: false, narrower: 0 });
        if (!best || factor > best.factor) best = { need, factor, held: skill, relation };
      }
      if (best) covers.push(best);
    }
    const covered = coveredWeight(covers);
    return { member, covers, covered, score: total === 0 ? 0 : covered / total };
  });
}

/**
 * How much of the ticket a member's covers take in. Needs covered through one held skill add up with
 * diminishing returns, as evidence for one concept does: "vpn" and "ping" are both Networking, and
 * splitting Networking into VPN, DNS and Wi-Fi must not make it count more.
 */
function coveredWeight(covers: Cover[]): number {
  const byHeld = new Map<string, number[]>();
  for (const cover of covers) {
    byHeld.set(cover.held, [...(byHeld.get(cover.held) ?? []), cover.need.weight * cover.factor]);
  }
  let total = 0;
  for (const parts of byHeld.values()) {
    parts.sort((a, b) => b - a);
    parts.forEach((part, index) => {
      total += part / (index + 1);
    });
  }
  return total;
}

function byPreference(a: Scored, b: Scored): number {
  return (
    b.covered - a.covered ||
    a.member.openTickets - b.member.openTickets ||
    waitedSince(a.member) - waitedSince(b.member) ||
    a.member.id.localeCompare(b.member.id)
  );
}

/**
 * The moderator with room whose past tickets are most like this one: each precedent adds its
 * similarity to its assignee, a reassignment by a person counting more than a resolution.
 */
function chooseByPrecedent(
  candidates: StaffMember[],
  precedents: readonly Precedent[],
): RoutingDecision | null {
  const byMember = new Map<string, { member: StaffMember; weight: number; precedents: Precedent[] }>();
  for (const precedent of precedents) {
    const member = candidates.find((candidate) => candidate.id === precedent.assigneeId);
    if (!member) continue;
    const entry = byMember.get(member.id) ?? { member, weight: 0, precedents: [] };
    entry.weight += precedent.similarity * (precedent.how === "reassigned" ? REASSIGNED_WEIGHT : 1);
    entry.precedents.push(precedent);
    byMember.set(member.id, entry);
  }
  const [best, next] = [...byMember.values()].sort(
    (a, b) => b.weight - a.weight || a.member.openTickets - b.member.openTickets,
  );
  if (!best) return null;
  return {
    assigneeId: best.member.id,
    rule: "similar-tickets",
    reason: `${describePrecedents(best.member, best.precedents)}; ${describeLoad(best.member)}`,
    matchedSkills: [],
    score: 0,
    runnerUp: next ? { _id: next.member.id, email: next.member.email, score: 0 } : null,
  };
}

function describePrecedents(member: StaffMember, precedents: Precedent[]): string {
  const list = (items: Precedent[]) => items.map((precedent) => `#${precedent.number}`).join(", ");
  const reassigned = precedents.filter((precedent) => precedent.how === "reassigned").slice(0, 3);
  const resolved = precedents.filter((precedent) => precedent.how === "resolved").slice(0, 3);
  const parts = [
    reassigned.length > 0 && `${list(reassigned)}, which a person reassigned to ${member.email}`,
    resolved.length > 0 && `${list(resolved)}, which ${member.email} resolved`,
  ].filter(Boolean);
  return `No skill decided; most like ${parts.join(", and ")}`;
}

/** "Covers Python (django → Python; traceback → Python)": what matched and which words of the ticket said so. */
function describeCover(scored: Scored, wanted: SkillNeed[]): string {
  const explained = scored.covers
    .slice()
    .sort((a, b) => b.need.weight * b.factor - a.need.weight * a.factor)
    .slice(0, 4)
    .map(explainCover);
  if (wanted.every((need) => need.terms.length === 0)) {
    return `Covers ${scored.covers.length} of ${wanted.length} skills (${unique(scored.covers.map(matchedName)).join(", ")})`;
  }
  return `Covers ${unique(scored.covers.map((cover) => cover.held)).join(", ")} (${explained.join("; ")})`;
}

function explainCover(cover: Cover): string {
  const { need, held, relation } = cover;
  const term = need.terms[0];
  const named = term !== undefined && skillKey(term) === need.key;
  const from = term === undefined ? "triage" : term;
  if (relation.kind === "same")
    return named || term === undefined ? `${from} → ${held}` : `${term} → ${held}`;
  if (relation.kind === "broader") {
    return named ? `${term} → ${held}` : `${from} → ${conceptName(need.key)} → ${held}`;
  }
  return `${from} → ${conceptName(need.key)}, which ${held} is part of`;
}

/** The name a match is listed under: the ticket's spelling for the very skill, else the skill held. */
function matchedName(cover: Cover): string {
  return cover.relation.kind === "same" ? cover.need.skill : cover.held;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

const round = (value: number) => Math.round(value * 1000) / 1000;

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
