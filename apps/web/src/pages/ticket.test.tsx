import type { Comment, Ticket, TicketEvent, User } from "@helpdesk/contracts";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { userKeys } from "../api/users.ts";
import { SessionProvider } from "../session/session.tsx";
import { TicketPage } from "./ticket.tsx";

const NOW = new Date().toISOString();
const person = (id: string, email: string, role: User["role"]): User => ({
  _id: id,
  email,
  role,
  skills: [],
  available: true,
  capacity: 10,
  createdAt: NOW,
});
const requester = person("u-req", "requester@example.com", "user");
const moderator = person("u-mod", "mod@example.com", "moderator");
const other = person("u-oth", "other@example.com", "moderator");

function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    _id: "t1",
    number: 7,
    title: "VPN drops every few minutes",
    description: "Since this morning\n  the VPN drops.",
    status: "IN_PROGRESS",
    priority: "high",
    category: "Network",
    type: "incident",
    summary: "The VPN connection drops repeatedly.",
    helpfulNotes: null,
    relatedSkills: ["VPN"],
    sentiment: null,
    triage: null,
    createdBy: requester._id,
    requester: { _id: requester._id, email: requester.email },
    assignedTo: { _id: moderator._id, email: moderator.email },
    assignment: null,
    dueAt: NOW,
    deadline: NOW,
    slaBreachedAt: null,
    resolution: null,
    createdAt: NOW,
    updatedAt: NOW,
    resolvedAt: null,
    ...overrides,
  };
}

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

const comments: Comment[] = [
  {
    _id: "c1",
    ticketId: "t1",
    author: { _id: moderator._id, email: moderator.email, role: "moderator" },
    body: "Please update your client.",
    internal: false,
    createdAt: NOW,
  },
  {
    _id: "c2",
    ticketId: "t1",
    author: { _id: moderator._id, email: moderator.email, role: "moderator" },
    body: "Gateway logs show rekey drops.",
    internal: true,
    createdAt: NOW,
  },
];

const events: TicketEvent[] = [
  { _id: "e1", ticketId: "t1", kind: "created", actor: requester, data: { number: 7 }, createdAt: NOW },
  {
    _id: "e2",
    ticketId: "t1",
    kind: "assigned",
    actor: null,
    data: { from: null, to: moderator._id, rule: "skills" },
    createdAt: NOW,
  },
];

type Call = { method: string; path: string; body: unknown };
type Reply = { status: number; body: unknown };

/** A fake API: answers by method and path, and remembers what the page sent. */
function fakeApi(viewer: User, ticket: Ticket | null, overrides: Record<string, Reply> = {}) {
  const calls: Call[] = [];
  const staff = viewer.role !== "user";
  const routes: Record<string, Reply> = {
    "GET /api/auth/me": { status: 200, body: { user: viewer } },
    "GET /api/tickets/t1": ticket
      ? { status: 200, body: { ticket } }
      : { status: 404, body: { message: "Ticket not found", error: "not_found" } },
    "GET /api/tickets/t1/comments": {
      status: 200,
      body: { comments: staff ? comments : comments.filter((c) => !c.internal) },
    },
    "GET /api/tickets/t1/events": { status: 200, body: { events } },
    "GET /api/users/staff": { status: 200, body: { users: [moderator, other] } },
    "GET /api/users/skills": { status: 200, body: { skills: ["VPN", "Networking"] } },
    "PATCH /api/tickets/t1": { status: 200, body: { ticket } },
    "POST /api/tickets/t1/comments": { status: 201, body: { comment: comments[0] } },
    ...overrides,
  };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      const path = new URL(url, "http://localhost").pathname;
      calls.push({ method, path, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const reply = routes[`${method} ${path}`] ?? {
        status: 500,
        body: { message: "unexpected", error: "x" },
      };
      return new Response(JSON.stringify(reply.body), {
        status: reply.status,
        headers: { "content-type": "application/json" },
      });
    }),
  );
  return calls;
}

function renderPage(viewer: User) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(userKeys.me, viewer);
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <MemoryRouter initialEntries={["/tickets/t1"]}>
          <Routes>
            <Route path="/tickets/:id" element={<TicketPage />} />
          </Routes>
        </MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => localStorage.setItem("helpdesk.session", "token"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("the ticket page for its requester", () => {
  it("shows the ticket and public replies, without the team's material", async () => {
    fakeApi(requester, makeTicket());
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

  it("closes an open ticket", async () => {
    const calls = fakeApi(requester, makeTicket());
    renderPage(requester);
    fireEvent.click(await screen.findByRole("button", { name: "Close ticket" }));
    await waitFor(() =>
      expect(calls).toContainEqual({ method: "PATCH", path: "/api/tickets/t1", body: { status: "CLOSED" } }),
    );
  });

  it("reopens a resolved ticket and shows how it was resolved", async () => {
    const calls = fakeApi(
      requester,
      makeTicket({ status: "RESOLVED", resolution: "Updated the client to 5.2.", resolvedAt: NOW }),
    );
    renderPage(requester);
    expect(await screen.findByText("Updated the client to 5.2.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Close ticket" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Reopen ticket" }));
    await waitFor(() =>
      expect(calls).toContainEqual({ method: "PATCH", path: "/api/tickets/t1", body: { status: "TODO" } }),
    );
  });

  it("shows the server's message when a change is refused", async () => {
    fakeApi(requester, makeTicket(), {
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
    fakeApi(requester, null);
    renderPage(requester);
    expect(await screen.findByRole("heading", { name: "We cannot find this ticket" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Back to tickets" })).toBeTruthy();
  });
});

describe("the ticket page for staff", () => {
  it("shows internal notes marked, AI notes, triage, routing and history", async () => {
    fakeApi(moderator, makeTicket(staffView));
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
    const calls = fakeApi(moderator, makeTicket(staffView));
    renderPage(moderator);
    fireEvent.click(await screen.findByLabelText("Internal note"));
    fireEvent.change(screen.getByLabelText("Reply"), { target: { value: "Escalating to network team" } });
    fireEvent.click(screen.getByRole("button", { name: "Add note" }));
    await waitFor(() =>
      expect(calls).toContainEqual({
        method: "POST",
        path: "/api/tickets/t1/comments",
        body: { body: "Escalating to network team", internal: true },
      }),
    );
  });

  it("saves only what was changed", async () => {
    const calls = fakeApi(moderator, makeTicket(staffView));
    renderPage(moderator);
    const save = await screen.findByRole("button", { name: "Save changes" });
    expect(save.hasAttribute("disabled")).toBe(true);
    fireEvent.change(screen.getByLabelText("Priority"), { target: { value: "critical" } });
    fireEvent.change(screen.getByLabelText("Assignee"), { target: { value: other._id } });
    fireEvent.click(save);
    await waitFor(() =>
      expect(calls).toContainEqual({
        method: "PATCH",
        path: "/api/tickets/t1",
        body: { priority: "critical", assignedTo: other._id },
      }),
    );
  });

  it("resolves with a resolution and shows the server's message when refused", async () => {
    const calls = fakeApi(moderator, makeTicket(staffView), {
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
      expect(calls).toContainEqual({
        method: "PATCH",
        path: "/api/tickets/t1",
        body: { status: "RESOLVED", resolution: "Client 5.2 fixes it" },
      }),
    );
    expect((await screen.findByRole("alert")).textContent).toBe("A CLOSED ticket cannot become RESOLVED");
  });

  it("offers only the status moves the server allows from where the ticket is", async () => {
    fakeApi(moderator, makeTicket({ ...staffView, status: "RESOLVED", resolvedAt: NOW }));
    renderPage(moderator);
    const status = (await screen.findByLabelText("Status")) as HTMLSelectElement;
    const offered = [...status.options].map((option) => option.value);
    expect(offered).toEqual(["TODO", "IN_PROGRESS", "RESOLVED", "CLOSED"]);
  });
});
