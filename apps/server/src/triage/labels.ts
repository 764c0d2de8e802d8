import { PRIORITIES, type Priority, TICKET_TYPES, type TicketType } from "@helpdesk/contracts";

/** How other trackers spell priorities (Jira, ITSM tools, P-levels). */
const PRIORITY_NAMES: Record<string, Priority> = {
  blocker: "critical",
  critical: "critical",
  highest: "critical",
  urgent: "critical",
  p1: "critical",
  high: "high",
  p2: "high",
  major: "medium",
  medium: "medium",
  normal: "medium",
  moderate: "medium",
  p3: "medium",
  minor: "low",
  low: "low",
  lowest: "low",
  trivial: "low",
  p4: "low",
  p5: "low",
};

/** How other trackers spell ticket types. */
const TYPE_NAMES: Record<string, TicketType> = {
  incident: "incident",
  bug: "incident",
  defect: "incident",
  outage: "incident",
  problem: "problem",
  request: "request",
  "service request": "request",
  task: "request",
  "new feature": "request",
  feature: "request",
  question: "question",
  inquiry: "question",
  change: "change",
  improvement: "change",
  enhancement: "change",
};

const clean = (label: string) =>
  label
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");

/** A priority in our vocabulary from another tracker's name for it, if it is one we know. */
export function toPriority(label: string | null | undefined): Priority | undefined {
  return label ? PRIORITY_NAMES[clean(label)] : undefined;
}

/** A ticket type in our vocabulary from another tracker's name for it, if it is one we know. */
export function toTicketType(label: string | null | undefined): TicketType | undefined {
  return label ? TYPE_NAMES[clean(label)] : undefined;
}

/** When a type is missing from a label set, the next best ones, in order. */
const TYPE_FALLBACKS: Record<TicketType, TicketType[]> = {
  incident: ["problem", "request", "question", "change"],
  problem: ["incident", "request", "question", "change"],
  request: ["question", "change", "incident", "problem"],
  change: ["request", "question", "problem", "incident"],
  question: ["request", "change", "incident", "problem"],
};

/**
 * One of `labels` for our priority or type: the same label (any case), else one that means the
 * same in that label set ("bug" for incident, "improvement" for change), else the nearest
 * (a missing critical becomes high). Undefined when the labels mean nothing we know.
 */
export function mapOntoLabels(
  field: "priority" | "type",
  label: string,
  labels: readonly string[],
): string | undefined {
  const exact = labels.find((candidate) => clean(candidate) === clean(label));
  if (exact) return exact;
  if (field === "priority") {
    const rank = PRIORITIES.indexOf(label as Priority);
    const known = labels
      .map((candidate) => ({ candidate, priority: toPriority(candidate) }))
      .filter((entry): entry is { candidate: string; priority: Priority } => entry.priority !== undefined);
    if (rank < 0 || known.length === 0) return undefined;
    // Nearest rank; between two equally near, the more urgent, so nothing urgent is played down.
    const distance = (priority: Priority) =>
      Math.abs(PRIORITIES.indexOf(priority) - rank) * 2 - PRIORITIES.indexOf(priority) / 10;
    return known.sort((a, b) => distance(a.priority) - distance(b.priority))[0]?.candidate;
  }
  if (!TICKET_TYPES.includes(label as TicketType)) return undefined;
  for (const wanted of [label as TicketType, ...TYPE_FALLBACKS[label as TicketType]]) {
    const match = labels.find((candidate) => toTicketType(candidate) === wanted);
    if (match) return match;
  }
  return undefined;
}
