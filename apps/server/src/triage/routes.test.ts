import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";
import { tickets } from "../db/schema.ts";

let t: TestApp;
let user: Session;
let moderator: Session;
let ticketId: string;

beforeAll(async () => {
  t = await createTestApp();
  user = await t.signUp();
  moderator = await t.signUp("moderator");
  ticketId = (await t.fileTicket(user, "VPN drops", "The VPN drops every hour."))._id;
});
afterAll(() => t.close());

const retriage = (session: Session, id = ticketId) =>
  t.request(session, { method: "POST", url: `/api/tickets/${id}/retriage` });

describe("POST /api/tickets/:id/retriage", () => {
  it("a moderator gets the ticket back with a fresh triage", async () => {
    const reply = await retriage(moderator);
    expect(reply.statusCode).toBe(200);
    const { ticket } = reply.json();
    expect(ticket._id).toBe(ticketId);
    expect(ticket.triage.engine).toBe("builtin");
    expect(ticket.priority).toBeTruthy();
  });

  it("a new priority from a retriage moves the due date with it, as a person's change would", async () => {
    // A stale priority, written behind the app's back so that nothing was learned from it.
    await t.database.db.update(tickets).set({ priority: "critical" }).where(eq(tickets.id, ticketId));
    const { ticket } = (await retriage(moderator)).json();
    expect(ticket.priority).not.toBe("critical");
    const { jobs } = (await t.request(t.admin, { method: "GET", url: "/api/admin/jobs" })).json();
    const names = jobs
      .filter((job: { ticketId: string | null }) => job.ticketId === ticketId)
      .map((job: { name: string }) => job.name);
    expect(names).toContain("ticket.reprioritized");
  });

  it("a user may not retriage", async () => {
    expect((await retriage(user)).statusCode).toBe(403);
  });

  it("an unknown ticket is not found", async () => {
    expect((await retriage(moderator, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
  });
});
