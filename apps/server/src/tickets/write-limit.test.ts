import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ WRITE_RATE_LIMIT: "3" });
});
afterAll(() => t.close());

const fileTicket = (session: Session, title: string) =>
  t.request(session, { method: "POST", url: "/api/tickets", payload: { title, description: "Details." } });

describe("how fast one account may write", () => {
  it("refuses a fourth ticket or reply within a minute with 429, and other accounts carry on", async () => {
    const eager = await t.signUp();
    const first = await fileTicket(eager, "One");
    expect((await fileTicket(eager, "Two")).statusCode).toBe(201);
    const reply = await t.request(eager, {
      method: "POST",
      url: `/api/tickets/${first.json().ticket._id}/comments`,
      payload: { body: "Any news?" },
    });
    expect(reply.statusCode).toBe(201);

    const refused = await fileTicket(eager, "Four");
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: "rate_limited" });
    expect(refused.headers["retry-after"]).toBeDefined();

    expect((await fileTicket(await t.signUp(), "Someone else")).statusCode).toBe(201);
  });
});

describe("how often a creator may change their ticket", () => {
  it("refuses a fourth close or reopen within a minute with 429, and staff changes are not limited", async () => {
    const toggler = await t.signUp();
    const id = (await fileTicket(toggler, "Toggled")).json().ticket._id;
    const change = (session: Session, status: string) =>
      t.request(session, { method: "PATCH", url: `/api/tickets/${id}`, payload: { status } });
    for (const status of ["CLOSED", "TODO", "CLOSED"])
      expect((await change(toggler, status)).statusCode).toBe(200);
    const refused = await change(toggler, "TODO");
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: "rate_limited" });
    expect(refused.headers["retry-after"]).toBeDefined();
    // Refused means nothing happened: no fourth change in the history.
    const events = await t.request(toggler, { method: "GET", url: `/api/tickets/${id}/events` });
    expect(
      events.json().events.filter((event: { kind: string }) => event.kind === "status_changed"),
    ).toHaveLength(3);

    const moderator = await t.signUp("moderator");
    for (const status of ["TODO", "IN_PROGRESS", "WAITING", "IN_PROGRESS", "RESOLVED"])
      expect((await change(moderator, status)).statusCode, status).toBe(200);
  });
});
