import type { Ticket, TicketEvent } from "@helpdesk/contracts";
import { useEffect, useState } from "react";
import { useRetriage, useTicketEvents } from "../api/tickets.ts";

/** How long "Triaging again…" shows before the screen says the job is still queued. */
export const RETRIAGE_PATIENCE_MS = 30_000;

/** What the screen showed when someone asked to triage again: the new triage is what differs from it. */
export type RetriageBaseline = {
  askedAt: number;
  triage: string;
  /** The history's `triaged` entries at the click; null when the history was not loaded yet. */
  triagedEventIds: string[] | null;
};

export function retriageBaseline(
  ticket: Ticket,
  events: TicketEvent[] | undefined,
  now = Date.now(),
): RetriageBaseline {
  return {
    askedAt: now,
    triage: JSON.stringify(ticket.triage),
    triagedEventIds: events?.filter((event) => event.kind === "triaged").map((event) => event._id) ?? null,
  };
}

/**
 * Whether the new triage has arrived: the ticket's triage details changed, or its history has a
 * `triaged` entry newer than the click. "Newer" means not there at the click, which does not depend
 * on the browser's clock agreeing with the server's; only a history not loaded at the click falls
 * back to comparing times.
 */
export function hasRetriageLanded(
  baseline: RetriageBaseline,
  ticket: Ticket,
  events: TicketEvent[] | undefined,
): boolean {
  if (JSON.stringify(ticket.triage) !== baseline.triage) return true;
  const known = baseline.triagedEventIds;
  return (events ?? []).some(
    (event) =>
      event.kind === "triaged" &&
      (known ? !known.includes(event._id) : Date.parse(event.createdAt) > baseline.askedAt),
  );
}

/**
 * idle: not asked; waiting: asked, the new triage has not arrived; landed: it arrived; queued: it has
 * not arrived within RETRIAGE_PATIENCE_MS (it still shows when it does); failed: the server refused.
 */
export type RetriagePhase = "idle" | "waiting" | "landed" | "queued" | "failed";

/** Re-triage a ticket and follow it from the click until the new triage shows on the screen. */
export function useTicketRetriage(ticket: Ticket) {
  const retriage = useRetriage(ticket._id);
  const events = useTicketEvents(ticket._id);
  const [baseline, setBaseline] = useState<RetriageBaseline | null>(null);
  const [gaveUp, setGaveUp] = useState(false);

  let phase: RetriagePhase = "idle";
  if (retriage.isError) phase = "failed";
  else if (baseline && hasRetriageLanded(baseline, ticket, events.data)) phase = "landed";
  else if (baseline) phase = gaveUp ? "queued" : "waiting";

  useEffect(() => {
    if (phase !== "waiting") return;
    const timer = setTimeout(() => setGaveUp(true), RETRIAGE_PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [phase]);

  function retriageAgain() {
    setBaseline(retriageBaseline(ticket, events.data));
    setGaveUp(false);
    retriage.mutate();
  }

  return { phase, error: retriage.error, retriageAgain };
}
