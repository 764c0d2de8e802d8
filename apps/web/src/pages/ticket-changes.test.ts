import { describe, expect, it } from "vitest";
import { makeTicket } from "../test-kit/fixtures.ts";
import { ticketChanges } from "./ticket-changes.ts";

const ticket = makeTicket({
  status: "IN_PROGRESS",
  priority: "medium",
  type: "incident",
  category: "Billing",
  relatedSkills: ["Stripe"],
  assignedTo: { _id: "u-ann", email: "ann@example.com" },
});

describe("ticketChanges", () => {
  it("sends nothing for an untouched draft or one set back to the ticket's values", () => {
    expect(ticketChanges(ticket, {})).toEqual({});
    expect(
      ticketChanges(ticket, {
        status: "IN_PROGRESS",
        priority: "medium",
        category: " Billing ",
        relatedSkills: ["Stripe"],
        assignedTo: "u-ann",
      }),
    ).toEqual({});
  });

  it("sends only the fields that differ", () => {
    expect(ticketChanges(ticket, { priority: "high", relatedSkills: ["Stripe", "PostgreSQL"] })).toEqual({
      priority: "high",
      relatedSkills: ["Stripe", "PostgreSQL"],
    });
  });

  it("sends null to unassign and an id to reassign", () => {
    expect(ticketChanges(ticket, { assignedTo: null })).toEqual({ assignedTo: null });
    expect(ticketChanges(ticket, { assignedTo: "u-bob" })).toEqual({ assignedTo: "u-bob" });
  });

  it("sends a resolution only with a move to resolved", () => {
    expect(ticketChanges(ticket, { status: "RESOLVED", resolution: "  Refunded  " })).toEqual({
      status: "RESOLVED",
      resolution: "Refunded",
    });
    expect(ticketChanges(ticket, { status: "RESOLVED", resolution: "  " })).toEqual({ status: "RESOLVED" });
    expect(ticketChanges(ticket, { status: "WAITING", resolution: "Refunded" })).toEqual({
      status: "WAITING",
    });
  });

  it("leaves out an emptied category", () => {
    expect(ticketChanges(ticket, { category: "   " })).toEqual({});
  });
});
