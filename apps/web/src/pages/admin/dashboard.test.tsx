import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../../test-kit/fake-api.ts";
import { makeStats, makeUser } from "../../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../../test-kit/render.tsx";
import DashboardPage, { formatMinutes } from "./dashboard.tsx";

afterEach(resetTestWorld);

const admin = makeUser({ _id: "u-admin", email: "admin@example.com", role: "admin" });

describe("the dashboard", () => {
  it("says there is nothing to chart before the first ticket", async () => {
    fakeApi({ "GET /api/admin/stats": { body: makeStats() } });
    renderPage(<DashboardPage />, { as: admin, at: "/admin" });
    expect(await screen.findByText("No tickets in the last 30 days")).toBeTruthy();
  });

  it("shows the figures of the chosen period, with a dash for a median it cannot know", async () => {
    const server = fakeApi({
      "GET /api/admin/stats": ({ query }) => ({
        body: makeStats({
          days: Number(query.get("days")),
          ticketsPerDay: [{ day: "2026-03-01", low: 1, medium: 2, high: 0, critical: 1, untriaged: 1 }],
          openByStatus: { TODO: 2, IN_PROGRESS: 1, WAITING: 0 },
          medianMinutesToAssign: 0.4,
          slaBreaches: { open: 1, inPeriod: 3 },
        }),
      }),
    });
    renderPage(<DashboardPage />, { as: admin, at: "/admin" });

    expect(await screen.findByText("< 1 min")).toBeTruthy();
    expect(screen.getByText("–")).toBeTruthy();
    expect(screen.getByText("5")).toBeTruthy(); // filed
    fireEvent.click(screen.getByRole("button", { name: "7 days" }));
    await waitFor(() => expect(server.calls.map((call) => call.url)).toContain("/api/admin/stats?days=7"));
    expect(screen.getByRole("button", { name: "7 days" }).getAttribute("aria-pressed")).toBe("true");
  });
});

describe("formatMinutes", () => {
  it("reads as minutes, hours or days", () => {
    expect(formatMinutes(null)).toBe("–");
    expect(formatMinutes(12.4)).toBe("12 min");
    expect(formatMinutes(90)).toBe("1.5 h");
    expect(formatMinutes(60 * 30)).toBe("30 h");
    expect(formatMinutes(60 * 24 * 3)).toBe("3 days");
  });
});
