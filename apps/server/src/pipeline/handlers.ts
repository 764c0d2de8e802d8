import type { AnyJobHandler } from "../jobs/job.ts";
import { handleCommentAdded } from "./comment-added.ts";
import type { PipelineDeps } from "./deps.ts";
import { handleMailReceived } from "./mail-received.ts";
import { handleMailSend } from "./mail-send.ts";
import { handleRouteWaiting } from "./route-waiting.ts";
import { handleSlaTick } from "./sla-tick.ts";
import { handleTicketAssigned } from "./ticket-assigned.ts";
import { handleTicketCreated } from "./ticket-created.ts";
import { handleTicketReprioritized } from "./ticket-reprioritized.ts";
import { handleTicketRetriage } from "./ticket-retriage.ts";
import { handleTicketStatusChanged } from "./ticket-status-changed.ts";
import { handleUserLeftStaff } from "./user-left-staff.ts";
import { handleUserSignedUp } from "./user-signed-up.ts";

/** The handler of every job (jobs/definitions.ts lists the jobs); only the worker loads these. */
export const pipelineHandlers: AnyJobHandler<PipelineDeps>[] = [
  handleTicketCreated,
  handleTicketRetriage,
  handleTicketAssigned,
  handleTicketReprioritized,
  handleTicketStatusChanged,
  handleCommentAdded,
  handleUserSignedUp,
  handleUserLeftStaff,
  handleMailSend,
  handleMailReceived,
  handleSlaTick,
  handleRouteWaiting,
];
