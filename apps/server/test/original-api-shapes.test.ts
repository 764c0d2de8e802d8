import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/**
 * The replies the original system's clients read, field by field (../shared/ORIGINAL-API.md).
 * Every reply this file receives is also scanned for password material at the end.
 */

let t: TestApp;
const replies: LightMyRequestResponse[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(session: Session | null, options: Parameters<TestApp["request"]>[1]) {
  const reply = await t.request(session, options);
  replies.push(reply);
  return reply;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USER_KEYS = ["_id", "available", "capacity", "createdAt", "disabledAt", "email", "role", "skills"];

function expectUser(user: unknown, expected: { email: string; role: string; skills: string[] }) {
  expect(Object.keys(user as object).sort()).toEqual(USER_KEYS);
  expect(user).toEqual({
    _id: expect.stringMatching(UUID),
    email: expected.email,
    role: expected.role,
    skills: expected.skills,
    available: true,
    capacity: expect.any(Number),
    disabledAt: null,
    createdAt: expect.stringMatching(ISO),
  });
}

describe("accounts, as the original clients read them", () => {
  it("signup answers 201 {user: {_id, email, role, skills, createdAt, …}, token}", async () => {
    const reply = await call(null, {
      method: "POST",
      url: "/api/auth/signup",
      payload: { email: "shape-signup@example.com", password: "a-good-password", skills: ["React"] },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    const body = reply.json();
    expect(Object.keys(body).sort()).toEqual(["token", "user"]);
    expectUser(body.user, { email: "shape-signup@example.com", role: "user", skills: ["React"] });
    expect(body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("the register alias answers exactly as signup", async () => {
    const reply = await call(null, {
      method: "POST",
      url: "/api/auth/register",
      payload: { email: "shape-register@example.com", password: "a-good-password" },
    });
    expect(reply.statusCode).toBe(201);
    expectUser(reply.json().user, { email: "shape-register@example.com", role: "user", skills: [] });
  });

  it("login answers 200 {user, token} with the same user shape", async () => {
    const session = await t.signUp("user", { skills: ["Go"] });
    const reply = await call(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: session.email, password: session.password },
    });
    expect(reply.statusCode).toBe(200);
    const body = reply.json();
    expect(Object.keys(body).sort()).toEqual(["token", "user"]);
    expectUser(body.user, { email: session.email, role: "user", skills: ["Go"] });
    expect(body.user._id).toBe(session.user._id);
  });

  it("me answers {user} with the same user shape", async () => {
    const session = await t.signUp();
    const reply = await call(session, { method: "GET", url: "/api/auth/me" });
    expect(Object.keys(reply.json())).toEqual(["user"]);
    expectUser(reply.json().user, { email: session.email, role: "user", skills: [] });
  });

  it("logout answers {message}", async () => {
    const session = await t.signUp();
    const reply = await call(session, { method: "POST", url: "/api/auth/logout" });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ message: expect.any(String) });
  });

  it("every error reply carries a message the client can show", async () => {
    const reply = await call(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "nobody@example.com", password: "whatever-it-is" },
    });
    expect(reply.statusCode).toBe(401);
    expect(reply.json()).toEqual({ message: expect.stringMatching(/\w/), error: "invalid_credentials" });
  });
});

describe("the admin's user screens", () => {
  it("GET /api/auth/users answers a bare array of users, oldest first", async () => {
    const later = await t.signUp("moderator", { skills: ["Networking"] });
    const reply = await call(t.admin, { method: "GET", url: "/api/auth/users" });
    expect(reply.statusCode).toBe(200);
    const users = reply.json();
    expect(Array.isArray(users)).toBe(true);
    for (const user of users) expect(Object.keys(user).sort()).toEqual(USER_KEYS);
    expect(users[0]._id).toBe(t.admin.user._id);
    expect(users.at(-1)).toMatchObject({ _id: later.user._id, role: "moderator", skills: ["Networking"] });
    const times = users.map((user: { createdAt: string }) => user.createdAt);
    expect([...times].sort()).toEqual(times);
  });

  it("update-user answers {message} and changes role and skills, as the original form sends them", async () => {
    const session = await t.signUp();
    const reply = await call(t.admin, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: session.email, role: "moderator", skills: ["React", "MongoDB"] },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ message: expect.any(String) });
    const me = await call(session, { method: "GET", url: "/api/auth/me" });
    expect(me.json().user).toMatchObject({ role: "moderator", skills: ["React", "MongoDB"] });
  });

  it("update-user finds the account whatever the case of the email", async () => {
    const session = await t.signUp();
    const reply = await call(t.admin, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: session.email.toUpperCase(), skills: ["Linux"] },
    });
    expect(reply.statusCode).toBe(200);
    expect((await call(session, { method: "GET", url: "/api/auth/me" })).json().user.skills).toEqual([
      "Linux",
    ]);
  });

  it("update-user answers 404 for an unknown email", async () => {
    const reply = await call(t.admin, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: "ghost@example.com", role: "moderator" },
    });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toMatchObject({ error: "not_found", message: expect.any(String) });
  });

  it("update-user answers 400 for an unknown role and stores nothing", async () => {
    const session = await t.signUp();
    const reply = await call(t.admin, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: session.email, role: "superuser", skills: ["Hacking"] },
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({
      error: "validation_failed",
      issues: [expect.objectContaining({ path: "body.role" })],
    });
    expect((await call(session, { method: "GET", url: "/api/auth/me" })).json().user).toMatchObject({
      role: "user",
      skills: [],
    });
  });

  it("update-user with `skills: []` clears the skills", async () => {
    const session = await t.signUp("moderator", { skills: ["React", "CSS"] });
    const reply = await call(t.admin, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: session.email, skills: [] },
    });
    expect(reply.statusCode).toBe(200);
    expect((await call(session, { method: "GET", url: "/api/auth/me" })).json().user).toMatchObject({
      role: "moderator",
      skills: [],
    });
  });

  it("update-user without skills leaves the skills as they were", async () => {
    const session = await t.signUp("user", { skills: ["Python"] });
    await call(t.admin, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: session.email, role: "moderator" },
    });
    expect((await call(session, { method: "GET", url: "/api/auth/me" })).json().user.skills).toEqual([
      "Python",
    ]);
  });

  it("skills are trimmed, de-duplicated ignoring case, blanks dropped, and stored as first typed", async () => {
    const session = await t.signUp();
    await call(t.admin, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: {
        email: session.email,
        skills: ["  Node.js ", "node.js", "", "   ", "PostgreSQL", "postgresql", "C#"],
      },
    });
    expect((await call(session, { method: "GET", url: "/api/auth/me" })).json().user.skills).toEqual([
      "Node.js",
      "PostgreSQL",
      "C#",
    ]);
  });

  it("PATCH /api/users/:id answers {user} with the changes applied", async () => {
    const session = await t.signUp();
    const reply = await call(t.admin, {
      method: "PATCH",
      url: `/api/users/${session.user._id}`,
      payload: { role: "moderator", skills: ["Go"], available: false, capacity: 3 },
    });
    expect(reply.statusCode).toBe(200);
    expect(Object.keys(reply.json())).toEqual(["user"]);
    expect(reply.json().user).toMatchObject({
      role: "moderator",
      skills: ["Go"],
      available: false,
      capacity: 3,
    });
  });
});

describe("tickets, as the original clients read them", () => {
  it("POST /api/tickets answers 201 {message, ticket} with the original fields", async () => {
    const session = await t.signUp();
    const before = Date.now();
    const reply = await call(session, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "  Cannot reset my password  ", description: "The reset mail never arrives." },
    });
    expect(reply.statusCode).toBe(201);
    const body = reply.json();
    expect(Object.keys(body).sort()).toEqual(["message", "ticket"]);
    expect(body.message).toEqual(expect.any(String));
    expect(body.ticket).toMatchObject({
      _id: expect.stringMatching(UUID),
      title: "Cannot reset my password",
      description: "The reset mail never arrives.",
      status: "TODO",
      createdBy: session.user._id,
      assignedTo: null,
      relatedSkills: [],
      createdAt: expect.stringMatching(ISO),
      number: expect.any(Number),
    });
    expect(Date.parse(body.ticket.createdAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("every ticket carries all of the contract's fields, unknown values as null", async () => {
    const session = await t.signUp();
    const reply = await call(session, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Wi-Fi", description: "Slow in room 4." },
    });
    expect(Object.keys(reply.json().ticket).sort()).toEqual(
      [
        "_id",
        "assignedTo",
        "assignment",
        "category",
        "createdAt",
        "createdBy",
        "deadline",
        "description",
        "dueAt",
        "helpfulNotes",
        "number",
        "priority",
        "relatedSkills",
        "requester",
        "resolution",
        "resolvedAt",
        "sentiment",
        "slaBreachedAt",
        "status",
        "summary",
        "title",
        "triage",
        "type",
        "updatedAt",
      ].sort(),
    );
    expect(reply.json().ticket.requester).toEqual({ _id: session.user._id, email: session.email });
  });

  it("tickets get consecutive human numbers", async () => {
    const session = await t.signUp();
    const numbers: number[] = [];
    for (const title of ["One", "Two"]) {
      const reply = await call(session, {
        method: "POST",
        url: "/api/tickets",
        payload: { title, description: title },
      });
      numbers.push(reply.json().ticket.number);
    }
    expect(numbers[1]).toBe((numbers[0] ?? 0) + 1);
  });

  it("GET /api/tickets answers {tickets, nextCursor}, newest first", async () => {
    const session = await t.signUp();
    const ids: string[] = [];
    for (const title of ["First", "Second", "Third"]) {
      const reply = await call(session, {
        method: "POST",
        url: "/api/tickets",
        payload: { title, description: "x" },
      });
      ids.push(reply.json().ticket._id);
    }
    const reply = await call(session, { method: "GET", url: "/api/tickets" });
    expect(reply.statusCode).toBe(200);
    const body = reply.json();
    expect(Object.keys(body).sort()).toEqual(["nextCursor", "tickets"]);
    expect(body.nextCursor).toBeNull();
    expect(body.tickets.map((ticket: { title: string }) => ticket.title)).toEqual([
      "Third",
      "Second",
      "First",
    ]);
    for (const ticket of body.tickets) {
      expect(ticket).toMatchObject({
        _id: expect.any(String),
        description: "x",
        status: "TODO",
        createdAt: expect.stringMatching(ISO),
      });
    }
  });

  it("GET /api/tickets/:id answers {ticket}; staff see assignedTo as {_id, email} once assigned", async () => {
    const session = await t.signUp();
    const moderator = await t.signUp("moderator");
    const created = await call(session, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Laptop will not boot", description: "Black screen." },
    });
    const id = created.json().ticket._id;
    await call(moderator, {
      method: "PUT",
      url: `/api/tickets/${id}`,
      payload: { assignedTo: moderator.user._id, priority: "high", relatedSkills: ["Hardware"] },
    });
    for (const viewer of [moderator, t.admin]) {
      const reply = await call(viewer, { method: "GET", url: `/api/tickets/${id}` });
      expect(reply.statusCode).toBe(200);
      expect(Object.keys(reply.json())).toEqual(["ticket"]);
      expect(reply.json().ticket).toMatchObject({
        _id: id,
        status: "IN_PROGRESS",
        priority: "high",
        relatedSkills: ["Hardware"],
        assignedTo: { _id: moderator.user._id, email: moderator.email },
      });
      expect(Object.keys(reply.json().ticket.assignedTo).sort()).toEqual(["_id", "email"]);
    }
  });

  it("PUT /api/tickets/:id answers {ticket}", async () => {
    const session = await t.signUp();
    const created = await call(session, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "a", description: "b" },
    });
    const reply = await call(t.admin, {
      method: "PUT",
      url: `/api/tickets/${created.json().ticket._id}`,
      payload: { status: "IN_PROGRESS" },
    });
    expect(reply.statusCode).toBe(200);
    expect(Object.keys(reply.json())).toEqual(["ticket"]);
    expect(reply.json().ticket.status).toBe("IN_PROGRESS");
  });

  it("comments answer {comment} and {comments}; history answers {events}", async () => {
    const session = await t.signUp();
    const created = await call(session, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "a", description: "b" },
    });
    const id = created.json().ticket._id;
    const posted = await call(session, {
      method: "POST",
      url: `/api/tickets/${id}/comments`,
      payload: { body: "Hello" },
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json()).toEqual({
      comment: {
        _id: expect.stringMatching(UUID),
        ticketId: id,
        author: { _id: session.user._id, email: session.email, role: "user" },
        body: "Hello",
        internal: false,
        createdAt: expect.stringMatching(ISO),
      },
    });
    const list = await call(session, { method: "GET", url: `/api/tickets/${id}/comments` });
    expect(list.json()).toEqual({ comments: [posted.json().comment] });
    const events = await call(session, { method: "GET", url: `/api/tickets/${id}/events` });
    expect(Object.keys(events.json())).toEqual(["events"]);
    expect(events.json().events[0]).toEqual({
      _id: expect.stringMatching(UUID),
      ticketId: id,
      kind: "created",
      actor: { _id: session.user._id, email: session.email },
      data: expect.any(Object),
      createdAt: expect.stringMatching(ISO),
    });
  });
});

describe("secrets", () => {
  it("no reply in this file carried a password, its hash or a token version", async () => {
    // Gather a few more replies of every kind, then scan everything received so far.
    await call(t.admin, { method: "GET", url: "/api/auth/users" });
    await call(t.admin, { method: "GET", url: "/api/tickets" });
    await call(t.admin, { method: "GET", url: "/api/auth/me" });
    expect(replies.length).toBeGreaterThan(30);
    for (const reply of replies.filter((r) => r.statusCode < 400)) {
      expect(reply.body).not.toMatch(/argon2|passwordHash|password_hash|tokenVersion|token_version/i);
      expect(reply.body).not.toMatch(/"password"/i);
      expect(reply.body).not.toContain("a-good-password");
    }
  });
});
