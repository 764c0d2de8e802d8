import { NEXT_STATUSES, type TicketStatus } from "@helpdesk/contracts";

export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || NEXT_STATUSES[from].includes(to);
}

/** A ticket's creator may close it, or reopen it once resolved or closed; nothing else. */
export function canCreatorMove(from: TicketStatus, to: TicketStatus): boolean {
  if (from === to) return true;
  if (to === "CLOSED") return true;
  return to === "TODO" && (from === "RESOLVED" || from === "CLOSED");
}
