import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testConfig } from "../../test/harness.ts";
import { issueToken } from "../auth/service.ts";
import { createTokenIssuer } from "../auth/tokens.ts";
import type { AppContext } from "../context.ts";
import { tickets, users } from "../db/schema.ts";
import { registerErrorHandling } from "../http/error-handler.ts";
import { createGuards } from "../http/guard.ts";
import { triageRoutes } from "./routes.ts";
import { createTriageService } from "./service.ts";

// The route alone on a bare Fastify instance, as app.ts will register it.
let testDatabase: TestDatabase;
let app: FastifyInstance;
let tokens: Record<"user" | "moderator", string>;
let ticketId: string;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  const { db } = testDatabase.database;
  const config = testConfig(testDatabase.dataDir);
  const issuer = createTokenIssuer("a-test-secret-that-is-long-enough-for-jwt", 3600);
  const [user, moderator] = await db
    .insert(users)
    .values([
      { email: "user@example.com", passwordHash: "-", role: "user" },
      { email: "mod@example.com", passwordHash: "-", role: "moderator" },
    ])
    .returning();
  if (!user || !moderator) throw new Error("no users");
  tokens = { user: await issueToken(issuer, user), moderator: await issueToken(issuer, moderator) };
  const [ticket] = await db
    .insert(tickets)
    .values({ title: "VPN drops", description: "The VPN drops every hour.", createdBy: user.id })
    .returning();
  ticketId = ticket?.id as string;

  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  const ctx = {
    config,
    database: testDatabase.database,
    tokens: issuer,
    guards: createGuards(db, issuer),
    triage: createTriageService({ config, db }),
  } as unknown as AppContext;
  await app.register(triageRoutes(ctx));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await testDatabase.close();
});

const retriage = (token: string, id = ticketId) =>
  app.inject({
    method: "POST",
    url: `/api/tickets/${id}/retriage`,
    headers: { authorization: `Bearer ${token}` },
  });

describe("POST /api/tickets/:id/retriage", () => {
  it("a moderator gets the ticket back with a fresh triage", async () => {
    const reply = await retriage(tokens.moderator);
    expect(reply.statusCode).toBe(200);
    const { ticket } = reply.json();
    expect(ticket._id).toBe(ticketId);
    expect(ticket.triage.engine).toBe("builtin");
    expect(ticket.priority).toBeTruthy();
  });

  it("a user may not retriage", async () => {
    expect((await retriage(tokens.user)).statusCode).toBe(403);
  });

  it("an unknown ticket is not found", async () => {
    expect((await retriage(tokens.moderator, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
  });
});
