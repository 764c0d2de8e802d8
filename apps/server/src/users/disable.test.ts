import type { TicketEvent } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";
import { type EventStream, openEventStream } from "../../test/sse-reader.ts";
import { waitFor } from "../../test/wait-for.ts";

/** An admin ends a compromised account: disable and enable it, or end all its sessions. */

let t: TestApp;
let base: string;
const streams: EventStream[] = [];

beforeAll(async () => {
  // Open streams re-check their session every second, so a test sees an ended one close quickly.
  t = await createTestApp({ STREAM_CHECK: "1s" }, { worker: true });
  base = await t.listen();
});
afterAll(async () => {
  for (const stream of streams) await stream.close();
  await t.close();
});

const act = (session: Session, id: string, action: "disable" | "enable" | "end-sessions") =>
  t.request(session, { method: "POST", url: `/api/users/${id}/${action}` });
const me = (session: Session) => t.request(session, { method: "GET", url: "/api/auth/me" });
const signIn = (email: string, password: string) =>
  t.request(null, { method: "POST", url: "/api/auth/login", payload: { email, password } });
const staffView = async (id: string) =>
  (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}` })).json().ticket;

async function openStream(session: Session): Promise<EventStream> {
  const { token } = (await t.request(session, { method: "POST", url: "/api/stream/token" })).json();
  let ready = false;
  const stream = await openEventStream(`${base}/api/stream?token=${token}`, (event) => {
    if (event.event === "ready") ready = true;
  });
  streams.push(stream);
  await waitFor(() => ready, { what: "the stream to open" });
  return stream;
}

describe("disabling an account", () => {
  it("stops its tokens and its open stream at once, refuses its sign-in, and enabling lets it sign in again", async () => {
    const target = await t.signUp();
    const stream = await openStream(target);

    const disabled = await act(t.admin, target.user._id, "disable");
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().user).toMatchObject({ _id: target.user._id, disabledAt: expect.any(String) });
    expect((await me(target)).statusCode).toBe(401);
    await waitFor(() => stream.end()?.by === "server", { what: "the disabled account's stream to end" });

    // The right password learns the account is disabled; a wrong one learns nothing new.
    const refused = await signIn(target.email, target.password);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ message: expect.stringMatching(/disabled/), error: "account_disabled" });
    expect((await signIn(target.email, "not-the-password")).json().error).toBe("invalid_credentials");

    const listed = (
      await t.request(t.admin, { method: "GET", url: `/api/auth/users?q=${target.email}` })
    ).json();
    expect(listed).toEqual([
      expect.objectContaining({ _id: target.user._id, disabledAt: expect.any(String) }),
    ]);

    const enabled = await act(t.admin, target.user._id, "enable");
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().user.disabledAt).toBeNull();
    expect((await me(target)).statusCode).toBe(401);
    const again = await signIn(target.email, target.password);
    expect(again.statusCode).toBe(200);
    expect((await me({ ...target, token: again.json().token })).statusCode).toBe(200);
  });

  it("sends a moderator's open tickets back to routing, and routing and hand assignment pass them by", async () => {
    const leaving = await t.signUp("moderator", { skills: ["Plotters"] });
    const staying = await t.signUp("moderator", { skills: ["Plotters"] });
    const requester = await t.signUp();
    const filed = await t.fileTicket(requester, "Plotter jam", "The plotter's paper is stuck in the roller.");
    await waitFor(async () => (await staffView(filed._id)).assignedTo ?? undefined, { what: "routing" });
    const moved = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/tickets/${filed._id}`,
      payload: { assignedTo: leaving.user._id },
    });
    expect(moved.statusCode).toBe(200);

    expect((await act(t.admin, leaving.user._id, "disable")).statusCode).toBe(200);

    const rerouted = await waitFor(async () => {
      const current = await staffView(filed._id);
      return current.assignedTo && current.assignedTo._id !== leaving.user._id ? current : undefined;
    });
    expect([staying.user._id, t.admin.user._id]).toContain(rerouted.assignedTo._id);
    const events: TicketEvent[] = (
      await t.request(t.admin, { method: "GET", url: `/api/tickets/${filed._id}/events` })
    ).json().events;
    const released = events.find(
      (event) => event.kind === "assigned" && event.data.from === leaving.user._id,
    );
    expect(released?.kind === "assigned" && released.data.reason).toBe(
      `${leaving.email}'s account was disabled; waiting for routing`,
    );

    const next = await t.fileTicket(requester, "Plotter jam again", "The plotter's roller jams again.");
    const routed = await waitFor(async () => (await staffView(next._id)).assignedTo ?? undefined, {
      what: "routing of the next ticket",
    });
    expect(routed._id).not.toBe(leaving.user._id);
    const staff = (await t.request(t.admin, { method: "GET", url: "/api/users/staff" })).json().users;
    expect(staff.map((member: { _id: string }) => member._id)).not.toContain(leaving.user._id);
    const byHand = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/tickets/${next._id}`,
      payload: { assignedTo: leaving.user._id },
    });
    expect(byHand.statusCode).toBe(400);
    expect(byHand.json().message).toMatch(/disabled/);
  });

  it("refuses the last admin who can sign in, whether disabled or demoted", async () => {
    const refused = await act(t.admin, t.admin.user._id, "disable");
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toBe("last_admin");

    const other = await t.signUp("admin");
    expect((await act(t.admin, other.user._id, "disable")).statusCode).toBe(200);
    // The other admin is disabled: this one is the last who can administer anything.
    expect((await act(t.admin, t.admin.user._id, "disable")).statusCode).toBe(409);
    const demote = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/users/${t.admin.user._id}`,
      payload: { role: "moderator" },
    });
    expect(demote.statusCode).toBe(409);
    expect((await me(t.admin)).json().user.role).toBe("admin");
  });

  it("answers 404 for an account that does not exist", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      for (const action of ["disable", "enable", "end-sessions"] as const) {
        expect((await act(t.admin, id, action)).statusCode).toBe(404);
      }
    }
  });
});

describe("ending all sessions of an account", () => {
  it("stops every token and open stream at once; the account may sign in again", async () => {
    const target = await t.signUp("moderator");
    const second = await signIn(target.email, target.password);
    const stream = await openStream(target);

    const ended = await act(t.admin, target.user._id, "end-sessions");
    expect(ended.statusCode).toBe(200);
    expect(ended.json().user).toMatchObject({ _id: target.user._id, disabledAt: null });
    expect((await me(target)).statusCode).toBe(401);
    expect((await me({ ...target, token: second.json().token })).statusCode).toBe(401);
    await waitFor(() => stream.end()?.by === "server", { what: "the stream to end" });

    expect((await signIn(target.email, target.password)).statusCode).toBe(200);
  });
});
