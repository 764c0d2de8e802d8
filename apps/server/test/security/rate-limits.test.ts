import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../harness.ts";

/**
 * Rate limits beyond ops.test.ts (per email, per address, sign-ups) and write-limit.test.ts (the
 * fourth write): who decides the client address, how an email is counted, what shares a budget.
 * The harness signs its accounts up from 127.0.0.1, so limited attempts here come from elsewhere.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ AUTH_RATE_LIMIT: "3", WRITE_RATE_LIMIT: "2" });
});
afterAll(() => t.close());

function expectLimited(reply: LightMyRequestResponse) {
  expect(reply.statusCode, reply.body).toBe(429);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(reply.json()).toEqual({
    message: expect.stringMatching(/try again in \d+ seconds?/),
    error: "rate_limited",
  });
  const retryAfter = Number(reply.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

const login = (app: TestApp, email: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password: "not-the-password" },
    remoteAddress,
    headers,
  });

describe("the sign-in limit, with TRUST_PROXY off (the default)", () => {
  it("ignores X-Forwarded-For: one address cannot dodge its limit by claiming to be others", async () => {
    for (let n = 1; n <= 3; n++) {
      const reply = await login(t, `xff-${n}@example.com`, "10.1.0.1", {
        "x-forwarded-for": `198.51.100.${n}`,
      });
      expect(reply.statusCode).toBe(401);
    }
    expectLimited(await login(t, "xff-4@example.com", "10.1.0.1", { "x-forwarded-for": "198.51.100.99" }));
  });

  it("counts an email however it is spelled: case and surrounding spaces", async () => {
    const spellings = ["target@example.com", "TARGET@Example.COM", "  target@example.com  "];
    for (const [n, email] of spellings.entries()) {
      expect((await login(t, email, `10.2.0.${n + 1}`)).statusCode).toBe(401);
    }
    expectLimited(await login(t, "\tTarget@EXAMPLE.com", "10.2.0.9"));
  });

  it("shares one budget between signing in, signing up and the register alias", async () => {
    const attempt = (url: string, n: number) =>
      t.app.inject({
        method: "POST",
        url,
        payload: { email: `shared-${n}@example.com`, password: "a-good-password" },
        remoteAddress: "10.3.0.1",
      });
    expect((await attempt("/api/auth/login", 1)).statusCode).toBe(401);
    expect((await attempt("/api/auth/signup", 2)).statusCode).toBe(201);
    expect((await attempt("/api/auth/register", 3)).statusCode).toBe(201);
    for (const url of ["/api/auth/login", "/api/auth/signup", "/api/auth/register"]) {
      expectLimited(await attempt(url, 4));
    }
  });

  it("refuses a limited sign-up without creating the account", async () => {
    for (let n = 1; n <= 3; n++) await login(t, `busy-${n}@example.com`, "10.4.0.1");
    const signup = await t.app.inject({
      method: "POST",
      url: "/api/auth/signup",
      payload: { email: "late@example.com", password: "a-good-password" },
      remoteAddress: "10.4.0.1",
    });
    expectLimited(signup);
    const users = await t.request(t.admin, { method: "GET", url: "/api/auth/users?q=late@example.com" });
    expect(users.json()).toEqual([]);
  });
});

describe("the sign-in limit behind a proxy (TRUST_PROXY=true)", () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await createTestApp({ AUTH_RATE_LIMIT: "3", TRUST_PROXY: "true" });
  });
  afterAll(() => proxied.close());

  it("limits each forwarded client address on its own, though all come through one proxy", async () => {
    const viaProxy = (email: string, client: string) =>
      login(proxied, email, "10.9.9.9", { "x-forwarded-for": client });
    for (let n = 1; n <= 3; n++)
      expect((await viaProxy(`a-${n}@example.com`, "203.0.113.1")).statusCode).toBe(401);
    expectLimited(await viaProxy("a-4@example.com", "203.0.113.1"));
    expect((await viaProxy("b-1@example.com", "203.0.113.2")).statusCode).toBe(401);
  });
});

describe("the write limit", () => {
  it("is per account, not per token: signing in again does not reset it", async () => {
    const session = await t.signUp();
    for (const title of ["One", "Two"]) await t.fileTicket(session, title);
    const relogin = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: session.email, password: session.password },
      remoteAddress: "10.5.0.1",
    });
    expect(relogin.statusCode).toBe(200);
    const fresh = { ...session, token: relogin.json().token };
    const third = await t.request(fresh, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Three", description: "With a new token" },
      remoteAddress: "10.5.0.2",
    });
    expectLimited(third);
    const tickets = await t.request(fresh, { method: "GET", url: "/api/tickets" });
    expect(tickets.json().tickets).toHaveLength(2);
  });
});
