import type { TicketEvent } from "@helpdesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";
import { waitFor } from "../../test/wait-for.ts";
import { tickets } from "../db/schema.ts";

let t: TestApp;
let user: Session;
let moderator: Session;
let ticketId: string;

beforeAll(async () => {
  t = await createTestApp({}, { worker: true });
  user = await t.signUp();
  moderator = await t.signUp("moderator");
  ticketId = (await t.fileTicket(user, "VPN drops", "The VPN drops every hour."))._id;
});
afterAll(() => t.close());

const retriage = (session: Session, id = ticketId) =>
  t.request(session, { method: "POST", url: `/api/tickets/${id}/retriage` });

describe("POST /api/tickets/:id/retriage", () => {
  const ticketOf = async (id = ticketId) =>
    (await t.request(moderator, { method: "GET", url: `/api/tickets/${id}` })).json().ticket;
  const eventsOf = async (id = ticketId): Promise<TicketEvent[]> =>
    (await t.request(moderator, { method: "GET", url: `/api/tickets/${id}/events` })).json().events;

  it("is accepted at once, and the fresh triage replaces a stale one with the due date following", async () => {
    const first = await waitFor(async () => {
      const ticket = await ticketOf();
      return ticket.dueAt ? ticket : undefined;
    });
    // A stale priority and due date, written behind the app's back so that nothing was learned from them.
    const staleDue = new Date(Date.parse(first.createdAt) + 1000);
    const stalePriority = first.priority === "critical" ? "low" : "critical";
    await t.database.db
      .update(tickets)
      .set({ priority: stalePriority, dueAt: staleDue })
      .where(eq(tickets.id, ticketId));

    const reply = await retriage(moderator);
    expect(reply.statusCode).toBe(202);
    expect(reply.json()).toMatchObject({ message: expect.any(String), ticket: { _id: ticketId } });

    const after = await waitFor(async () => {
      const ticket = await ticketOf();
      return ticket.priority !== stalePriority ? ticket : undefined;
    });
    expect(after.triage.engine).toBe("builtin");
    const events = await eventsOf();
    const retriaged = events.filter((event) => event.kind === "triaged").at(-1);
    expect(retriaged?.actor?._id).toBe(moderator.user._id);
    // Triage and due date are stored together, so the ticket that shows the new priority has its date.
    expect(after.priority).toBe(first.priority);
    expect(after.dueAt).toBe(first.dueAt);
    const moved = (await eventsOf()).findLast((event) => event.kind === "due_date_set");
    expect(moved?.data).toEqual({ from: staleDue.toISOString(), to: first.dueAt });
  });

  it("a user may not retriage", async () => {
    expect((await retriage(user)).statusCode).toBe(403);
  });

  it("an unknown ticket is not found", async () => {
    expect((await retriage(moderator, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
  });
});
