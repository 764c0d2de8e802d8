import type { Viewer } from "../auth/viewer.ts";
import { isStaff } from "../auth/viewer.ts";
import type { TicketChange } from "./publish.ts";

/** Staff hear of every ticket; a user hears of their own tickets, never of internal notes. */
export function canHear(viewer: Viewer, change: TicketChange): boolean {
  if (isStaff(viewer)) return true;
  return change.createdBy === viewer.id && change.internal !== true;
}
