import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/** A ticket's history is a faithful record: every change once, in order, each starting where the last ended. */

let t: TestApp;
let user: Session;
let moderator: Session;

beforeAll(async () => {
  t = await createTestApp();
  user = await t.signUp();
  moderator = await t.signUp("moderator");
});
afterAll(() => t.close());

type Event = { kind: string; actor: { _id: string } | null; data: Record<string, unknown> };

const fileTicket = async () => (await t.fileTicket(user, "Keyboard types twice", "Every key repeats."))._id;

const eventsOf = async (id: string): Promise<Event[]> =>
  (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}/events` })).json().events;

describe("ticket history", () => {
  it("records each change once with its actor, oldest first", async () => {
    const id = await fileTicket();
    const steps: [Session, Record<string, unknown>][] = [
      [moderator, { status: "IN_PROGRESS" }],
      [moderator, { priority: "high" }],
      [t.admin, { status: "RESOLVED", resolution: "Replaced the keyboard." }],
      [user, { status: "TODO" }],
      [user, { status: "CLOSED" }],
    ];
    for (const [session, payload] of steps) {
      const reply = await t.request(session, { method: "PATCH", url: `/api/tickets/${id}`, payload });
      expect(reply.statusCode, reply.body).toBe(200);
    }
    const events = await eventsOf(id);
    expect(events.map((event) => [event.kind, event.actor?._id])).toEqual([
      ["created", user.user._id],
      ["status_changed", moderator.user._id],
      ["updated", moderator.user._id],
      ["status_changed", t.admin.user._id],
      ["status_changed", user.user._id],
      ["status_changed", user.user._id],
    ]);
    expect(events[3]?.data).toMatchObject({
      from: "IN_PROGRESS",
      to: "RESOLVED",
      resolution: "Replaced the keyboard.",
    });
    expect(events[2]?.data).toEqual({ changes: { priority: { from: null, to: "high" } } });
  });

  it("a change that changes nothing records nothing", async () => {
    const id = await fileTicket();
    await t.request(moderator, { method: "PATCH", url: `/api/tickets/${id}`, payload: { priority: "low" } });
    const before = await eventsOf(id);
    const again = await t.request(moderator, {
      method: "PATCH",
      url: `/api/tickets/${id}`,
      payload: { priority: "low", status: "TODO" },
    });
    expect(again.statusCode).toBe(200);
    expect(await eventsOf(id)).toEqual(before);
  });

  it("concurrent changes leave a history where each status change starts where the last one ended", async () => {
    const id = await fileTicket();
    const statuses = [
      "IN_PROGRESS",
      "WAITING",
      "IN_PROGRESS",
      "WAITING",
      "TODO",
      "WAITING",
      "IN_PROGRESS",
      "TODO",
    ];
    const replies = await Promise.all(
      statuses.map((status, i) =>
        t.request(i % 2 ? t.admin : moderator, {
          method: "PATCH",
          url: `/api/tickets/${id}`,
          payload: { status },
        }),
      ),
    );
    for (const reply of replies) expect(reply.statusCode, reply.body).toBe(200);

    const changes = (await eventsOf(id)).filter((event) => event.kind === "status_changed");
    let current = "TODO";
    for (const change of changes) {
      expect(change.data.from).toBe(current);
      expect(change.data.to).not.toBe(current);
      current = String(change.data.to);
    }
    const ticket = (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}` })).json().ticket;
    expect(ticket.status).toBe(current);
  });
});
