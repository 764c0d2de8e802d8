import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";
import { openEventStream } from "../../test/sse-reader.ts";
import { waitFor } from "../../test/wait-for.ts";
import { MAX_STREAMS_PER_ACCOUNT } from "./routes.ts";

type StreamEvent = { event: string; data: Record<string, string> };
type Stream = { events: StreamEvent[]; endedBy(): string | undefined; close(): Promise<unknown> };

let t: TestApp;
let base: string;
let moderator: Session;
const streams: Stream[] = [];

beforeAll(async () => {
  // The periodic session check is a minute away: a stream that ends in a test was ended at once.
  t = await createTestApp({ STREAM_CHECK: "60s" }, { worker: true });
  moderator = await t.signUp("moderator", { skills: ["Networking"] });
  base = await t.listen();
});
afterAll(async () => {
  for (const stream of streams) await stream.close();
  await t.close();
});

/** Opens GET /api/stream the way EventSource does, with a stream token, and collects its events (openEventStream checks for 200 and text/event-stream). */
async function openStream(session: Session): Promise<Stream> {
  const issued = await t.request(session, { method: "POST", url: "/api/stream/token" });
  expect(issued.statusCode).toBe(200);
  const events: StreamEvent[] = [];
  const opened = await openEventStream(`${base}/api/stream?token=${issued.json().token}`, ({ event, data }) =>
    events.push({ event, data: JSON.parse(data) }),
  );
  const stream: Stream = { events, endedBy: () => opened.end()?.by, close: opened.close };
  streams.push(stream);
  await waitFor(() => events.some((item) => item.event === "ready"), { what: "the stream to open" });
  return stream;
}

const ticketEvents = (stream: Stream, ticketId: string) =>
  stream.events.filter((item) => item.event === "ticket" && item.data.ticketId === ticketId);

const fileTicket = async (session: Session, title: string) =>
  (await t.fileTicket(session, title, `${title}: the VPN disconnects every few minutes.`))._id;

describe("GET /api/stream", () => {
  it("ends an open stream at once when its user signs out, and one whose role changed", async () => {
    const leaving = await t.signUp();
    const signedOut = await openStream(leaving);
    const changing = await t.signUp("moderator");
    const demoted = await openStream(changing);
    await t.request(leaving, { method: "POST", url: "/api/auth/logout" });
    await t.request(t.admin, {
      method: "PATCH",
      url: `/api/users/${changing.user._id}`,
      payload: { role: "user" },
    });
    await waitFor(() => signedOut.endedBy() === "server" && demoted.endedBy() === "server", {
      what: "the server to end both streams",
    });
  });

  it("tells the creator and staff about a ticket, live: created, then assigned", async () => {
    const creator = await t.signUp();
    const mine = await openStream(creator);
    const staff = await openStream(moderator);
    const id = await fileTicket(creator, "VPN keeps dropping");
    for (const stream of [mine, staff]) {
      await waitFor(() => {
        const kinds = ticketEvents(stream, id).map((item) => item.data.kind);
        return kinds.includes("created") && kinds.includes("assigned");
      });
    }
  });

  it("a user hears nothing of other people's tickets", async () => {
    const alice = await t.signUp();
    const bob = await t.signUp();
    const bobs = await openStream(bob);
    const alicesTicket = await fileTicket(alice, "Alice's VPN");
    const bobsTicket = await fileTicket(bob, "Bob's VPN");
    await waitFor(() => ticketEvents(bobs, bobsTicket).length > 0);
    // Events reach every stream in the order they were published: Alice's came first, and never.
    expect(ticketEvents(bobs, alicesTicket)).toEqual([]);
  });

  it("internal notes reach staff but not the creator", async () => {
    const creator = await t.signUp();
    const id = await fileTicket(creator, "Wifi slow");
    const mine = await openStream(creator);
    const staff = await openStream(moderator);
    const note = (body: string, internal: boolean) =>
      t.request(moderator, {
        method: "POST",
        url: `/api/tickets/${id}/comments`,
        payload: { body, internal },
      });
    expect((await note("Checking the access point logs.", true)).statusCode).toBe(201);
    expect((await note("We are on it.", false)).statusCode).toBe(201);
    await waitFor(
      () => ticketEvents(staff, id).filter((item) => item.data.kind === "commented").length === 2,
    );
    await waitFor(() => ticketEvents(mine, id).some((item) => item.data.kind === "commented"));
    expect(ticketEvents(mine, id).filter((item) => item.data.kind === "commented")).toHaveLength(1);
  });

  it("opens one stream per token: a second use of the same token is refused", async () => {
    const session = await t.signUp();
    const { token } = (await t.request(session, { method: "POST", url: "/api/stream/token" })).json();
    const first = await openEventStream(`${base}/api/stream?token=${token}`, () => {});
    try {
      const again = await fetch(`${base}/api/stream?token=${token}`);
      expect(again.status).toBe(401);
      expect(await again.json()).toMatchObject({ error: "unauthorized" });
    } finally {
      await first.close();
    }
    // Even once the first stream has closed.
    expect((await fetch(`${base}/api/stream?token=${token}`)).status).toBe(401);
  });

  it(`caps an account at ${MAX_STREAMS_PER_ACCOUNT} open streams, and a closed one frees a place`, async () => {
    const session = await t.signUp();
    const opened: Stream[] = [];
    for (let n = 0; n < MAX_STREAMS_PER_ACCOUNT; n++) opened.push(await openStream(session));
    const issue = async () =>
      (await t.request(session, { method: "POST", url: "/api/stream/token" })).json().token as string;
    const refused = await fetch(`${base}/api/stream?token=${await issue()}`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: "too_many_streams" });
    // Another account is not held back.
    await openStream(await t.signUp());

    await opened[0]?.close();
    await waitFor(async () => {
      const retry = await fetch(`${base}/api/stream?token=${await issue()}`);
      await retry.body?.cancel();
      return retry.status === 200;
    });
  });

  it("refuses anonymous and forged streams, and a stream token is no session token", async () => {
    expect((await fetch(`${base}/api/stream`)).status).toBe(401);
    expect((await fetch(`${base}/api/stream?token=forged`)).status).toBe(401);
    const session = await t.signUp();
    const { token } = (await t.request(session, { method: "POST", url: "/api/stream/token" })).json();
    const asBearer = await t.request(null, {
      method: "GET",
      url: "/api/auth/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asBearer.statusCode).toBe(401);
  });
});

describe("presence on a ticket", () => {
  it("staff see live who else has a ticket open and who is writing a reply; requesters never do", async () => {
    const requester = await t.signUp();
    const ticketId = await fileTicket(requester, "Presence printer");
    const watching = await openStream(moderator);
    const requesterStream = await openStream(requester);
    const colleague = await t.signUp("moderator");
    const mark = (session: Session, state: string) =>
      t.request(session, { method: "POST", url: `/api/tickets/${ticketId}/presence`, payload: { state } });

    expect((await mark(colleague, "typing")).statusCode).toBe(204);
    await waitFor(
      () =>
        watching.events.some(
          (item) =>
            item.event === "presence" &&
            JSON.stringify(item.data) ===
              JSON.stringify({
                ticketId,
                people: [{ _id: colleague.user._id, email: colleague.email, typing: true }],
              }),
        ),
      { what: "the moderator's stream to hear the colleague typing" },
    );
    const now = await t.request(moderator, { method: "GET", url: `/api/tickets/${ticketId}/presence` });
    expect(now.json()).toEqual({
      ticketId,
      people: [{ _id: colleague.user._id, email: colleague.email, typing: true }],
    });

    expect((await mark(colleague, "left")).statusCode).toBe(204);
    await waitFor(
      () =>
        watching.events.some(
          (item) => item.event === "presence" && JSON.stringify(item.data.people) === "[]",
        ),
      { what: "the colleague to be gone" },
    );
    expect(requesterStream.events.filter((item) => item.event === "presence")).toEqual([]);
  });

  it("only staff may say or ask who is on a ticket, and only in words the API knows", async () => {
    const requester = await t.signUp();
    const ticketId = await fileTicket(requester, "Presence refusals");
    const url = `/api/tickets/${ticketId}/presence`;
    expect(
      (await t.request(requester, { method: "POST", url, payload: { state: "viewing" } })).statusCode,
    ).toBe(403);
    expect((await t.request(requester, { method: "GET", url })).statusCode).toBe(403);
    const bad = await t.request(moderator, { method: "POST", url, payload: { state: "dancing" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    const unknown = await t.request(moderator, { method: "GET", url: "/api/tickets/not-a-ticket/presence" });
    expect(unknown.statusCode).toBe(404);
  });
});
