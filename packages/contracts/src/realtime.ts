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

/** What a member of staff is doing on a ticket's page: there, writing a reply, or gone. */
export const ZPresenceState = z.enum(["viewing", "typing", "left"]);
export type PresenceState = z.infer<typeof ZPresenceState>;

export const ZPresenceRequest = z.object({ state: ZPresenceState });
export type PresenceRequest = z.infer<typeof ZPresenceRequest>;

/** Who of the staff has a ticket open now, and who is writing a reply on it. */
export const ZTicketPresence = z.object({
  ticketId: z.string(),
  people: z.array(z.object({ _id: z.string(), email: z.string(), typing: z.boolean() })),
});
export type TicketPresence = z.infer<typeof ZTicketPresence>;
