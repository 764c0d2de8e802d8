import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../test-kit/fake-api.ts";
import { makeTicket, makeUser } from "../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../test-kit/render.tsx";
import { NewTicketForm } from "./new-ticket-form.tsx";

afterEach(resetTestWorld);

const routes = (user: ReturnType<typeof makeUser>) => ({
  "GET /api/auth/me": { body: { user } },
  "POST /api/tickets": { status: 201, body: { message: "Ticket created", ticket: makeTicket() } },
});

describe("the new ticket form", () => {
  it("lets staff file for a requester by email", async () => {
    const moderator = makeUser({ _id: "u-mod", role: "moderator" });
    const server = fakeApi(routes(moderator));
    renderPage(<NewTicketForm onCancel={() => {}} />, { as: moderator });
    fireEvent.change(screen.getByLabelText("For (requester's email)"), {
      target: { value: "caller@example.com" },
    });
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Printer jams" } });
    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "On every job." } });
    fireEvent.click(screen.getByRole("button", { name: "File ticket" }));
    await waitFor(() =>
      expect(server.sentTo("POST /api/tickets")).toContainEqual({
        title: "Printer jams",
        description: "On every job.",
        requesterEmail: "caller@example.com",
      }),
    );
  });

  it("offers requesters no such field", () => {
    const user = makeUser();
    fakeApi(routes(user));
    renderPage(<NewTicketForm onCancel={() => {}} />, { as: user });
    expect(screen.queryByLabelText("For (requester's email)")).toBeNull();
  });
});
