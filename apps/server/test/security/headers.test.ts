import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../harness.ts";

/**
 * Browser-facing headers beyond ops.test.ts (helmet's headers on a few replies, a CSP in
 * every mode, CORS for configured origins): what the production policy forbids, that every kind
 * of reply carries the headers, and that CORS grants no look-alike origin.
 */

const ALLOWED_ORIGIN = "https://desk.example";

let prod: TestApp;
let user: Session;

beforeAll(async () => {
  prod = await createTestApp({ NODE_ENV: "production", CORS_ORIGINS: ALLOWED_ORIGIN });
  user = await prod.signUp();
});
afterAll(() => prod.close());

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = "", ...values]) => [name, values]),
  );
}

function expectProtectiveHeaders(headers: Record<string, unknown>, what: string) {
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("SAMEORIGIN");
  expect(headers["referrer-policy"], what).toBe("no-referrer");
  expect(headers["cross-origin-opener-policy"], what).toBe("same-origin");
  expect(headers["cross-origin-resource-policy"], what).toBe("same-origin");
  expect(headers["strict-transport-security"], what).toMatch(/max-age=\d+/);
  expect(headers["content-security-policy"], what).toMatch(/frame-ancestors/);
  expect(headers["x-powered-by"], what).toBeUndefined();
  expect(headers.server, what).toBeUndefined();
}

describe("in production", () => {
  it("sends a content security policy that allows no framing by others, no plugins and no inline script", async () => {
    const reply = await prod.request(null, { method: "GET", url: "/" });
    const policy = directives(String(reply.headers["content-security-policy"]));
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("script-src-attr")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
  });

  it("lets no browser or proxy cache keep API replies, which carry people's tickets and accounts", async () => {
    for (const url of ["/api/tickets", "/api/auth/me"]) {
      const reply = await prod.request(user, { method: "GET", url });
      expect(reply.headers["cache-control"], url).toBe("no-store");
    }
    const refused = await prod.request(null, { method: "GET", url: "/api/tickets" });
    expect(refused.headers["cache-control"]).toBe("no-store");
  });

  it("tells browsers to use HTTPS only, for a year and on subdomains too", async () => {
    const reply = await prod.request(null, { method: "GET", url: "/healthz" });
    const hsts = String(reply.headers["strict-transport-security"]);
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(365 * 86_400);
    expect(hsts).toMatch(/includeSubDomains/);
  });

  it("sends the protective headers on data, pages, errors and refusals alike", async () => {
    const json = { "content-type": "application/json" };
    const replies = {
      "a user's tickets": await prod.request(user, { method: "GET", url: "/api/tickets" }),
      "the signed-in user": await prod.request(user, { method: "GET", url: "/api/auth/me" }),
      "the web app": await prod.request(null, { method: "GET", url: "/" }),
      "the API docs": await prod.request(null, { method: "GET", url: "/api/docs/" }),
      "a 401": await prod.request(null, { method: "GET", url: "/api/tickets" }),
      "a 403": await prod.request(user, { method: "GET", url: "/api/auth/users" }),
      "a 404": await prod.request(user, { method: "GET", url: "/api/nothing-here" }),
      "a 400": await prod.request(user, { method: "POST", url: "/api/tickets", payload: {} }),
      "a 413": await prod.request(user, {
        method: "POST",
        url: "/api/tickets",
        headers: json,
        payload: JSON.stringify({ title: "t", description: "d".repeat(prod.config.bodyLimit) }),
      }),
      "a 415": await prod.request(user, {
        method: "POST",
        url: "/api/tickets",
        headers: { "content-type": "text/plain" },
        payload: "title=t",
      }),
    };
    const statuses = Object.fromEntries(
      Object.entries(replies).map(([what, reply]) => [what, reply.statusCode]),
    );
    expect(statuses).toEqual({
      "a user's tickets": 200,
      "the signed-in user": 200,
      "the web app": 200,
      "the API docs": 200,
      "a 401": 401,
      "a 403": 403,
      "a 404": 404,
      "a 400": 400,
      "a 413": 413,
      "a 415": 415,
    });
    for (const [what, reply] of Object.entries(replies)) expectProtectiveHeaders(reply.headers, what);
  });

  it("sends them on the live stream too", async () => {
    await prod.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = prod.app.server.address() as { port: number };
    const { token } = (await prod.request(user, { method: "POST", url: "/api/stream/token" })).json();
    const abort = new AbortController();
    try {
      const stream = await fetch(`http://127.0.0.1:${port}/api/stream?token=${token}`, {
        signal: abort.signal,
      });
      expect(stream.status).toBe(200);
      expectProtectiveHeaders(Object.fromEntries(stream.headers), "the live stream");
    } finally {
      abort.abort();
    }
  });
});

describe.each(["development", "test"])("in %s", (mode) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ NODE_ENV: mode });
  });
  afterAll(() => app.close());

  it("sends a content security policy too: no outside images or scripts, no framing by others", async () => {
    for (const url of ["/", "/api/docs/", "/healthz"]) {
      const reply = await app.request(null, { method: "GET", url });
      const policy = directives(String(reply.headers["content-security-policy"]));
      expect(policy.get("default-src"), url).toEqual(["'self'"]);
      // blob: URLs are made by the page's own scripts (attachment previews), never by another site.
      expect(policy.get("img-src"), url).toEqual(["'self'", "data:", "blob:"]);
      expect(policy.get("script-src"), url).toEqual(["'self'"]);
      expect(policy.get("frame-ancestors"), url).toEqual(["'self'"]);
      // A development server is plain http://, where upgraded requests would fail.
      expect(policy.has("upgrade-insecure-requests"), url).toBe(false);
    }
  });
});

describe("CORS", () => {
  let defaults: TestApp;
  beforeAll(async () => {
    defaults = await createTestApp();
  });
  afterAll(() => defaults.close());

  it("by default grants no other origin a preflight for a signed-in write, nor the write's reply", async () => {
    const session = await defaults.signUp();
    const preflight = await defaults.request(null, {
      method: "OPTIONS",
      url: "/api/tickets",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const write = await defaults.request(session, {
      method: "POST",
      url: "/api/tickets",
      headers: { origin: "https://evil.example" },
      payload: { title: "Cross-site", description: "sent from another origin" },
    });
    expect(write.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it.each([
    "https://desk.example.evil.com",
    "https://evildesk.example",
    "https://evil.example/https://desk.example",
    "http://desk.example",
    "https://desk.example:8443",
    "null",
  ])("grants nothing to the look-alike origin %s", async (origin) => {
    for (const method of ["GET", "OPTIONS"] as const) {
      const reply = await prod.request(user, {
        method,
        url: "/api/tickets",
        headers: { origin, "access-control-request-method": "GET" },
      });
      expect(reply.headers["access-control-allow-origin"], `${method} from ${origin}`).toBeUndefined();
    }
  });

  it("names the configured origin exactly, never a wildcard, and varies on Origin so caches keep grants apart", async () => {
    const reply = await prod.request(user, {
      method: "GET",
      url: "/api/tickets",
      headers: { origin: ALLOWED_ORIGIN },
    });
    expect(reply.headers["access-control-allow-origin"]).toBe(ALLOWED_ORIGIN);
    expect(String(reply.headers.vary)).toMatch(/\bOrigin\b/);
  });
});
