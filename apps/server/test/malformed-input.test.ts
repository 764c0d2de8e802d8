import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/**
 * Whatever a client sends, the answer is a 4xx with {message, error}: never a 500, never a stack
 * trace. Each case is sent by someone allowed to use the endpoint, so only the input is at fault.
 */

let t: TestApp;
let user: Session;
let ticket: string;
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  t = await createTestApp();
  user = await t.signUp();
  ticket = (
    await t.request(user, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Mouse is stuck", description: "It does not move." },
    })
  ).json().ticket._id;
});
afterAll(() => t.close());

function expectClientError(reply: LightMyRequestResponse, status: number, error?: string) {
  expect(reply.statusCode, reply.body).toBe(status);
  const body = reply.json();
  expect(body).toEqual(
    expect.objectContaining({ message: expect.stringMatching(/\S/), error: error ?? expect.any(String) }),
  );
  expect(Object.keys(body).every((key) => ["message", "error", "issues"].includes(key))).toBe(true);
  expect(reply.body).not.toMatch(/\bstack\b|\n\s+at |\.ts:\d+|node_modules/);
}

type BodyEndpoint = {
  name: string;
  method: "POST" | "PUT" | "PATCH";
  url: () => string;
  as: () => Session | null;
  /** Takes multipart/form-data too (files on a ticket or reply): its fields are checked like JSON. */
  takesForms?: boolean;
};

const BODY_ENDPOINTS: BodyEndpoint[] = [
  { name: "signup", method: "POST", url: () => "/api/auth/signup", as: () => null },
  { name: "register", method: "POST", url: () => "/api/auth/register", as: () => null },
  { name: "login", method: "POST", url: () => "/api/auth/login", as: () => null },
  { name: "update-user", method: "POST", url: () => "/api/auth/update-user", as: () => t.admin },
  { name: "PATCH user", method: "PATCH", url: () => `/api/users/${user.user._id}`, as: () => t.admin },
  { name: "create ticket", method: "POST", url: () => "/api/tickets", as: () => user, takesForms: true },
  { name: "PUT ticket", method: "PUT", url: () => `/api/tickets/${ticket}`, as: () => t.admin },
  { name: "PATCH ticket", method: "PATCH", url: () => `/api/tickets/${ticket}`, as: () => t.admin },
  {
    name: "comment",
    method: "POST",
    url: () => `/api/tickets/${ticket}/comments`,
    as: () => user,
    takesForms: true,
  },
];

const send = (endpoint: BodyEndpoint, options: Omit<InjectOptions, "method" | "url">) =>
  t.request(endpoint.as(), { method: endpoint.method, url: endpoint.url(), ...options });
const json = { "content-type": "application/json" };

describe("bodies that are not the JSON object an endpoint wants", () => {
  it.each(BODY_ENDPOINTS)("$name: malformed JSON is 400 invalid_json", async (endpoint) => {
    for (const payload of ['{"title":', "{title: 'x'}", "{'a':1}", "[1,]", "nul"]) {
      expectClientError(await send(endpoint, { headers: json, payload }), 400, "invalid_json");
    }
  });

  it.each(BODY_ENDPOINTS)("$name: an empty JSON body is no body, so 400", async (endpoint) => {
    expectClientError(await send(endpoint, { headers: json, payload: "" }), 400, "validation_failed");
  });

  it("an endpoint without a body takes an empty one sent as JSON, as the original server did", async () => {
    const session = await t.signUp();
    const reply = await t.request(session, {
      method: "POST",
      url: "/api/auth/logout",
      headers: json,
      payload: "",
    });
    expect(reply.statusCode).toBe(200);
    expect((await t.request(session, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(401);
  });

  it.each(BODY_ENDPOINTS)("$name: no body at all is 400", async (endpoint) => {
    expectClientError(await send(endpoint, {}), 400, "validation_failed");
  });

  it.each(BODY_ENDPOINTS)("$name: null, an array, a string or a number is 400", async (endpoint) => {
    for (const payload of ["null", "[]", '[{"title":"a","description":"b"}]', '"text"', "42", "true"]) {
      expectClientError(await send(endpoint, { headers: json, payload }), 400, "validation_failed");
    }
  });

  it.each(BODY_ENDPOINTS)("$name: a body in another format is 415", async (endpoint) => {
    for (const [type, payload] of [
      ["text/plain", '{"title":"a","description":"b"}'],
      ["application/x-www-form-urlencoded", "title=a&description=b"],
      [
        "multipart/form-data; boundary=x",
        '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\na\r\n--x--',
      ],
      ["application/xml", "<ticket/>"],
    ]) {
      const reply = await send(endpoint, { headers: { "content-type": type as string }, payload });
      if (endpoint.takesForms && type?.startsWith("multipart/")) {
        // A form without the required fields is refused by the same schema as JSON.
        expectClientError(reply, 400, "validation_failed");
      } else {
        expectClientError(reply, 415, "unsupported_media_type");
      }
    }
  });

  it.each(BODY_ENDPOINTS)("$name: a body over 1 MB is 413", async (endpoint) => {
    const payload = JSON.stringify({
      email: "big@example.com",
      title: "t",
      body: "b",
      description: "d".repeat(1_100_000),
    });
    expectClientError(await send(endpoint, { headers: json, payload }), 413, "payload_too_large");
  });

  it.each(BODY_ENDPOINTS)(
    "$name: text with a NUL character is 400, not a database failure",
    async (endpoint) => {
      const nul = "a\u0000b";
      const payload = {
        email: "nul@example.com",
        password: `password${nul}`,
        title: nul,
        description: nul,
        body: nul,
        category: nul,
        skills: [nul],
        relatedSkills: [nul],
      };
      expectClientError(await send(endpoint, { payload }), 400, "invalid_text");
    },
  );

  it("a JSON body with a charset parameter is accepted", async () => {
    const reply = await t.request(user, {
      method: "POST",
      url: "/api/tickets",
      headers: { "content-type": "application/json; charset=utf-8" },
      payload: JSON.stringify({ title: "Charset", description: "utf-8" }),
    });
    expect(reply.statusCode).toBe(201);
  });

  it("prototype pollution in a body is refused", async () => {
    const payload = '{"__proto__":{"role":"admin"},"title":"a","description":"b"}';
    expectClientError(
      await t.request(user, { method: "POST", url: "/api/tickets", headers: json, payload }),
      400,
    );
    expect(({} as { role?: string }).role).toBeUndefined();
  });
});

/** Field-level mistakes: [endpoint name, body, the field the reply should name]. */
const FIELD_CASES: [string, unknown, string][] = [
  ["signup", {}, "body.email"],
  ["signup", { email: 5, password: "a-good-password" }, "body.email"],
  ["signup", { email: "not-an-email", password: "a-good-password" }, "body.email"],
  ["signup", { email: `${"a".repeat(250)}@example.com`, password: "a-good-password" }, "body.email"],
  ["signup", { email: null, password: null }, "body.email"],
  ["signup", { email: "short@example.com", password: "seven77" }, "body.password"],
  ["signup", { email: "long@example.com", password: "p".repeat(201) }, "body.password"],
  ["signup", { email: "skills@example.com", password: "a-good-password", skills: "React" }, "body.skills"],
  ["signup", { email: "skills@example.com", password: "a-good-password", skills: [1] }, "body.skills.0"],
  [
    "signup",
    { email: "skills@example.com", password: "a-good-password", skills: ["s".repeat(61)] },
    "body.skills.0",
  ],
  [
    "signup",
    {
      email: "skills@example.com",
      password: "a-good-password",
      skills: Array.from({ length: 51 }, (_, i) => `s${i}`),
    },
    "body.skills",
  ],
  ["login", {}, "body.email"],
  ["login", { email: "someone@example.com" }, "body.password"],
  ["login", { email: "someone@example.com", password: 12345678 }, "body.password"],
  ["login", { email: ["someone@example.com"], password: "a-good-password" }, "body.email"],
  ["update-user", {}, "body.email"],
  ["update-user", { email: "x", role: "user" }, "body.email"],
  ["update-user", { email: "someone@example.com", role: 5 }, "body.role"],
  ["update-user", { email: "someone@example.com", role: "root" }, "body.role"],
  ["update-user", { email: "someone@example.com", skills: "React" }, "body.skills"],
  ["update-user", { email: "someone@example.com", skills: null }, "body.skills"],
  ["PATCH user", {}, "body"],
  ["PATCH user", { role: "root" }, "body.role"],
  ["PATCH user", { capacity: -1 }, "body.capacity"],
  ["PATCH user", { capacity: 1001 }, "body.capacity"],
  ["PATCH user", { capacity: 1.5 }, "body.capacity"],
  ["PATCH user", { capacity: "5" }, "body.capacity"],
  ["PATCH user", { available: "yes" }, "body.available"],
  ["PATCH user", { skills: { 0: "React" } }, "body.skills"],
  ["create ticket", {}, "body.title"],
  ["create ticket", { description: "no title" }, "body.title"],
  ["create ticket", { title: "no description" }, "body.description"],
  ["create ticket", { title: "t".repeat(201), description: "d" }, "body.title"],
  ["create ticket", { title: "t", description: "d".repeat(20_001) }, "body.description"],
  ["create ticket", { title: "   ", description: "blank title" }, "body.title"],
  ["create ticket", { title: 123, description: "d" }, "body.title"],
  ["create ticket", { title: null, description: null }, "body.title"],
  ["create ticket", { title: ["a"], description: "d" }, "body.title"],
  ["create ticket", { title: { text: "a" }, description: "d" }, "body.title"],
  ["PATCH ticket", {}, "body"],
  ["PATCH ticket", { status: "DONE" }, "body.status"],
  ["PATCH ticket", { status: null }, "body.status"],
  ["PATCH ticket", { status: "todo" }, "body.status"],
  ["PATCH ticket", { priority: "urgent" }, "body.priority"],
  ["PATCH ticket", { type: "bug" }, "body.type"],
  ["PATCH ticket", { category: "" }, "body.category"],
  ["PATCH ticket", { category: "c".repeat(81) }, "body.category"],
  ["PATCH ticket", { relatedSkills: "React" }, "body.relatedSkills"],
  ["PATCH ticket", { assignedTo: 5 }, "body.assignedTo"],
  ["PUT ticket", { status: ["CLOSED"] }, "body.status"],
  ["comment", {}, "body.body"],
  ["comment", { body: "" }, "body.body"],
  ["comment", { body: "   " }, "body.body"],
  ["comment", { body: "b".repeat(20_001) }, "body.body"],
  ["comment", { body: null }, "body.body"],
  ["comment", { body: "ok", internal: "yes" }, "body.internal"],
];

describe("fields of the wrong type, missing, too long or null", () => {
  it.each(FIELD_CASES)("%s %j is 400 naming %s", async (name, payload, field) => {
    const endpoint = BODY_ENDPOINTS.find((candidate) => candidate.name === name);
    if (!endpoint) throw new Error(`no endpoint ${name}`);
    const reply = await send(endpoint, { payload: payload as object });
    expectClientError(reply, 400, "validation_failed");
    expect(reply.json().issues.map((issue: { path: string }) => issue.path)).toContain(field);
  });

  it("takes a title of exactly 200 and a description of exactly 20,000 characters", async () => {
    const reply = await t.request(user, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "t".repeat(200), description: "d".repeat(20_000) },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().ticket.title).toHaveLength(200);
    expect(reply.json().ticket.description).toHaveLength(20_000);
  });

  it("keeps unicode and emoji exactly as sent", async () => {
    const title = "Écran noir 🖥️💥 — 中文 — עברית — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢";
    const description = "Zero-width joiner: 👩‍💻, combining: é, RTL: مرحبا";
    const created = await t.request(user, {
      method: "POST",
      url: "/api/tickets",
      payload: { title, description },
    });
    expect(created.statusCode).toBe(201);
    const read = await t.request(user, { method: "GET", url: `/api/tickets/${created.json().ticket._id}` });
    expect(read.json().ticket).toMatchObject({ title, description });
    const comment = await t.request(user, {
      method: "POST",
      url: `/api/tickets/${created.json().ticket._id}/comments`,
      payload: { body: "🙏 merci" },
    });
    expect(comment.json().comment.body).toBe("🙏 merci");
  });

  it("counts an emoji title against the limit without failing", async () => {
    const reply = await t.request(user, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "🔥".repeat(150), description: "emoji" },
    });
    expect(reply.statusCode).toBeLessThan(500);
  });
});

describe("ids that name nothing", () => {
  const BAD_IDS = [
    "not-a-uuid",
    "123",
    UNKNOWN_ID,
    "00000000-0000-4000-8000-00000000000g",
    "' or 1=1 --",
    "%20",
    "a".repeat(100),
    "a".repeat(300),
    "%00",
  ];

  const ID_ROUTES: { name: string; options: (id: string) => InjectOptions }[] = [
    { name: "GET ticket", options: (id) => ({ method: "GET", url: `/api/tickets/${id}` }) },
    {
      name: "PUT ticket",
      options: (id) => ({ method: "PUT", url: `/api/tickets/${id}`, payload: { status: "CLOSED" } }),
    },
    {
      name: "PATCH ticket",
      options: (id) => ({ method: "PATCH", url: `/api/tickets/${id}`, payload: { status: "CLOSED" } }),
    },
    { name: "GET comments", options: (id) => ({ method: "GET", url: `/api/tickets/${id}/comments` }) },
    {
      name: "POST comment",
      options: (id) => ({ method: "POST", url: `/api/tickets/${id}/comments`, payload: { body: "hello" } }),
    },
    { name: "GET events", options: (id) => ({ method: "GET", url: `/api/tickets/${id}/events` }) },
    {
      name: "PATCH user",
      options: (id) => ({ method: "PATCH", url: `/api/users/${id}`, payload: { capacity: 3 } }),
    },
  ];

  it.each(ID_ROUTES)("$name answers 404 for every id that names nothing", async ({ options }) => {
    for (const id of BAD_IDS) {
      const reply = await t.request(t.admin, options(encodeURI(id).replace(/%25/g, "%")));
      expectClientError(reply, 404, "not_found");
    }
  });

  it("a user posting an internal note on a ticket that does not exist is told it does not exist", async () => {
    const reply = await t.request(user, {
      method: "POST",
      url: `/api/tickets/${UNKNOWN_ID}/comments`,
      payload: { body: "note", internal: true },
    });
    expectClientError(reply, 404, "not_found");
  });

  it("a badly escaped URL is 400 with the usual error shape", async () => {
    expectClientError(await t.request(user, { method: "GET", url: "/api/tickets/%E0%A4%A" }), 400);
  });
});

describe("query strings", () => {
  const BAD_LIST_QUERIES = [
    "status=NOPE",
    "status=TODO,NOPE",
    "status=todo",
    "priority=urgent",
    "sort=sideways",
    "limit=0",
    "limit=-1",
    "limit=201",
    "limit=1000",
    "limit=abc",
    "limit=1.5",
    "limit=1&limit=2",
    "cursor=garbage",
    "cursor=%7B%7D",
    `cursor=${Buffer.from("[]").toString("base64url")}`,
    `cursor=${Buffer.from('["yesterday","x"]').toString("base64url")}`,
    `cursor=${Buffer.from(`["1","${UNKNOWN_ID}"]`).toString("base64url")}`,
    `cursor=${Buffer.from(`[1e20,"2026-01-01T00:00:00.000Z","${UNKNOWN_ID}"]`).toString("base64url")}&sort=priority`,
    `cursor=${"A".repeat(501)}`,
    "mine=maybe",
    "assignee=garbage",
    `q=${"q".repeat(201)}`,
    "q=a&q=b",
    `category=${"c".repeat(81)}`,
    "q=a%00b",
    "category=a%00b",
  ];

  it.each(BAD_LIST_QUERIES)("GET /api/tickets?%s is 400", async (query) => {
    const reply = await t.request(user, { method: "GET", url: `/api/tickets?${query}` });
    expectClientError(reply, 400);
  });

  // Date.parse rolls these over to a real day (or takes year 0), and PostgreSQL refuses them.
  it.each([
    ["February 30", "2025-02-30T10:00:00.000Z", "newest"],
    ["April 31", "2025-04-31T10:00:00.000Z", "updated"],
    ["year 0000", "0000-01-01T00:00:00.000Z", "oldest"],
    ["February 29 of a common year", "2023-02-29T00:00:00.000Z", "due"],
    ["hour 24", "2025-01-01T24:00:00.000Z", "newest"],
  ])("a cursor with a date that does not exist (%s) is 400 invalid_cursor", async (_what, date, sort) => {
    const cursor = Buffer.from(JSON.stringify([date, UNKNOWN_ID])).toString("base64url");
    const reply = await t.request(user, { method: "GET", url: `/api/tickets?sort=${sort}&cursor=${cursor}` });
    expectClientError(reply, 400, "invalid_cursor");
  });

  it("a cursor from one sort is refused by another", async () => {
    for (let i = 0; i < 2; i++) {
      await t.request(user, {
        method: "POST",
        url: "/api/tickets",
        payload: { title: `p${i}`, description: "d" },
      });
    }
    const first = await t.request(user, { method: "GET", url: "/api/tickets?sort=priority&limit=1" });
    const cursor = first.json().nextCursor;
    expect(cursor).toEqual(expect.any(String));
    expectClientError(
      await t.request(user, { method: "GET", url: `/api/tickets?sort=newest&cursor=${cursor}` }),
      400,
    );
  });

  it("search text with operators and quotes is searched, never an error", async () => {
    for (const q of [
      '"unterminated',
      "-",
      "OR",
      "a & b | !c",
      "(((",
      ":*",
      "'; drop table tickets; --",
      "🦄",
      "the",
    ]) {
      const reply = await t.request(user, { method: "GET", url: `/api/tickets?q=${encodeURIComponent(q)}` });
      expect(reply.statusCode, q).toBe(200);
    }
  });

  it.each(["role=root", "q=a%00b"])("GET /api/auth/users?%s is 400", async (query) => {
    expectClientError(await t.request(t.admin, { method: "GET", url: `/api/auth/users?${query}` }), 400);
  });
});
