import { describe, expect, it } from "vitest";
import { formatDateTime } from "../components/time.tsx";
import { makeEvent } from "../test-kit/fixtures.ts";
import { describeTicketEvent } from "./ticket-event-description.ts";

const people: Record<string, string> = { "u-ann": "ann@example.com", "u-bob": "bob@example.com" };
const nameOf = (id: string) => people[id];
const line = (event: Parameters<typeof describeTicketEvent>[0]) => describeTicketEvent(event, nameOf);

describe("describeTicketEvent", () => {
  it("names the ticket number on creation", () => {
    expect(line(makeEvent("created", { number: 42 }))).toBe("Opened ticket #42");
  });

  it("says which engine triaged and what it decided, and why it fell back", () => {
    const triaged = { engine: "gemini", model: "gemini-2.5-flash", priority: "high", category: "Billing" };
    expect(line(makeEvent("triaged", { ...triaged, priority: "high", type: "incident" }))).toBe(
      "Triaged by gemini / gemini-2.5-flash: high priority, Billing, incident",
    );
    expect(
      line(
        makeEvent("triaged", {
          engine: "builtin",
          model: "builtin",
          priority: "low",
          category: null,
          type: null,
          fallbackReason: "gemini timed out",
        }),
      ),
    ).toBe("Triaged by builtin: low priority (fell back: gemini timed out)");
    expect(
      line(
        makeEvent("triaged", { engine: "builtin", model: "", priority: null, category: null, type: null }),
      ),
    ).toBe("Triaged by builtin");
    expect(
      line(
        makeEvent("triaged", {
          engine: "builtin",
          model: "builtin",
          priority: "medium",
          category: null,
          type: "incident",
          needsReview: ["category", "relatedSkills"],
        }),
      ),
    ).toBe("Triaged by builtin: medium priority, incident; left for review: category, skills");
  });

  it("names the assignee and how routing chose them, in the words the routing card uses", () => {
    expect(
      line(makeEvent("assigned", { from: null, to: "u-ann", rule: "skills", reason: "Covers 2 of 2" })),
    ).toBe("Assigned to ann@example.com (Skills match)");
    expect(line(makeEvent("assigned", { from: "u-ann", to: "u-bob", rule: "manual" }))).toBe(
      "Assigned to bob@example.com (Chosen by a person)",
    );
    expect(line(makeEvent("assigned", { from: null, to: "u-bob", rule: "least-loaded" }))).toBe(
      "Assigned to bob@example.com (Least loaded)",
    );
  });

  it("tells a person's unassignment from routing finding nobody", () => {
    expect(line(makeEvent("assigned", { from: "u-ann", to: null, rule: "manual" }))).toBe(
      "Unassigned the ticket",
    );
    expect(
      line(
        makeEvent("assigned", {
          from: "u-ann",
          to: null,
          rule: "unassigned",
          reason: "assignee is no longer staff",
        }),
      ),
    ).toBe("Left unassigned: assignee is no longer staff");
    expect(line(makeEvent("assigned", { from: null, to: null, rule: "unassigned" }))).toBe("Left unassigned");
  });

  it("does not show a raw id for someone it cannot name", () => {
    expect(line(makeEvent("assigned", { from: null, to: "u-gone", rule: "manual" }))).toBe(
      "Assigned to a former team member (Chosen by a person)",
    );
  });

  it("shows status changes in words, with the resolution", () => {
    expect(line(makeEvent("status_changed", { from: "TODO", to: "IN_PROGRESS" }))).toBe(
      "Changed status from To do to In progress",
    );
    expect(
      line(
        makeEvent("status_changed", {
          from: "IN_PROGRESS",
          to: "RESOLVED",
          resolution: "Reset the\npassword",
        }),
      ),
    ).toBe("Changed status from In progress to Resolved: “Reset the password”");
  });

  it("lists every changed label, skills as the new list", () => {
    expect(
      line(
        makeEvent("updated", {
          changes: {
            priority: { from: "medium", to: "high" },
            category: { from: null, to: "Billing" },
            relatedSkills: { from: ["Go"], to: ["PostgreSQL", "Kubernetes"] },
          },
        }),
      ),
    ).toBe("Changed priority from medium to high; category to Billing; skills to PostgreSQL, Kubernetes");
    expect(line(makeEvent("updated", { changes: { relatedSkills: { from: ["Go"], to: [] } } }))).toBe(
      "Changed skills to none",
    );
    expect(line(makeEvent("updated", { changes: { type: { from: "question", to: "incident" } } }))).toBe(
      "Changed type from question to incident",
    );
    expect(line(makeEvent("updated", { changes: {} }))).toBe("Updated the ticket");
  });

  it("tells an internal note from a public reply", () => {
    expect(line(makeEvent("commented", { commentId: "c1", internal: true }))).toBe("Added an internal note");
    expect(line(makeEvent("commented", { commentId: "c1", internal: false }))).toBe("Replied");
  });

  it("reports an SLA breach with its due time when it is known", () => {
    const breachedAt = "2030-01-02T04:00:00.000Z";
    expect(line(makeEvent("sla_breached", { dueAt: "2030-01-02T03:04:00.000Z", breachedAt }))).toBe(
      `Passed its due time (${formatDateTime("2030-01-02T03:04:00.000Z")})`,
    );
    expect(line(makeEvent("sla_breached", { breachedAt }))).toBe("Passed its due time");
  });

  it("says when a due date was set, moved or cleared", () => {
    const monday = "2030-01-07T09:00:00.000Z";
    const friday = "2030-01-11T17:00:00.000Z";
    expect(line(makeEvent("due_date_set", { from: null, to: monday }))).toBe(
      `Due date set to ${formatDateTime(monday)}`,
    );
    expect(line(makeEvent("due_date_set", { from: monday, to: friday }))).toBe(
      `Due date moved from ${formatDateTime(monday)} to ${formatDateTime(friday)}`,
    );
    expect(line(makeEvent("due_date_set", { from: friday, to: null }))).toBe("Due date cleared");
  });
});
