import { randomUUID } from "node:crypto";
import { decodeJwt, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/** Tokens that must not work, and tokens whose rights follow the account's current state. */

let t: TestApp;
let user: Session;

beforeAll(async () => {
  t = await createTestApp();
  user = await t.signUp();
});
afterAll(() => t.close());

const me = (authorization: string | undefined) =>
  t.app.inject({ method: "GET", url: "/api/auth/me", headers: authorization ? { authorization } : {} });

function expectRefused(reply: Awaited<ReturnType<typeof me>>) {
  expect(reply.statusCode, reply.body).toBe(401);
  expect(reply.json()).toEqual({ message: expect.any(String), error: "unauthorized" });
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A token signed like the server's own, with whatever claims the test chooses. */
function forge(
  claims: Record<string, unknown>,
  options: { secret?: string; alg?: string; issuer?: string | null; expiresAt?: number } = {},
): Promise<string> {
  const key = new TextEncoder().encode(options.secret ?? t.config.auth.jwtSecret);
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .setIssuedAt(now - 60)
    .setExpirationTime(options.expiresAt ?? now + 3600);
  if (options.issuer !== null) jwt = jwt.setIssuer(options.issuer ?? "helpdesk");
  return jwt.sign(key);
}

describe("a token is refused when", () => {
  it("it is well forged (control: the forger works, so the refusals below mean something)", async () => {
    const token = await forge({ sub: user.user._id, tv: 0 });
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
  });

  it("its algorithm is `none`", async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url({ alg: "none", typ: "JWT" });
    const payload = base64url({ sub: user.user._id, tv: 0, iss: "helpdesk", iat: now, exp: now + 3600 });
    expectRefused(await me(`Bearer ${header}.${payload}.`));
    expectRefused(await me(`Bearer ${header}.${payload}`));
  });

  it("it is signed with another secret", async () => {
    expectRefused(
      await me(`Bearer ${await forge({ sub: user.user._id, tv: 0 }, { secret: "s".repeat(40) })}`),
    );
  });

  it("it is signed with the right secret but another algorithm", async () => {
    expectRefused(await me(`Bearer ${await forge({ sub: user.user._id, tv: 0 }, { alg: "HS512" })}`));
  });

  it("its signature is altered", async () => {
    const [header, payload, signature = ""] = user.token.split(".");
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    expectRefused(await me(`Bearer ${header}.${payload}.${flipped}`));
  });

  it("its payload is altered to name another account", async () => {
    const [header, payload = "", signature] = user.token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const tampered = base64url({ ...claims, sub: t.admin.user._id });
    expectRefused(await me(`Bearer ${header}.${tampered}.${signature}`));
    const users = await t.app.inject({
      method: "GET",
      url: "/api/auth/users",
      headers: { authorization: `Bearer ${header}.${tampered}.${signature}` },
    });
    expect(users.statusCode).toBe(401);
  });

  it("it has expired", async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    expectRefused(await me(`Bearer ${await forge({ sub: user.user._id, tv: 0 }, { expiresAt: past })}`));
  });

  it("it comes from another issuer, or names none", async () => {
    expectRefused(
      await me(`Bearer ${await forge({ sub: user.user._id, tv: 0 }, { issuer: "someone-else" })}`),
    );
    expectRefused(await me(`Bearer ${await forge({ sub: user.user._id, tv: 0 }, { issuer: null })}`));
  });

  it("it lacks the token version, or carries a wrong one", async () => {
    expectRefused(await me(`Bearer ${await forge({ sub: user.user._id })}`));
    expectRefused(await me(`Bearer ${await forge({ sub: user.user._id, tv: "0" })}`));
    expectRefused(await me(`Bearer ${await forge({ sub: user.user._id, tv: 1 })}`));
  });

  it("it names an account that does not exist, or no account", async () => {
    expectRefused(await me(`Bearer ${await forge({ sub: randomUUID(), tv: 0 })}`));
    expectRefused(await me(`Bearer ${await forge({ sub: "not-a-uuid", tv: 0 })}`));
    expectRefused(await me(`Bearer ${await forge({ tv: 0 })}`));
  });

  it("it is garbage", async () => {
    for (const garbage of ["abc", "a.b.c", "...", "eyJ.eyJ.eyJ", "🔑", "x".repeat(10_000), "null", "{}"]) {
      expectRefused(await me(`Bearer ${garbage}`));
    }
  });

  it("the header says Bearer and nothing else", async () => {
    expectRefused(await me("Bearer"));
    expectRefused(await me("Bearer "));
    expectRefused(await me(""));
  });

  it("the header uses another scheme, even with a valid token", async () => {
    expectRefused(await me(`Basic ${user.token}`));
    expectRefused(await me(`Token ${user.token}`));
    expectRefused(await me(user.token));
    expectRefused(await me(`Basic ${Buffer.from(`${user.email}:${user.password}`).toString("base64")}`));
  });

  it("its account has logged out, on every endpoint", async () => {
    const session = await t.signUp();
    const ticket = await t.request(session, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Before logout", description: "still signed in" },
    });
    expect(ticket.statusCode).toBe(201);
    await t.request(session, { method: "POST", url: "/api/auth/logout" });
    expectRefused(await t.request(session, { method: "GET", url: "/api/auth/me" }));
    expectRefused(await t.request(session, { method: "GET", url: "/api/tickets" }));
    expectRefused(
      await t.request(session, { method: "GET", url: `/api/tickets/${ticket.json().ticket._id}` }),
    );
    expectRefused(await t.request(session, { method: "POST", url: "/api/auth/logout" }));
  });

  it("logout ends every session of the account, and a new login works", async () => {
    const session = await t.signUp();
    const login = await t.request(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: session.email, password: session.password },
    });
    const second = { ...session, token: login.json().token };
    await t.request(session, { method: "POST", url: "/api/auth/logout" });
    expectRefused(await t.request(second, { method: "GET", url: "/api/auth/me" }));
    const again = await t.request(null, {
      method: "POST",
      url: "/api/auth/login",
      payload: { email: session.email, password: session.password },
    });
    expect((await me(`Bearer ${again.json().token}`)).statusCode).toBe(200);
  });
});

describe("a token carries no rights of its own", () => {
  it("a demoted admin loses admin endpoints at once, with the same token", async () => {
    const admin = await t.signUp("admin");
    expect((await t.request(admin, { method: "GET", url: "/api/auth/users" })).statusCode).toBe(200);
    await t.request(t.admin, {
      method: "POST",
      url: "/api/auth/update-user",
      payload: { email: admin.email, role: "user" },
    });
    const users = await t.request(admin, { method: "GET", url: "/api/auth/users" });
    expect(users.statusCode).toBe(403);
    expect(users.json().error).toBe("forbidden");
    expect((await t.request(admin, { method: "GET", url: "/api/auth/me" })).json().user.role).toBe("user");
  });

  it("a demoted moderator stops seeing other people's tickets at once", async () => {
    const moderator = await t.signUp("moderator");
    const ticket = await t.request(user, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Mine", description: "not yours" },
    });
    const url = `/api/tickets/${ticket.json().ticket._id}`;
    expect((await t.request(moderator, { method: "GET", url })).statusCode).toBe(200);
    await t.request(t.admin, {
      method: "PATCH",
      url: `/api/users/${moderator.user._id}`,
      payload: { role: "user" },
    });
    expect((await t.request(moderator, { method: "GET", url })).statusCode).toBe(404);
  });

  it("a promoted user gains admin endpoints at once, with the same token", async () => {
    const promoted = await t.signUp();
    expect((await t.request(promoted, { method: "GET", url: "/api/auth/users" })).statusCode).toBe(403);
    await t.request(t.admin, {
      method: "PATCH",
      url: `/api/users/${promoted.user._id}`,
      payload: { role: "admin" },
    });
    expect((await t.request(promoted, { method: "GET", url: "/api/auth/users" })).statusCode).toBe(200);
  });

  it("the token itself names no role", () => {
    const claims = decodeJwt(t.admin.token);
    expect(claims).not.toHaveProperty("role");
    expect(JSON.stringify(claims)).not.toContain("admin");
  });
});

describe("token lifetime", () => {
  it("a token lives as long as TOKEN_TTL says", async () => {
    const short = await createTestApp({ TOKEN_TTL: "1s" });
    try {
      const claims = decodeJwt(short.admin.token);
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(1);
    } finally {
      await short.close();
    }
  });

  it("by default a token lives seven days", () => {
    const claims = decodeJwt(user.token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(7 * 86_400);
  });
});
