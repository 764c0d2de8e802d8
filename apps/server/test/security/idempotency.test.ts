import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../harness.ts";

/**
 * Replayed POSTs (a retry after a lost reply, a double click, a client that sends ten at once) with
 * an Idempotency-Key create once and answer every replay with the first reply.
 */

let t: TestApp;
let user: Session;

beforeAll(async () => {
  t = await createTestApp();
  user = await t.signUp();
});
afterAll(() => t.close());

const post = (session: Session, url: string, payload: object, key?: string) =>
  t.request(session, {
    method: "POST",
    url,
    payload,
    headers: key === undefined ? {} : { "idempotency-key": key },
  });

const replayed = (replies: LightMyRequestResponse[]) =>
  replies.filter((reply) => reply.headers["idempotent-replayed"] === "true").length;

describe("POST with an Idempotency-Key", () => {
  it("ten identical comments at once make one comment, one history entry, and ten equal replies", async () => {
    const ticket = await t.fileTicket(user, "VPN drops", "The VPN drops every hour.");
    const url = `/api/tickets/${ticket._id}/comments`;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => post(user, url, { body: "Any news?" }, "comment-once")),
    );
    expect(replies.map((reply) => reply.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((reply) => reply.json().comment._id)).size).toBe(1);
    expect(replayed(replies)).toBe(9);

    const comments = (await t.request(user, { method: "GET", url })).json().comments;
    expect(comments).toHaveLength(1);
    const events = (await t.request(user, { method: "GET", url: `/api/tickets/${ticket._id}/events` })).json()
      .events as { kind: string }[];
    expect(events.filter((event) => event.kind === "commented")).toHaveLength(1);
  });

  it("five identical tickets at once make one ticket; a later replay gets the first reply again", async () => {
    const session = await t.signUp();
    const payload = { title: "Printer jams", description: "The printer jams on every page." };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => post(session, "/api/tickets", payload, "ticket-once")),
    );
    expect(replies.map((reply) => reply.statusCode)).toEqual(Array(5).fill(201));
    const [first] = replies;
    for (const reply of replies) expect(reply.json()).toEqual(first?.json());

    const later = await post(session, "/api/tickets", payload, "ticket-once");
    expect(later.statusCode).toBe(201);
    expect(later.json()).toEqual(first?.json());
    const mine = (await t.request(session, { method: "GET", url: "/api/tickets" })).json().tickets;
    expect(mine).toHaveLength(1);
  });

  it("refuses the same key with another request, and keeps keys apart per account", async () => {
    const session = await t.signUp();
    const filed = await post(session, "/api/tickets", { title: "One", description: "First." }, "shared-key");
    expect(filed.statusCode).toBe(201);
    const other = await post(session, "/api/tickets", { title: "Two", description: "Second." }, "shared-key");
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ error: "idempotency_key_reused" });

    const someoneElse = await t.signUp();
    const theirs = await post(
      someoneElse,
      "/api/tickets",
      { title: "One", description: "First." },
      "shared-key",
    );
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().ticket._id).not.toBe(filed.json().ticket._id);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("a request that failed keeps no reply: the same key tries again", async () => {
    const session = await t.signUp();
    const notMine = await t.fileTicket(user, "Someone else's", "Not for this session.");
    const url = `/api/tickets/${notMine._id}/comments`;
    for (let n = 0; n < 2; n++) {
      const reply = await post(session, url, { body: "Let me in" }, "failing-key");
      expect(reply.statusCode).toBe(404);
    }
  });

  it("refuses a malformed key, and without a key each POST creates", async () => {
    const session = await t.signUp();
    const payload = { title: "Wifi slow", description: "The wifi is slow." };
    for (const key of ["", "k".repeat(256), "naïve"]) {
      const reply = await post(session, "/api/tickets", payload, key);
      expect(reply.statusCode, JSON.stringify(key)).toBe(400);
      expect(reply.json()).toMatchObject({ error: "invalid_idempotency_key" });
    }
    for (let n = 0; n < 2; n++) expect((await post(session, "/api/tickets", payload)).statusCode).toBe(201);
    const mine = (await t.request(session, { method: "GET", url: "/api/tickets" })).json().tickets;
    expect(mine).toHaveLength(2);
  });
});
