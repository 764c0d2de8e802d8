import type { JobSummary } from "@helpdesk/contracts";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import JobsPage from "./jobs.tsx";
import { fakeServer, renderAdminPage } from "./test-kit.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const job = (overrides: Partial<JobSummary>): JobSummary => ({
  _id: "j1",
  name: "ticket.created",
  state: "completed",
  attempts: 0,
  retryLimit: 3,
  lastError: null,
  ticketId: "t1",
  createdAt: new Date().toISOString(),
  startedAt: null,
  completedAt: null,
  ...overrides,
});

describe("the job monitor", () => {
  it("offers Retry on failed jobs only, and refreshes after retrying", async () => {
    let failed = job({ _id: "j2", name: "mail.send", state: "failed", attempts: 4, lastError: "SMTP down" });
    const server = fakeServer(({ method, url }) => {
      if (url.pathname === "/api/admin/jobs") return { body: { jobs: [failed, job({})] } };
      if (method === "POST" && url.pathname === "/api/admin/jobs/j2/retry") {
        failed = { ...failed, state: "retry" };
        return { body: { message: "The job will run again" } };
      }
    });
    renderAdminPage(<JobsPage />, "/admin/jobs");

    const retry = await screen.findByRole("button", { name: "Retry mail.send job" });
    expect(screen.getAllByRole("button", { name: /^Retry/ })).toHaveLength(1);
    expect(screen.getByText("SMTP down")).toBeTruthy();
    expect(screen.getAllByRole("link", { name: "Open ticket" })[0]?.getAttribute("href")).toBe("/tickets/t1");

    fireEvent.click(retry);
    await waitFor(() => expect(screen.queryByRole("button", { name: /^Retry/ })).toBeNull());
    expect(server.calls.filter((call) => call.path.startsWith("/api/admin/jobs?")).length).toBeGreaterThan(1);
  });

  it("filters by state, and shows routine jobs only when asked", async () => {
    fakeServer(({ url }) =>
      url.pathname === "/api/admin/jobs"
        ? {
            body: {
              jobs: [
                job({ _id: "a", name: "mail.send" }),
                job({ _id: "b", state: "active" }),
                job({ _id: "c", name: "sla.tick" }),
              ],
            },
          }
        : undefined,
    );
    renderAdminPage(<JobsPage />, "/admin/jobs");
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
