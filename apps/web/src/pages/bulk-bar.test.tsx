import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../test-kit/fake-api.ts";
import { makeStaffMember, makeTicket, makeUser } from "../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../test-kit/render.tsx";
import { bulkChangesOf } from "./bulk-bar.tsx";
import { TicketsPage } from "./tickets.tsx";

const moderator = makeUser({ _id: "u-mod", email: "mod@example.com", role: "moderator" });
const tickets = [1, 2, 3, 4].map((n) => makeTicket({ _id: `t${n}`, number: n, title: `Ticket ${n}` }));

afterEach(resetTestWorld);

describe("bulk changes from the list", () => {
  it("asks only for what was chosen", () => {
    expect(bulkChangesOf({ status: "", priority: "", assignee: "" })).toBeNull();
    expect(bulkChangesOf({ status: "WAITING", priority: "", assignee: "none" })).toEqual({
      status: "WAITING",
      assignedTo: null,
    });
  });

  it("chooses a range with shift-click and applies one change to it, saying what happened", async () => {
    const server = fakeApi({
      "GET /api/auth/me": { body: { user: moderator } },
      "GET /api/tickets": { body: { tickets, nextCursor: null } },
      "GET /api/users/staff": { body: { users: [makeStaffMember({ ...moderator, openTickets: 0 })] } },
      "POST /api/tickets/bulk": {
        body: {
          updated: ["t1", "t2"],
          failed: [{ _id: "t3", message: "Ticket not found", error: "not_found" }],
        },
      },
    });
    renderPage(<TicketsPage />, { as: moderator, at: "/tickets" });
    const boxes = await screen.findAllByRole("checkbox", { name: "Choose #1" });
    fireEvent.click(boxes[0] as HTMLElement);
    fireEvent.click(screen.getAllByRole("checkbox", { name: "Choose #3" })[0] as HTMLElement, {
      shiftKey: true,
    });
    expect(screen.getByText("3 chosen")).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Set priority"), { target: { value: "high" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply to 3" }));
    await waitFor(() =>
      expect(server.sentTo("POST /api/tickets/bulk")).toContainEqual({
        ids: ["t1", "t2", "t3"],
        changes: { priority: "high" },
      }),
    );
    expect(await screen.findByText("Changed 2 tickets. Left as they were: Ticket not found")).toBeTruthy();
    expect(screen.getByText("1 chosen")).toBeTruthy();
  });
});
