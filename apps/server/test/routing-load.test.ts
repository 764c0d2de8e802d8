import type { Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";
import { waitFor } from "./wait-for.ts";

/**
 * Routing weighs each person's real load, as a support team sees it: tickets filed through the
 * API, the worker routing them, and who ends up with what. (A snapshot query that counted nothing
 * once passed every test of the pure routing function.)
 */

let t: TestApp;
let requester: Session;
const patchUser = (session: Session, changes: object) =>
  t.request(t.admin, { method: "PATCH", url: `/api/users/${session.user._id}`, payload: changes });

beforeAll(async () => {
  t = await createTestApp({}, { worker: true });
  requester = await t.signUp();
  // The admin takes only what nobody else can: out of the way for these tests.
  expect((await patchUser(t.admin, { available: false })).statusCode).toBe(200);
});
afterAll(() => t.close());

async function routed(title: string, description: string): Promise<Ticket> {
  const filed = await t.fileTicket(requester, title, description);
  return waitFor(async () => {
    const { ticket } = (await t.request(t.admin, { method: "GET", url: `/api/tickets/${filed._id}` })).json();
    return ticket.assignment ? (ticket as Ticket) : undefined;
  });
}

const openTicketsOf = async (session: Session): Promise<number> => {
  const { users } = (await t.request(t.admin, { method: "GET", url: "/api/users/staff" })).json();
  return users.find((user: { _id: string }) => user._id === session.user._id).openTickets;
};

describe("routing and load", () => {
  it("a moderator at capacity gets no more tickets, and the reason shows real counts", async () => {
    const full = await t.signUp("moderator", { skills: ["PostgreSQL"] });
    const roomy = await t.signUp("moderator", { skills: ["PostgreSQL"] });
    expect((await patchUser(full, { capacity: 1 })).statusCode).toBe(200);
    expect((await patchUser(roomy, { capacity: 10 })).statusCode).toBe(200);

    const tickets: Ticket[] = [];
    for (const n of [1, 2, 3, 4]) {
      tickets.push(await routed(`Postgres replica lag ${n}`, `PostgreSQL replica number ${n} lags behind.`));
    }
    const byFull = tickets.filter((ticket) => ticket.assignedTo?._id === full.user._id);
    expect(byFull.length).toBeLessThanOrEqual(1);
    expect(
      tickets.filter((ticket) => ticket.assignedTo?._id === roomy.user._id).length,
    ).toBeGreaterThanOrEqual(3);
    expect(await openTicketsOf(full)).toBe(byFull.length);
    // The last decision saw roomy's earlier tickets.
    expect(tickets.at(-1)?.assignment?.reason).toMatch(/[1-9]\d* open tickets? of 10/);
  });

  it("equal skills go to whoever has fewer open tickets, even if they had one more recently", async () => {
    const busy = await t.signUp("moderator", { skills: ["Kubernetes"] });
    const idle = await t.signUp("moderator", { skills: ["Kubernetes"] });
    // busy gets two tickets while idle is away...
    expect((await patchUser(idle, { available: false })).statusCode).toBe(200);
    for (const n of [1, 2]) {
      const ticket = await routed(`k8s pod crash ${n}`, `Kubernetes pod number ${n} keeps crashing.`);
      expect(ticket.assignedTo?._id).toBe(busy.user._id);
    }
    // ...then idle gets one while busy is away, and resolves it: the most recent assignment, no load.
    expect((await patchUser(idle, { available: true })).statusCode).toBe(200);
    expect((await patchUser(busy, { available: false })).statusCode).toBe(200);
    const quick = await routed("k8s secret rotation", "Rotate a Kubernetes secret for the staging cluster.");
    expect(quick.assignedTo?._id).toBe(idle.user._id);
    const resolved = await t.request(idle, {
      method: "PATCH",
      url: `/api/tickets/${quick._id}`,
      payload: { status: "RESOLVED", resolution: "Rotated." },
    });
    expect(resolved.statusCode).toBe(200);
    expect((await patchUser(busy, { available: true })).statusCode).toBe(200);

    const next = await routed("k8s node not ready", "A Kubernetes node reports NotReady.");
    expect(next.assignedTo?._id).toBe(idle.user._id);
    expect(next.assignment?.reason).toContain("0 open tickets of");
  });
});
