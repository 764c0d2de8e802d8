import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { createOrResetAdmin, ensureAdminAtStart } from "../src/auth/service.ts";
import { ConfigError } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import { freePort } from "./free-port.ts";
import { createTestDatabase, type TestDatabase, testConfig } from "./harness.ts";
import { spawnProcess } from "./spawn-process.ts";

/** Who runs a new installation: the first account, or the admin named at start (ADMIN_EMAIL, create-admin). */

const open: { app: FastifyInstance; database: TestDatabase }[] = [];
afterAll(async () => {
  for (const { app, database } of open) {
    await app.close();
    await database.close();
  }
});

/** An installation with no account at all (the usual harness signs its admin up first). */
async function emptyInstallation() {
  const database = await createTestDatabase();
  const app = await buildApp({
    config: testConfig(database.dataDir),
    database: database.database,
    logger: false,
    worker: false,
  });
  await app.ready();
  open.push({ app, database });
  return { app, db: database.database.db };
}

const signup = (app: FastifyInstance, email: string, password = "a-good-password") =>
  app.inject({ method: "POST", url: "/api/auth/signup", payload: { email, password } });

describe("the first account", () => {
  it("of an empty installation becomes admin even when several sign up at the same moment", async () => {
    const { app } = await emptyInstallation();
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signup(app, `racer-${i}@example.com`)),
    );
    expect(replies.map((reply) => reply.statusCode)).toEqual(Array(6).fill(201));
    const roles = replies.map((reply) => reply.json().user.role).sort();
    expect(roles).toEqual(["admin", "user", "user", "user", "user", "user"]);
  });
});

describe("the set-up screen's question", () => {
  it("says a new installation needs its administrator until the first account is made", async () => {
    const { app } = await emptyInstallation();
    const status = () => app.inject({ method: "GET", url: "/api/auth/setup" });
    expect((await status()).json()).toEqual({ needsSetup: true });

    const first = await signup(app, "founder@example.com");
    expect(first.json().user.role).toBe("admin");
    expect((await status()).json()).toEqual({ needsSetup: false });

    const second = await signup(app, "second@example.com");
    expect(second.json().user.role).toBe("user");
    expect((await status()).json()).toEqual({ needsSetup: false });
  });
});

describe("ADMIN_EMAIL at start", () => {
  let app: FastifyInstance;
  let db: Awaited<ReturnType<typeof emptyInstallation>>["db"];
  beforeAll(async () => {
    ({ app, db } = await emptyInstallation());
  });

  it("creates the admin, and the first account signed up after it is a user", async () => {
    const { created } = await ensureAdminAtStart(db, "Root@Example.com", "root-password");
    expect(created).toBe(true);
    expect((await signup(app, "first@example.com")).json().user.role).toBe("user");
    const login = await signIn(app, "root@example.com", "root-password");
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ email: "root@example.com", role: "admin" });
  });

  it("promotes an existing account whose password is ADMIN_PASSWORD, and changes nothing else", async () => {
    const later = await signup(app, "later@example.com", "later-password");
    const { created } = await ensureAdminAtStart(db, "LATER@example.com", "later-password");
    expect(created).toBe(false);
    expect((await me(app, later.json().token)).json().user.role).toBe("admin");
    expect((await signIn(app, "later@example.com", "later-password")).statusCode).toBe(200);
    // Every restart with the same settings finds it so and leaves it so.
    await ensureAdminAtStart(db, "later@example.com", "later-password");
    expect((await me(app, later.json().token)).statusCode).toBe(200);
  });

  it("refuses, in one line, to promote an account someone signed up with the email first", async () => {
    const squatter = await signup(app, "boss@corp.example", "squatters-password");
    const refusal = await ensureAdminAtStart(db, "boss@corp.example", "operators-password").catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ConfigError);
    const { problems } = refusal as ConfigError;
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain("\n");
    expect(problems[0]).toMatch(
      /^ADMIN_EMAIL: the account boss@corp\.example exists and ADMIN_PASSWORD is not its password, so it was not made admin; .*create-admin --email boss@corp\.example/,
    );
    // The squatter stays a user, with their session, and the operator's password opens nothing.
    expect((await me(app, squatter.json().token)).json().user.role).toBe("user");
    const squatterLogin = await signIn(app, "boss@corp.example", "squatters-password");
    expect(squatterLogin.json().user.role).toBe("user");
    expect((await signIn(app, "boss@corp.example", "operators-password")).statusCode).toBe(401);
  });

  it("refuses too when the account is an admin already with another password", async () => {
    await ensureAdminAtStart(db, "owner@example.com", "first-password");
    await expect(ensureAdminAtStart(db, "owner@example.com", "other-password")).rejects.toThrow(
      /owner@example\.com exists and ADMIN_PASSWORD is not its password, so it stays as it was/,
    );
    expect((await signIn(app, "owner@example.com", "first-password")).statusCode).toBe(200);
  });
});

describe("the create-admin command", () => {
  let app: FastifyInstance;
  let db: Awaited<ReturnType<typeof emptyInstallation>>["db"];
  beforeAll(async () => {
    ({ app, db } = await emptyInstallation());
  });

  it("creates an admin", async () => {
    const { created } = await createOrResetAdmin(db, "made@example.com", "made-password");
    expect(created).toBe(true);
    expect((await signIn(app, "made@example.com", "made-password")).json().user.role).toBe("admin");
  });

  it("takes a squatted account over: the new password signs in as admin, the old one and its sessions end", async () => {
    const squatter = await signup(app, "boss@example.com", "old-password");
    const { created } = await createOrResetAdmin(db, "boss@example.com", "new-password");
    expect(created).toBe(false);
    expect((await me(app, squatter.json().token)).statusCode).toBe(401);
    expect((await signIn(app, "boss@example.com", "old-password")).statusCode).toBe(401);
    const operator = await signIn(app, "boss@example.com", "new-password");
    expect(operator.statusCode).toBe(200);
    expect(operator.json().user.role).toBe("admin");
  });

  it("enables the account it takes over, so an operator can always get back in", async () => {
    const admin = (await signIn(app, "made@example.com", "made-password")).json().token;
    const locked = (await signup(app, "locked@example.com", "locked-password")).json();
    const disabled = await app.inject({
      method: "POST",
      url: `/api/users/${locked.user._id}/disable`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(disabled.statusCode).toBe(200);
    await createOrResetAdmin(db, "locked@example.com", "fresh-password");
    const login = await signIn(app, "locked@example.com", "fresh-password");
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ role: "admin", disabledAt: null });
  });
});

describe("serve with ADMIN_EMAIL of an account that is not the operator's", () => {
  const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");

  it("exits with one line that says why and what to do, before it listens", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-squat-"));
    try {
      const database = await openDatabase({ dataDir });
      await database.migrate();
      const squatted = await buildApp({
        config: testConfig(dataDir),
        database,
        logger: false,
        worker: false,
      });
      await squatted.ready();
      await signup(squatted, "first@corp.example");
      await signup(squatted, "boss@corp.example", "squatters-password");
      await squatted.close();
      await database.close();

      const server = spawnProcess(process.execPath, ["--import", "tsx", "apps/server/src/main.ts", "serve"], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: "test",
          LOG_LEVEL: "warn",
          DATABASE_URL: "",
          DATA_DIR: dataDir,
          PORT: String(await freePort()),
          ADMIN_EMAIL: "boss@corp.example",
          ADMIN_PASSWORD: "operators-password",
        },
      });
      expect(await server.exited).toBe(1);
      const lines = server.output().trim().split("\n");
      expect(lines).toEqual([
        "Invalid configuration:",
        expect.stringMatching(/^ {2}- ADMIN_EMAIL: the account boss@corp\.example exists and ADMIN_PASSWORD/),
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

function signIn(app: FastifyInstance, email: string, password: string) {
  return app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
}

function me(app: FastifyInstance, token: string) {
  return app.inject({ method: "GET", url: "/api/auth/me", headers: { authorization: `Bearer ${token}` } });
}
