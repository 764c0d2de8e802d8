import type { Category } from "@helpdesk/contracts";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../../test-kit/fake-api.ts";
import { makeUser } from "../../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../../test-kit/render.tsx";
import CategoriesPage from "./categories.tsx";

afterEach(resetTestWorld);

const admin = makeUser({ _id: "u-admin", email: "admin@example.com", role: "admin" });
const category = (name: string, extra: Partial<Category> = {}): Category => ({
  _id: `c-${name}`,
  name,
  position: 1,
  retiredAt: null,
  tickets: 0,
  ...extra,
});
const thresholds = { reviewThresholds: { priority: 0, category: 0.5, type: 0, relatedSkills: 0 } };

describe("the categories page", () => {
  it("lists categories with their tickets, adds one, and shows a refused name", async () => {
    let categories = [
      category("Billing", { tickets: 3 }),
      category("Legacy", { retiredAt: "2026-01-01T00:00:00Z" }),
    ];
    const server = fakeApi({
      "GET /api/admin/categories": () => ({ body: { categories } }),
      "GET /api/admin/settings/triage": { body: thresholds },
      "POST /api/admin/categories": ({ body }) => {
        const { name } = body as { name: string };
        if (name === "billing")
          return {
            status: 409,
            body: { message: "There is already a category “billing”", error: "duplicate_name" },
          };
        categories = [...categories, category(name)];
        return { status: 201, body: { category: category(name) } };
      },
    });
    renderPage(<CategoriesPage />, { as: admin, at: "/admin/categories" });

    const billing = await screen.findByRole("listitem", { name: "Billing" });
    expect(within(billing).getByText("3 tickets")).toBeTruthy();
    const legacy = screen.getByRole("listitem", { name: "Legacy" });
    expect(within(legacy).getByText("Retired")).toBeTruthy();
    expect(within(legacy).getByRole("button", { name: "Bring back Legacy" })).toBeTruthy();

    fireEvent.change(screen.getByLabelText("New category"), { target: { value: "Shipping" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByRole("listitem", { name: "Shipping" })).toBeTruthy();
    expect(server.sentTo("POST /api/admin/categories")).toEqual([{ name: "Shipping" }]);

    fireEvent.change(screen.getByLabelText("New category"), { target: { value: "billing" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect((await screen.findByRole("alert")).textContent).toContain("There is already a category");
  });

  it("renames and retires through PATCH", async () => {
    const server = fakeApi({
      "GET /api/admin/categories": { body: { categories: [category("Network")] } },
      "GET /api/admin/settings/triage": { body: thresholds },
      "PATCH /api/admin/categories/c-Network": ({ body }) => ({
        body: { category: category("Network", body as Partial<Category>) },
      }),
    });
    renderPage(<CategoriesPage />, { as: admin, at: "/admin/categories" });
    const row = await screen.findByRole("listitem", { name: "Network" });
    fireEvent.click(within(row).getByRole("button", { name: "Rename Network" }));
    fireEvent.change(within(row).getByLabelText("New name for Network"), { target: { value: "Networking" } });
    fireEvent.click(within(row).getByRole("button", { name: "Save name" }));
    fireEvent.click(within(row).getByRole("button", { name: "Retire Network" }));
    await waitFor(() =>
      expect(server.sentTo("PATCH /api/admin/categories/c-Network")).toEqual([
        { name: "Networking" },
        { retired: true },
      ]),
    );
  });

  it("saves the review thresholds as fractions of the percentages typed", async () => {
    const server = fakeApi({
      "GET /api/admin/categories": { body: { categories: [] } },
      "GET /api/admin/settings/triage": { body: thresholds },
      "PUT /api/admin/settings/triage": ({ body }) => ({ body }),
    });
    renderPage(<CategoriesPage />, { as: admin, at: "/admin/categories" });
    const priority = await screen.findByLabelText(/Priority below/);
    expect((screen.getByLabelText(/Category below/) as HTMLInputElement).value).toBe("50");
    fireEvent.change(priority, { target: { value: "40" } });
    fireEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(server.sentTo("PUT /api/admin/settings/triage")).toEqual([
      { reviewThresholds: { priority: 0.4, category: 0.5, type: 0, relatedSkills: 0 } },
    ]);
  });
});
