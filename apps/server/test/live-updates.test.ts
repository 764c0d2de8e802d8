import type { TicketEvent } from "@helpdesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tickets } from "../src/db/schema.ts";
import { slaTick } from "../src/jobs/definitions.ts";
import { createTestApp, type Session, type TestApp } from "./harness.ts";
import { type EventStream, openEventStream, type ServerSentEvent } from "./sse-reader.ts";
import { waitFor } from "./wait-for.ts";

/**
 * Every change to a ticket reaches open screens, whichever domain caused it: the ticket domain
 * announces each of its operations, so a change made by the pipeline, an SLA tick or an admin's
 * role change is heard as a person's edit is.
 */

let t: TestApp;
let base: string;
const streams: EventStream[] = [];

beforeAll(async () => {
  t = await createTestApp({}, { worker: true });
  base = await t.listen();
});
afterAll(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await t.close();
});

/** What an open screen of this person hears: the ids and kinds of ticket changes, as they arrive. */
async function listen(session: Session): Promise<{ ticketId: string; kind: string }[]> {
  const { token } = (await t.request(session, { method: "POST", url: "/api/stream/token" })).json();
  const heard: { ticketId: string; kind: string }[] = [];
  let ready = false;
  const stream = await openEventStream(`${base}/api/stream?token=${token}`, (event: ServerSentEvent) => {
    if (event.event === "ready") ready = true;
    if (event.event === "ticket") heard.push(JSON.parse(event.data));
  });
  streams.push(stream);
  await waitFor(() => ready, { what: "the stream to open" });
  return heard;
}

const staffView = async (id: string) =>
  (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}` })).json().ticket;
const history = async (id: string): Promise<TicketEvent[]> =>
  (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}/events` })).json().events;

describe("changes made outside the tickets routes reach open screens", () => {
  it("a demoted moderator's tickets are released and routed again, and the requester's screen hears it", async () => {
    const leaving = await t.signUp("moderator", { skills: ["Printers"] });
    const staying = await t.signUp("moderator", { skills: ["Printers"] });
    const requester = await t.signUp();
    const filed = await t.fileTicket(requester, "Printer jam", "Paper is stuck in the printer's tray 2.");
    await waitFor(async () => (await staffView(filed._id)).assignedTo, { what: "routing" });
    const moved = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/tickets/${filed._id}`,
      payload: { assignedTo: leaving.user._id },
    });
    expect(moved.statusCode).toBe(200);
    const heard = await listen(requester);

    const demoted = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/users/${leaving.user._id}`,
      payload: { role: "user" },
    });
    expect(demoted.statusCode).toBe(200);

    const ticket = await waitFor(async () => {
      const current = await staffView(filed._id);
      return current.assignedTo && current.assignedTo._id !== leaving.user._id ? current : undefined;
    });
    // Whoever fits now: the other moderator, or an admin if the ticket's skills are nobody's.
    expect([staying.user._id, t.admin.user._id]).toContain(ticket.assignedTo._id);
    expect(ticket.assignment.rule).not.toBe("unassigned");
    const released = (await history(filed._id)).find(
      (event) => event.kind === "assigned" && event.data.from === leaving.user._id,
    );
    expect(released?.data).toMatchObject({ to: null, rule: "unassigned" });
    expect(released?.kind === "assigned" && released.data.reason).toContain(leaving.email);
    await waitFor(() => heard.filter((change) => change.ticketId === filed._id).length >= 2, {
      what: "the release and the new assignment on the requester's stream",
    });
  });

  it("a priority change moves the due date, recorded and heard by staff screens", async () => {
    const moderator = await t.signUp("moderator");
    const requester = await t.signUp();
    const filed = await t.fileTicket(requester, "Question about fonts", "Which font do we use for letters?");
    const triaged = await waitFor(async () => {
      const current = await staffView(filed._id);
      return current.dueAt ? current : undefined;
    });
    const heard = await listen(moderator);
    const priority = triaged.priority === "critical" ? "low" : "critical";

    const changed = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/tickets/${filed._id}`,
      payload: { priority },
    });
    expect(changed.statusCode).toBe(200);

    const moved = await waitFor(async () => {
      const current = await staffView(filed._id);
      return current.dueAt !== triaged.dueAt ? current : undefined;
    });
    const dueEvent = (await history(filed._id)).findLast((event) => event.kind === "due_date_set");
    expect(dueEvent?.data).toEqual({ from: triaged.dueAt, to: moved.dueAt });
    // One announcement for the edit, one for the due date that followed it.
    await waitFor(() => heard.filter((change) => change.ticketId === filed._id).length >= 2, {
      what: "the due date change on the moderator's stream",
    });
  });

  it("an SLA breach is recorded and heard by the requester's screen", async () => {
    const requester = await t.signUp();
    const filed = await t.fileTicket(
      requester,
      "Laptop will not boot",
      "It shows a black screen since today.",
    );
    await waitFor(async () => (await staffView(filed._id)).dueAt, { what: "a due date" });
    // Listening first: the every-minute tick may find the ticket late before this test's own tick.
    const heard = await listen(requester);
    // Due a minute ago: the next tick finds it late.
    await t.database.db
      .update(tickets)
      .set({ dueAt: new Date(Date.now() - 60_000) })
      .where(eq(tickets.id, filed._id));

    await t.app.jobs.send(slaTick, {});

    const breached = await waitFor(async () => {
      const current = await staffView(filed._id);
      return current.slaBreachedAt ? current : undefined;
    });
    expect((await history(filed._id)).some((event) => event.kind === "sla_breached")).toBe(true);
    expect(breached.slaBreachedAt).toBeTruthy();
    await waitFor(() => heard.some((change) => change.ticketId === filed._id), {
      what: "the breach on the requester's stream",
    });
  });
});
