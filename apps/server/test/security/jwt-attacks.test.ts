import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { eq } from "drizzle-orm";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema.ts";
import { createTestApp, type Session, type TestApp } from "../harness.ts";

/**
 * Token attacks beyond token-tampering.test.ts (alg none, wrong secret, algorithm or issuer,
 * expiry, logout, demotion): headers that choose their own key, tokens where they do not belong,
 * accounts that are gone, and claims a token cannot grant.
 */

let t: TestApp;
let user: Session;

beforeAll(async () => {
  t = await createTestApp();
  user = await t.signUp();
});
afterAll(() => t.close());

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Claims the server's own tokens carry, naming the admin: a success would be a takeover. */
function adminClaims(): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub: t.admin.user._id, tv: 0, iss: "helpdesk", iat: now - 10, exp: now + 3600 };
}

/** An HS256 token put together by hand, so the header can say anything. */
function hmacToken(header: Record<string, unknown>, key: string): string {
  const input = `${base64url(header)}.${base64url(adminClaims())}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
}

function expectRefused(reply: LightMyRequestResponse) {
  expect(reply.statusCode, reply.body).toBe(401);
  expect(reply.json()).toEqual({ message: expect.any(String), error: "unauthorized" });
}

const asBearer = (token: string, options: InjectOptions = { method: "GET", url: "/api/auth/users" }) =>
  t.app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });

describe("a token whose header picks the key it is checked with", () => {
  const attackerKey = "the-attacker-chose-this-key-for-hmac";

  it("is refused when it embeds its own public key (jwk) and is signed with it", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const header = { alg: "ES256", typ: "JWT", jwk: publicKey.export({ format: "jwk" }) };
    const input = `${base64url(header)}.${base64url(adminClaims())}`;
    const signature = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
    expectRefused(await asBearer(`${input}.${signature.toString("base64url")}`));
  });

  it.each([
    [
      "an embedded HMAC key (jwk kty oct)",
      { jwk: { kty: "oct", k: Buffer.from(attackerKey).toString("base64url") } },
    ],
    ["a key set URL (jku)", { jku: "https://evil.example/.well-known/jwks.json" }],
    ["a certificate URL (x5u)", { x5u: "https://evil.example/cert.pem" }],
    ["a key id with SQL in it (kid)", { kid: "x' UNION SELECT 'the-attacker-chose-this-key-for-hmac' --" }],
  ])("is refused when it names %s and is signed with the attacker's key", async (_name, extra) => {
    expectRefused(await asBearer(hmacToken({ alg: "HS256", typ: "JWT", ...extra }, attackerKey)));
  });

  it("is refused when its key id points at an empty file (kid: /dev/null) and it is signed with nothing", async () => {
    expectRefused(
      await asBearer(hmacToken({ alg: "HS256", typ: "JWT", kid: "../../../../../../dev/null" }, "")),
    );
  });
});

describe("where a token is accepted", () => {
  it("a session token in the query string opens no endpoint", async () => {
    for (const options of [
      { method: "GET", url: `/api/auth/me?token=${user.token}` },
      { method: "GET", url: `/api/tickets?token=${user.token}` },
      { method: "GET", url: `/api/tickets?access_token=${user.token}` },
      { method: "GET", url: `/api/auth/users?token=${t.admin.token}` },
      { method: "POST", url: `/api/stream/token?token=${user.token}` },
      { method: "POST", url: `/api/auth/logout?token=${user.token}` },
    ] as const) {
      expectRefused(await t.app.inject(options));
    }
  });

  it("a session token does not open the live stream in place of a stream token", async () => {
    const opened = t.app.inject({ method: "GET", url: `/api/stream?token=${user.token}` });
    const timedOut = new Promise<"open">((resolve) => setTimeout(() => resolve("open"), 5_000).unref());
    const reply = await Promise.race([opened, timedOut]);
    expect(reply, "the stream opened").not.toBe("open");
    expectRefused(reply as LightMyRequestResponse);
  });

  it("a stream token opens nothing but the stream, not even a fresh stream token", async () => {
    const { token } = (await t.request(user, { method: "POST", url: "/api/stream/token" })).json();
    for (const options of [
      { method: "POST", url: "/api/stream/token" },
      { method: "GET", url: "/api/tickets" },
      { method: "POST", url: "/api/tickets", payload: { title: "via stream token", description: "d" } },
      { method: "POST", url: "/api/auth/logout" },
    ] as const) {
      expectRefused(await asBearer(token, options));
    }
  });

  it("a stream token taken before a logout no longer opens the stream", async () => {
    const session = await t.signUp();
    const { token } = (await t.request(session, { method: "POST", url: "/api/stream/token" })).json();
    await t.request(session, { method: "POST", url: "/api/auth/logout" });
    expectRefused(await t.app.inject({ method: "GET", url: `/api/stream?token=${token}` }));
  });
});

describe("a token of an account that is gone", () => {
  it("is refused, though genuine and unexpired", async () => {
    const session = await t.signUp();
    expect((await t.request(session, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(200);
    // Straight in the database, as another process would: this one hears of it through the users
    // trigger's announcement (at once on PGlite, a moment later on PostgreSQL), and forgets it.
    await t.database.db.delete(users).where(eq(users.id, session.user._id));
    await expect
      .poll(async () => (await t.request(session, { method: "GET", url: "/api/tickets" })).statusCode)
      .toBe(401);
    expectRefused(await t.request(session, { method: "GET", url: "/api/auth/me" }));
    expectRefused(await t.request(session, { method: "GET", url: "/api/tickets" }));
  });
});

describe("claims a token cannot grant", () => {
  it("a correctly signed token that claims the admin role acts with the account's own role", async () => {
    const token = await new SignJWT({ tv: 0, role: "admin", isAdmin: true, roles: ["admin"], scope: "admin" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(user.user._id)
      .setIssuer("helpdesk")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(t.config.auth.jwtSecret));
    const users = await asBearer(token);
    expect(users.statusCode).toBe(403);
    expect((await asBearer(token, { method: "GET", url: "/api/auth/me" })).json().user.role).toBe("user");
  });
});

describe("the Authorization header", () => {
  it("takes the scheme in any case, as RFC 7235 says", async () => {
    for (const scheme of ["bearer", "BEARER", "bEaReR"]) {
      const reply = await t.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { authorization: `${scheme} ${user.token}` },
      });
      expect(reply.statusCode, scheme).toBe(200);
    }
  });

  it("lets no spelling of the scheme or spacing carry a broken token through", async () => {
    const [header, , signature] = user.token.split(".");
    const broken = [
      `${user.token}x`,
      `${user.token}.`,
      `${header}.${base64url(adminClaims())}.${signature}`,
      `${user.token},${t.admin.token}`,
    ];
    for (const token of broken) {
      for (const authorization of [
        `Bearer ${token}`,
        `bearer ${token}`,
        `BEARER ${token}`,
        `Bearer\t${token}`,
      ]) {
        const reply = await t.app.inject({
          method: "GET",
          url: "/api/auth/users",
          headers: { authorization },
        });
        expectRefused(reply);
      }
    }
  });

  it("refuses a megabyte-long bearer token with 401 JSON", async () => {
    expectRefused(await asBearer(`${"eyJ".repeat(350_000)}.e30.x`));
  });
});
