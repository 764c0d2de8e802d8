import type { TicketPresence, TicketStreamEvent } from "@helpdesk/contracts";
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import { presenceKey } from "../api/presence.ts";
import { ticketKeys } from "../api/tickets.ts";
import { userKeys } from "../api/users.ts";
import { createRefreshBatcher } from "./refresh-batcher.ts";

export type LiveStatus = "connecting" | "live" | "offline";

/**
 * What a change to one ticket makes stale: the ticket with its replies and history, every list
 * (it may enter or leave a filter) and the dashboard figures.
 */
export function staleQueriesFor(event: TicketStreamEvent): QueryKey[] {
  return [ticketKeys.ticket(event.ticketId), ticketKeys.lists, ["stats"]];
}

/** Reconnect quickly after a blip, then back off to at most 30 s while the server is away. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
}

/** An event's data as T when it parses and `looksRight` accepts it; null for anything else. */
function parseEventData<T>(data: string, looksRight: (value: Partial<T>) => boolean): T | null {
  try {
    const value = JSON.parse(data) as Partial<T> | null;
    return value !== null && typeof value === "object" && looksRight(value) ? (value as T) : null;
  } catch {
    return null;
  }
}

export const parseTicketEvent = (data: string) =>
  parseEventData<TicketStreamEvent>(
    data,
    (event) => typeof event.ticketId === "string" && typeof event.kind === "string",
  );

export const parsePresence = (data: string) =>
  parseEventData<TicketPresence>(
    data,
    (presence) => typeof presence.ticketId === "string" && Array.isArray(presence.people),
  );

/**
 * Keeps every screen current: one Server-Sent Events stream per signed-in tab. The stream takes a
 * short-lived stream token (sessions are never put in URLs); when it drops, a new token is fetched
 * and, because events may have been missed meanwhile, everything shown is refetched on `ready`.
 * Refreshes are coalesced, so a burst of events refetches each open list once, not once per event.
 */
export function useLiveUpdates(enabled: boolean): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    const batcher = createRefreshBatcher(queryClient);

    const reconnectLater = () => {
      setStatus("offline");
      retry = setTimeout(connect, reconnectDelayMs(attempt++));
    };

    async function connect() {
      if (stopped) return;
      setStatus("connecting");
      try {
        const { token } = await api<{ token: string }>("/api/stream/token", { method: "POST" });
        if (stopped) return;
        source = new EventSource(`/api/stream?token=${encodeURIComponent(token)}`);
      } catch {
        reconnectLater();
        return;
      }
      source.addEventListener("ready", () => {
        attempt = 0;
        setStatus("live");
        // Missed events may include this account's own role: its navigation comes from `me`.
        batcher.refresh([ticketKeys.lists, ["ticket"], ["stats"], userKeys.me]);
      });
      source.addEventListener("ticket", (message) => {
        const event = parseTicketEvent((message as MessageEvent<string>).data);
        if (!event) return;
        batcher.refresh(staleQueriesFor(event));
      });
      // Who else of the staff is on a ticket: kept where the ticket page reads it.
      source.addEventListener("presence", (message) => {
        const presence = parsePresence((message as MessageEvent<string>).data);
        if (presence) queryClient.setQueryData(presenceKey(presence.ticketId), presence);
      });
      source.onerror = () => {
        source?.close();
        source = null;
        if (!stopped) reconnectLater();
      };
    }

    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      batcher.stop();
      source?.close();
    };
  }, [enabled, queryClient]);

  return enabled ? status : "offline";
}
