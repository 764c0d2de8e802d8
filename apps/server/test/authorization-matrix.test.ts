import { eq } from "drizzle-orm";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tickets } from "../src/db/schema.ts";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/**
 * Who may do what: every role against every account and ticket endpoint, on the user's own ticket
 * and on someone else's. Users never learn that another user's ticket exists (404, not 403).
 */

type Actor = "anonymous" | "owner" | "other" | "moderator" | "admin";
const ACTORS: Actor[] = ["anonymous", "owner", "other", "moderator", "admin"];

let t: TestApp;
let sessions: Record<Exclude<Actor, "anonymous">, Session>;
/** A ticket of `owner`'s that read-only rows share. */
let sharedTicket: string;
/** A ticket a moderator filed for themselves (staff file tickets too). */
let staffTicket: string;

beforeAll(async () => {
  t = await createTestApp();
  const [owner, other, moderator] = [await t.signUp(), await t.signUp(), await t.signUp("moderator")];
  sessions = { owner, other, moderator, admin: t.admin };
  sharedTicket = await fileTicket(owner);
  staffTicket = await fileTicket(moderator, "New laptop for the moderator");
});
afterAll(() => t.close());

const sessionOf = (actor: Actor) => (actor === "anonymous" ? null : sessions[actor]);

const fileTicket = async (session: Session, title = "Printer on floor 2 is jammed") =>
  (await t.fileTicket(session, title, "It shows error E-42 and eats every page."))._id;

type Endpoint = {
  name: string;
  /** Builds the request; `ticket` is a fresh ticket of owner's for endpoints that change things. */
  request(world: { ticket: string; actor: Actor }): Promise<InjectOptions> | InjectOptions;
  changes?: boolean;
  /** Acts on one ticket: checked on the owner's ticket and on a ticket a moderator filed. */
  onTicket?: boolean;
  expected: Record<Actor, number>;
};

const ticketUrl = (id: string, rest = "") => `/api/tickets/${id}${rest}`;
const OWN_TICKET_RULES = { anonymous: 401, owner: 200, other: 404, moderator: 200, admin: 200 };
const ADMIN_ONLY = { anonymous: 401, owner: 403, other: 403, moderator: 403, admin: 200 };
const ANY_SIGNED_IN = { anonymous: 401, owner: 200, other: 200, moderator: 200, admin: 200 };

const ENDPOINTS: Endpoint[] = [
  {
    name: "POST /api/tickets",
    request: () => ({
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Cannot log in", description: "The page reloads." },
    }),
    expected: { anonymous: 401, owner: 201, other: 201, moderator: 201, admin: 201 },
  },
  {
    name: "GET /api/tickets",
    request: () => ({ method: "GET", url: "/api/tickets" }),
    expected: ANY_SIGNED_IN,
  },
  {
    name: "GET /api/tickets/:id",
    request: ({ ticket }) => ({ method: "GET", url: ticketUrl(ticket) }),
    onTicket: true,
    expected: OWN_TICKET_RULES,
  },
  ...(["PUT", "PATCH"] as const).flatMap((method): Endpoint[] => [
    {
      name: `${method} /api/tickets/:id closing it`,
      request: ({ ticket }) => ({ method, url: ticketUrl(ticket), payload: { status: "CLOSED" } }),
      changes: true,
      onTicket: true,
      expected: OWN_TICKET_RULES,
    },
    {
      name: `${method} /api/tickets/:id changing its priority`,
      request: ({ ticket }) => ({ method, url: ticketUrl(ticket), payload: { priority: "high" } }),
      changes: true,
      onTicket: true,
      expected: { anonymous: 401, owner: 403, other: 404, moderator: 200, admin: 200 },
    },
    {
      name: `${method} /api/tickets/:id starting work on it`,
      request: ({ ticket }) => ({ method, url: ticketUrl(ticket), payload: { status: "IN_PROGRESS" } }),
      changes: true,
      onTicket: true,
      expected: { anonymous: 401, owner: 403, other: 404, moderator: 200, admin: 200 },
    },
  ]),
  {
    name: "GET /api/tickets/:id/comments",
    request: ({ ticket }) => ({ method: "GET", url: ticketUrl(ticket, "/comments") }),
    onTicket: true,
    expected: OWN_TICKET_RULES,
  },
  {
    name: "POST /api/tickets/:id/comments (public reply)",
    request: ({ ticket }) => ({
      method: "POST",
      url: ticketUrl(ticket, "/comments"),
      payload: { body: "Any news?" },
    }),
    changes: true,
    onTicket: true,
    expected: { anonymous: 401, owner: 201, other: 404, moderator: 201, admin: 201 },
  },
  {
    name: "POST /api/tickets/:id/comments (internal note)",
    request: ({ ticket }) => ({
      method: "POST",
      url: ticketUrl(ticket, "/comments"),
      payload: { body: "Toner supplier is late again.", internal: true },
    }),
    changes: true,
    onTicket: true,
    expected: { anonymous: 401, owner: 403, other: 404, moderator: 201, admin: 201 },
  },
  {
    name: "GET /api/tickets/:id/events",
    request: ({ ticket }) => ({ method: "GET", url: ticketUrl(ticket, "/events") }),
    onTicket: true,
    expected: OWN_TICKET_RULES,
  },
  {
    name: "GET /api/auth/users",
    request: () => ({ method: "GET", url: "/api/auth/users" }),
    expected: ADMIN_ONLY,
  },
  {
    name: "POST /api/auth/update-user",
    request: async () => ({
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: (await t.signUp()).email, skills: ["Printers"] },
    }),
    expected: ADMIN_ONLY,
  },
  {
    name: "PATCH /api/users/:id",
    request: async () => ({
      method: "PATCH",
      url: `/api/users/${(await t.signUp()).user._id}`,
      payload: { skills: ["Printers"], capacity: 5 },
    }),
    expected: ADMIN_ONLY,
  },
  {
    name: "PATCH /api/users/:id on one's own account",
    request: ({ actor }) => ({
      method: "PATCH",
      url: `/api/users/${sessionOf(actor)?.user._id ?? sessions.owner.user._id}`,
      payload: { role: "admin" },
    }),
    expected: { anonymous: 401, owner: 403, other: 403, moderator: 403, admin: 200 },
  },
  ...(["disable", "enable", "end-sessions"] as const).map(
    (action): Endpoint => ({
      name: `POST /api/users/:id/${action}`,
      request: async () => ({ method: "POST", url: `/api/users/${(await t.signUp()).user._id}/${action}` }),
      expected: ADMIN_ONLY,
    }),
  ),
  {
    name: "GET /api/auth/me",
    request: () => ({ method: "GET", url: "/api/auth/me" }),
    expected: ANY_SIGNED_IN,
  },
];

type Filer = "owner" | "moderator" | "nobody";

const CASES = ENDPOINTS.flatMap((endpoint) =>
  (endpoint.onTicket ? (["owner", "moderator"] as Filer[]) : (["nobody"] as Filer[])).flatMap((filer) =>
    ACTORS.map((actor) => ({
      endpoint,
      filer,
      actor,
      // On the moderator's ticket, its owner-to-be is just another user.
      expected: endpoint.expected[filer === "moderator" && actor === "owner" ? "other" : actor],
    })),
  ),
);

describe("authorization matrix", () => {
  it.each(CASES)("$endpoint.name, ticket by $filer, as $actor answers $expected", async (row) => {
    const { endpoint, filer, actor, expected } = row;
    const ticket =
      filer === "moderator"
        ? endpoint.changes
          ? await fileTicket(sessions.moderator)
          : staffTicket
        : endpoint.changes
          ? await fileTicket(sessions.owner)
          : sharedTicket;
    const reply = await t.request(sessionOf(actor), await endpoint.request({ ticket, actor }));
    expect(reply.statusCode, reply.body).toBe(expected);
    if (expected >= 400) expect(Object.keys(reply.json()).sort()).toEqual(["error", "message"]);
  });

  it.each(ACTORS)("POST /api/auth/logout as %s", async (actor) => {
    // A fresh session per row: logging out ends the account's every token.
    const session = actor === "anonymous" ? null : await t.signUp(roleOf(actor));
    const reply = await t.request(session, { method: "POST", url: "/api/auth/logout" });
    expect(reply.statusCode).toBe(actor === "anonymous" ? 401 : 200);
  });
});

function roleOf(actor: Exclude<Actor, "anonymous">) {
  return actor === "moderator" || actor === "admin" ? actor : "user";
}

describe("what each role sees", () => {
  it("a user's list holds only their own tickets", async () => {
    const others = await fileTicket(sessions.other, "Other person's ticket");
    const owner = await t.request(sessions.owner, { method: "GET", url: "/api/tickets?limit=200" });
    const ids = owner.json().tickets.map((ticket: { _id: string }) => ticket._id);
    expect(ids).toContain(sharedTicket);
    expect(ids).not.toContain(others);
    for (const ticket of owner.json().tickets) expect(ticket.createdBy).toBe(sessions.owner.user._id);
  });

  it("moderators and admins list everyone's tickets", async () => {
    const others = await fileTicket(sessions.other, "Someone else's ticket");
    for (const staff of [sessions.moderator, sessions.admin]) {
      const reply = await t.request(staff, { method: "GET", url: "/api/tickets?limit=200" });
      const ids = reply.json().tickets.map((ticket: { _id: string }) => ticket._id);
      expect(ids).toEqual(expect.arrayContaining([sharedTicket, others]));
    }
  });

  it("a user cannot read another user's ticket and is told it does not exist", async () => {
    const reply = await t.request(sessions.other, { method: "GET", url: ticketUrl(sharedTicket) });
    const unknown = await t.request(sessions.other, {
      method: "GET",
      url: ticketUrl("00000000-0000-4000-8000-000000000000"),
    });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toEqual(unknown.json());
  });

  it("a creator sees their ticket without AI notes, triage, sentiment or routing details", async () => {
    const id = await fileTicket(sessions.owner, "VPN drops every hour");
    await storeTriage(id);
    await t.request(sessions.moderator, {
      method: "PATCH",
      url: ticketUrl(id),
      payload: { assignedTo: sessions.moderator.user._id },
    });

    const staff = (await t.request(sessions.moderator, { method: "GET", url: ticketUrl(id) })).json().ticket;
    expect(staff.helpfulNotes).toBe("Check the DHCP lease.");
    expect(staff.sentiment).toEqual({ label: "negative", score: -0.5 });
    expect(staff.triage).toMatchObject({ engine: "builtin" });
    expect(staff.assignment).toMatchObject({ rule: "manual", decidedBy: sessions.moderator.user._id });

    const asOwner = [
      (await t.request(sessions.owner, { method: "GET", url: ticketUrl(id) })).json().ticket,
      (await t.request(sessions.owner, { method: "GET", url: "/api/tickets?limit=200" }))
        .json()
        .tickets.find((ticket: { _id: string }) => ticket._id === id),
    ];
    for (const ticket of asOwner) {
      expect(ticket).toMatchObject({
        _id: id,
        helpfulNotes: null,
        sentiment: null,
        triage: null,
        assignment: null,
      });
    }
  });

  it("a creator never sees internal notes, in the conversation or in the history", async () => {
    const id = await fileTicket(sessions.owner);
    const note = await t.request(sessions.moderator, {
      method: "POST",
      url: ticketUrl(id, "/comments"),
      payload: { body: "Customer is on the legacy plan.", internal: true },
    });
    expect(note.statusCode).toBe(201);
    await t.request(sessions.moderator, {
      method: "POST",
      url: ticketUrl(id, "/comments"),
      payload: { body: "We are on it." },
    });

    const ownerComments = await t.request(sessions.owner, { method: "GET", url: ticketUrl(id, "/comments") });
    expect(ownerComments.json().comments.map((c: { body: string }) => c.body)).toEqual(["We are on it."]);
    expect(ownerComments.body).not.toContain("legacy plan");
    const ownerEvents = (
      await t.request(sessions.owner, { method: "GET", url: ticketUrl(id, "/events") })
    ).json().events as { kind: string; data: Record<string, unknown> }[];
    expect(ownerEvents.map((event) => event.kind)).toEqual(["created", "commented"]);
    expect(ownerEvents.some((event) => event.data.commentId === note.json().comment._id)).toBe(false);

    const staffComments = await t.request(sessions.moderator, {
      method: "GET",
      url: ticketUrl(id, "/comments"),
    });
    expect(staffComments.json().comments.map((c: { internal: boolean }) => c.internal)).toEqual([
      true,
      false,
    ]);
    const staffEvents = await t.request(sessions.admin, { method: "GET", url: ticketUrl(id, "/events") });
    expect(staffEvents.json().events.filter((e: { kind: string }) => e.kind === "commented")).toHaveLength(2);
  });

  it("a creator's history hides assignment and staff edits but shows status changes", async () => {
    const id = await fileTicket(sessions.owner);
    await t.request(sessions.moderator, {
      method: "PATCH",
      url: ticketUrl(id),
      payload: { priority: "low", assignedTo: sessions.moderator.user._id },
    });
    const kinds = (await t.request(sessions.owner, { method: "GET", url: ticketUrl(id, "/events") }))
      .json()
      .events.map((event: { kind: string }) => event.kind);
    expect(kinds).toEqual(["created", "status_changed"]);
    const staffKinds = (await t.request(sessions.moderator, { method: "GET", url: ticketUrl(id, "/events") }))
      .json()
      .events.map((event: { kind: string }) => event.kind);
    expect(staffKinds).toEqual(["created", "updated", "assigned", "status_changed"]);
  });
});

describe("what a request cannot grant itself", () => {
  it("filing a ticket ignores status, priority, assignee and creator in the body", async () => {
    const reply = await t.request(sessions.owner, {
      method: "POST",
      url: "/api/tickets",
      payload: {
        title: "Please hurry",
        description: "Important",
        status: "CLOSED",
        priority: "critical",
        assignedTo: sessions.moderator.user._id,
        createdBy: sessions.other.user._id,
        helpfulNotes: "I am the AI",
      },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().ticket).toMatchObject({
      status: "TODO",
      priority: null,
      assignedTo: null,
      createdBy: sessions.owner.user._id,
      helpfulNotes: null,
    });
  });

  it("a user asking for everyone's tickets (mine=false) still gets only their own", async () => {
    await fileTicket(sessions.other, "Not for the owner's eyes");
    const reply = await t.request(sessions.owner, {
      method: "GET",
      url: "/api/tickets?mine=false&limit=200",
    });
    for (const ticket of reply.json().tickets) expect(ticket.createdBy).toBe(sessions.owner.user._id);
  });

  it("an admin changing a user cannot change their email or password that way", async () => {
    const session = await t.signUp();
    const reply = await t.request(sessions.admin, {
      method: "PATCH",
      url: `/api/users/${session.user._id}`,
      payload: { email: "taken-over@example.com", password: "new-password-1", capacity: 4 },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().user).toMatchObject({ email: session.email, capacity: 4 });
    const login = await t.request(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: session.email, password: session.password },
    });
    expect(login.statusCode).toBe(200);
  });
});

describe("who may change a ticket", () => {
  const patch = (session: Session, id: string, payload: Record<string, unknown>) =>
    t.request(session, { method: "PATCH", url: ticketUrl(id), payload });

  it("a creator may close their ticket and reopen it", async () => {
    const id = await fileTicket(sessions.owner);
    const closed = await patch(sessions.owner, id, { status: "CLOSED" });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().ticket).toMatchObject({ status: "CLOSED", resolvedAt: expect.any(String) });
    const reopened = await patch(sessions.owner, id, { status: "TODO" });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json().ticket).toMatchObject({ status: "TODO", resolvedAt: null });
  });

  it("a creator may not change any other field, even together with closing", async () => {
    const id = await fileTicket(sessions.owner);
    for (const payload of [
      { priority: "critical" },
      { category: "billing" },
      { type: "incident" },
      { relatedSkills: ["Printers"] },
      { assignedTo: sessions.moderator.user._id },
      { status: "CLOSED", priority: "critical" },
      { status: "RESOLVED" },
      { status: "WAITING" },
    ]) {
      const reply = await patch(sessions.owner, id, payload);
      expect(reply.statusCode, JSON.stringify(payload)).toBe(403);
      expect(reply.json().error).toBe("forbidden");
    }
    const after = (await t.request(sessions.owner, { method: "GET", url: ticketUrl(id) })).json().ticket;
    expect(after).toMatchObject({ status: "TODO", priority: null, category: null, assignedTo: null });
  });

  it("a creator may not reopen a ticket that is still being worked on", async () => {
    const id = await fileTicket(sessions.owner);
    await patch(sessions.moderator, id, { status: "WAITING" });
    expect((await patch(sessions.owner, id, { status: "TODO" })).statusCode).toBe(403);
  });

  it("staff change status, priority, category, type, skills and assignee, each recorded with the actor", async () => {
    for (const name of ["Printers", "Networking"]) {
      await t.request(t.admin, { method: "POST", url: "/api/admin/skills", payload: { name } });
    }
    for (const staff of [sessions.moderator, sessions.admin]) {
      const id = await fileTicket(sessions.owner);
      const reply = await patch(staff, id, {
        status: "WAITING",
        priority: "critical",
        category: "hardware",
        type: "incident",
        relatedSkills: ["Printers", " printers ", "Networking"],
        assignedTo: sessions.moderator.user._id,
      });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.json().ticket).toMatchObject({
        status: "WAITING",
        priority: "critical",
        category: "hardware",
        type: "incident",
        relatedSkills: ["Printers", "Networking"],
        assignedTo: { _id: sessions.moderator.user._id, email: sessions.moderator.email },
      });
      const events = (await t.request(staff, { method: "GET", url: ticketUrl(id, "/events") })).json()
        .events as {
        kind: string;
        actor: { _id: string } | null;
      }[];
      expect(events.map((event) => event.kind)).toEqual(["created", "updated", "assigned", "status_changed"]);
      for (const event of events.slice(1)) expect(event.actor?._id).toBe(staff.user._id);
    }
  });

  it("PUT changes a ticket as PATCH does (the original clients use PUT)", async () => {
    const id = await fileTicket(sessions.owner);
    const reply = await t.request(sessions.moderator, {
      method: "PUT",
      url: ticketUrl(id),
      payload: { status: "IN_PROGRESS" },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().ticket.status).toBe("IN_PROGRESS");
  });

  it("tickets are assigned only to moderators and admins", async () => {
    const id = await fileTicket(sessions.owner);
    const toUser = await patch(sessions.admin, id, { assignedTo: sessions.other.user._id });
    expect(toUser.statusCode).toBe(400);
    expect(toUser.json()).toMatchObject({ error: "validation_failed" });
    const toNobody = await patch(sessions.admin, id, { assignedTo: "00000000-0000-4000-8000-000000000000" });
    expect(toNobody.statusCode).toBe(400);
    const toGarbage = await patch(sessions.admin, id, { assignedTo: "not-an-id" });
    expect(toGarbage.statusCode).toBe(400);

    const toAdmin = await patch(sessions.moderator, id, { assignedTo: sessions.admin.user._id });
    expect(toAdmin.statusCode).toBe(200);
    expect(toAdmin.json().ticket.assignedTo).toEqual({
      _id: sessions.admin.user._id,
      email: sessions.admin.email,
    });
    const unassigned = await patch(sessions.moderator, id, { assignedTo: null });
    expect(unassigned.statusCode).toBe(200);
    expect(unassigned.json().ticket).toMatchObject({ assignedTo: null, assignment: null });
  });

  it("staff cannot move a closed ticket straight to resolved", async () => {
    const id = await fileTicket(sessions.owner);
    await patch(sessions.owner, id, { status: "CLOSED" });
    const reply = await patch(sessions.moderator, id, { status: "RESOLVED" });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error).toBe("invalid_transition");
  });

  it("a user's comment on another user's ticket does not land", async () => {
    const reply = await t.request(sessions.other, {
      method: "POST",
      url: ticketUrl(sharedTicket, "/comments"),
      payload: { body: "Hijack" },
    });
    expect(reply.statusCode).toBe(404);
    const comments = await t.request(sessions.owner, {
      method: "GET",
      url: ticketUrl(sharedTicket, "/comments"),
    });
    expect(comments.body).not.toContain("Hijack");
  });
});

/**
 * Triage results arrive through the pipeline, which this file does not run; the fields are written
 * as the pipeline would write them, so visibility can be checked end to end.
 */
async function storeTriage(id: string): Promise<void> {
  await t.database.db
    .update(tickets)
    .set({
      summary: "VPN disconnects hourly.",
      helpfulNotes: "Check the DHCP lease.",
      sentiment: { label: "negative", score: -0.5 },
      triage: {
        engine: "builtin",
        model: "rules",
        version: "1",
        durationMs: 2,
        confidence: { priority: 0.7 },
      },
      priority: "high",
    })
    .where(eq(tickets.id, id));
}
