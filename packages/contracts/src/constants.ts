/**
 * The fixed vocabularies of the API as plain values, without zod: the web app imports these at run
 * time (`@helpdesk/contracts/constants`) and so does not ship the schema library to browsers.
 */
export const MAIL_STATUSES = ["pending", "sent", "failed", "kept"] as const;
export const MIN_PASSWORD_LENGTH = 8;
export const TICKET_STATUSES = ["TODO", "IN_PROGRESS", "WAITING", "RESOLVED", "CLOSED"] as const;
/** Statuses of work still to do: these count towards a person's load and the SLA clock runs on them. */
export const OPEN_STATUSES = [
  "TODO",
  "IN_PROGRESS",
  "WAITING",
] as const satisfies readonly (typeof TICKET_STATUSES)[number][];
export const isOpenStatus = (status: string): boolean =>
  (OPEN_STATUSES as readonly string[]).includes(status);
/**
 * Which status may follow which: open statuses move freely, resolved and closed tickets reopen. The
 * server enforces it (tickets/status.ts); the web app offers only these moves.
 */
export const NEXT_STATUSES: Readonly<
  Record<(typeof TICKET_STATUSES)[number], readonly (typeof TICKET_STATUSES)[number][]>
> = {
  TODO: ["IN_PROGRESS", "WAITING", "RESOLVED", "CLOSED"],
  IN_PROGRESS: ["TODO", "WAITING", "RESOLVED", "CLOSED"],
  WAITING: ["TODO", "IN_PROGRESS", "RESOLVED", "CLOSED"],
  RESOLVED: ["CLOSED", "TODO", "IN_PROGRESS"],
  CLOSED: ["TODO", "IN_PROGRESS"],
};
export const TICKET_SORTS = ["newest", "oldest", "updated", "priority", "due"] as const;
export const TICKET_EVENT_KINDS = [
  "created",
  "triaged",
  "assigned",
  "status_changed",
  "updated",
  "commented",
  "sla_breached",
  "due_date_set",
] as const;
export const PRIORITIES = ["low", "medium", "high", "critical"] as const;
export const TICKET_TYPES = ["incident", "request", "problem", "question", "change"] as const;
export const ROLES = ["user", "moderator", "admin"] as const;

/** How routing decided, or "manual" when a person assigned the ticket. */
export const ASSIGNMENT_RULES = [
  "skills",
  "similar-tickets",
  "least-loaded",
  "admin-fallback",
  "unassigned",
  "manual",
] as const;
export const ASSIGNMENT_RULE_LABELS: Readonly<Record<(typeof ASSIGNMENT_RULES)[number], string>> = {
  skills: "Skills match",
  "similar-tickets": "Like past tickets",
  "least-loaded": "Least loaded",
  "admin-fallback": "Admin fallback",
  unassigned: "Nobody available",
  manual: "Chosen by a person",
};

/** The categories the built-in triage engine knows from the start. */
export const BUILT_IN_CATEGORIES = [
  "Account & Access",
  "Billing",
  "Network",
  "Hardware",
  "Software Bug",
  "Outage & Maintenance",
  "Security",
  "Feature Request",
  "Orders & Returns",
  "Sales",
  "Human Resources",
  "General Inquiry",
] as const;

export const STAFF_ROLES = ["moderator", "admin"] as const satisfies readonly (typeof ROLES)[number][];

/** Attachment types the web app shows as pictures; anything else (SVG too: it may hold script) is a download. */
export const INLINE_IMAGE_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
] as const;
export const isInlineImage = (type: string): boolean =>
  (INLINE_IMAGE_TYPES as readonly string[]).includes(type);

/** A size for people: 980 bytes, 12.3 KB, 4.5 MB (powers of 1024, as the limits are set). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  const units = ["KB", "MB", "GB"] as const;
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  const shown = Number.isInteger(size) || size >= 100 ? String(Math.round(size)) : size.toFixed(1);
  return `${shown} ${units[unit]}`;
}
