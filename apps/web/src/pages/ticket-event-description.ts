import type { TicketEventContent, TicketEventData } from "@helpdesk/contracts";
import { ASSIGNMENT_RULE_LABELS } from "@helpdesk/contracts/constants";
import { STATUS_LABEL } from "../components/badges.tsx";
import { formatDateTime } from "../components/time.tsx";

/** Turns a user id into something a person recognises; undefined when the id is not known here. */
export type NameOf = (userId: string) => string | undefined;

function clip(text: string, length = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function person(id: string, nameOf: NameOf): string {
  return nameOf(id) ?? "a former team member";
}

function describeTriage(data: TicketEventData<"triaged">): string {
  const engine = data.model && data.model !== data.engine ? `${data.engine} / ${data.model}` : data.engine;
  const labels = [data.priority && `${data.priority} priority`, data.category, data.type].filter(Boolean);
  const fallback = data.fallbackReason ? ` (fell back: ${clip(data.fallbackReason, 60)})` : "";
  const words = { priority: "priority", category: "category", type: "type", relatedSkills: "skills" };
  const left = data.needsReview?.length
    ? `; left for review: ${data.needsReview.map((field) => words[field]).join(", ")}`
    : "";
  return `Triaged by ${engine}${labels.length ? `: ${labels.join(", ")}` : ""}${left}${fallback}`;
}

function describeAssignment(data: TicketEventData<"assigned">, nameOf: NameOf): string {
  if (data.to === null) {
    if (data.rule === "manual") return "Unassigned the ticket";
    return data.reason ? `Left unassigned: ${data.reason}` : "Left unassigned";
  }
  return `Assigned to ${person(data.to, nameOf)} (${ASSIGNMENT_RULE_LABELS[data.rule]})`;
}

function describeStatusChange(data: TicketEventData<"status_changed">): string {
  const line = `Changed status from ${STATUS_LABEL[data.from]} to ${STATUS_LABEL[data.to]}`;
  return data.resolution ? `${line}: “${clip(data.resolution)}”` : line;
}

/** "priority from medium to high", or "category to Billing" when it had none before. */
function describeChange(label: string, change: { from: string | null; to: string }): string {
  return change.from === null ? `${label} to ${change.to}` : `${label} from ${change.from} to ${change.to}`;
}

function describeUpdate({ changes }: TicketEventData<"updated">): string {
  const skills = changes.relatedSkills?.to;
  const parts = [
    changes.priority && describeChange("priority", changes.priority),
    changes.category && describeChange("category", changes.category),
    changes.type && describeChange("type", changes.type),
    skills && `skills to ${skills.length ? skills.join(", ") : "none"}`,
  ].filter(Boolean);
  return parts.length ? `Changed ${parts.join("; ")}` : "Updated the ticket";
}

function describeDueDate({ from, to }: TicketEventData<"due_date_set">): string {
  if (to === null) return "Due date cleared";
  if (from === null) return `Due date set to ${formatDateTime(to)}`;
  return `Due date moved from ${formatDateTime(from)} to ${formatDateTime(to)}`;
}

/** One readable line for a history entry, from what the server recorded in `event.data`. */
export function describeTicketEvent(event: TicketEventContent, nameOf: NameOf): string {
  switch (event.kind) {
    case "created":
      return `Opened ticket #${event.data.number}`;
    case "triaged":
      return describeTriage(event.data);
    case "assigned":
      return describeAssignment(event.data, nameOf);
    case "status_changed":
      return describeStatusChange(event.data);
    case "updated":
      return describeUpdate(event.data);
    case "commented":
      return event.data.internal ? "Added an internal note" : "Replied";
    case "sla_breached":
      return event.data.dueAt
        ? `Passed its due time (${formatDateTime(event.data.dueAt)})`
        : "Passed its due time";
    case "due_date_set":
      return describeDueDate(event.data);
    default:
      // A kind added to the contracts and not described here fails to compile.
      return event satisfies never;
  }
}
