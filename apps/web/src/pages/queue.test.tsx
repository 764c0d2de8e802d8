import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../test-kit/fake-api.ts";
import { makeTicket, makeUser } from "../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../test-kit/render.tsx";
import { QueuePage } from "./queue.tsx";

const moderator = makeUser({ _id: "u-mod", email: "mod@example.com", role: "moderator", capacity: 2 });

/** The moderator's queue holding `count` open tickets assigned to them. */
function queueOf(count: number) {
  const tickets = Array.from({ length: count }, (_, index) =>
    makeTicket({ _id: `t${index}`, number: index + 1, title: `Ticket ${index + 1}`, status: "IN_PROGRESS" }),
  );
  fakeApi({
    "GET /api/auth/me": { body: { user: moderator } },
    "GET /api/tickets": { body: { tickets, nextCursor: null } },
  });
}

afterEach(resetTestWorld);

describe("my queue", () => {
  it("says how far over capacity a moderator is, in the error colour", async () => {
    queueOf(3);
    renderPage(<QueuePage />, { as: moderator, at: "/queue" });
    const note = await screen.findByText("1 over the 2 you take at once");
    expect(note.className).toContain("text-error");
  });

  it("says a full queue gets no more tickets", async () => {
    queueOf(2);
    renderPage(<QueuePage />, { as: moderator, at: "/queue" });
    expect(await screen.findByText("at your capacity of 2: routing sends you no more")).toBeTruthy();
  });

  it("shows room left without alarm", async () => {
    queueOf(1);
    renderPage(<QueuePage />, { as: moderator, at: "/queue" });
    const note = await screen.findByText("of 2 you take at once");
    expect(note.className).not.toContain("text-error");
  });
});
