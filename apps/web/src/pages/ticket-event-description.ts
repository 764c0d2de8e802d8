import type { TicketEvent } from "@helpdesk/contracts";
import { STATUS_LABEL } from "../components/badges.tsx";
import { formatDateTime } from "../components/time.tsx";

/** Turns a user id into something a person recognises; undefined when the id is not known here. */
export type NameOf = (userId: string) => string | undefined;

const FIELD_LABEL: Record<string, string> = {
  priority: "priority",
  category: "category",
  type: "type",
  relatedSkills: "skills",
};

const RULE_LABEL: Record<string, string> = {
  skills: "by skills",
  "least-loaded": "to the least-loaded moderator",
  "admin-fallback": "to an admin, as no moderator fits",
  manual: "by hand",
};

const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;

function statusLabel(value: unknown): string {
  return isText(value) && value in STATUS_LABEL ? STATUS_LABEL[value as keyof typeof STATUS_LABEL] : "?";
}

/** A changed value as a short phrase: lists joined, nothing said as "none". */
function showValue(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.filter(isText).join(", ") : "none";
  if (isText(value)) return value;
  return "none";
}

function clip(text: string, length = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function person(id: unknown, nameOf: NameOf): string {
  if (!isText(id)) return "nobody";
  return nameOf(id) ?? "a former team member";
}

function describeAssignment(data: Record<string, unknown>, nameOf: NameOf): string {
  const to = data.to;
  const reason = isText(data.reason) ? data.reason : undefined;
  if (!isText(to)) {
    if (data.rule === "manual") return "Unassigned the ticket";
    return reason ? `Left unassigned: ${reason}` : "Left unassigned";
  }
  const how = isText(data.rule) ? RULE_LABEL[data.rule] : undefined;
  return `Assigned to ${person(to, nameOf)}${how ? ` ${how}` : ""}`;
}

function describeUpdate(data: Record<string, unknown>): string {
  const changes = data.changes;
  if (typeof changes !== "object" || changes === null) return "Updated the ticket";
  const parts = Object.entries(changes as Record<string, unknown>).map(([field, change]) => {
    const label = FIELD_LABEL[field] ?? field;
    const { from, to } = (change ?? {}) as { from?: unknown; to?: unknown };
    if (field === "relatedSkills") return `skills to ${showValue(to)}`;
    return from === null || from === undefined
      ? `${label} to ${showValue(to)}`
      : `${label} from ${showValue(from)} to ${showValue(to)}`;
  });
  return parts.length ? `Changed ${parts.join("; ")}` : "Updated the ticket";
}

function describeTriage(data: Record<string, unknown>): string {
  const engine = [data.engine, data.model].filter(isText).join(" / ") || "the triage engine";
  const labels = [
    isText(data.priority) ? `${data.priority} priority` : undefined,
    data.category,
    data.type,
  ].filter(isText);
  const fallback = isText(data.fallbackReason) ? ` (fell back: ${clip(data.fallbackReason, 60)})` : "";
  return `Triaged by ${engine}${labels.length ? `: ${labels.join(", ")}` : ""}${fallback}`;
}

/** One readable line for a history entry, from what the server recorded in `event.data`. */
export function describeTicketEvent(event: Pick<TicketEvent, "kind" | "data">, nameOf: NameOf): string {
  const { data } = event;
  switch (event.kind) {
    case "created":
      return typeof data.number === "number" ? `Opened ticket #${data.number}` : "Opened the ticket";
    case "triaged":
      return describeTriage(data);
    case "assigned":
      return describeAssignment(data, nameOf);
    case "status_changed": {
      const line = `Changed status from ${statusLabel(data.from)} to ${statusLabel(data.to)}`;
      return isText(data.resolution) ? `${line}: “${clip(data.resolution)}”` : line;
    }
    case "updated":
      return describeUpdate(data);
    case "commented":
      return data.internal === true ? "Added an internal note" : "Replied";
    case "sla_breached":
      return isText(data.dueAt)
        ? `Passed its due time (${formatDateTime(data.dueAt)})`
        : "Passed its due time";
    default:
      return "Changed the ticket";
  }
}
