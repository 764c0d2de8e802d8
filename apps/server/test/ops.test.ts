import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./harness.ts";

/** What operators and the platform around the server rely on. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("health and readiness", () => {
  it("/healthz answers 200 without signing in", async () => {
    const reply = await t.request(null, { method: "GET", url: "/healthz" });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: "ok" });
  });

  it("/readyz answers 200 naming the database it reached", async () => {
    const reply = await t.request(null, { method: "GET", url: "/readyz" });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: "ready", database: process.env.HELPDESK_TEST_DB ?? "pglite" });
  });
});

describe("metrics", () => {
  it("/metrics is Prometheus text with request durations by route pattern and process metrics", async () => {
    const created = await t.request(t.admin, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Metrics", description: "count me" },
    });
    const id = created.json().ticket._id;
    await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}` });

    const reply = await t.request(null, { method: "GET", url: "/metrics" });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/^text\/plain/);
    expect(reply.body).toContain("# TYPE http_request_duration_seconds histogram");
    expect(reply.body).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*method="GET"[^}]*route="\/api\/tickets\/:id"[^}]*status="200"/,
    );
    expect(reply.body).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/api\/tickets",status="201"\}/,
    );
    expect(reply.body).not.toContain(id);
    expect(reply.body).toMatch(/^process_cpu_user_seconds_total /m);
    expect(reply.body).toMatch(/^nodejs_heap_size_used_bytes /m);
  });

  it("labels requests that match no route as unmatched, not by their URL", async () => {
    await t.request(null, { method: "GET", url: "/api/no-such-thing-12345" });
    const body = (await t.request(null, { method: "GET", url: "/metrics" })).body;
    expect(body).not.toContain("no-such-thing-12345");
  });
});

describe("API description", () => {
  it("/api/openapi.json is OpenAPI 3.1 listing the account and ticket paths", async () => {
    const reply = await t.request(null, { method: "GET", url: "/api/openapi.json" });
    expect(reply.statusCode).toBe(200);
    const document = reply.json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/auth/signup",
        "/api/auth/register",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/me",
        "/api/auth/users",
        "/api/auth/update-user",
        "/api/users/{id}",
        "/api/tickets",
        "/api/tickets/{id}",
        "/api/tickets/{id}/comments",
        "/api/tickets/{id}/events",
      ]),
    );
    expect(Object.keys(document.paths["/api/tickets/{id}"]).sort()).toEqual(
      expect.arrayContaining(["get", "patch", "put"]),
    );
    expect(document.paths["/healthz"]).toBeUndefined();
    expect(document.paths["/api/openapi.json"]).toBeUndefined();
  });

  it("describes request bodies and replies from the contracts schemas", async () => {
    const document = (await t.request(null, { method: "GET", url: "/api/openapi.json" })).json();
    const create = document.paths["/api/tickets"].post;
    const body = create.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(expect.arrayContaining(["title", "description"]));
    expect(body.properties.title).toMatchObject({ type: "string", maxLength: 200 });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["201", "400", "401"]));
    const list = document.paths["/api/tickets"].get;
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(["status", "priority", "q", "sort", "limit", "cursor"]),
    );
  });

  it("/api/docs serves the interactive documentation as HTML", async () => {
    let reply = await t.request(null, { method: "GET", url: "/api/docs" });
    if (reply.statusCode >= 300 && reply.statusCode < 400) {
      reply = await t.request(null, { method: "GET", url: String(reply.headers.location) });
    }
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/^text\/html/);
    expect(reply.body.toLowerCase()).toContain("swagger");
  });

  it("an unknown API path is a JSON 404", async () => {
    const reply = await t.request(null, { method: "GET", url: "/api/nothing-here" });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toEqual({ message: expect.any(String), error: "not_found" });
  });
});

describe("security headers", () => {
  it("every reply carries helmet's headers", async () => {
    for (const url of ["/healthz", "/api/tickets", "/api/openapi.json"]) {
      const reply = await t.request(null, { method: "GET", url });
      expect(reply.headers["x-content-type-options"], url).toBe("nosniff");
      expect(reply.headers["x-frame-options"], url).toBe("SAMEORIGIN");
      expect(reply.headers["referrer-policy"], url).toBe("no-referrer");
      expect(reply.headers["strict-transport-security"], url).toMatch(/max-age=\d+/);
      expect(reply.headers["x-powered-by"], url).toBeUndefined();
    }
  });

  it("answers other sites' browsers with no CORS grant by default", async () => {
    const reply = await t.request(null, {
      method: "GET",
      url: "/api/tickets",
      headers: { origin: "https://evil.example" },
    });
    expect(reply.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("in production", () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await createTestApp({ NODE_ENV: "production", CORS_ORIGINS: "https://desk.example" });
  });
  afterAll(() => prod.close());

  it("sends a content security policy", async () => {
    const reply = await prod.request(null, { method: "GET", url: "/healthz" });
    expect(reply.headers["content-security-policy"]).toMatch(/default-src 'self'/);
  });

  it("grants CORS to the configured origins only", async () => {
    const allowed = await prod.request(null, {
      method: "OPTIONS",
      url: "/api/tickets",
      headers: { origin: "https://desk.example", "access-control-request-method": "POST" },
    });
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://desk.example");
    const other = await prod.request(null, {
      method: "OPTIONS",
      url: "/api/tickets",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("never details an unexpected failure", async () => {
    const reply = await prod.request(null, {
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: "{oops",
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.body).not.toMatch(/\n\s+at |stack/);
  });
});

describe("rate limits on signing in and up", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ AUTH_RATE_LIMIT: "3" });
  });
  afterAll(() => limited.close());

  const login = (email: string, password: string, remoteAddress: string) =>
    limited.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password },
      remoteAddress,
    });

  it("after three wrong passwords for one email from anywhere, each address gets one guess at it: its next is 429 with a retry-after", async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await login("victim@example.com", "guess-number-x", `10.0.1.${attempt}`)).statusCode).toBe(401);
    }
    expect((await login("VICTIM@example.com", "guess-number-y", "10.0.1.4")).statusCode).toBe(401);
    const again = await login("VICTIM@example.com", "guess-number-z", "10.0.1.4");
    expect(again.statusCode).toBe(429);
    expect(again.json()).toEqual({ message: expect.stringMatching(/try again/i), error: "rate_limited" });
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(again.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);
  });

  it("the right password does not get past an address's spent limit", async () => {
    const session = await limited.signUp();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await login(session.email, "wrong-password", "10.0.2.1");
    }
    expect((await login(session.email, session.password, "10.0.2.1")).statusCode).toBe(429);
  });

  it("one address trying many emails is limited too", async () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await login(`spray-${attempt}@example.com`, "password-x", "10.0.3.1")).statusCode).toBe(401);
    }
    const fourth = await login("spray-4@example.com", "password-x", "10.0.3.1");
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error).toBe("rate_limited");
  });

  it("sign-ups are limited per address as well", async () => {
    const signup = (n: number) =>
      limited.app.inject({
        method: "POST",
        url: "/api/auth/signup",
        payload: { email: `burst-${n}@example.com`, password: "a-good-password" },
        remoteAddress: "10.0.4.1",
      });
    for (let n = 1; n <= 3; n++) expect((await signup(n)).statusCode).toBe(201);
    const fourth = await signup(4);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error).toBe("rate_limited");
  });

  // Sign-ups through the harness come from 127.0.0.1: the admin's and the two below stay within 3.
  it("other people are not affected by someone else's limit", async () => {
    const session = await limited.signUp();
    expect((await login(session.email, session.password, "10.0.5.1")).statusCode).toBe(200);
  });
});
