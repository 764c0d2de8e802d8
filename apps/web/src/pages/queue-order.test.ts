import type { Ticket } from "@helpdesk/contracts";
import { describe, expect, it } from "vitest";
import { makeTicket } from "../test-kit/fixtures.ts";
import { orderQueue } from "./queue-order.ts";

const ticket = (number: number, priority: Ticket["priority"], dueAt: string | null) =>
  makeTicket({ _id: `t${number}`, number, priority, dueAt });

describe("the moderator's queue order", () => {
  it("puts the most urgent priority first, whatever the due times", () => {
    const order = orderQueue([
      ticket(1, "low", "2026-01-01T00:00:00Z"),
      ticket(2, "critical", "2026-03-01T00:00:00Z"),
      ticket(3, "high", "2026-02-01T00:00:00Z"),
    ]);
    expect(order.map((t) => t.number)).toEqual([2, 3, 1]);
  });

  it("within one priority, the ticket due first leads and tickets without a due time come last", () => {
    const order = orderQueue([
      ticket(1, "high", null),
      ticket(2, "high", "2026-02-02T00:00:00Z"),
      ticket(3, "high", "2026-02-01T00:00:00Z"),
    ]);
    expect(order.map((t) => t.number)).toEqual([3, 2, 1]);
  });

  it("puts untriaged tickets after triaged ones and does not change the list it was given", () => {
    const given = [ticket(1, null, null), ticket(2, "low", null)];
    expect(orderQueue(given).map((t) => t.number)).toEqual([2, 1]);
    expect(given.map((t) => t.number)).toEqual([1, 2]);
  });
});
