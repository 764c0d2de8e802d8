import type { Ticket, User } from "@helpdesk/contracts";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi, type Route } from "../test-kit/fake-api.ts";
import { makeComment, makeEvent, makeStaffMember, makeTicket, makeUser, NOW } from "../test-kit/fixtures.ts";
import { renderPage as renderSignedIn, resetTestWorld } from "../test-kit/render.tsx";
import { TicketPage } from "./ticket.tsx";

const requester = makeUser({ _id: "u-req", email: "requester@example.com", role: "user" });
const moderator = makeUser({ _id: "u-mod", email: "mod@example.com", role: "moderator" });
const other = makeUser({ _id: "u-oth", email: "other@example.com", role: "moderator" });
const ref = (user: User) => ({ _id: user._id, email: user.email });

const staffView: Partial<Ticket> = {
  helpfulNotes: "## Checklist\n- Check the **gateway** logs",
  sentiment: { label: "negative", score: -0.4 },
  triage: {
    engine: "builtin",
    model: "builtin",
    version: "3",
    durationMs: 12,
    confidence: { priority: 0.82, category: 0.4 },
  },
  assignment: {
    rule: "skills",
    reason: "Covers 1 of 1 skills (VPN); 2 open tickets of 10",
    matchedSkills: ["VPN"],
    score: 1,
    runnerUp: { _id: other._id, email: other.email, score: 0 },
    decidedBy: "routing",
    decidedAt: NOW,
  },
};

const comments = [
  makeComment({ _id: "c1", body: "Please update your client.", internal: false }),
  makeComment({ _id: "c2", body: "Gateway logs show rekey drops.", internal: true }),
];

const events = [
  makeEvent("created", { number: 7 }, { actor: ref(requester) }),
  makeEvent("assigned", { from: null, to: moderator._id, rule: "skills" }),
];

/** The API as `viewer` sees ticket t1 (null: not found for them), with `overrides` for what a test changes. */
function fakeApiFor(viewer: User, ticket: Ticket | null, overrides: Record<string, Route> = {}) {
  const staff = viewer.role !== "user";
  return fakeApi({
    "GET /api/auth/me": { body: { user: viewer } },
    "GET /api/tickets/t1": ticket
      ? { body: { ticket } }
      : { status: 404, body: { message: "Ticket not found", error: "not_found" } },
    "GET /api/tickets/t1/comments": {
      body: { comments: staff ? comments : comments.filter((c) => !c.internal) },
    },
    "GET /api/tickets/t1/events": { body: { events } },
    "GET /api/users/staff": {
      body: { users: [moderator, other].map((member) => makeStaffMember({ ...member, openTickets: 2 })) },
    },
    "GET /api/users/skills": { body: { skills: ["VPN", "Networking"] } },
    "PATCH /api/tickets/t1": { body: { ticket } },
    "POST /api/tickets/t1/comments": { status: 201, body: { comment: comments[0] } },
    ...overrides,
  });
}

const renderPage = (viewer: User) =>
  renderSignedIn(<TicketPage />, { as: viewer, at: "/tickets/t1", route: "/tickets/:id" });

afterEach(resetTestWorld);

describe("the ticket page for its requester", () => {
  it("shows the ticket and public replies, without the team's material", async () => {
    fakeApiFor(requester, makeTicket());
    renderPage(requester);
    expect(await screen.findByRole("heading", { name: /VPN drops every few minutes/ })).toBeTruthy();
    expect(screen.getByText(/Since this morning/).textContent).toBe("Since this morning\n  the VPN drops.");
    expect(screen.getByText("The VPN connection drops repeatedly.")).toBeTruthy();
    expect(await screen.findByText("Please update your client.")).toBeTruthy();
    expect(screen.getAllByText(moderator.email).length).toBeGreaterThan(0);
    expect(screen.queryByText("Gateway logs show rekey drops.")).toBeNull();
    expect(screen.queryByText("AI notes for the agent")).toBeNull();
    expect(screen.queryByRole("heading", { name: "History" })).toBeNull();
    expect(screen.queryByLabelText("Internal note")).toBeNull();
    expect(screen.queryByRole("button", { name: "Save changes" })).toBeNull();
  });

  it("names the ticket in the tab title", async () => {
    fakeApiFor(requester, makeTicket());
    renderPage(requester);
    await screen.findByRole("heading", { name: /VPN drops every few minutes/ });
    expect(document.title).toBe("#7 VPN drops every few minutes · Helpdesk");
  });

  it("closes an open ticket", async () => {
    const server = fakeApiFor(requester, makeTicket());
    renderPage(requester);
    fireEvent.click(await screen.findByRole("button", { name: "Close ticket" }));
    await waitFor(() => expect(server.sentTo("PATCH /api/tickets/t1")).toContainEqual({ status: "CLOSED" }));
  });

  it("reopens a resolved ticket and shows how it was resolved", async () => {
    const server = fakeApiFor(
      requester,
      makeTicket({ status: "RESOLVED", resolution: "Updated the client to 5.2.", resolvedAt: NOW }),
    );
    renderPage(requester);
    expect(await screen.findByText("Updated the client to 5.2.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Close ticket" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Reopen ticket" }));
    await waitFor(() => expect(server.sentTo("PATCH /api/tickets/t1")).toContainEqual({ status: "TODO" }));
  });

  it("shows the server's message when a change is refused", async () => {
    fakeApiFor(requester, makeTicket(), {
      "PATCH /api/tickets/t1": {
        status: 403,
        body: { message: "You can close your ticket", error: "forbidden" },
      },
    });
    renderPage(requester);
    fireEvent.click(await screen.findByRole("button", { name: "Close ticket" }));
    expect((await screen.findByRole("alert")).textContent).toBe("You can close your ticket");
  });

  it("says a ticket that is not theirs cannot be found", async () => {
    fakeApiFor(requester, null);
    renderPage(requester);
    expect(await screen.findByRole("heading", { name: "We cannot find this ticket" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Back to tickets" })).toBeTruthy();
  });
});

describe("the ticket page for staff", () => {
  it("shows internal notes marked, AI notes, triage, routing and history", async () => {
    fakeApiFor(moderator, makeTicket(staffView));
    renderPage(moderator);
    const note = (await screen.findByText("Gateway logs show rekey drops.")).closest("li");
    expect(note && within(note).getByText("Internal note")).toBeTruthy();
    expect(screen.getByText("AI notes for the agent")).toBeTruthy();
    expect(screen.getByText("gateway").tagName).toBe("STRONG");
    const confidence = screen.getByText("82%").parentElement as HTMLElement;
    expect(confidence.textContent).toBe("Priority82%");
    expect(confidence.querySelector("progress")?.value).toBe(82);
    expect(screen.getByText("Covers 1 of 1 skills (VPN); 2 open tickets of 10")).toBeTruthy();
    const runnerUp = screen.getByText("Runner-up").nextElementSibling as HTMLElement;
    expect(runnerUp.textContent).toBe(`${other.email} (0%)`);
    expect(await screen.findByText("Assigned to mod@example.com (Skills match)")).toBeTruthy();
    expect(screen.getByText("Opened ticket #7")).toBeTruthy();
  });

  it("adds an internal note", async () => {
    const server = fakeApiFor(moderator, makeTicket(staffView));
    renderPage(moderator);
    fireEvent.click(await screen.findByLabelText("Internal note"));
    fireEvent.change(screen.getByLabelText("Reply"), { target: { value: "Escalating to network team" } });
    fireEvent.click(screen.getByRole("button", { name: "Add note" }));
    await waitFor(() =>
      expect(server.sentTo("POST /api/tickets/t1/comments")).toContainEqual({
        body: "Escalating to network team",
        internal: true,
      }),
    );
  });

  it("names who else has the ticket open and who is writing, and says it is here itself", async () => {
    const server = fakeApiFor(moderator, makeTicket(staffView), {
      "GET /api/tickets/t1/presence": {
        body: {
          ticketId: "t1",
          people: [
            { _id: moderator._id, email: moderator.email, typing: false },
            { _id: other._id, email: other.email, typing: true },
          ],
        },
      },
      "POST /api/tickets/t1/presence": { status: 204 },
    });
    renderPage(moderator);
    expect(await screen.findByText("Also here:")).toBeTruthy();
    expect(await screen.findByText(/writing a reply/)).toBeTruthy();
    expect(screen.getAllByText(other.email).length).toBeGreaterThan(0);
    await waitFor(() =>
      expect(server.sentTo("POST /api/tickets/t1/presence")).toContainEqual({ state: "viewing" }),
    );
    fireEvent.change(await screen.findByLabelText("Reply"), { target: { value: "On it" } });
    await waitFor(() =>
      expect(server.sentTo("POST /api/tickets/t1/presence")).toContainEqual({ state: "typing" }),
    );
  });

  it("warns before sending when someone replied meanwhile, and sends when told to", async () => {
    const server = fakeApiFor(moderator, makeTicket(staffView));
    const { queryClient } = renderPage(moderator);
    await screen.findByText("Please update your client.");
    fireEvent.change(screen.getByLabelText("Reply"), { target: { value: "Try restarting the router" } });
    const colleagues = makeComment({
      _id: "c9",
      body: "Router replaced this morning.",
      author: { ...ref(other), role: "moderator" },
    });
    queryClient.setQueryData(["ticket", "t1", "comments"], [...comments, colleagues]);
    await screen.findByText("Router replaced this morning.");
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    expect(await screen.findByText(/other@example.com added a reply while you were writing/)).toBeTruthy();
    expect(server.sentTo("POST /api/tickets/t1/comments")).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Send anyway" }));
    await waitFor(() =>
      expect(server.sentTo("POST /api/tickets/t1/comments")).toContainEqual({
        body: "Try restarting the router",
        internal: false,
      }),
    );
  });

  it("saves only what was changed", async () => {
    const server = fakeApiFor(moderator, makeTicket(staffView));
    renderPage(moderator);
    const save = await screen.findByRole("button", { name: "Save changes" });
    expect(save.hasAttribute("disabled")).toBe(true);
    fireEvent.change(screen.getByLabelText("Priority"), { target: { value: "critical" } });
    fireEvent.change(screen.getByLabelText("Assignee"), { target: { value: other._id } });
    fireEvent.click(save);
    await waitFor(() =>
      expect(server.sentTo("PATCH /api/tickets/t1")).toContainEqual({
        priority: "critical",
        assignedTo: other._id,
      }),
    );
  });

  it("resolves with a resolution and shows the server's message when refused", async () => {
    const server = fakeApiFor(moderator, makeTicket(staffView), {
      "PATCH /api/tickets/t1": {
        status: 409,
        body: { message: "A CLOSED ticket cannot become RESOLVED", error: "invalid_transition" },
      },
    });
    renderPage(moderator);
    fireEvent.change(await screen.findByLabelText("Status"), { target: { value: "RESOLVED" } });
    fireEvent.change(screen.getByLabelText(/Resolution/), { target: { value: "Client 5.2 fixes it" } });
    fireEvent.click(screen.getByRole("button", { name: "Save and resolve" }));
    await waitFor(() =>
      expect(server.sentTo("PATCH /api/tickets/t1")).toContainEqual({
        status: "RESOLVED",
        resolution: "Client 5.2 fixes it",
      }),
    );
    expect((await screen.findByRole("alert")).textContent).toBe("A CLOSED ticket cannot become RESOLVED");
  });

  it("offers only the status moves the server allows from where the ticket is", async () => {
    fakeApiFor(moderator, makeTicket({ ...staffView, status: "RESOLVED", resolvedAt: NOW }));
    renderPage(moderator);
    const status = (await screen.findByLabelText("Status")) as HTMLSelectElement;
    const offered = [...status.options].map((option) => option.value);
    expect(offered).toEqual(["TODO", "IN_PROGRESS", "RESOLVED", "CLOSED"]);
  });
});
