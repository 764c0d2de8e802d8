import type { PresenceState, TicketPresence } from "@helpdesk/contracts";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { api } from "./client.ts";

export const presenceKey = (ticketId: string) => ["presence", ticketId] as const;

/** How often an open page says it is still open (the server forgets a page silent for 35 s). */
const HEARTBEAT_MS = 15_000;
/** A reply counts as being written until its writer pauses this long. */
const TYPING_PAUSE_MS = 6_000;

const say = (ticketId: string, state: PresenceState) =>
  api(`/api/tickets/${ticketId}/presence`, { method: "POST", body: { state } }).catch(() => {});

/**
 * Staff on a ticket's page: says that this page is open (and when a reply is being written), and
 * tells who else of the staff is on it. The live stream brings each change; a slow re-read drops
 * people whose page went away without saying so.
 */
export function useTicketPresence(ticketId: string, myId: string, enabled: boolean) {
  const presence = useQuery({
    queryKey: presenceKey(ticketId),
    queryFn: ({ signal }) => api<TicketPresence>(`/api/tickets/${ticketId}/presence`, { signal }),
    enabled,
    refetchInterval: 20_000,
  });
  const typingUntil = useRef(0);
  const pause = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!enabled) return;
    void say(ticketId, "viewing");
    const beat = setInterval(
      () => void say(ticketId, Date.now() < typingUntil.current ? "typing" : "viewing"),
      HEARTBEAT_MS,
    );
    return () => {
      clearInterval(beat);
      clearTimeout(pause.current);
      void say(ticketId, "left");
    };
  }, [ticketId, enabled]);

  const typing = useCallback(() => {
    if (!enabled) return;
    const wasTyping = Date.now() < typingUntil.current;
    typingUntil.current = Date.now() + TYPING_PAUSE_MS;
    if (!wasTyping) void say(ticketId, "typing");
    clearTimeout(pause.current);
    pause.current = setTimeout(() => void say(ticketId, "viewing"), TYPING_PAUSE_MS);
  }, [ticketId, enabled]);

  const others = (presence.data?.people ?? []).filter((person) => person._id !== myId);
  return { others, typing };
}
