import type { TicketPresence } from "@helpdesk/contracts";
import type { PresenceMark } from "./publish.ts";

/** How long a page counts as open after its last word: pages say so every 15 s while open. */
export const PRESENCE_TTL_MS = 35_000;

type Seen = { email: string; typing: boolean; seenAt: number };

/**
 * Who has which ticket open, as every process hears it (each mark is announced to all of them).
 * Pure bookkeeping: the caller passes the time, so expiry is tested without waiting.
 */
export function createPresenceBoard(ttlMs = PRESENCE_TTL_MS) {
  const tickets = new Map<string, Map<string, Seen>>();

  function present(ticketId: string, now: number): TicketPresence {
    const people = tickets.get(ticketId);
    for (const [id, seen] of people ?? []) if (now - seen.seenAt > ttlMs) people?.delete(id);
    if (people?.size === 0) tickets.delete(ticketId);
    return {
      ticketId,
      people: [...(people ?? [])].map(([id, seen]) => ({ _id: id, email: seen.email, typing: seen.typing })),
    };
  }

  return {
    /** Records a mark; answers the ticket's presence after it. */
    mark({ ticketId, person, state }: PresenceMark, now: number): TicketPresence {
      const people = tickets.get(ticketId) ?? new Map<string, Seen>();
      tickets.set(ticketId, people);
      if (state === "left") people.delete(person.id);
      else people.set(person.id, { email: person.email, typing: state === "typing", seenAt: now });
      return present(ticketId, now);
    },
    present,
  };
}
