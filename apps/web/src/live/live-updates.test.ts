import { describe, expect, it } from "vitest";
import { parseTicketEvent, reconnectDelayMs, staleQueriesFor } from "./live-updates.ts";

describe("live updates", () => {
  it("a change to a ticket refreshes that ticket, every list and the dashboard", () => {
    expect(staleQueriesFor({ ticketId: "t1", kind: "assigned" })).toEqual([
      ["ticket", "t1"],
      ["tickets"],
      ["stats"],
    ]);
  });

  it("ignores event data that is not a ticket change", () => {
    expect(parseTicketEvent('{"ticketId":"t1","kind":"updated"}')).toEqual({
      ticketId: "t1",
      kind: "updated",
    });
    expect(parseTicketEvent("not json")).toBeNull();
    expect(parseTicketEvent('{"kind":"updated"}')).toBeNull();
  });

  it("reconnects after a second at first and backs off to at most 30 seconds", () => {
    expect(reconnectDelayMs(0)).toBe(1_000);
    expect(reconnectDelayMs(3)).toBe(8_000);
    expect(reconnectDelayMs(50)).toBe(30_000);
  });
});
