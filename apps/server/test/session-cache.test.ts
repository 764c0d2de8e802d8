import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/**
 * Requests read their account from a per-process cache (auth/session-cache.ts). What people see
 * must not change: a new role, a disabled account or an ended session applies to the very next
 * request, whether this process made the change or another one did.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const staffList = (session: Session) => t.request(session, { method: "GET", url: "/api/users/staff" });

describe("cached sessions", () => {
  it("a demotion applies to the demoted person's next request", async () => {
    const mo = await t.signUp("moderator");
    expect((await staffList(mo)).statusCode).toBe(200);
    const demoted = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/users/${mo.user._id}`,
      payload: { role: "user" },
    });
    expect(demoted.statusCode).toBe(200);
    expect((await staffList(mo)).statusCode).toBe(403);
  });

  it("a role changed by another process (straight in the database) reaches this one", async () => {
    const mo = await t.signUp("moderator");
    expect((await staffList(mo)).statusCode).toBe(200);
    await t.database.db.execute(sql`update users set role = 'user' where id = ${mo.user._id}`);
    await expect.poll(async () => (await staffList(mo)).statusCode).toBe(403);
  });

  it("a disabled account is refused at once, and signs in again at once once enabled", async () => {
    const mo = await t.signUp("moderator");
    expect((await staffList(mo)).statusCode).toBe(200);
    const url = (action: string) => `/api/users/${mo.user._id}/${action}`;
    expect((await t.request(t.admin, { method: "POST", url: url("disable") })).statusCode).toBe(200);
    expect((await staffList(mo)).statusCode).toBe(401);

    expect((await t.request(t.admin, { method: "POST", url: url("enable") })).statusCode).toBe(200);
    const login = await t.request(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: mo.email, password: mo.password },
    });
    expect(login.statusCode).toBe(200);
    expect((await staffList({ ...mo, token: login.json().token })).statusCode).toBe(200);
  });

  it("signing out everywhere ends a session this process has cached", async () => {
    const user = await t.signUp();
    const me = () => t.request(user, { method: "GET", url: "/api/auth/me" });
    expect((await me()).statusCode).toBe(200);
    expect((await t.request(user, { method: "POST", url: "/api/auth/logout" })).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(401);
  });
});
