import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Role, Ticket, User } from "@helpdesk/contracts";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { inject } from "vitest";
import { type AppOptions, buildApp } from "../src/app.ts";
import { type Config, loadConfig } from "../src/config.ts";
import { type DatabaseHandle, openDatabase } from "../src/db/client.ts";
import { PGLITE_EXTENSIONS } from "../src/db/pglite-extensions.ts";
import { createTriageService } from "../src/triage/service.ts";
import { updateUserByEmail } from "../src/users/service.ts";
import { cloneDatabase } from "./postgres.ts";

export type TestDatabase = { database: DatabaseHandle; dataDir: string; close(): Promise<void> };

/** A migrated, empty database of the kind this test project runs on (HELPDESK_TEST_DB). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!inject("pgliteDump"))
    throw new Error(
      "this test uses the database (test/harness.ts) but the global setup did not run: it belongs in " +
        "the pglite/postgres projects, not in `unit` (vitest.config.ts sorts files when it loads; restart a watcher).",
    );
  const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-data-"));
  if (process.env.HELPDESK_TEST_DB === "postgres") {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("HELPDESK_TEST_DB=postgres needs DATABASE_URL");
    const clone = await cloneDatabase(url, inject("postgresTemplate"));
    const database = await openDatabase({ databaseUrl: clone.url, dataDir, poolSize: 5 });
    return {
      database,
      dataDir,
      async close() {
        await database.close();
        await clone.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const dump = new Blob([readFileSync(inject("pgliteDump"))]);
  const pglite = await PGlite.create({ loadDataDir: dump, extensions: PGLITE_EXTENSIONS });
  const database = await openDatabase({ dataDir, pglite });
  return {
    database,
    dataDir,
    async close() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString("hex"),
    AUTH_RATE_LIMIT: "10000",
    WRITE_RATE_LIMIT: "100000",
    LOG_LEVEL: "silent",
    ...env,
  });
}

export type Session = { user: User; token: string; email: string; password: string };

export type TestApp = {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  /** The installation's first account, an admin, made before any test runs. */
  admin: Session;
  /** Signs up through the API, then (as the admin would) gives the account its role. */
  signUp(role?: Role, extra?: { skills?: string[] }): Promise<Session>;
  /** A request as this session (or anonymous); JSON bodies are sent as JSON. */
  request(session: Session | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Files a ticket through the API as this session; throws unless it was created. */
  fileTicket(session: Session, title: string, description?: string): Promise<Ticket>;
  /** Serves the app on a free loopback port, for clients that need a real socket; its base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
};

let counter = 0;

/**
 * Background jobs are sent but not worked unless `worker` is set, so a test of the API sees only
 * what its own requests did; pipeline tests turn the worker on (and may bring their own triage).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: Pick<AppOptions, "worker" | "triage"> & {
    /** How often triage re-reads the vocabulary and history (default 2 s): 0 reads them for every ticket. */
    triageRefreshMs?: number;
  } = {},
): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  const config = testConfig(testDatabase.dataDir, env);
  const triage =
    options.triage ??
    (options.triageRefreshMs === undefined
      ? undefined
      : createTriageService({
          config,
          db: testDatabase.database.db,
          catchUpIntervalMs: options.triageRefreshMs,
        }));
  const app = await buildApp({
    config,
    database: testDatabase.database,
    logger: false,
    worker: options.worker ?? false,
    triage,
  });
  await app.ready();

  const request: TestApp["request"] = (session, options) =>
    app.inject({
      ...options,
      headers: { ...(session && { authorization: `Bearer ${session.token}` }), ...options.headers },
    });

  const register = async (email: string, password: string, skills?: string[]): Promise<Session> => {
    const reply = await request(null, {
      method: "POST",
      url: "/api/auth/signup",
      payload: { email, password, skills },
    });
    if (reply.statusCode !== 201) throw new Error(`signup failed: ${reply.statusCode} ${reply.body}`);
    const { user, token } = reply.json();
    return { user, token, email, password };
  };

  const admin = await register(`admin-${++counter}@example.com`, "admin-password");
  return {
    app,
    database: testDatabase.database,
    config,
    admin,
    async signUp(role = "user", extra = {}) {
      const session = await register(
        `${role}-${++counter}-${randomBytes(3).toString("hex")}@example.com`,
        "a-good-password",
        extra.skills,
      );
      if (role !== "user") {
        await updateUserByEmail(testDatabase.database.db, session.email, { role }, app.jobs);
        session.user = { ...session.user, role };
      }
      return session;
    },
    request,
    async listen() {
      await app.listen({ port: 0, host: "127.0.0.1" });
      const address = app.server.address();
      if (!address || typeof address === "string") throw new Error("the test app has no port");
      return `http://127.0.0.1:${address.port}`;
    },
    async fileTicket(session, title, description = "Details.") {
      const reply = await request(session, {
        method: "POST",
        url: "/api/tickets",
        payload: { title, description },
      });
      if (reply.statusCode !== 201)
        throw new Error(`filing a ticket failed: ${reply.statusCode} ${reply.body}`);
      return reply.json().ticket;
    },
    async close() {
      await app.close();
      await testDatabase.close();
    },
  };
}
