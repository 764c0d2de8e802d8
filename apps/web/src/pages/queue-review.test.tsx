import { fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../test-kit/fake-api.ts";
import { makeTicket, makeUser } from "../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../test-kit/render.tsx";
import { QueuePage } from "./queue.tsx";

const moderator = makeUser({ _id: "u-mod", email: "mod@example.com", role: "moderator", capacity: 5 });
const triage = (needsReview?: ("category" | "priority")[]) => ({
  engine: "builtin",
  model: "builtin",
  version: "1",
  durationMs: 1,
  confidence: { category: 0.3, priority: 0.9 },
  ...(needsReview && { needsReview }),
});

afterEach(resetTestWorld);

describe("what needs review in my queue", () => {
  it("marks the fields triage left for a person and filters to those tickets", async () => {
    const unsure = makeTicket({
      _id: "t1",
      number: 1,
      title: "Printer jams",
      status: "IN_PROGRESS",
      category: null,
      triage: triage(["category"]),
    });
    const sure = makeTicket({
      _id: "t2",
      number: 2,
      title: "Invoice twice",
      status: "IN_PROGRESS",
      triage: triage(),
    });
    fakeApi({
      "GET /api/auth/me": { body: { user: moderator } },
      "GET /api/tickets": { body: { tickets: [unsure, sure], nextCursor: null } },
    });
    renderPage(<QueuePage />, { as: moderator, at: "/queue" });

    const table = await screen.findByRole("table");
    expect(within(table).getByText("Needs review: category")).toBeTruthy();
    expect(within(table).getAllByText(/Needs review/)).toHaveLength(1);
    expect(within(table).getByText("Invoice twice")).toBeTruthy();

    fireEvent.click(screen.getByLabelText(/Only the 1 ticket that need review/));
    expect(within(screen.getByRole("table")).queryByText("Invoice twice")).toBeNull();
    expect(within(screen.getByRole("table")).getByText("Printer jams")).toBeTruthy();
    // The capacity figures still count the whole queue.
    expect(screen.getByText("of 5 you take at once")).toBeTruthy();
  });
});
