import type { User } from "@helpdesk/contracts";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../../test-kit/fake-api.ts";
import { makeUser, NOW } from "../../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../../test-kit/render.tsx";
import UsersPage, { changesBetween } from "./users.tsx";

afterEach(resetTestWorld);

const admin = makeUser({ _id: "u-admin", email: "admin@example.com", role: "admin" });
const moderator = makeUser({
  _id: "u-mod",
  email: "mod@example.com",
  role: "moderator",
  skills: ["Linux"],
  capacity: 5,
});

describe("the users page", () => {
  it("saves only what was changed and shows that it saved", async () => {
    let stored = moderator;
    const server = fakeApi({
      "GET /api/auth/users": () => ({ body: [admin, stored] }),
      "GET /api/users/skills": { body: { skills: ["Networking"] } },
      "PATCH /api/users/u-mod": ({ body }) => {
        stored = makeUser({ ...stored, ...(body as Partial<User>) });
        return { body: { user: stored } };
      },
    });
    renderPage(<UsersPage />, { as: admin, at: "/admin/users" });

    const row = await screen.findByRole("listitem", { name: "mod@example.com" });
    fireEvent.change(within(row).getByLabelText(/Capacity of mod@example.com/), { target: { value: "8" } });
    fireEvent.click(within(row).getByLabelText("mod@example.com is available for new tickets"));
    fireEvent.click(within(row).getByRole("button", { name: "Save mod@example.com" }));

    expect(await within(row).findByText("Saved.")).toBeTruthy();
    expect(server.sentTo("PATCH /api/users/u-mod")).toEqual([{ capacity: 8, available: false }]);
  });

  it("does not save a skill typed half-way: the admin picks the known one, or nothing is sent", async () => {
    let stored = moderator;
    const server = fakeApi({
      "GET /api/auth/users": () => ({ body: [admin, stored] }),
      "GET /api/users/skills": { body: { skills: ["Linux", "Networking", "PostgreSQL"] } },
      "PATCH /api/users/u-mod": ({ body }) => {
        stored = makeUser({ ...stored, ...(body as Partial<User>) });
        return { body: { user: stored } };
      },
    });
    renderPage(<UsersPage />, { as: admin, at: "/admin/users" });

    const row = await screen.findByRole("listitem", { name: "mod@example.com" });
    const skills = within(row).getByRole("combobox", { name: "Skills of mod@example.com: add one" });
    // The known skills have arrived once the (closed) list holds them.
    await waitFor(() => expect(within(row).queryAllByRole("option", { hidden: true })).not.toHaveLength(0));
    fireEvent.change(skills, { target: { value: "postg" } });
    fireEvent.blur(skills);
    fireEvent.change(within(row).getByLabelText(/Capacity of mod@example.com/), { target: { value: "8" } });
    fireEvent.click(within(row).getByRole("button", { name: "Save mod@example.com" }));
    expect(await within(row).findByText("Saved.")).toBeTruthy();
    expect(server.sentTo("PATCH /api/users/u-mod")).toEqual([{ capacity: 8 }]);

    fireEvent.click(within(row).getByRole("button", { name: "Use PostgreSQL" }));
    fireEvent.click(within(row).getByRole("button", { name: "Save mod@example.com" }));
    await waitFor(() => expect(server.sentTo("PATCH /api/users/u-mod")).toHaveLength(2));
    expect(server.sentTo("PATCH /api/users/u-mod")[1]).toEqual({ skills: ["Linux", "PostgreSQL"] });
  });

  it("shows the server's reason inline when the only admin would step down", async () => {
    fakeApi({
      "GET /api/auth/users": { body: [admin] },
      "GET /api/users/skills": { body: { skills: [] } },
      "PATCH /api/users/u-admin": {
        status: 409,
        body: { message: "At least one admin must remain", error: "last_admin" },
      },
    });
    renderPage(<UsersPage />, { as: admin, at: "/admin/users" });

    const row = await screen.findByRole("listitem", { name: "admin@example.com" });
    fireEvent.change(within(row).getByLabelText("Role of admin@example.com"), {
      target: { value: "moderator" },
    });
    fireEvent.click(within(row).getByRole("button", { name: "Save admin@example.com" }));

    expect((await within(row).findByRole("alert")).textContent).toBe("At least one admin must remain");
  });

  it("disables an account only once confirmed, then shows it disabled with a way to enable it", async () => {
    let stored = moderator;
    const server = fakeApi({
      "GET /api/auth/users": () => ({ body: [admin, stored] }),
      "GET /api/users/skills": { body: { skills: [] } },
      "POST /api/users/u-mod/disable": () => {
        stored = makeUser({ ...stored, disabledAt: NOW });
        return { body: { user: stored } };
      },
    });
    renderPage(<UsersPage />, { as: admin, at: "/admin/users" });

    const row = await screen.findByRole("listitem", { name: "mod@example.com" });
    fireEvent.click(within(row).getByRole("button", { name: "Disable mod@example.com" }));
    const confirm = within(row).getByRole("alertdialog", { name: "Disable account: mod@example.com" });
    expect(confirm.textContent).toMatch(/signed out everywhere at once.*open tickets go back to routing/);
    fireEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(within(row).queryByRole("alertdialog")).toBeNull();
    expect(server.sentTo("POST /api/users/u-mod/disable")).toEqual([]);

    fireEvent.click(within(row).getByRole("button", { name: "Disable mod@example.com" }));
    fireEvent.click(within(row).getByRole("button", { name: "Disable account" }));

    expect(await within(row).findByText("Disabled.")).toBeTruthy();
    expect(server.sentTo("POST /api/users/u-mod/disable")).toHaveLength(1);
    expect(within(row).queryByRole("alertdialog")).toBeNull();
    expect(within(row).getByText("disabled", { selector: ".badge" })).toBeTruthy();
    expect(within(row).getByRole("button", { name: "Enable mod@example.com" })).toBeTruthy();
    expect(within(row).getByRole("button", { name: "End sessions of mod@example.com" })).toHaveProperty(
      "disabled",
      true,
    );
  });

  it("ends all sessions of an account once confirmed, and warns an admin ending their own", async () => {
    const server = fakeApi({
      "GET /api/auth/users": { body: [admin, moderator] },
      "GET /api/users/skills": { body: { skills: [] } },
      "POST /api/users/u-mod/end-sessions": { body: { user: moderator } },
    });
    renderPage(<UsersPage />, { as: admin, at: "/admin/users" });

    const own = await screen.findByRole("listitem", { name: "admin@example.com" });
    fireEvent.click(within(own).getByRole("button", { name: "End sessions of admin@example.com" }));
    expect(within(own).getByRole("alertdialog").textContent).toMatch(/this one too/);

    const row = screen.getByRole("listitem", { name: "mod@example.com" });
    fireEvent.click(within(row).getByRole("button", { name: "End sessions of mod@example.com" }));
    fireEvent.click(within(row).getByRole("button", { name: "End all sessions" }));

    expect(await within(row).findByText("Every session ended.")).toBeTruthy();
    expect(server.sentTo("POST /api/users/u-mod/end-sessions")).toHaveLength(1);
  });

  it("shows the server's reason when the last admin would be disabled, and keeps the question open", async () => {
    fakeApi({
      "GET /api/auth/users": { body: [admin] },
      "GET /api/users/skills": { body: { skills: [] } },
      "POST /api/users/u-admin/disable": {
        status: 409,
        body: { message: "This is the only admin; make someone else admin first", error: "last_admin" },
      },
    });
    renderPage(<UsersPage />, { as: admin, at: "/admin/users" });

    const row = await screen.findByRole("listitem", { name: "admin@example.com" });
    fireEvent.click(within(row).getByRole("button", { name: "Disable admin@example.com" }));
    fireEvent.click(within(row).getByRole("button", { name: "Disable account" }));

    expect((await within(row).findByRole("alert")).textContent).toBe(
      "This is the only admin; make someone else admin first",
    );
    expect(within(row).getByRole("alertdialog")).toBeTruthy();
  });

  it("searches by email and role through the API", async () => {
    const server = fakeApi({
      "GET /api/auth/users": { body: [] },
      "GET /api/users/skills": { body: { skills: [] } },
    });
    renderPage(<UsersPage />, { as: admin, at: "/admin/users" });
    await screen.findByText("No users yet");

    fireEvent.change(screen.getByRole("combobox", { name: "Role" }), { target: { value: "moderator" } });
    fireEvent.change(screen.getByLabelText("Search by email"), { target: { value: "mod" } });

    await screen.findByText("No users match");
    await waitFor(() =>
      expect(server.calls.map((call) => call.url)).toContain("/api/auth/users?q=mod&role=moderator"),
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
