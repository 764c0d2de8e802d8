import type { LightMyRequestResponse } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestApp } from "../harness.ts";

/**
 * Rate limits beyond ops.test.ts (per address, per email, sign-ups) and write-limit.test.ts (the
 * fourth write): who decides the client address, how an email is counted, what shares a budget,
 * and why nobody can lock someone else out. The harness signs its accounts up from 127.0.0.1, so
 * limited attempts here come from elsewhere.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ AUTH_RATE_LIMIT: "3", WRITE_RATE_LIMIT: "2" });
});
afterAll(() => t.close());

/** A 429 the client can show, with a retry-after of at most a minute (or `maxSeconds`). */
function expectLimited(reply: LightMyRequestResponse, maxSeconds = 60) {
  expect(reply.statusCode, reply.body).toBe(429);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(reply.json()).toEqual({
    message: expect.stringMatching(/try again in \d+ seconds?/),
    error: "rate_limited",
  });
  const retryAfter = Number(reply.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

const QUARTER_HOUR = 15 * 60;

const login = (
  app: TestApp,
  email: string,
  remoteAddress: string,
  headers: Record<string, string> = {},
  password = "not-the-password",
) =>
  app.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
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
    // Three wrong passwords from anywhere, however spelled: each address has one wrong try at it,
    // and the first address spent its own under another spelling.
    expectLimited(await login(t, "\tTarget@EXAMPLE.com", "10.2.0.1"), QUARTER_HOUR);
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

describe("an account whose password is being guessed", () => {
  afterEach(() => vi.useRealTimers());

  /** An account signed up from an address of its own, so sign-ups spend no shared address's budget. */
  let accounts = 0;
  async function signUpOwner() {
    const n = ++accounts;
    const owner = { email: `owner-${n}@example.com`, password: "the-owners-password" };
    const reply = await t.app.inject({
      method: "POST",
      url: "/api/auth/signup",
      payload: owner,
      remoteAddress: `10.60.0.${n}`,
    });
    expect(reply.statusCode).toBe(201);
    return owner;
  }

  it("is not locked out by anyone else's wrong passwords: the right one from its owner's address signs in", async () => {
    const owner = await signUpOwner();
    // Wrong passwords from everywhere, more than AUTH_RATE_LIMIT a minute, for a minute and more.
    for (let n = 1; n <= 10; n++) await login(t, owner.email, `10.6.0.${n}`);
    for (let n = 1; n <= 4; n++) await login(t, owner.email, "10.6.1.1");
    const signedIn = await login(t, owner.email, "10.6.9.9", {}, owner.password);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().user.email).toBe(owner.email);
  });

  it("gives each address one wrong try per quarter hour once it has had AUTH_RATE_LIMIT from anywhere", async () => {
    const owner = await signUpOwner();
    for (let n = 1; n <= 3; n++) expect((await login(t, owner.email, `10.7.0.${n}`)).statusCode).toBe(401);
    // One of those addresses again, even with the right password: its wrong try is spent.
    expectLimited(await login(t, owner.email, "10.7.0.1", {}, owner.password), QUARTER_HOUR);
    expect(Number((await login(t, owner.email, "10.7.0.2")).headers["retry-after"])).toBeGreaterThan(60);
    // A new address is checked: a wrong password is its one try, the next is refused.
    expect((await login(t, owner.email, "10.7.1.1")).statusCode).toBe(401);
    expectLimited(await login(t, owner.email, "10.7.1.1"), QUARTER_HOUR);
    // Other accounts from those addresses are not slowed.
    expect((await login(t, "someone-else@example.com", "10.7.1.1")).statusCode).toBe(401);
  });

  it("refuses an address that got one account's password wrong AUTH_RATE_LIMIT times for a quarter hour, not a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const owner = await signUpOwner();
    for (let n = 1; n <= 3; n++) expect((await login(t, owner.email, "10.8.0.1")).statusCode).toBe(401);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    // The address's per-minute limit is over; its wrong tries at this account are still counted.
    expectLimited(await login(t, owner.email, "10.8.0.1", {}, owner.password), QUARTER_HOUR);
    expect((await login(t, "other-account@example.com", "10.8.0.1")).statusCode).toBe(401);
    vi.setSystemTime(Date.now() + QUARTER_HOUR * 1000);
    const after = await login(t, owner.email, "10.8.0.1", {}, owner.password);
    expect(after.statusCode, after.body).toBe(200);
  });

  it("forgets an address's wrong passwords once it signs in with the right one", async () => {
    const owner = await signUpOwner();
    for (let n = 1; n <= 2; n++) await login(t, owner.email, "10.9.0.1");
    expect((await login(t, owner.email, "10.9.0.1", {}, owner.password)).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 2 * 60_000 });
    for (let n = 1; n <= 2; n++) expect((await login(t, owner.email, "10.9.0.1")).statusCode).toBe(401);
    expect((await login(t, owner.email, "10.9.0.1", {}, owner.password)).statusCode).toBe(200);
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
