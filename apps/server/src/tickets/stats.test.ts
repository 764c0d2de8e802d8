import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";

let t: TestApp;
let moderator: Session;
beforeAll(async () => {
  t = await createTestApp();
  moderator = await t.signUp("moderator");
});
afterAll(() => t.close());

const fileTicket = async (title: string) => (await t.fileTicket(await t.signUp(), title))._id;

const change = (id: string, payload: object) =>
  t.request(t.admin, { method: "PATCH", url: `/api/tickets/${id}`, payload });

describe("GET /api/admin/stats", () => {
  it("counts today's tickets by priority, open work by status and category, and each person's load", async () => {
    const urgent = await fileTicket("Checkout broken");
    const minor = await fileTicket("Typo on the pricing page");
    const done = await fileTicket("Reset my password");
    await change(urgent, { priority: "critical", category: "Billing", assignedTo: moderator.user._id });
    await change(minor, { priority: "low", category: "Website" });
    await change(done, { status: "RESOLVED" });

    const reply = await t.request(t.admin, { method: "GET", url: "/api/admin/stats?days=7" });
    expect(reply.statusCode).toBe(200);
    const stats = reply.json();
    expect(stats.ticketsPerDay).toHaveLength(7);
    expect(stats.ticketsPerDay.at(-1)).toMatchObject({
      day: new Date().toISOString().slice(0, 10),
      critical: 1,
      low: 1,
      untriaged: 1,
    });
    expect(stats.openByStatus).toEqual({ TODO: 1, IN_PROGRESS: 1, WAITING: 0 });
    expect(stats.openByCategory).toEqual([
      { category: "Billing", count: 1 },
      { category: "Website", count: 1 },
    ]);
    expect(stats.loadPerStaff.find((row: { _id: string }) => row._id === moderator.user._id)).toMatchObject({
      open: 1,
      capacity: 20,
    });
    expect(stats.medianMinutesToAssign).toBeGreaterThanOrEqual(0);
    expect(stats.medianMinutesToResolve).toBeGreaterThanOrEqual(0);
    expect(stats.slaBreaches).toEqual({ open: 0, inPeriod: 0 });
  });

  it("is for admins only", async () => {
    expect((await t.request(moderator, { method: "GET", url: "/api/admin/stats" })).statusCode).toBe(403);
  });
});
