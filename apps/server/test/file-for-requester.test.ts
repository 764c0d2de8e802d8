import type { Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/** Staff filing a ticket for someone who phoned or walked in. */
let t: TestApp;
let mo: Session;
let user: Session;
beforeAll(async () => {
  t = await createTestApp();
  mo = await t.signUp("moderator");
  user = await t.signUp();
});
afterAll(() => t.close());

const file = (session: Session, payload: Record<string, unknown>) =>
  t.request(session, {
    method: "POST",
    url: "/api/tickets",
    payload: {
      title: "Phone call: printer jams",
      description: "Called in: the printer jams on every job.",
      ...payload,
    },
  });

describe("filing for a requester", () => {
  it("files it for an existing account: it is theirs to see, and the history names who filed it", async () => {
    const reply = await file(mo, { requesterEmail: user.email.toUpperCase() });
    expect(reply.statusCode, reply.body).toBe(201);
    const ticket: Ticket = reply.json().ticket;
    expect(ticket.requester.email).toBe(user.email);
    const theirs = await t.request(user, { method: "GET", url: "/api/tickets" });
    expect((theirs.json().tickets as Ticket[]).map((item) => item._id)).toContain(ticket._id);
    const events = (await t.request(mo, { method: "GET", url: `/api/tickets/${ticket._id}/events` })).json()
      .events;
    expect(events[0]).toMatchObject({ kind: "created", actor: { _id: mo.user._id } });
  });

  it("makes a contact account for a new person, which cannot sign in until they set a password", async () => {
    const reply = await file(mo, { requesterEmail: "walk.in@example.com" });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().ticket.requester.email).toBe("walk.in@example.com");
    const login = await t.request(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "walk.in@example.com", password: "anything-at-all" },
    });
    expect(login.statusCode).toBe(401);
  });

  it("is for staff only, and a bad address is a clear 400; neither leaves a ticket", async () => {
    const before = (await t.request(t.admin, { method: "GET", url: "/api/tickets" })).json().tickets.length;
    const asUser = await file(user, { requesterEmail: mo.email });
    expect(asUser.statusCode).toBe(403);
    expect(asUser.json()).toMatchObject({ message: "Only staff file tickets for someone else" });
    const bad = await file(mo, { requesterEmail: "not an address" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ message: expect.any(String), error: expect.any(String) });
    const after = (await t.request(t.admin, { method: "GET", url: "/api/tickets" })).json().tickets.length;
    expect(after).toBe(before);
  });
});
