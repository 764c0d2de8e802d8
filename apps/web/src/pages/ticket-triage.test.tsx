import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useTicket } from "../api/tickets.ts";
import { staleQueriesFor } from "../live/live-updates.ts";
import { fakeApi } from "../test-kit/fake-api.ts";
import { makeEvent, makeTicket, makeUser } from "../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../test-kit/render.tsx";
import { TicketHistory } from "./ticket-history.tsx";
import { TicketTriage } from "./ticket-triage.tsx";

afterEach(resetTestWorld);

const moderator = makeUser({ _id: "u-mod", email: "mod@example.com", role: "moderator" });
const triaged = makeTicket({
  triage: {
    engine: "builtin",
    model: "builtin",
    version: "3",
    durationMs: 12,
    confidence: { priority: 0.8 },
  },
});
const history = [
  makeEvent("created", { number: 7 }),
  makeEvent("triaged", {
    engine: "builtin",
    model: "builtin",
    priority: "high",
    category: "Network",
    type: "incident",
  }),
];
const triagedAgain = makeEvent("triaged", {
  engine: "builtin",
  model: "builtin",
  priority: "critical",
  category: "Network",
  type: "incident",
});

/** Ticket t1's triage card and history as the ticket page shows them: fed by the cached ticket. */
function TriageCard() {
  const ticket = useTicket("t1");
  if (!ticket.data) return null;
  return (
    <>
      <TicketTriage ticket={ticket.data} />
      <TicketHistory ticket={ticket.data} nameOf={() => undefined} />
    </>
  );
}

function showTriageCard() {
  const server = fakeApi({
    "GET /api/tickets/t1": { body: { ticket: triaged } },
    "GET /api/tickets/t1/events": { body: { events: history } },
    "POST /api/tickets/t1/retriage": { status: 202, body: { message: "Re-triage queued", ticket: triaged } },
  });
  const { queryClient } = renderPage(<TriageCard />, { as: moderator });
  /** Ready when the history is on screen, as it is on the ticket page. */
  const retriageButton = async () => {
    await screen.findByText("Triaged by builtin: high priority, Network, incident");
    return screen.getByRole("button", { name: "Re-triage" });
  };
  /** What the app does when the live stream says ticket t1 was updated. */
  const streamSaysUpdated = () =>
    act(async () => {
      for (const queryKey of staleQueriesFor({ ticketId: "t1", kind: "updated" }))
        await queryClient.invalidateQueries({ queryKey });
    });
  return { server, retriageButton, streamSaysUpdated };
}

const statusText = () => screen.getByRole("status").textContent;

describe("re-triaging a ticket", () => {
  it("shows Triaging again… from the click until the new triage reaches the history", async () => {
    const { server, retriageButton, streamSaysUpdated } = showTriageCard();
    fireEvent.click(await retriageButton());

    const busy = screen.getByRole("button", { name: /Triaging again/ });
    expect(busy.hasAttribute("disabled")).toBe(true);
    expect(busy.getAttribute("aria-busy")).toBe("true");
    expect(statusText()).toMatch(/^Triaging again; the new triage shows here/);
    await waitFor(() => expect(server.sentTo("POST /api/tickets/t1/retriage")).toHaveLength(1));

    // Accepted is not done, and neither is an update that is not the new triage.
    await streamSaysUpdated();
    expect(screen.getByRole("button", { name: /Triaging again/ }).hasAttribute("disabled")).toBe(true);

    server.route("GET /api/tickets/t1/events", { body: { events: [...history, triagedAgain] } });
    await streamSaysUpdated();
    const again = await screen.findByRole("button", { name: "Re-triage" });
    expect(again.hasAttribute("disabled")).toBe(false);
    expect(statusText()).toBe("Triage updated.");
    expect(screen.getByText("Triaged by builtin: critical priority, Network, incident")).toBeTruthy();
  });

  it("stops waiting when the ticket's triage details change, even before its history does", async () => {
    const { server, retriageButton, streamSaysUpdated } = showTriageCard();
    fireEvent.click(await retriageButton());
    await waitFor(() => expect(server.sentTo("POST /api/tickets/t1/retriage")).toHaveLength(1));

    const newTriage = {
      engine: "gemini",
      model: "gemini-2.5-flash",
      version: "1",
      durationMs: 840,
      confidence: {},
    };
    server.route("GET /api/tickets/t1", { body: { ticket: makeTicket({ triage: newTriage }) } });
    await streamSaysUpdated();
    expect(await screen.findByText("gemini-2.5-flash", { exact: false })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Re-triage" }).hasAttribute("disabled")).toBe(false);
  });

  it("shows the server's refusal and offers the button again", async () => {
    const { server, retriageButton } = showTriageCard();
    server.route("POST /api/tickets/t1/retriage", {
      status: 409,
      body: { message: "This ticket is closed", error: "ticket_closed" },
    });
    fireEvent.click(await retriageButton());
    expect((await screen.findByRole("alert")).textContent).toBe("This ticket is closed");
    expect(screen.getByRole("button", { name: "Re-triage" }).hasAttribute("disabled")).toBe(false);
    expect(statusText()).toBe("");
  });

  it("after 30 seconds without news says the re-triage is still queued, and shows it when it comes", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { server, retriageButton, streamSaysUpdated } = showTriageCard();
    fireEvent.click(await retriageButton());
    await waitFor(() => expect(server.sentTo("POST /api/tickets/t1/retriage")).toHaveLength(1));

    act(() => vi.advanceTimersByTime(29_000));
    expect(screen.getByRole("button", { name: /Triaging again/ })).toBeTruthy();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByRole("button", { name: "Re-triage" }).hasAttribute("disabled")).toBe(false);
    expect(statusText()).toBe("The re-triage is still queued; it will appear here when it is done.");

    server.route("GET /api/tickets/t1/events", { body: { events: [...history, triagedAgain] } });
    await streamSaysUpdated();
    await waitFor(() => expect(statusText()).toBe("Triage updated."));
  });
});
