import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../../test-kit/fake-api.ts";
import { makeJob, makeUser } from "../../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../../test-kit/render.tsx";
import JobsPage from "./jobs.tsx";

afterEach(resetTestWorld);

const admin = makeUser({ _id: "u-admin", email: "admin@example.com", role: "admin" });

describe("the job monitor", () => {
  it("offers Retry on failed jobs only, and refreshes after retrying", async () => {
    let failed = makeJob({
      _id: "j2",
      name: "mail.send",
      state: "failed",
      attempts: 4,
      lastError: "SMTP down",
    });
    const server = fakeApi({
      "GET /api/admin/jobs": () => ({ body: { jobs: [failed, makeJob()] } }),
      "POST /api/admin/jobs/j2/retry": () => {
        failed = makeJob({ ...failed, state: "retry" });
        return { body: { message: "The job will run again" } };
      },
    });
    renderPage(<JobsPage />, { as: admin, at: "/admin/jobs" });

    const retry = await screen.findByRole("button", { name: "Retry mail.send job" });
    expect(screen.getAllByRole("button", { name: /^Retry/ })).toHaveLength(1);
    expect(screen.getByText("SMTP down")).toBeTruthy();
    expect(screen.getAllByRole("link", { name: "Open ticket" })[0]?.getAttribute("href")).toBe("/tickets/t1");

    fireEvent.click(retry);
    await waitFor(() => expect(screen.queryByRole("button", { name: /^Retry/ })).toBeNull());
    expect(server.calls.filter((call) => call.url.startsWith("/api/admin/jobs?")).length).toBeGreaterThan(1);
  });

  it("filters by state, and shows routine jobs only when asked", async () => {
    fakeApi({
      "GET /api/admin/jobs": {
        body: {
          jobs: [
            makeJob({ _id: "a", name: "mail.send" }),
            makeJob({ _id: "b", state: "active" }),
            makeJob({ _id: "c", name: "sla.tick" }),
          ],
        },
      },
    });
    renderPage(<JobsPage />, { as: admin, at: "/admin/jobs" });
    await screen.findByText("mail.send");
    expect(screen.queryByText("sla.tick")).toBeNull();
    fireEvent.click(screen.getByLabelText("Routine jobs"));
    expect(screen.getByText("sla.tick")).toBeTruthy();

    fireEvent.change(screen.getByRole("combobox", { name: "State" }), { target: { value: "active" } });
    expect(screen.queryByText("mail.send")).toBeNull();
    fireEvent.change(screen.getByRole("combobox", { name: "State" }), { target: { value: "failed" } });
    expect(screen.getByText("No failed jobs")).toBeTruthy();
  });
});
