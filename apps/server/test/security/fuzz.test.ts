import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tickets, users } from "../../src/db/schema.ts";
import { findUserById } from "../../src/users/service.ts";
import { createTestApp, type Session, type TestApp } from "../harness.ts";
import { type Operation, readOperations } from "./fuzz/operations.ts";
import { createRandom, fuzzSeed } from "./fuzz/random.ts";
import { type FuzzContext, type FuzzRequest, generateRequest, type Principal } from "./fuzz/requests.ts";
import { describeRequest, type ProblemKind, problemsWith, type Secrets } from "./fuzz/verdicts.ts";

/**
 * Thousands of malformed and hostile requests to every operation in the live OpenAPI document,
 * from anonymous callers, broken tokens, a signed-in attacker and staff. Whatever arrives, the
 * server answers without a 5xx, errors are `{message, error}`, the attacker never reads another
 * user's private text or staff-only material, and the server is healthy and unchanged afterwards.
 *
 * Reproduce a run with HELPDESK_FUZZ_SEED=<seed printed below>; HELPDESK_FUZZ_REQUESTS sets how many.
 */

const DEFAULT_SEED = 20_261_123;
const REQUESTS = Number(process.env.HELPDESK_FUZZ_REQUESTS ?? 10_000);
/** Requests in flight at once: argon2 runs on libuv's threads, so a few in parallel keep it busy. */
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 10_000;

let t: TestApp;
let victim: Session;
let attacker: Session;
let moderator: Session;
let bystander: Session;
let secrets: Secrets;
let victimTicketIds: string[];
let victimSnapshot: unknown;
const tokens = new Map<Principal, string>();

type Finding = {
  request: FuzzRequest;
  reply?: LightMyRequestResponse;
  kind: ProblemKind | "no-answer";
  detail: string;
};
const findings: Finding[] = [];
const reached = new Set<string>();
const statuses = new Map<number, number>();
let sentCount = 0;
let acceptedWrites = 0;
let operations: Operation[] = [];

beforeAll(async () => {
  t = await createTestApp({ AUTH_RATE_LIMIT: "1000000", WRITE_RATE_LIMIT: "1000000" });
  const document = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
  operations = readOperations(document);
  await plantPrivateData();
  victimSnapshot = await snapshotVictim();

  const seed = fuzzSeed(DEFAULT_SEED);
  const random = createRandom(seed);
  const context: FuzzContext = {
    operations,
    hostileTargets: {
      ticketIds: [...victimTicketIds, ...(await ticketIdsOf(attacker))],
      userIds: [victim.user._id, t.admin.user._id, moderator.user._id, attacker.user._id],
      emails: [victim.email, t.admin.email, moderator.email, attacker.email],
      assigneeIds: [victim.user._id, t.admin.user._id, moderator.user._id, attacker.user._id],
    },
    staffTargets: {
      ticketIds: await ticketIdsOf(bystander),
      userIds: [bystander.user._id],
      emails: [bystander.email],
      assigneeIds: [moderator.user._id, t.admin.user._id, bystander.user._id],
    },
    bodyLimit: t.config.bodyLimit,
  };

  const started = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      const request = generateRequest(random, context, next++);
      reached.add(request.operation);
      sentCount++;
      await send(request);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { user, system } = process.cpuUsage(cpu);
  const cpuSeconds = ((user + system) / 1e6).toFixed(1);
  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}:${count}`);
  console.info(
    `fuzz (${process.env.HELPDESK_TEST_DB ?? "pglite"}): seed ${seed}, ${sentCount} requests ` +
      `over ${operations.length} operations in ${seconds} s (${cpuSeconds} s of CPU); statuses ${byStatus.join(" ")}; ${acceptedWrites} writes accepted`,
  );
}, 600_000);

afterAll(() => t?.close());

async function send(request: FuzzRequest): Promise<void> {
  const headers = { ...request.headers };
  const token = tokens.get(request.principal);
  if (token) headers.authorization = `Bearer ${token}`;
  let reply: LightMyRequestResponse;
  try {
    reply = await withTimeout(
      t.app.inject({
        method: request.method as InjectOptions["method"],
        url: request.url,
        headers,
        payload: request.payload,
      }),
    );
  } catch (error) {
    findings.push({ request, kind: "no-answer", detail: (error as Error).message });
    return;
  }
  statuses.set(reply.statusCode, (statuses.get(reply.statusCode) ?? 0) + 1);
  if (request.mayWrite && reply.statusCode < 300) acceptedWrites++;
  for (const problem of problemsWith(request, reply, secrets)) findings.push({ request, reply, ...problem });
  // A logout (or anything else that ends sessions) must not leave the rest of the run signed out.
  if (reply.statusCode === 401 && token) await renewToken(request.principal);
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`none within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const SESSIONS = (): [Principal, Session][] => [
  ["attacker", attacker],
  ["moderator", moderator],
  ["admin", t.admin],
];

/** A session token as the server signs them, for the account's current token version. */
async function renewToken(principal: Principal): Promise<void> {
  const session = SESSIONS().find(([name]) => name === principal)?.[1];
  if (!session) return;
  const row = await findUserById(t.database.db, session.user._id);
  const token = await new SignJWT({ tv: row?.tokenVersion ?? 0 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(session.user._id)
    .setIssuer("helpdesk")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(t.config.auth.jwtSecret));
  tokens.set(principal, token);
}

/**
 * The victim's tickets carry marker texts everywhere: title, description, a public reply, a staff
 * note, and the staff-only triage and routing fields; the attacker's own ticket carries a staff
 * note and staff-only fields too, which its creator must not read either.
 */
async function plantPrivateData(): Promise<void> {
  const run = randomBytes(6).toString("hex");
  const marker = (what: string) => `SECRET-${what}-${run}`;
  const password = randomBytes(18).toString("base64url");
  const email = `victim-${run}@example.com`;
  const signup = await t.request(null, {
    method: "POST",
    url: "/api/auth/signup",
    payload: { email, password, skills: [marker("skill")] },
  });
  victim = { ...signup.json(), email, password };
  attacker = await t.signUp();
  moderator = await t.signUp("moderator", { skills: ["networking"] });
  bystander = await t.signUp();
  for (const [principal, session] of SESSIONS()) tokens.set(principal, session.token);

  victimTicketIds = [];
  for (const n of [1, 2, 3]) {
    const ticket = await t.fileTicket(
      victim,
      `Payroll ${marker(`title${n}`)}`,
      `Salary ${marker(`description${n}`)}`,
    );
    victimTicketIds.push(ticket._id);
  }
  const [first] = victimTicketIds;
  await comment(victim, first, marker("victim-reply"), false);
  await comment(moderator, first, marker("staff-note-on-victim"), true);
  const own = await t.fileTicket(attacker, "My own printer", "It jams.");
  await comment(moderator, own._id, marker("staff-note-on-attacker"), true);
  for (const n of [1, 2, 3]) await t.fileTicket(bystander, `Bystander ${n}`, "Something broke.");

  for (const [id, label] of [...victimTicketIds.map((id) => [id, "victim"]), [own._id, "attacker"]]) {
    await t.database.db
      .update(tickets)
      .set({
        helpfulNotes: marker(`notes-${label}`),
        sentiment: { label: "negative", score: -0.5 },
        triage: {
          engine: "builtin",
          model: marker(`model-${label}`),
          version: "1",
          durationMs: 1,
          confidence: { priority: 0.5 },
        },
        assignment: {
          rule: "skills",
          reason: marker(`reason-${label}`),
          matchedSkills: [],
          score: 1,
          runnerUp: null,
          decidedBy: "routing",
          decidedAt: new Date().toISOString(),
        },
        ...(label === "victim" && { summary: marker("summary"), category: marker("category") }),
      })
      .where(eq(tickets.id, id as string));
  }
  secrets = {
    markers: [
      ...[1, 2, 3].flatMap((n) => [marker(`title${n}`), marker(`description${n}`)]),
      ...[
        "victim-reply",
        "staff-note-on-victim",
        "staff-note-on-attacker",
        "skill",
        "summary",
        "category",
      ].map(marker),
      ...["victim", "attacker"].flatMap((label) =>
        ["notes", "model", "reason"].map((field) => marker(`${field}-${label}`)),
      ),
      password,
    ],
    identifiers: [email, victim.user._id],
  };
}

async function comment(session: Session, ticketId: string | undefined, body: string, internal: boolean) {
  const reply = await t.request(session, {
    method: "POST",
    url: `/api/tickets/${ticketId}/comments`,
    payload: { body, internal },
  });
  if (reply.statusCode !== 201) throw new Error(`comment failed: ${reply.statusCode} ${reply.body}`);
}

async function ticketIdsOf(session: Session): Promise<string[]> {
  const rows = await t.database.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(eq(tickets.createdBy, session.user._id));
  return rows.map((row) => row.id);
}

/** Everything an admin can read about the victim: account, tickets, conversations, histories. */
async function snapshotVictim(): Promise<unknown> {
  const admin = { ...t.admin, token: tokens.get("admin") ?? t.admin.token };
  const read = async (url: string) => (await t.request(admin, { method: "GET", url })).json();
  const account = (await read(`/api/auth/users?q=${encodeURIComponent(victim.email)}`)) as unknown;
  const owned = await ticketIdsOf(victim);
  const details = [];
  for (const id of owned.sort()) {
    details.push([
      await read(`/api/tickets/${id}`),
      await read(`/api/tickets/${id}/comments`),
      await read(`/api/tickets/${id}/events`),
    ]);
  }
  return { account, details };
}

/** Up to 15 findings of these kinds, each with the request that reproduces it. */
function report(...kinds: Finding["kind"][]): string[] {
  return findings
    .filter((finding) => kinds.includes(finding.kind))
    .slice(0, 15)
    .map((finding) => `${finding.detail}: ${describeRequest(finding.request, finding.reply)}`);
}

describe(`fuzzing every endpoint with ${REQUESTS} hostile requests`, () => {
  it("sends every request it generated, at least 10,000 unless told otherwise, to every operation", () => {
    expect(sentCount).toBe(REQUESTS);
    if (!process.env.HELPDESK_FUZZ_REQUESTS) expect(sentCount).toBeGreaterThanOrEqual(10_000);
    const missed = operations
      .map((operation) => `${operation.method} ${operation.path}`)
      .filter((name) => !reached.has(name));
    expect(missed).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it("answers every request, none of them with a 5xx", () => {
    expect(report("server-error", "no-answer")).toEqual([]);
  });

  it("answers every refusal with JSON {message, error}, never with a stack trace", () => {
    expect(report("error-shape", "stack-trace")).toEqual([]);
  });

  it("never shows the attacker, anonymous callers or broken tokens another user's private data", () => {
    expect(report("leak")).toEqual([]);
  });

  it("never sends a password hash to anyone, staff included", () => {
    expect(report("password-hash")).toEqual([]);
  });
});

describe("after the fuzzing", () => {
  it("is alive and ready", async () => {
    expect((await t.request(null, { method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect((await t.request(null, { method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });

  it("still serves an ordinary request: the attacker files a ticket and reads it back", async () => {
    await renewToken("attacker");
    const session = { ...attacker, token: tokens.get("attacker") ?? "" };
    const ticket = await t.fileTicket(session, "After the storm", "Is everything fine?");
    const read = await t.request(session, { method: "GET", url: `/api/tickets/${ticket._id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().ticket.title).toBe("After the storm");
  });

  it("left the victim's account, tickets, conversations and histories exactly as they were", async () => {
    expect(await ticketIdsOf(victim)).toHaveLength(3);
    expect(await snapshotVictim()).toEqual(victimSnapshot);
    const me = await t.request(victim, { method: "GET", url: "/api/auth/me" });
    expect(me.statusCode, "the victim's session survived").toBe(200);
  });

  it("never raised the attacker's role, so the leak checks above held a user to them", async () => {
    const [row] = await t.database.db
      .select({ role: users.role })
      .from(users)
      .where(eq(users.id, attacker.user._id));
    expect(row?.role).toBe("user");
  });
});
