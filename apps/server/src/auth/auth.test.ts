import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/harness.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("accounts", () => {
  it("the first account of an installation is its admin", () => {
    expect(t.admin.user.role).toBe("admin");
  });

  it("later sign-ups are users whatever role the body asks for", async () => {
    const reply = await t.request(null, {
      method: "POST",
      url: "/api/auth/signup",
      payload: { email: "Mallory@Example.com", password: "long-enough", role: "admin" },
    });
    expect(reply.statusCode).toBe(201);
    const body = reply.json();
    expect(body.user).toMatchObject({ email: "mallory@example.com", role: "user", skills: [] });
    expect(Object.keys(body.user).sort()).toEqual([
      "_id",
      "available",
      "capacity",
      "createdAt",
      "disabledAt",
      "email",
      "role",
      "skills",
    ]);
    expect(reply.body).not.toMatch(/argon2|password/i);
  });

  it("signs in with the email in any case and gets a working token", async () => {
    const session = await t.signUp();
    const login = await t.request(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: session.email.toUpperCase(), password: session.password },
    });
    expect(login.statusCode).toBe(200);
    const me = await t.request(
      { ...session, token: login.json().token },
      { method: "GET", url: "/api/auth/me" },
    );
    expect(me.json().user.email).toBe(session.email);
  });

  it("answers an unknown email and a wrong password with the same 401", async () => {
    const session = await t.signUp();
    const unknown = await t.request(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "nobody@example.com", password: "whatever-it-is" },
    });
    const wrong = await t.request(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: session.email, password: "not-the-password" },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it("a token sent as a cookie opens nothing, so other sites cannot act through the browser", async () => {
    const session = await t.signUp();
    const reply = await t.request(null, {
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: `helpdesk_token=${session.token}; token=${session.token}` },
    });
    expect(reply.statusCode).toBe(401);
  });

  it("a token stops working after logout", async () => {
    const session = await t.signUp();
    expect((await t.request(session, { method: "POST", url: "/api/auth/logout" })).statusCode).toBe(200);
    const me = await t.request(session, { method: "GET", url: "/api/auth/me" });
    expect(me.statusCode).toBe(401);
    expect(me.json().error).toBe("unauthorized");
  });

  it("refuses a second account with the same email, ignoring case", async () => {
    const session = await t.signUp();
    const reply = await t.request(null, {
      method: "POST",
      url: "/api/auth/register",
      payload: { email: session.email.toUpperCase(), password: "another-password" },
    });
    expect(reply.statusCode).toBe(409);
    expect(reply.json()).toMatchObject({ error: "email_taken" });
  });
});
