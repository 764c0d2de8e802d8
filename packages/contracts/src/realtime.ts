import { z } from "zod";

export const ZStreamTokenReply = z.object({
  token: z.string().describe("Pass as ?token= to GET /api/stream within expiresInSeconds"),
  expiresInSeconds: z.number().int(),
});

/** The data of a `ticket` event on GET /api/stream: which ticket changed; fetch it to see how. */
export const ZTicketStreamEvent = z.object({
  ticketId: z.string(),
  kind: z.enum(["created", "updated", "assigned", "commented"]),
});
export type TicketStreamEvent = z.infer<typeof ZTicketStreamEvent>;
