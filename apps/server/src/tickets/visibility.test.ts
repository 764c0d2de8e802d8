import type { TicketEventContent } from "@helpdesk/contracts";
import { describe, expect, it } from "vitest";
import type { Viewer } from "../auth/viewer.ts";
import { canSeeEvent, canView, presentTicket, type TicketRecord, type TicketRow } from "./visibility.ts";

const creator: Viewer = {
  id: "11111111-1111-4111-8111-111111111111",
  email: "ann@example.com",
  role: "user",
};
const stranger: Viewer = {
  id: "22222222-2222-4222-8222-222222222222",
  email: "bob@example.com",
  role: "user",
};
const moderator: Viewer = {
  id: "33333333-3333-4333-8333-333333333333",
  email: "mo@example.com",
  role: "moderator",
};
const admin: Viewer = { id: "44444444-4444-4444-8444-444444444444", email: "ad@example.com", role: "admin" };

const created = new Date("2026-01-02T03:04:05.000Z");
const due = new Date("2026-01-03T03:04:05.000Z");

function triagedTicket(): TicketRecord {
  const ticket: TicketRow = {
    id: "55555555-5555-4555-8555-555555555555",
    number: 7,
    title: "VPN drops every hour",
    description: "Since Monday the VPN disconnects.",
    status: "IN_PROGRESS",
    priority: "high",
    category: "network",
    type: "incident",
    summary: "VPN disconnects hourly.",
    helpfulNotes: "Check the DHCP lease time.",
    relatedSkills: ["Networking", "VPN"],
    sentiment: { label: "negative", score: -0.4 },
    triage: { engine: "builtin", model: "rules", version: "1", durationMs: 3, confidence: { priority: 0.8 } },
    createdBy: creator.id,
    assignedTo: moderator.id,
    assignment: {
      rule: "skills",
      reason: "Covers Networking and VPN",
      matchedSkills: ["Networking", "VPN"],
      score: 1,
      runnerUp: null,
      decidedBy: "routing",
      decidedAt: created.toISOString(),
    },
    dueAt: due,
    slaBreachedAt: null,
    resolution: null,
    resolvedAt: null,
    search: "",
    createdAt: created,
    updatedAt: created,
  };
  return {
    ticket,
    requester: { id: creator.id, email: creator.email },
    assignee: { id: moderator.id, email: moderator.email },
  };
}

describe("who may view a ticket", () => {
  it("its creator may", () => {
    expect(canView(creator, triagedTicket().ticket)).toBe(true);
  });

  it("another user may not", () => {
    expect(canView(stranger, triagedTicket().ticket)).toBe(false);
  });

  it("moderators and admins may view every ticket", () => {
    expect(canView(moderator, triagedTicket().ticket)).toBe(true);
    expect(canView(admin, triagedTicket().ticket)).toBe(true);
  });
});

describe("a ticket as its viewer sees it", () => {
  it("shows staff everything, with the assignee as {_id, email}", () => {
    for (const viewer of [moderator, admin]) {
      const shown = presentTicket(triagedTicket(), viewer);
      expect(shown).toMatchObject({
        _id: "55555555-5555-4555-8555-555555555555",
        number: 7,
        helpfulNotes: "Check the DHCP lease time.",
        sentiment: { label: "negative", score: -0.4 },
        triage: { engine: "builtin" },
        assignment: { rule: "skills", matchedSkills: ["Networking", "VPN"] },
        assignedTo: { _id: moderator.id, email: moderator.email },
        requester: { _id: creator.id, email: creator.email },
        createdBy: creator.id,
      });
    }
  });

  it("hides the agent's material from the creator: AI notes, sentiment, triage and routing details", () => {
    const shown = presentTicket(triagedTicket(), creator);
    expect(shown.helpfulNotes).toBeNull();
    expect(shown.sentiment).toBeNull();
    expect(shown.triage).toBeNull();
    expect(shown.assignment).toBeNull();
  });

  it("still shows the creator their ticket's title, description, status, priority and skills", () => {
    const shown = presentTicket(triagedTicket(), creator);
    expect(shown).toMatchObject({
      title: "VPN drops every hour",
      description: "Since Monday the VPN disconnects.",
      status: "IN_PROGRESS",
      priority: "high",
      relatedSkills: ["Networking", "VPN"],
    });
  });

  it("gives dates as ISO strings and the due date also under the original name `deadline`", () => {
    const shown = presentTicket(triagedTicket(), moderator);
    expect(shown.createdAt).toBe("2026-01-02T03:04:05.000Z");
    expect(shown.dueAt).toBe("2026-01-03T03:04:05.000Z");
    expect(shown.deadline).toBe(shown.dueAt);
    expect(shown.resolvedAt).toBeNull();
  });

  it("shows an unassigned ticket's assignedTo as null", () => {
    const record = { ...triagedTicket(), assignee: null };
    record.ticket.assignedTo = null;
    expect(presentTicket(record, moderator).assignedTo).toBeNull();
  });

  it("never includes the search vector or any field outside the contract", () => {
    const shown = presentTicket(triagedTicket(), admin);
    expect(shown).not.toHaveProperty("search");
    expect(shown).not.toHaveProperty("id");
  });
});

describe("which history events a viewer sees", () => {
  const event = (kind: TicketEventContent["kind"], data: Record<string, unknown> = {}) =>
    ({ kind, data }) as TicketEventContent;

  it("shows users their ticket's creation, status changes and public replies", () => {
    expect(canSeeEvent(creator, event("created"))).toBe(true);
    expect(canSeeEvent(creator, event("status_changed", { from: "TODO", to: "CLOSED" }))).toBe(true);
    expect(canSeeEvent(creator, event("commented", { commentId: "c1", internal: false }))).toBe(true);
  });

  it("hides internal notes, triage, assignment, edits and SLA breaches from users", () => {
    expect(canSeeEvent(creator, event("commented", { commentId: "c1", internal: true }))).toBe(false);
    for (const kind of ["triaged", "assigned", "updated", "sla_breached", "due_date_set"] as const) {
      expect(canSeeEvent(creator, event(kind)), kind).toBe(false);
    }
  });

  it("shows staff every event, internal notes included", () => {
    for (const viewer of [moderator, admin]) {
      expect(canSeeEvent(viewer, event("commented", { commentId: "c1", internal: true }))).toBe(true);
      for (const kind of ["triaged", "assigned", "updated", "sla_breached", "due_date_set"] as const) {
        expect(canSeeEvent(viewer, event(kind)), kind).toBe(true);
      }
    }
  });
});
