import type { TicketStatus } from "@helpdesk/contracts";

const OPEN: TicketStatus[] = ["TODO", "IN_PROGRESS", "WAITING"];

/** Which status may follow which: open statuses move freely, resolved and closed tickets reopen. */
const NEXT: Record<TicketStatus, TicketStatus[]> = {
  TODO: ["IN_PROGRESS", "WAITING", "RESOLVED", "CLOSED"],
  IN_PROGRESS: ["TODO", "WAITING", "RESOLVED", "CLOSED"],
  WAITING: ["TODO", "IN_PROGRESS", "RESOLVED", "CLOSED"],
  RESOLVED: ["CLOSED", "TODO", "IN_PROGRESS"],
  CLOSED: ["TODO", "IN_PROGRESS"],
};

export function isOpen(status: TicketStatus): boolean {
  return OPEN.includes(status);
}

export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

/** A ticket's creator may close it, or reopen it once resolved or closed; nothing else. */
export function canCreatorMove(from: TicketStatus, to: TicketStatus): boolean {
  if (from === to) return true;
  if (to === "CLOSED") return true;
  return to === "TODO" && (from === "RESOLVED" || from === "CLOSED");
}
