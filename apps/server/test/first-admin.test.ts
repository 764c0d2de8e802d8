import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { ensureAdmin } from "../src/auth/service.ts";
import { createTestDatabase, type TestDatabase, testConfig } from "./harness.ts";

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

describe("ensuring an admin exists (ADMIN_EMAIL at start, the create-admin command)", () => {
  let app: FastifyInstance;
  let db: Awaited<ReturnType<typeof emptyInstallation>>["db"];
  beforeAll(async () => {
    ({ app, db } = await emptyInstallation());
  });

  it("makes the first account a user when ADMIN_EMAIL already made an admin", async () => {
    const { created } = await ensureAdmin(db, "Root@Example.com", "root-password", { resetPassword: false });
    expect(created).toBe(true);
    expect((await signup(app, "first@example.com")).json().user.role).toBe("user");
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "root@example.com", password: "root-password" },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ email: "root@example.com", role: "admin" });
  });

  it("promotes an existing account and keeps its password unless asked to reset it", async () => {
    const later = await signup(app, "later@example.com", "later-password");
    const { created } = await ensureAdmin(db, "LATER@example.com", "ignored-password", {
      resetPassword: false,
    });
    expect(created).toBe(false);
    const me = await app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { authorization: `Bearer ${later.json().token}` },
    });
    expect(me.json().user.role).toBe("admin");
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "later@example.com", password: "later-password" },
    });
    expect(login.statusCode).toBe(200);
  });

  it("create-admin's password reset ends the account's existing sessions", async () => {
    const first = await signup(app, "boss@example.com", "old-password");
    await ensureAdmin(db, "boss@example.com", "new-password", { resetPassword: true });
    const me = await app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { authorization: `Bearer ${first.json().token}` },
    });
    expect(me.statusCode).toBe(401);
    const oldLogin = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "boss@example.com", password: "old-password" },
    });
    expect(oldLogin.statusCode).toBe(401);
    const newLogin = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "boss@example.com", password: "new-password" },
    });
    expect(newLogin.statusCode).toBe(200);
  });
});
