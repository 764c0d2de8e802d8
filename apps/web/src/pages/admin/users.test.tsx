import type { User } from "@helpdesk/contracts";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { admin, fakeServer, renderAdminPage } from "./test-kit.tsx";
import UsersPage, { changesBetween } from "./users.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const moderator: User = {
  _id: "u-mod",
  email: "mod@example.com",
  role: "moderator",
  skills: ["Linux"],
  available: true,
  capacity: 5,
  createdAt: "2026-02-01T00:00:00.000Z",
};

describe("the users page", () => {
  it("saves only what was changed and shows that it saved", async () => {
    let stored = moderator;
    const server = fakeServer(({ method, url, body }) => {
      if (url.pathname === "/api/auth/users") return { body: [admin, stored] };
      if (url.pathname === "/api/users/skills") return { body: { skills: ["Networking"] } };
      if (method === "PATCH" && url.pathname === "/api/users/u-mod") {
        stored = { ...stored, ...(body as Partial<User>) };
        return { body: { user: stored } };
      }
    });
    renderAdminPage(<UsersPage />, "/admin/users");

    const row = await screen.findByRole("listitem", { name: "mod@example.com" });
    fireEvent.change(within(row).getByLabelText(/Capacity of mod@example.com/), { target: { value: "8" } });
    fireEvent.click(within(row).getByLabelText("mod@example.com is available for new tickets"));
    fireEvent.click(within(row).getByRole("button", { name: "Save mod@example.com" }));

    expect(await within(row).findByText("Saved.")).toBeTruthy();
    expect(server.calls.find((call) => call.method === "PATCH")?.body).toEqual({
      capacity: 8,
      available: false,
    });
  });

  it("shows the server's reason inline when the only admin would step down", async () => {
    fakeServer(({ method, url }) => {
      if (url.pathname === "/api/auth/users") return { body: [admin] };
      if (url.pathname === "/api/users/skills") return { body: { skills: [] } };
      if (method === "PATCH")
        return {
          status: 409,
          body: { message: "At least one admin must remain", error: "last_admin" },
        };
    });
    renderAdminPage(<UsersPage />, "/admin/users");

    const row = await screen.findByRole("listitem", { name: "admin@example.com" });
    fireEvent.change(within(row).getByLabelText("Role of admin@example.com"), {
      target: { value: "moderator" },
    });
    fireEvent.click(within(row).getByRole("button", { name: "Save admin@example.com" }));

    expect((await within(row).findByRole("alert")).textContent).toBe("At least one admin must remain");
  });

  it("searches by email and role through the API", async () => {
    const server = fakeServer(({ url }) => {
      if (url.pathname === "/api/auth/users") return { body: [] };
      if (url.pathname === "/api/users/skills") return { body: { skills: [] } };
    });
    renderAdminPage(<UsersPage />, "/admin/users");
    await screen.findByText("No users yet");

    fireEvent.change(screen.getByRole("combobox", { name: "Role" }), { target: { value: "moderator" } });
    fireEvent.change(screen.getByLabelText("Search by email"), { target: { value: "mod" } });

    await screen.findByText("No users match");
    await waitFor(() =>
      expect(server.calls.map((call) => call.path)).toContain("/api/auth/users?q=mod&role=moderator"),
    );
  });
});

describe("changesBetween", () => {
  it("is null when nothing changed and refuses a capacity that is not a whole number", () => {
    const draft = { role: moderator.role, skills: ["Linux"], available: true, capacity: "5" };
    expect(changesBetween(moderator, draft)).toBeNull();
    expect(changesBetween(moderator, { ...draft, capacity: "2.5" })).toEqual({
      invalid: "Capacity is a whole number from 0 to 1000",
    });
    expect(changesBetween(moderator, { ...draft, skills: ["Linux", "Go"] })).toEqual({
      skills: ["Linux", "Go"],
    });
  });
});
