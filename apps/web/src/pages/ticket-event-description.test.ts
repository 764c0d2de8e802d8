import type { TicketEvent } from "@helpdesk/contracts";
import { describe, expect, it } from "vitest";
import { describeTicketEvent } from "./ticket-event-description.ts";

const people: Record<string, string> = { "u-ann": "ann@example.com", "u-bob": "bob@example.com" };
const nameOf = (id: string) => people[id];
const describeAs = (kind: TicketEvent["kind"], data: Record<string, unknown>) =>
  describeTicketEvent({ kind, data }, nameOf);

describe("describeTicketEvent", () => {
  it("names the ticket number on creation", () => {
    expect(describeAs("created", { number: 42 })).toBe("Opened ticket #42");
  });

  it("says which engine triaged and what it decided, and why it fell back", () => {
    expect(
      describeAs("triaged", {
        engine: "gemini",
        model: "gemini-2.5-flash",
        priority: "high",
        category: "Billing",
        type: "incident",
      }),
    ).toBe("Triaged by gemini / gemini-2.5-flash: high priority, Billing, incident");
    expect(
      describeAs("triaged", { engine: "builtin", priority: "low", fallbackReason: "gemini timed out" }),
    ).toBe("Triaged by builtin: low priority (fell back: gemini timed out)");
  });

  it("names the assignee and how routing chose them", () => {
    expect(describeAs("assigned", { from: null, to: "u-ann", rule: "skills", reason: "Covers 2 of 2" })).toBe(
      "Assigned to ann@example.com by skills",
    );
    expect(describeAs("assigned", { from: "u-ann", to: "u-bob", rule: "manual" })).toBe(
      "Assigned to bob@example.com by hand",
    );
  });

  it("tells a person's unassignment from routing finding nobody", () => {
    expect(describeAs("assigned", { from: "u-ann", to: null, rule: "manual" })).toBe("Unassigned the ticket");
    expect(
      describeAs("assigned", {
        from: "u-ann",
        to: null,
        rule: "unassigned",
        reason: "assignee is no longer staff",
      }),
    ).toBe("Left unassigned: assignee is no longer staff");
  });

  it("does not show a raw id for someone it cannot name", () => {
    expect(describeAs("assigned", { to: "u-gone", rule: "manual" })).toBe(
      "Assigned to a former team member by hand",
    );
  });

  it("shows status changes in words, with the resolution", () => {
    expect(describeAs("status_changed", { from: "TODO", to: "IN_PROGRESS" })).toBe(
      "Changed status from To do to In progress",
    );
    expect(
      describeAs("status_changed", {
        from: "IN_PROGRESS",
        to: "RESOLVED",
        resolution: "Reset the\npassword",
      }),
    ).toBe("Changed status from In progress to Resolved: “Reset the password”");
  });

  it("lists every changed label, skills as the new list", () => {
    expect(
      describeAs("updated", {
        changes: {
          priority: { from: "medium", to: "high" },
          category: { from: null, to: "Billing" },
          relatedSkills: { from: ["Go"], to: ["PostgreSQL", "Kubernetes"] },
        },
      }),
    ).toBe("Changed priority from medium to high; category to Billing; skills to PostgreSQL, Kubernetes");
    expect(describeAs("updated", { changes: { relatedSkills: { from: ["Go"], to: [] } } })).toBe(
      "Changed skills to none",
    );
  });

  it("tells an internal note from a public reply", () => {
    expect(describeAs("commented", { commentId: "c1", internal: true })).toBe("Added an internal note");
    expect(describeAs("commented", { commentId: "c1", internal: false })).toBe("Replied");
  });

  it("reports an SLA breach with its due time", () => {
    expect(describeAs("sla_breached", { dueAt: "2030-01-02T03:04:00.000Z" })).toMatch(
      /^Passed its due time \(/,
    );
  });

  it("survives data it does not expect", () => {
    expect(describeAs("updated", {})).toBe("Updated the ticket");
    expect(describeAs("status_changed", {})).toBe("Changed status from ? to ?");
    expect(describeAs("triaged", {})).toBe("Triaged by the triage engine");
  });
});
