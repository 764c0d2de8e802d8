import type { Priority, TicketStatus } from "@helpdesk/contracts";

export const STATUS_LABEL: Record<TicketStatus, string> = {
  TODO: "To do",
  IN_PROGRESS: "In progress",
  WAITING: "Waiting",
  RESOLVED: "Resolved",
  CLOSED: "Closed",
};

const STATUS_CLASS: Record<TicketStatus, string> = {
  TODO: "badge-info",
  IN_PROGRESS: "badge-primary",
  WAITING: "badge-warning",
  RESOLVED: "badge-success",
  CLOSED: "badge-neutral",
};

const PRIORITY_CLASS: Record<Priority, string> = {
  critical: "badge-error",
  high: "badge-warning",
  medium: "badge-info badge-soft",
  low: "badge-ghost",
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <span className={`badge badge-soft whitespace-nowrap ${STATUS_CLASS[status]}`}>
      {STATUS_LABEL[status]}
    </span>
  );
}

/** A ticket not triaged yet has no priority: said in words, not left blank. */
export function PriorityBadge({ priority }: { priority: Priority | null }) {
  if (!priority) return <span className="badge badge-ghost badge-outline whitespace-nowrap">Triaging…</span>;
  return <span className={`badge whitespace-nowrap capitalize ${PRIORITY_CLASS[priority]}`}>{priority}</span>;
}
