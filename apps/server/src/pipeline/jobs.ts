import { commentAdded } from "./comment-added.ts";
import { mailSend } from "./mail-send.ts";
import { routeWaiting } from "./route-waiting.ts";
import { slaTick } from "./sla-tick.ts";
import { ticketAssigned } from "./ticket-assigned.ts";
import { ticketCreated } from "./ticket-created.ts";
import { ticketReprioritized } from "./ticket-reprioritized.ts";
import { ticketStatusChanged } from "./ticket-status-changed.ts";
import { userSignedUp } from "./user-signed-up.ts";

/** Every background job of the installation. */
export const pipelineJobs = [
  ticketCreated,
  ticketAssigned,
  ticketReprioritized,
  ticketStatusChanged,
  commentAdded,
  userSignedUp,
  mailSend,
  slaTick,
  routeWaiting,
];
