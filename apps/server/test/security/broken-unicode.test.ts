import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../harness.ts";

/**
 * Half an emoji: JSON may carry a lone surrogate (`"\ud83d"`), as a client that cuts text in the
 * middle of an emoji sends. PostgreSQL's jsonb cannot store one, so a staff change naming such a
 * skill failed as a 500 when the ticket's history was written (found by the fuzz suite).
 */

let t: TestApp;
let user: Session;
let moderator: Session;
let ticketId: string;

beforeAll(async () => {
  t = await createTestApp();
  user = await t.signUp();
  moderator = await t.signUp("moderator");
  ticketId = (await t.fileTicket(user, "Laptop", "It will not boot."))._id;
});
afterAll(() => t.close());

const HALF_EMOJIS = ["a\ud83db", "\ud83d", "\ude00 trailing", "end \ud83d"];

const change = (body: Record<string, unknown>) =>
  t.request(moderator, { method: "PATCH", url: `/api/tickets/${ticketId}`, payload: body });

describe("text with a lone surrogate", () => {
  it.each(HALF_EMOJIS)("in a staff change of skills or category (%j) is 400 invalid_text", async (text) => {
    for (const body of [{ relatedSkills: ["React", text] }, { category: text }, { resolution: text }]) {
      const reply = await change(body);
      expect(reply.statusCode, reply.body).toBe(400);
      expect(reply.json()).toEqual({ message: expect.stringMatching(/surrogate/), error: "invalid_text" });
    }
  });

  it("in a new ticket, a reply or a sign-up is 400 invalid_text", async () => {
    const replies = [
      await t.request(user, {
        method: "POST",
        url: "/api/tickets",
        payload: { title: "\ud83d", description: "d" },
      }),
      await t.request(user, {
        method: "POST",
        url: `/api/tickets/${ticketId}/comments`,
        payload: { body: "thanks \ude00" },
      }),
      await t.request(null, {
        method: "POST",
        url: "/api/auth/signup",
        payload: { email: "half@example.com", password: "a-good-password", skills: ["\ud83d"] },
      }),
    ];
    for (const reply of replies) {
      expect(reply.statusCode, reply.body).toBe(400);
      expect(reply.json().error).toBe("invalid_text");
    }
  });

  it("leaves the ticket and its history as they were", async () => {
    const events = await t.request(moderator, { method: "GET", url: `/api/tickets/${ticketId}/events` });
    expect(events.json().events.map((event: { kind: string }) => event.kind)).toEqual(["created"]);
  });

  it("whole emojis, surrogate pairs included, are kept as sent", async () => {
    // A ticket's skills come from the catalogue: the admin adds this one first.
    const added = await t.request(t.admin, {
      method: "POST",
      url: "/api/admin/skills",
      payload: { name: "React 😀" },
    });
    expect(added.statusCode, added.body).toBe(201);
    const reply = await change({ relatedSkills: ["React 😀"], category: "Hardware 🖥️" });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json().ticket).toMatchObject({ relatedSkills: ["React 😀"], category: "Hardware 🖥️" });
  });
});
