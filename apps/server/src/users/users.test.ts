import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/harness.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("administering users", () => {
  it("the only admin cannot step down, and can once another admin exists", async () => {
    const demote = (id: string) =>
      t.request(t.admin, { method: "PATCH", url: `/api/users/${id}`, payload: { role: "moderator" } });
    const refused = await demote(t.admin.user._id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: "last_admin" });

    const other = await t.signUp("admin");
    const accepted = await t.request(other, {
      method: "PATCH",
      url: `/api/users/${t.admin.user._id}`,
      payload: { role: "moderator" },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user.role).toBe("moderator");
    const meAgain = await t.request(other, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: t.admin.email, role: "admin" },
    });
    expect(meAgain.statusCode).toBe(200);
  });

  it("staff list moderators and admins to assign tickets to; users may not", async () => {
    const moderator = await t.signUp("moderator", { skills: ["Go"] });
    const user = await t.signUp();
    const reply = await t.request(moderator, { method: "GET", url: "/api/users/staff" });
    expect(reply.statusCode).toBe(200);
    const emails = reply.json().users.map((staff: { email: string }) => staff.email);
    expect(emails).toContain(moderator.email);
    expect(emails).toContain(t.admin.email);
    expect(emails).not.toContain(user.email);
    expect(reply.body).not.toMatch(/argon2|passwordHash/);
    expect((await t.request(user, { method: "GET", url: "/api/users/staff" })).statusCode).toBe(403);
  });

  it("the staff list tells how many open tickets each person has, so reassigning can weigh load", async () => {
    const moderator = await t.signUp("moderator", { skills: ["Kafka"] });
    const user = await t.signUp();
    const first = await t.fileTicket(user, "Kafka consumer lag keeps growing");
    const second = await t.fileTicket(user, "Kafka topic lost messages");
    for (const ticket of [first, second]) {
      const moved = await t.request(t.admin, {
        method: "PATCH",
        url: `/api/tickets/${ticket._id}`,
        payload: { assignedTo: moderator.user._id },
      });
      expect(moved.statusCode).toBe(200);
    }
    await t.request(t.admin, {
      method: "PATCH",
      url: `/api/tickets/${second._id}`,
      payload: { status: "RESOLVED" },
    });
    const staff = (await t.request(t.admin, { method: "GET", url: "/api/users/staff" })).json().users as {
      _id: string;
      openTickets: number;
    }[];
    expect(staff.find((member) => member._id === moderator.user._id)?.openTickets).toBe(1);
  });
});

describe("staff settings", () => {
  it("a moderator switches their own availability, and routing sees it; a user may not", async () => {
    const moderator = await t.signUp("moderator", { skills: ["Networking"] });
    const away = await t.request(moderator, {
      method: "PATCH",
      url: "/api/users/me",
      payload: { available: false },
    });
    expect(away.statusCode).toBe(200);
    expect(away.json().user).toMatchObject({ _id: moderator.user._id, available: false });
    const staff = await t.request(moderator, { method: "GET", url: "/api/users/staff" });
    expect(
      staff.json().users.find((user: { _id: string }) => user._id === moderator.user._id).available,
    ).toBe(false);

    const user = await t.signUp("user");
    const refused = await t.request(user, {
      method: "PATCH",
      url: "/api/users/me",
      payload: { available: false },
    });
    expect(refused.statusCode).toBe(403);
    const noRole = await t.request(moderator, {
      method: "PATCH",
      url: "/api/users/me",
      payload: { available: true, role: "admin" },
    });
    expect(noRole.statusCode).toBe(200);
    expect(noRole.json().user.role).toBe("moderator");
  });

  it("skill suggestions are the catalogue's skills, in the installation's own spelling, each once", async () => {
    await t.signUp("moderator", { skills: ["Postgres", "Kafka"] });
    const reply = await t.request(t.admin, { method: "GET", url: "/api/users/skills" });
    expect(reply.statusCode).toBe(200);
    const { skills } = reply.json() as { skills: string[] };
    expect(skills).toContain("Postgres");
    expect(skills).not.toContain("PostgreSQL");
    expect(skills).toContain("Kafka");
    // Only what a save accepts is suggested: a lexicon skill nobody added is not.
    expect(skills).not.toContain("Kubernetes");
    const user = await t.signUp("user");
    expect((await t.request(user, { method: "GET", url: "/api/users/skills" })).statusCode).toBe(403);
  });
});
