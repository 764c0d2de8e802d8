import type { Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/** Bulk actions on the list: one change to many tickets, as if made to each by hand. */
let t: TestApp;
let requester: Session;
let mo: Session;
beforeAll(async () => {
  t = await createTestApp();
  requester = await t.signUp();
  mo = await t.signUp("moderator");
});
afterAll(() => t.close());

const bulk = (session: Session, payload: Record<string, unknown>) =>
  t.request(session, { method: "POST", url: "/api/tickets/bulk", payload });
const ticket = async (id: string): Promise<Ticket> =>
  (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}` })).json().ticket;
const events = async (id: string): Promise<{ kind: string; actor: { _id: string } | null }[]> =>
  (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}/events` })).json().events;

describe("bulk changes", () => {
  it("change every chosen ticket with the same history a change by hand leaves, by the person who did it", async () => {
    const filed = await Promise.all(
      ["Printer A jams", "Printer B jams", "Printer C jams"].map((title) => t.fileTicket(requester, title)),
    );
    const ids = filed.map((item) => item._id);
    const changes = { priority: "high", assignedTo: mo.user._id };
    const byHand = await t.fileTicket(requester, "Printer D jams");
    await t.request(mo, { method: "PATCH", url: `/api/tickets/${byHand._id}`, payload: changes });
    const kindsByHand = (await events(byHand._id))
      .filter((event) => event.actor?._id === mo.user._id)
      .map((event) => event.kind);
    expect(kindsByHand).toContain("assigned");
    const reply = await bulk(mo, { ids, changes });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toEqual({ updated: ids, failed: [] });
    for (const id of ids) {
      const changed = await ticket(id);
      expect(changed.priority).toBe("high");
      expect(changed.assignedTo?._id).toBe(mo.user._id);
      const mine = (await events(id)).filter((event) => event.actor?._id === mo.user._id);
      expect(mine.map((event) => event.kind)).toEqual(kindsByHand);
    }
  });

  it("change the tickets they can and say why not for the others", async () => {
    const open = await t.fileTicket(requester, "Monitor flickers");
    const missing = "00000000-0000-4000-8000-000000000000";
    const reply = await bulk(mo, { ids: [open._id, missing], changes: { status: "WAITING" } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().updated).toEqual([open._id]);
    expect(reply.json().failed).toEqual([{ _id: missing, message: expect.any(String), error: "not_found" }]);
    expect((await ticket(open._id)).status).toBe("WAITING");
  });

  it("are for staff only, and refuse an empty or doubled choice with a clear message", async () => {
    const own = await t.fileTicket(requester, "Keyboard broken");
    expect((await bulk(requester, { ids: [own._id], changes: { status: "CLOSED" } })).statusCode).toBe(403);
    for (const payload of [
      { ids: [], changes: { priority: "low" } },
      { ids: [own._id, own._id], changes: { priority: "low" } },
      { ids: [own._id], changes: {} },
    ]) {
      const reply = await bulk(mo, payload);
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({ message: expect.any(String), error: expect.any(String) });
    }
    expect((await ticket(own._id)).status).toBe("TODO");
  });
});
