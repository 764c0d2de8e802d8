import { describe, expect, it } from "vitest";
import { makeEvent, makeTicket } from "../test-kit/fixtures.ts";
import { hasRetriageLanded, retriageBaseline } from "./ticket-retriage.ts";

const triage = { engine: "builtin", model: "builtin", version: "3", durationMs: 12, confidence: {} };
const ticket = makeTicket({ triage });
const triagedData = {
  engine: "builtin",
  model: "builtin",
  priority: "high",
  category: null,
  type: null,
} as const;
const earlier = makeEvent("triaged", triagedData, { createdAt: "2030-01-01T10:00:00.000Z" });

describe("whether a re-triage has landed", () => {
  it("not while the ticket and its triage entries are as they were at the click", () => {
    const baseline = retriageBaseline(ticket, [earlier]);
    expect(
      hasRetriageLanded(baseline, ticket, [
        earlier,
        makeEvent("commented", { commentId: "c1", internal: false }),
      ]),
    ).toBe(false);
  });

  it("once the history has a triage entry it did not have at the click, whatever the clocks say", () => {
    const clickedAt = Date.parse("2030-01-01T12:00:00.000Z");
    const baseline = retriageBaseline(ticket, [earlier], clickedAt);
    // The server's clock runs behind the browser's: the new entry looks older than the click.
    const behind = makeEvent("triaged", triagedData, { createdAt: "2030-01-01T11:59:58.000Z" });
    expect(hasRetriageLanded(baseline, ticket, [earlier, behind])).toBe(true);
  });

  it("once the ticket's triage details change", () => {
    const baseline = retriageBaseline(ticket, [earlier]);
    const retriaged = makeTicket({ triage: { ...triage, durationMs: 15 } });
    expect(hasRetriageLanded(baseline, retriaged, [earlier])).toBe(true);
  });

  it("by time of the click when the history was not loaded then", () => {
    const baseline = retriageBaseline(ticket, undefined, Date.parse("2030-01-01T12:00:00.000Z"));
    expect(hasRetriageLanded(baseline, ticket, [earlier])).toBe(false);
    const later = makeEvent("triaged", triagedData, { createdAt: "2030-01-01T12:00:05.000Z" });
    expect(hasRetriageLanded(baseline, ticket, [earlier, later])).toBe(true);
  });
});
