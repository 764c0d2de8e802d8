import type { Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";
import { waitFor } from "./wait-for.ts";

/**
 * Where tickets land, as a support team sees it: tickets filed through the API, the worker triaging
 * and routing them, and the assignee and reason read back. Skills come from the ontology over the
 * ticket's words, mapped onto the staff's own skill names, and from what people did to similar
 * tickets before.
 */

let t: TestApp;
let requester: Session;
let python: Session;
let java: Session;
let postgres: Session;
let facilities: Session;
let helper: Session;

const patch = (session: Session, url: string, payload: object) =>
  t.request(session, { method: "PATCH", url, payload });

beforeAll(async () => {
  t = await createTestApp({}, { worker: true, triageRefreshMs: 0 });
  requester = await t.signUp();
  python = await t.signUp("moderator", { skills: ["Python"] });
  java = await t.signUp("moderator", { skills: ["Java"] });
  postgres = await t.signUp("moderator", { skills: ["Postgres"] });
  facilities = await t.signUp("moderator", { skills: ["Facilities"] });
  helper = await t.signUp("moderator");
});
afterAll(() => t.close());

async function routed(title: string, description: string): Promise<Ticket> {
  const filed = await t.fileTicket(requester, title, description);
  return waitFor(async () => {
    const { ticket } = (await t.request(t.admin, { method: "GET", url: `/api/tickets/${filed._id}` })).json();
    return ticket.assignment ? (ticket as Ticket) : undefined;
  });
}

describe("routing over the skill ontology", () => {
  it("a Django migration traceback that never names Python lands with the Python moderator, and says why", async () => {
    const ticket = await routed(
      "Migration fails on deploy",
      "manage.py migrate stops with django.db.utils.ProgrammingError: relation already exists. Traceback attached.",
    );
    expect(ticket.assignedTo?._id).toBe(python.user._id);
    // Triage lists the skill the words imply, in the installation's name for it.
    expect(ticket.relatedSkills).toContain("Python");
    expect(ticket.assignment).toMatchObject({ rule: "skills", matchedSkills: ["Python"] });
    // The words that pointed there: "django.db.utils → Python", "manage.py migrate → Django → Python".
    expect(ticket.assignment?.reason).toMatch(/django[^;]* → Python/);
  });

  it("a ticket about the database in general reaches the PostgreSQL moderator before an admin", async () => {
    const ticket = await routed(
      "Database very slow since this morning",
      "Every query against our main database takes ten times longer; the DB host has many locks.",
    );
    expect(ticket.assignedTo?._id).toBe(postgres.user._id);
    expect(ticket.assignment?.rule).toBe("skills");
    expect(ticket.assignment?.reason).toContain("which Postgres is part of");
  });
});

describe("routing over the installation's own skill names", () => {
  it("a skill the catalogue gives an alias the ontology knows gets that concept's tickets", async () => {
    const added = await t.request(t.admin, {
      method: "POST",
      url: "/api/admin/skills",
      payload: { name: "Search team", aliases: ["Elasticsearch"] },
    });
    expect(added.statusCode).toBe(201);
    const search = await t.signUp("moderator", { skills: ["Search team"] });
    const ticket = await routed(
      "Kibana shows no data",
      "Kibana says no results although Logstash is shipping logs.",
    );
    expect(ticket.assignedTo?._id).toBe(search.user._id);
    expect(ticket.assignment?.reason).toMatch(/kibana → Search team/);
  });
});

describe("routing that learns from people", () => {
  it("after a person reassigns a kind of ticket no skill covers, the next one like it goes to that person", async () => {
    // Away while the first ticket is routed, so that it is a person who gives it to them.
    expect((await patch(t.admin, `/api/users/${helper.user._id}`, { available: false })).statusCode).toBe(
      200,
    );
    const first = await routed(
      "Coffee machine on the second floor leaks water",
      "The coffee machine in the second floor kitchen leaks water onto the floor.",
    );
    expect(first.assignment?.rule).toBe("least-loaded");
    expect((await patch(t.admin, `/api/users/${helper.user._id}`, { available: true })).statusCode).toBe(200);
    expect(
      (await patch(t.admin, `/api/tickets/${first._id}`, { assignedTo: helper.user._id })).statusCode,
    ).toBe(200);

    const next = await routed(
      "Coffee machine leaks again",
      "Water leaks from the coffee machine in the kitchen on the third floor.",
    );
    expect(next.assignedTo?._id).toBe(helper.user._id);
    expect(next.assignment).toMatchObject({ rule: "similar-tickets" });
    expect(next.assignment?.reason).toContain(
      `#${first.number}, which a person reassigned to ${helper.email}`,
    );

    // Only tickets like it: another kind of skill-less ticket still goes to the least-loaded moderator.
    const other = await routed("Parking permit for a visitor", "A visitor needs a parking permit on Friday.");
    expect(other.assignment?.rule).toBe("least-loaded");
    expect(other.assignedTo?._id).not.toBe(helper.user._id);
  });

  it("after a person corrects a ticket's skills, the next one like it goes to whoever holds them", async () => {
    const first = await routed(
      "Badge reader at the side door rejects my card",
      "The badge reader at the side entrance blinks red and rejects my access card.",
    );
    expect(
      (await patch(t.admin, `/api/tickets/${first._id}`, { relatedSkills: ["Facilities"] })).statusCode,
    ).toBe(200);

    const next = await routed(
      "Side door badge reader broken",
      "The badge reader at the side entrance rejects every access card since this morning.",
    );
    expect(next.assignedTo?._id).toBe(facilities.user._id);
    expect(next.assignment?.rule).toBe("skills");
    expect(next.assignment?.reason).toContain(`#${first.number} → Facilities`);
  });

  it("a Java moderator at capacity gets no Java ticket, however clearly it is Java", async () => {
    expect((await patch(t.admin, `/api/users/${java.user._id}`, { capacity: 0 })).statusCode).toBe(200);
    const ticket = await routed(
      "NullPointerException in the batch job",
      "java.lang.NullPointerException at Writer.java:88",
    );
    expect(ticket.assignedTo?._id).not.toBe(java.user._id);
  });
});
